package io.callqueue.adapter.sip.signalling;

import io.callqueue.api.RingFailure;

/** Maps a final SIP failure status of an outbound INVITE to the engine's {@link RingFailure}. */
final class RingFailures {
  private RingFailures() {}

  static RingFailure forStatus(int status) {
    return switch (status) {
      case 486, 600 -> RingFailure.BUSY;
      case 603 -> RingFailure.REJECTED;
      case 408, 480, 487 -> RingFailure.NO_ANSWER;
      default -> RingFailure.UNREACHABLE; // 404, 5xx, 604, other 4xx/6xx
    };
  }
}
