package io.callqueue.core.estimate;

import java.util.Arrays;
import java.util.function.LongConsumer;

/**
 * Time-stamped samples of two long values in arrival order, with running sums (of each value and
 * of the square of their sum): a ring buffer that grows on demand up to a fixed capacity and then
 * drops its oldest sample. Adding and evicting are amortised O(1); memory is O(capacity).
 * Timestamps must not decrease.
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
  /** Σ (a + b)², as a double: only ever used for a variance. */
  private double sumSquares;

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
    sumSquares += square(valueA + (double) valueB);
  }

  /** Whether the next {@link #add} drops the oldest sample. */
  boolean isFull() {
    return size == capacity;
  }

  /**
   * Drops every sample stamped at or before {@code cutoffMillis}.
   *
   * @return how many were dropped
   */
  int evictUpTo(long cutoffMillis) {
    return evictUpTo(cutoffMillis, v -> { });
  }

  /** As {@link #evictUpTo(long)}, telling {@code evictedA} each dropped sample's first value. */
  int evictUpTo(long cutoffMillis, LongConsumer evictedA) {
    int dropped = 0;
    while (size > 0 && at[head] <= cutoffMillis) {
      evictedA.accept(a[head]);
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

  double sumSquares() {
    return sumSquares;
  }

  /** The {@code i}-th oldest sample's first value. */
  long a(int i) {
    return a[index(i)];
  }

  /** The oldest sample's timestamp; the ring must not be empty. */
  long oldestAt() {
    if (size == 0) {
      throw new IllegalStateException("empty");
    }
    return at[head];
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
    sumSquares -= square(a[head] + (double) b[head]);
    head = (head + 1) % at.length;
    size--;
    if (size == 0) {
      sumSquares = 0;
    }
  }

  private static double square(double x) {
    return x * x;
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
