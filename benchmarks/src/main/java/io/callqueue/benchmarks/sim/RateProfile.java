package io.callqueue.benchmarks.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The arrival rate over time: constant, or piecewise constant over a day that then repeats
 * (command line: {@code 0-4h:120,4h-8h:240} — from 0 to 4 h 120 calls an hour, then 240 until 8
 * h, then from the start again). Arrivals form a (non-homogeneous) Poisson process.
 *
 * <p>Design: the next arrival inverts the cumulative rate: one unit exponential is spent across
 * the segments (exact for piecewise-constant rates, one draw per arrival, O(segments crossed)).
 */
public final class RateProfile {
  /** One segment: from {@code startSeconds} to {@code endSeconds}, this many calls an hour. */
  public record Segment(double startSeconds, double endSeconds, double perHour) {
    public Segment {
      if (!(endSeconds > startSeconds) || !(startSeconds >= 0) || !(perHour >= 0)
          || !Double.isFinite(endSeconds) || !Double.isFinite(perHour)) {
        throw new IllegalArgumentException("segment needs 0 <= start < end and rate >= 0, was "
            + startSeconds + "-" + endSeconds + ":" + perHour);
      }
    }
  }

  private final List<Segment> segments;
  private final double period;
  private final double constantPerHour;

  private RateProfile(List<Segment> segments, double constantPerHour) {
    this.segments = List.copyOf(segments);
    this.period = segments.isEmpty() ? Double.POSITIVE_INFINITY
        : segments.get(segments.size() - 1).endSeconds();
    this.constantPerHour = constantPerHour;
  }

  /** This many calls an hour, always. */
  public static RateProfile constant(double perHour) {
    if (!(perHour > 0) || !Double.isFinite(perHour)) {
      throw new IllegalArgumentException("arrival rate must be > 0, was " + perHour);
    }
    return new RateProfile(List.of(), perHour);
  }

  /**
   * Segments that start at 0, follow each other without gaps, and have a positive rate somewhere;
   * the profile repeats after the last.
   */
  public static RateProfile piecewise(List<Segment> segments) {
    if (segments.isEmpty()) {
      throw new IllegalArgumentException("a rate profile needs at least one segment");
    }
    double at = 0;
    boolean positive = false;
    for (Segment s : segments) {
      if (s.startSeconds() != at) {
        throw new IllegalArgumentException("rate profile segments must start at 0 and follow"
            + " each other without gaps; a segment starts at " + s.startSeconds() + "s, expected "
            + at + "s");
      }
      at = s.endSeconds();
      positive |= s.perHour() > 0;
    }
    if (!positive) {
      throw new IllegalArgumentException("a rate profile needs a positive rate somewhere");
    }
    return new RateProfile(segments, Double.NaN);
  }

  /** Parses {@code START-END:RATE,...} (durations as {@code 4h}, {@code 90m}, {@code 0}). */
  public static RateProfile parse(String what, String text) {
    List<Segment> segments = new ArrayList<>();
    if (text == null || text.isBlank()) {
      throw new UsageException(what + ": expected START-END:RATE,... e.g. 0-4h:120,4h-8h:240");
    }
    for (String part : text.split(",")) {
      String p = part.trim();
      int colon = p.lastIndexOf(':');
      int dash = p.indexOf('-');
      if (colon < 0 || dash < 0 || dash > colon) {
        throw new UsageException(what + ": segment '" + p + "' is not START-END:RATE (e.g."
            + " 0-4h:120)");
      }
      double start = Durations.seconds(what, p.substring(0, dash));
      double end = Durations.seconds(what, p.substring(dash + 1, colon));
      double rate;
      try {
        rate = Double.parseDouble(p.substring(colon + 1).trim());
      } catch (NumberFormatException e) {
        throw new UsageException(what + ": segment '" + p + "' has a bad rate (calls an hour)");
      }
      try {
        segments.add(new Segment(start, end, rate));
      } catch (IllegalArgumentException e) {
        throw new UsageException(what + ": segment '" + p + "': " + e.getMessage());
      }
    }
    try {
      return piecewise(segments);
    } catch (IllegalArgumentException e) {
      throw new UsageException(what + ": " + e.getMessage());
    }
  }

  /** Whether the rate never changes. */
  public boolean isConstant() {
    return segments.isEmpty();
  }

  /** The segments (empty for a constant rate). */
  public List<Segment> segments() {
    return segments;
  }

  /** The average rate over one period, calls an hour. */
  public double meanPerHour() {
    if (isConstant()) {
      return constantPerHour;
    }
    double calls = 0;
    for (Segment s : segments) {
      calls += s.perHour() * (s.endSeconds() - s.startSeconds());
    }
    return calls / period;
  }

  /** The rate at {@code t} seconds from the start, calls an hour. */
  public double perHourAt(double t) {
    if (isConstant()) {
      return constantPerHour;
    }
    double u = t % period;
    for (Segment s : segments) {
      if (u < s.endSeconds()) {
        return s.perHour();
      }
    }
    return segments.get(segments.size() - 1).perHour();
  }

  /** The time of the arrival after one at {@code t} seconds, drawn from {@code random}. */
  public double next(double t, RandomGenerator random) {
    double work = random.nextExponential();
    if (isConstant()) {
      return t + work * 3600 / constantPerHour;
    }
    double now = t;
    while (true) {
      double cycleStart = Math.floor(now / period) * period;
      double u = now - cycleStart;
      Segment seg = segments.get(segments.size() - 1);
      for (Segment s : segments) {
        if (u < s.endSeconds()) {
          seg = s;
          break;
        }
      }
      double rate = seg.perHour() / 3600;
      double end = cycleStart + seg.endSeconds();
      if (end <= now) { // rounding at a boundary: step into the next segment
        end = Math.nextUp(now);
      }
      if (rate > 0 && now + work / rate <= end) {
        return now + work / rate;
      }
      work -= rate * (end - now);
      now = end;
    }
  }

  @Override
  public String toString() {
    if (isConstant()) {
      return constantPerHour + "/h";
    }
    StringBuilder b = new StringBuilder();
    for (Segment s : segments) {
      if (b.length() > 0) {
        b.append(',');
      }
      b.append(Durations.formatSeconds(s.startSeconds())).append('-')
          .append(Durations.formatSeconds(s.endSeconds())).append(':').append(s.perHour());
    }
    return b.toString();
  }
}
