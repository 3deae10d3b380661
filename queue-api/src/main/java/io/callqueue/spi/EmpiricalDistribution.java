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
  /** The cursors' index; built lazily (a race builds it twice, the same). */
  private volatile Buckets buckets;

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
    return meanResidualFrom(elapsed, firstAbove(elapsed));
  }

  /** {@link #meanResidual(double)} given the index of the first sample above {@code elapsed}. */
  private OptionalDouble meanResidualFrom(double elapsed, int from) {
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
    return integratedCountTo(x, firstAbove(x));
  }

  /** {@link #integratedCount(double)} given the index of the first sample above {@code x}. */
  private double integratedCountTo(double x, int i) {
    return i * x - prefix[i];
  }

  /**
   * A cursor for {@link #integratedCount(double)}, {@link #countAbove(double)} and
   * {@link #meanResidual(double)} at points that only move up, such as the successive times of an
   * integration: each call searches forward from where the last one stopped, within the bucket
   * of an index of the samples built once per distribution (O(1) where the samples are spread
   * evenly) instead of over all the samples, with the same answers.
   *
   * @param from where the cursor starts: the points it will be asked about are at least this
   */
  public Cursor cursor(double from) {
    Cursor c = new Cursor();
    c.advance(from);
    return c;
  }

  /**
   * A position in the samples that only moves forward; from {@link #cursor(double)}. Not
   * thread-safe (one per computation).
   */
  public final class Cursor {
    /** The index of the first sample greater than the last point asked about. */
    private int index;

    /** The distribution's index, read once (null when every sample is equal). */
    private final Buckets byBucket = buckets();

    private Cursor() {}

    /** {@link EmpiricalDistribution#integratedCount(double)}; x as in {@link #advance}. */
    public double integratedCount(double x) {
      return integratedCountTo(x, advance(x));
    }

    /** {@link EmpiricalDistribution#countAbove(double)}; x as in {@link #advance}. */
    public int countAbove(double x) {
      return sorted.length - advance(x);
    }

    /** {@link EmpiricalDistribution#meanResidual(double)}; x as in {@link #advance}. */
    public OptionalDouble meanResidual(double x) {
      return meanResidualFrom(x, advance(x));
    }

    /**
     * Moves to the first sample greater than {@code x} and returns its index: within x's bucket
     * of the {@link Buckets} index, from where the cursor stopped if that is further on.
     *
     * @throws IllegalArgumentException when {@code x} is below a sample the cursor has passed
     *     (the cursor only moves forward)
     */
    private int advance(double x) {
      int i = index;
      if (i > 0 && sorted[i - 1] > x) {
        throw new IllegalArgumentException("the cursor only moves forward: " + x
            + " is below the sample " + sorted[i - 1] + " it has passed");
      }
      int n = sorted.length;
      if (i < n && sorted[i] <= x) {
        Buckets b = byBucket;
        int lo;
        int hi;
        if (b == null) {
          lo = i + 1;
          hi = n;
        } else {
          int c = b.of(x);
          lo = Math.max(i + 1, b.start[c]);
          hi = b.start[c + 1];
        }
        if (hi - lo <= 8) {
          while (lo < hi && sorted[lo] <= x) {
            lo++;
          }
        } else {
          lo = firstAbove(x, lo, hi);
        }
        i = lo;
      }
      index = i;
      return i;
    }
  }

  /** The cursors' index, built for the first cursor; null for fewer than two distinct samples. */
  private Buckets buckets() {
    Buckets b = buckets;
    if (b == null && sorted.length > 1 && sorted[sorted.length - 1] > sorted[0]) {
      b = new Buckets(sorted);
      buckets = b;
    }
    return b;
  }

  /**
   * The samples' range cut into as many equal buckets as there are samples, with the index of
   * each bucket's first sample: a sample's bucket is a monotone function of its value, so the
   * first sample above x lies between the starts of x's bucket and of the next one (about one
   * sample apart where the samples are spread evenly). Immutable.
   */
  private static final class Buckets {
    private final double lo;
    private final double scale;
    /** {@code start[c]}: the first sample of bucket c or above; {@code start[count] = n}. */
    final int[] start;

    Buckets(double[] sorted) {
      int n = sorted.length;
      this.lo = sorted[0];
      this.scale = n / (sorted[n - 1] - lo);
      this.start = new int[n + 1];
      int c = 0;
      for (int i = 0; i < n; i++) {
        int bucket = of(sorted[i]);
        while (c <= bucket) {
          start[c++] = i;
        }
      }
      while (c <= n) {
        start[c++] = n;
      }
    }

    /** The bucket of x: monotone in x, 0..n-1. */
    int of(double x) {
      double v = (x - lo) * scale;
      int last = start.length - 2;
      return v <= 0 ? 0 : v >= last ? last : (int) v;
    }
  }

  /** The samples, ascending; a copy. */
  public double[] toArray() {
    return sorted.clone();
  }

  /** The index of the first sample greater than {@code x} ({@code size()} when none is). */
  private int firstAbove(double x) {
    return firstAbove(x, 0, sorted.length);
  }

  /** {@link #firstAbove(double)} when it is known to lie in {@code [lo, hi]}. */
  private int firstAbove(double x, int lo, int hi) {
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
