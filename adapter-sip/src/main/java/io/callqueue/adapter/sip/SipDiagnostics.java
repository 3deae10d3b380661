package io.callqueue.adapter.sip;

import io.callqueue.adapter.sip.media.MediaEngine;
import io.callqueue.adapter.sip.signalling.LegCounts;
import io.callqueue.adapter.sip.signalling.SipServer;
import io.callqueue.api.CallQueue;
import io.callqueue.api.EngineSnapshot;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What a running {@link SipCallQueue} holds right now, layer by layer: a read-only diagnostics
 * value for health checks, status pages and leak tests. Once every call has ended, every count is
 * zero ({@link #isIdle()}); a count that stays above zero then is a leaked leg, port or call.
 *
 * @param inboundLegs SIP legs of incoming calls (signalling)
 * @param outboundLegs SIP legs the server dialled to agents or customers (signalling)
 * @param mediaSessions open media sessions
 * @param rtpPorts RTP ports of the media range bound now
 * @param callerCalls callers the SIP binding knows (answered, in the IVR, queued or talking)
 * @param agentLegs agent legs the SIP binding knows (ringing or talking)
 * @param engineWaiting callers waiting in the engine's queues
 * @param engineAgentsOnCall agents the engine has ringing for a caller or talking to one
 */
public record SipDiagnostics(int inboundLegs, int outboundLegs, int mediaSessions, int rtpPorts,
    int callerCalls, int agentLegs, int engineWaiting, int engineAgentsOnCall) {

  /** Whether the server holds no call at all, in any layer. */
  public boolean isIdle() {
    return inboundLegs + outboundLegs + mediaSessions + rtpPorts + callerCalls + agentLegs
        + engineWaiting + engineAgentsOnCall == 0;
  }

  /**
   * Collects the counts of each layer; the signalling and engine counts are taken on their own
   * threads, so the stage completes once both have answered. Any part may be missing (not started
   * yet, or stopped): it counts as zero.
   */
  static CompletionStage<SipDiagnostics> collect(SipServer sip, MediaEngine media,
      CallQueue engine, int callerCalls, int agentLegs) {
    CompletionStage<LegCounts> legs =
        sip == null ? CompletableFuture.completedFuture(LegCounts.NONE) : sip.legCounts();
    CompletionStage<EngineSnapshot> snapshot =
        engine == null ? CompletableFuture.completedFuture(null) : engine.snapshot();
    int sessions = media.sessionCount();
    int ports = media.portsInUse();
    return legs.thenCombine(snapshot, (l, s) -> new SipDiagnostics(l.inbound(), l.outbound(),
        sessions, ports, callerCalls, agentLegs, waiting(s), agentsOnCall(s)));
  }

  private static int waiting(EngineSnapshot snapshot) {
    if (snapshot == null) {
      return 0;
    }
    return snapshot.queues().values().stream().mapToInt(q -> q.waiting().size()).sum();
  }

  private static int agentsOnCall(EngineSnapshot snapshot) {
    if (snapshot == null) {
      return 0;
    }
    return (int) snapshot.agents().values().stream().filter(a -> a.call() != null).count();
  }
}
