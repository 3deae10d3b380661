package io.callqueue.core.estimate;

import io.callqueue.spi.EmpiricalDistribution;
import java.util.Arrays;

/**
 * A multiset of durations in milliseconds kept in ascending order in one array, with the
 * {@link EmpiricalDistribution} in seconds built from it on demand and cached until the next
 * change. Adding or removing a value is a binary search and one array shift, O(k) moves but no
 * sort, so a history that changes after every call rebuilds its distribution in O(k) rather than
 * O(k log k). Engine-thread only.
 */
final class SortedMillis {
  private int[] values = new int[16];
  private int size;
  private EmpiricalDistribution cached = EmpiricalDistribution.empty();
  private boolean stale;

  /** Adds a value (clamped to {@code int} milliseconds, about 24 days). */
  void add(long millis) {
    int v = clamp(millis);
    if (size == values.length) {
      values = Arrays.copyOf(values, 2 * size);
    }
    int i = firstAbove(v);
    System.arraycopy(values, i, values, i + 1, size - i);
    values[i] = v;
    size++;
    stale = true;
  }

  /**
   * Removes one occurrence of a value added before.
   *
   * @throws IllegalStateException when it is not there
   */
  void remove(long millis) {
    int v = clamp(millis);
    int i = firstAbove(v) - 1;
    if (i < 0 || values[i] != v) {
      throw new IllegalStateException("no sample of " + millis + " ms to remove");
    }
    System.arraycopy(values, i + 1, values, i, size - i - 1);
    size--;
    stale = true;
  }

  /** Removes every value. */
  void clear() {
    size = 0;
    stale = true;
  }

  int size() {
    return size;
  }

  /** The values in seconds as a distribution; O(k) after a change, O(1) otherwise. */
  EmpiricalDistribution seconds() {
    if (stale) {
      double[] s = new double[size];
      for (int i = 0; i < size; i++) {
        s[i] = values[i] / 1000.0;
      }
      cached = EmpiricalDistribution.ofSorted(s);
      stale = false;
    }
    return cached;
  }

  private int firstAbove(int v) {
    int lo = 0;
    int hi = size;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (values[mid] <= v) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private static int clamp(long millis) {
    return (int) Math.min(Integer.MAX_VALUE, Math.max(0, millis));
  }

  @Override
  public String toString() {
    return "SortedMillis" + Arrays.toString(Arrays.copyOf(values, size));
  }
}
