package io.callqueue.adapter.sip.signalling;

import io.callqueue.api.AgentEndpoint;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * One outbound INVITE (one agent's phone) and, once answered, its dialog. Methods may be called
 * from any thread; stages complete on the server's callback thread.
 */
public interface OutboundCall {

  /** The SIP Call-ID of this leg. */
  String callId();

  /** Who is being rung. */
  AgentEndpoint target();

  /** Completes once: answered, failed (with a {@link io.callqueue.api.RingFailure}), cancelled. */
  CompletionStage<DialResult> result();

  /** The far end's SDP answer, empty until answered. */
  String remoteSdp();

  /**
   * Stops the leg: CANCEL while ringing (the result becomes {@link DialResult.Cancelled}), BYE once
   * answered. A 200 OK that crosses the CANCEL is acknowledged and hung up at once.
   */
  void hangUp();

  /**
   * Receives the keys the far end sends in SIP INFO ({@code application/dtmf-relay}) once the leg
   * is answered, on the server's callback thread; RFC 4733 keys arrive through the media session.
   */
  void onKey(Consumer<Character> listener);

  /** Completes once when the leg is over, with the reason. */
  CompletionStage<CallEnd> ended();
}
