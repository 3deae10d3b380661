package io.callqueue.adapter.sip.signalling;

import io.callqueue.api.RingFailure;
import java.util.Objects;

/** How ringing one outbound leg ended. */
public sealed interface DialResult {

  /** The far end answered (2xx, ACK sent); the leg is up. */
  record Answered(String remoteSdp) implements DialResult {
    public Answered {
      Objects.requireNonNull(remoteSdp, "remoteSdp");
    }
  }

  /**
   * The far end could not be reached or declined.
   *
   * @param failure the engine's classification
   * @param sipStatus the final SIP status received, or 0 when there was none (not registered, no
   *     response, ring timeout, transport error)
   */
  record Failed(RingFailure failure, int sipStatus) implements DialResult {
    public Failed {
      Objects.requireNonNull(failure, "failure");
    }
  }

  /** We hung up before an answer (CANCEL sent). */
  record Cancelled() implements DialResult {}
}
