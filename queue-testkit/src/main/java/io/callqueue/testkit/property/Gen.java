package io.callqueue.testkit.property;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * A seeded generator with the few helpers stateful properties need: ints in a range, chances,
 * one of several values (uniform or {@linkplain Choices weighted}), durations. It is a
 * {@link RandomGenerator}, so it can be handed to anything that takes one. Two generators made
 * with the same seed produce the same values in the same order.
 */
public final class Gen implements RandomGenerator {
  private final SplittableRandom random;

  /** A generator whose values are fixed by {@code seed}. */
  public Gen(long seed) {
    this.random = new SplittableRandom(seed);
  }

  @Override
  public long nextLong() {
    return random.nextLong();
  }

  /** A uniform int in {@code [min, max]}, both inclusive. */
  public int intIn(int min, int max) {
    if (min > max) {
      throw new IllegalArgumentException("empty range [" + min + ", " + max + "]");
    }
    return (int) longIn(min, max);
  }

  /** A uniform long in {@code [min, max]}, both inclusive. */
  public long longIn(long min, long max) {
    if (min > max) {
      throw new IllegalArgumentException("empty range [" + min + ", " + max + "]");
    }
    if (max == Long.MAX_VALUE) {
      return min == Long.MIN_VALUE ? nextLong() : random.nextLong(min - 1, max) + 1;
    }
    return random.nextLong(min, max + 1);
  }

  /** True with probability {@code p} (0 never, 1 always). */
  public boolean chance(double p) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException("a probability must be in [0, 1], was " + p);
    }
    return p == 1 || random.nextDouble() < p;
  }

  /** One of the values, uniformly. */
  public <T> T oneOf(List<T> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("cannot pick one of no values");
    }
    return values.get(random.nextInt(values.size()));
  }

  /** One of the values, uniformly. */
  @SafeVarargs
  public final <T> T oneOf(T... values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("cannot pick one of no values");
    }
    return values[random.nextInt(values.length)];
  }

  /** One of the weighted choices. */
  public <T> T pick(Choices<T> choices) {
    return choices.pick(this);
  }

  /** A uniform duration in {@code [min, max]}, in whole milliseconds. */
  public Duration durationIn(Duration min, Duration max) {
    if (min.compareTo(max) > 0) {
      throw new IllegalArgumentException("empty range [" + min + ", " + max + "]");
    }
    return Duration.ofMillis(longIn(min.toMillis(), max.toMillis()));
  }

  /** A uniform duration of whole seconds in {@code [minSeconds, maxSeconds]}. */
  public Duration secondsIn(int minSeconds, int maxSeconds) {
    return Duration.ofSeconds(intIn(minSeconds, maxSeconds));
  }

  /**
   * An exponentially distributed duration with this mean, in whole milliseconds: the gap between
   * events of a Poisson process (call arrivals, say).
   */
  public Duration exponential(Duration mean) {
    if (mean.isNegative()) {
      throw new IllegalArgumentException("a mean must not be negative, was " + mean);
    }
    double u = 1.0 - random.nextDouble(); // (0, 1]
    return Duration.ofMillis(Math.round(-Math.log(u) * mean.toMillis()));
  }

  /** The values in a random order (Fisher-Yates); the input is not changed. */
  public <T> List<T> shuffled(List<T> values) {
    List<T> out = new ArrayList<>(values);
    for (int i = out.size() - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      T t = out.get(i);
      out.set(i, out.get(j));
      out.set(j, t);
    }
    return out;
  }
}
