package io.callqueue.core.estimate;

import java.time.Duration;

/** Conversions between durations and seconds as doubles. */
final class Seconds {
  /** The longest estimate returned (about 31 years); larger values are capped. */
  static final double MAX = 1e9;

  private Seconds() {}

  static double of(Duration d) {
    return d.getSeconds() + d.getNano() / 1e9;
  }

  /** Rounds to whole milliseconds; negative or NaN becomes zero, huge values are capped. */
  static Duration toDuration(double seconds) {
    if (!(seconds > 0)) {
      return Duration.ZERO;
    }
    return Duration.ofMillis(Math.round(Math.min(seconds, MAX) * 1000));
  }
}
