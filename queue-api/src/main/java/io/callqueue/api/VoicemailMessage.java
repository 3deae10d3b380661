package io.callqueue.api;

import java.time.Duration;

/**
 * A recorded voicemail, as the adapter reports it.
 *
 * @param reference where the recording is (a file path or URL), adapter-specific
 * @param duration the recording's length
 */
public record VoicemailMessage(String reference, Duration duration) {
  public VoicemailMessage {
    if (reference == null || reference.isBlank() || duration == null || duration.isNegative()) {
      throw new IllegalArgumentException("a voicemail needs a reference and a duration >= 0");
    }
  }
}
