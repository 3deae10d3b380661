package io.callqueue.core.announce;

import java.time.Duration;
import java.util.Objects;

/**
 * An estimated wait as it is said to a caller (capability 13), rounded so that it is honest without
 * sounding precise; the engine can log it next to the raw estimate.
 *
 * <p>The rule of {@link #of(Duration)}, for a remaining wait {@code w}:
 * <ul>
 *   <li>{@code w < 1 min}, a negative {@code w} included: "less than a minute";
 *   <li>{@code 1 min <= w <= 10 min}: "about N minutes", N the nearest whole minute, halves up
 *       (89 s is about 1 minute, 90 s about 2);
 *   <li>{@code 10 min < w <= 60 min}: "about N minutes", N the nearest multiple of 5, halves up
 *       (12 min 29 s is about 10 minutes, 12 min 30 s about 15);
 *   <li>{@code w > 60 min}: "more than an hour" — beyond an hour an estimate is too uncertain to
 *       give a number.
 * </ul>
 * The wording never decreases when the estimate grows (a longer wait is never said shorter), and
 * "about" is always 1..60 minutes.
 *
 * @param kind which of the three phrasings
 * @param minutes the minutes said after "about": 1..60 for {@link Kind#ABOUT_MINUTES}, else 0
 */
public record EstimateWording(Kind kind, int minutes) {
  private static final long MINUTE_MS = 60_000;
  private static final Duration TEN_MINUTES = Duration.ofMinutes(10);
  private static final Duration ONE_HOUR = Duration.ofHours(1);

  /** The phrasing of an estimate. */
  public enum Kind {
    /** "less than a minute". */
    LESS_THAN_A_MINUTE,
    /** "about N minutes". */
    ABOUT_MINUTES,
    /** "more than an hour". */
    MORE_THAN_AN_HOUR
  }

  /** "less than a minute". */
  public static final EstimateWording LESS_THAN_A_MINUTE =
      new EstimateWording(Kind.LESS_THAN_A_MINUTE, 0);
  /** "more than an hour". */
  public static final EstimateWording MORE_THAN_AN_HOUR =
      new EstimateWording(Kind.MORE_THAN_AN_HOUR, 0);

  public EstimateWording {
    Objects.requireNonNull(kind, "kind");
    if (kind == Kind.ABOUT_MINUTES ? minutes < 1 || minutes > 60 : minutes != 0) {
      throw new IllegalArgumentException(
          "an estimate of kind " + kind + " cannot say " + minutes + " minutes");
    }
  }

  /** "about N minutes", N 1..60. */
  public static EstimateWording aboutMinutes(int minutes) {
    return new EstimateWording(Kind.ABOUT_MINUTES, minutes);
  }

  /** The wording of a remaining wait by the rule in the class note. */
  public static EstimateWording of(Duration estimate) {
    Objects.requireNonNull(estimate, "estimate");
    if (estimate.compareTo(ONE_HOUR) > 0) {
      return MORE_THAN_AN_HOUR;
    }
    if (estimate.isNegative() || estimate.toMillis() < MINUTE_MS) {
      return LESS_THAN_A_MINUTE;
    }
    long ms = estimate.toMillis();
    if (estimate.compareTo(TEN_MINUTES) <= 0) {
      return aboutMinutes((int) ((ms + MINUTE_MS / 2) / MINUTE_MS));
    }
    long fives = (ms + 5 * MINUTE_MS / 2) / (5 * MINUTE_MS);
    return aboutMinutes((int) fives * 5);
  }

  /** The wording in English, for logs: "about 5 minutes". */
  public String describe() {
    return switch (kind) {
      case LESS_THAN_A_MINUTE -> "less than a minute";
      case ABOUT_MINUTES -> "about " + minutes + (minutes == 1 ? " minute" : " minutes");
      case MORE_THAN_AN_HOUR -> "more than an hour";
    };
  }
}
