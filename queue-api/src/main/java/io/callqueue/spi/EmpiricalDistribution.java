package io.callqueue.spi;

import java.util.Arrays;
import java.util.OptionalDouble;

/**
 * An immutable empirical distribution of samples (e.g. talk times in seconds), kept sorted with
 * prefix sums so that counts, partial sums and mean residual lives over any range cost O(log n).
 * Estimators use it for the remaining talk time of a call that has already lasted a while.
 */
public final class EmpiricalDistribution {
  private static final EmpiricalDistribution EMPTY = new EmpiricalDistribution(new double[0]);

  private final double[] sorted;
  /** {@code prefix[i]} is the sum of the {@code i} smallest samples. */
  private final double[] prefix;

  private EmpiricalDistribution(double[] sorted) {
    this.sorted = sorted;
    this.prefix = new double[sorted.length + 1];
    for (int i = 0; i < sorted.length; i++) {
      prefix[i + 1] = prefix[i] + sorted[i];
    }
  }

  /**
   * A distribution of these samples (copied).
   *
   * @throws IllegalArgumentException when a sample is not finite
   */
  public static EmpiricalDistribution of(double... samples) {
    if (samples.length == 0) {
      return EMPTY;
    }
    double[] copy = samples.clone();
    for (double x : copy) {
      if (!Double.isFinite(x)) {
        throw new IllegalArgumentException("samples must be finite, found " + x);
      }
    }
    Arrays.sort(copy);
    return new EmpiricalDistribution(copy);
  }

  /**
   * A distribution of samples already in ascending order (copied, not sorted again: O(n)).
   *
   * @throws IllegalArgumentException when a sample is not finite or the samples are not ascending
   */
  public static EmpiricalDistribution ofSorted(double... ascending) {
    if (ascending.length == 0) {
      return EMPTY;
    }
    double[] copy = ascending.clone();
    for (int i = 0; i < copy.length; i++) {
      if (!Double.isFinite(copy[i])) {
        throw new IllegalArgumentException("samples must be finite, found " + copy[i]);
      }
      if (i > 0 && copy[i] < copy[i - 1]) {
        throw new IllegalArgumentException("samples must be ascending, found " + copy[i - 1]
            + " before " + copy[i]);
      }
    }
    return new EmpiricalDistribution(copy);
  }

  /** The distribution of no samples. */
  public static EmpiricalDistribution empty() {
    return EMPTY;
  }

  /** The number of samples. */
  public int size() {
    return sorted.length;
  }

  /** Whether there are no samples. */
  public boolean isEmpty() {
    return sorted.length == 0;
  }

  /** The mean of the samples; empty when there are none. */
  public OptionalDouble mean() {
    return isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(prefix[sorted.length] / size());
  }

  /** The number of samples strictly greater than {@code x}. */
  public int countAbove(double x) {
    return sorted.length - firstAbove(x);
  }

  /** The number of samples in {@code (lo, hi]}; zero when {@code hi <= lo}. */
  public int countBetween(double lo, double hi) {
    return hi <= lo ? 0 : firstAbove(hi) - firstAbove(lo);
  }

  /** The sum of the samples in {@code (lo, hi]}; zero when {@code hi <= lo}. */
  public double sumBetween(double lo, double hi) {
    return hi <= lo ? 0 : prefix[firstAbove(hi)] - prefix[firstAbove(lo)];
  }

  /**
   * The mean residual life at {@code elapsed}: the mean of {@code x - elapsed} over the samples
   * {@code x > elapsed}; empty when there are none.
   */
  public OptionalDouble meanResidual(double elapsed) {
    int from = firstAbove(elapsed);
    int k = sorted.length - from;
    if (k == 0) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of((prefix[sorted.length] - prefix[from]) / k - elapsed);
  }

  /**
   * {@code Σ (x - sample)} over the samples {@code <= x}: the integral up to {@code x} of the
   * number of samples {@code <= y}, {@code k} times {@code E[(x - X)+]}. One binary search.
   */
  public double integratedCount(double x) {
    int i = firstAbove(x);
    return i * x - prefix[i];
  }

  /** The samples, ascending; a copy. */
  public double[] toArray() {
    return sorted.clone();
  }

  /** The index of the first sample greater than {@code x} ({@code size()} when none is). */
  private int firstAbove(double x) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] <= x) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  @Override
  public String toString() {
    return "EmpiricalDistribution[size=" + size()
        + (isEmpty() ? "" : ", min=" + sorted[0] + ", mean=" + mean().getAsDouble() + ", max="
            + sorted[sorted.length - 1])
        + "]";
  }
}
