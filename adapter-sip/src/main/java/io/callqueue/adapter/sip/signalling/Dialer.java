package io.callqueue.adapter.sip.signalling;

import io.callqueue.api.AgentEndpoint;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Rings agents: the UAC side of the B2BUA. A {@link AgentEndpoint.SipAccount} is rung at its most
 * recently registered contact; an {@link AgentEndpoint.ExternalNumber} through the configured
 * gateway, whose digest challenge is answered once with {@link SipConfig#gatewayCredentials()}
 * (a second challenge is UNREACHABLE). Failures map to {@link io.callqueue.api.RingFailure}: 486/600 BUSY, 603 REJECTED,
 * 408/480/487 and the ring timeout NO_ANSWER, everything else (404, 5xx, other 4xx/6xx, no
 * response, not registered, transport error) UNREACHABLE.
 */
public interface Dialer {

  /**
   * Sends an INVITE and returns at once.
   *
   * @param target the agent's phone
   * @param callerId the From user shown to the agent (e.g. the caller's number)
   * @param sdpOffer our SDP offer
   * @param ringTimeout after this the ring is cancelled and fails with NO_ANSWER
   */
  OutboundCall dial(AgentEndpoint target, String callerId, String sdpOffer, Duration ringTimeout);

  /**
   * Ring-all primitive: completes with the first leg that answers and hangs up all the others
   * (CANCEL while ringing, BYE if one answered too late). Completes empty when none answered.
   */
  static CompletionStage<Optional<OutboundCall>> firstToAnswer(List<? extends OutboundCall> calls) {
    CompletableFuture<Optional<OutboundCall>> winner = new CompletableFuture<>();
    if (calls.isEmpty()) {
      winner.complete(Optional.empty());
      return winner;
    }
    AtomicBoolean decided = new AtomicBoolean();
    AtomicInteger pending = new AtomicInteger(calls.size());
    for (OutboundCall call : calls) {
      call.result().whenComplete((result, error) -> {
        if (result instanceof DialResult.Answered) {
          if (decided.compareAndSet(false, true)) {
            calls.stream().filter(other -> other != call).forEach(OutboundCall::hangUp);
            winner.complete(Optional.of(call));
          } else {
            call.hangUp();
          }
        }
        if (pending.decrementAndGet() == 0 && decided.compareAndSet(false, true)) {
          winner.complete(Optional.empty());
        }
      });
    }
    return winner;
  }
}
