package io.callqueue.core.estimate;

import java.util.Arrays;

/**
 * Time-stamped samples of two long values in arrival order, with running sums: a ring buffer that
 * grows on demand up to a fixed capacity and then drops its oldest sample. Adding and evicting are
 * amortised O(1); memory is O(capacity). Timestamps must not decrease.
 */
final class SampleRing {
  private static final int INITIAL = 16;

  private final int capacity;
  private long[] at;
  private long[] a;
  private long[] b;
  private int head;
  private int size;
  private long sumA;
  private long sumB;

  SampleRing(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
    }
    this.capacity = capacity;
    int initial = Math.min(INITIAL, capacity);
    this.at = new long[initial];
    this.a = new long[initial];
    this.b = new long[initial];
  }

  /** Appends a sample, dropping the oldest one when full. */
  void add(long atMillis, long valueA, long valueB) {
    if (size == capacity) {
      removeOldest();
    } else if (size == at.length) {
      grow();
    }
    int i = index(size);
    at[i] = atMillis;
    a[i] = valueA;
    b[i] = valueB;
    size++;
    sumA += valueA;
    sumB += valueB;
  }

  /**
   * Drops every sample stamped at or before {@code cutoffMillis}.
   *
   * @return how many were dropped
   */
  int evictUpTo(long cutoffMillis) {
    int dropped = 0;
    while (size > 0 && at[head] <= cutoffMillis) {
      removeOldest();
      dropped++;
    }
    return dropped;
  }

  int size() {
    return size;
  }

  long sumA() {
    return sumA;
  }

  long sumB() {
    return sumB;
  }

  /** The {@code i}-th oldest sample's first value. */
  long a(int i) {
    return a[index(i)];
  }

  /** The newest sample's first value; the ring must not be empty. */
  long lastA() {
    if (size == 0) {
      throw new IllegalStateException("empty");
    }
    return a[index(size - 1)];
  }

  private void removeOldest() {
    sumA -= a[head];
    sumB -= b[head];
    head = (head + 1) % at.length;
    size--;
  }

  private int index(int i) {
    return (head + i) % at.length;
  }

  private void grow() {
    int length = (int) Math.min((long) capacity, 2L * at.length);
    at = unwrap(at, length);
    a = unwrap(a, length);
    b = unwrap(b, length);
    head = 0;
  }

  private long[] unwrap(long[] old, int length) {
    long[] copy = new long[length];
    int first = Math.min(size, old.length - head);
    System.arraycopy(old, head, copy, 0, first);
    System.arraycopy(old, 0, copy, first, size - first);
    return copy;
  }

  @Override
  public String toString() {
    long[] values = new long[size];
    Arrays.setAll(values, this::a);
    return "SampleRing" + Arrays.toString(values);
  }
}
