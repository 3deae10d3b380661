package io.callqueue.testkit.property;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Values with integer weights; {@link #pick} returns each with probability weight / total. Used to
 * choose the next action of a stateful property, e.g. joins more often than logouts:
 *
 * <pre>{@code
 * Choices<Action> actions = Choices.<Action>builder()
 *     .add(5, Action.OFFER).add(3, Action.ADVANCE).add(1, Action.LOGOUT).build();
 * Action next = gen.pick(actions);
 * }</pre>
 *
 * <p>Immutable; a pick costs O(log n).
 */
public final class Choices<T> {
  private final List<T> values;
  private final long[] cumulative;

  private Choices(List<T> values, long[] cumulative) {
    this.values = values;
    this.cumulative = cumulative;
  }

  /** A builder to add weighted values to. */
  public static <T> Builder<T> builder() {
    return new Builder<>();
  }

  /** The choices with equal weights. */
  @SafeVarargs
  public static <T> Choices<T> uniform(T... values) {
    Builder<T> b = builder();
    for (T v : values) {
      b.add(1, v);
    }
    return b.build();
  }

  /** One value, drawn with probability proportional to its weight. */
  public T pick(RandomGenerator random) {
    long total = cumulative[cumulative.length - 1];
    long r = random.nextLong(total);
    int lo = 0;
    int hi = cumulative.length - 1;
    while (lo < hi) { // the first index whose cumulative weight exceeds r
      int mid = (lo + hi) >>> 1;
      if (cumulative[mid] > r) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return values.get(lo);
  }

  /** The values, in the order they were added. */
  public List<T> values() {
    return values;
  }

  /** Collects weighted values. */
  public static final class Builder<T> {
    private final List<T> values = new ArrayList<>();
    private final List<Long> weights = new ArrayList<>();

    private Builder() {}

    /**
     * Adds a non-null value with a weight {@code >= 0} (0: never picked, handy to switch one off).
     */
    public Builder<T> add(int weight, T value) {
      if (weight < 0) {
        throw new IllegalArgumentException("weight of " + value + " must be >= 0, was " + weight);
      }
      values.add(value);
      weights.add((long) weight);
      return this;
    }

    /** The choices; at least one weight must be positive. */
    public Choices<T> build() {
      long[] cumulative = new long[values.size()];
      long sum = 0;
      for (int i = 0; i < cumulative.length; i++) {
        sum += weights.get(i);
        cumulative[i] = sum;
      }
      if (sum <= 0) {
        throw new IllegalArgumentException("choices need at least one positive weight, had "
            + values.size() + " values with total weight 0");
      }
      return new Choices<>(List.copyOf(values), cumulative);
    }
  }
}
