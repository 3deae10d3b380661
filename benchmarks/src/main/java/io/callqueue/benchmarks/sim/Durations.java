package io.callqueue.benchmarks.sim;

import java.time.Duration;
import java.util.Locale;

/**
 * Durations as the command line writes them: a number with a unit {@code ms}, {@code s},
 * {@code m} or {@code h} ({@code 180s}, {@code 1.5h}, {@code 500ms}); a bare number is seconds.
 */
final class Durations {
  private Durations() {}

  /** Seconds in {@code text}; throws {@link UsageException} naming {@code what} when malformed. */
  static double seconds(String what, String text) {
    String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    double scale = 1;
    String number = t;
    if (t.endsWith("ms")) {
      scale = 0.001;
      number = t.substring(0, t.length() - 2);
    } else if (t.endsWith("s")) {
      number = t.substring(0, t.length() - 1);
    } else if (t.endsWith("m")) {
      scale = 60;
      number = t.substring(0, t.length() - 1);
    } else if (t.endsWith("h")) {
      scale = 3600;
      number = t.substring(0, t.length() - 1);
    }
    double v;
    try {
      v = Double.parseDouble(number);
    } catch (NumberFormatException e) {
      throw new UsageException(what + ": expected a duration like 180s, 3m, 1.5h or 500ms, was '"
          + text + "'");
    }
    if (!Double.isFinite(v) || v < 0) {
      throw new UsageException(what + ": a duration must be finite and >= 0, was '" + text + "'");
    }
    return v * scale;
  }

  /** The duration in {@code text}, rounded to whole milliseconds. */
  static Duration parse(String what, String text) {
    return ofSeconds(seconds(what, text));
  }

  /** Seconds rounded to whole milliseconds. */
  static Duration ofSeconds(double seconds) {
    return Duration.ofMillis(Math.round(seconds * 1000));
  }

  /** Writes a duration back the way the command line reads it. */
  static String format(Duration d) {
    long ms = d.toMillis();
    if (ms % 3_600_000 == 0 && ms != 0) {
      return ms / 3_600_000 + "h";
    }
    if (ms % 60_000 == 0 && ms != 0) {
      return ms / 60_000 + "m";
    }
    if (ms % 1000 == 0) {
      return ms / 1000 + "s";
    }
    return ms + "ms";
  }

  /** Writes seconds back compactly ({@code 180s}, {@code 2.5s}). */
  static String formatSeconds(double seconds) {
    if (seconds == Math.rint(seconds) && Math.abs(seconds) < 1e15) {
      return (long) seconds + "s";
    }
    return seconds + "s";
  }
}
