package io.callqueue.core.estimate;

import io.callqueue.spi.EmpiricalDistribution;
import java.util.OptionalDouble;

/**
 * The talk and wrap-up times of the last completed calls, oldest first, up to a capacity, with
 * running sums (talk, wrap-up, handle time squared) and the talk times kept sorted: the longer
 * memory behind {@link QueueHistory#talkTimesSinceChange()}. Emptied only from its old end: by
 * the capacity, by age ({@link #evictUpTo}) or by {@link #dropOldest(int)} when the history
 * detects a change. A timestamp and two {@code int}s a call. Engine-thread only.
 */
final class HandleSpan {
  private final int capacity;
  private long[] at;
  private int[] talk;
  private int[] wrap;
  private int head;
  private int size;
  private long sumTalk;
  private long sumWrap;
  /** Σ (talk + wrap)², in ms², as a double: only ever used for a variance. */
  private double sumSquares;
  private final SortedMillis sortedTalk = new SortedMillis();

  HandleSpan(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
    }
    this.capacity = capacity;
    int initial = Math.min(16, capacity);
    this.at = new long[initial];
    this.talk = new int[initial];
    this.wrap = new int[initial];
  }

  /** Appends a call completed at {@code atMillis} (not before the last), dropping the oldest one when full. */
  void add(long atMillis, long talkMillis, long wrapMillis) {
    if (size == capacity) {
      dropOldest(1);
    } else if (size == talk.length) {
      grow();
    }
    int t = (int) Math.min(Integer.MAX_VALUE, talkMillis);
    int w = (int) Math.min(Integer.MAX_VALUE, wrapMillis);
    int i = (head + size) % talk.length;
    at[i] = atMillis;
    talk[i] = t;
    wrap[i] = w;
    size++;
    sumTalk += t;
    sumWrap += w;
    sumSquares += square(t + (double) w);
    sortedTalk.add(t);
  }

  /** Drops the {@code n} oldest calls. */
  void dropOldest(int n) {
    if (n < 0 || n > size) {
      throw new IllegalArgumentException("cannot drop " + n + " of " + size);
    }
    for (int k = 0; k < n; k++) {
      int t = talk[head];
      int w = wrap[head];
      sumTalk -= t;
      sumWrap -= w;
      sumSquares -= square(t + (double) w);
      sortedTalk.remove(t);
      head = (head + 1) % talk.length;
      size--;
    }
    if (size == 0) {
      sumSquares = 0;
    }
  }

  /** Drops the calls completed at or before {@code cutoffMillis}. */
  void evictUpTo(long cutoffMillis) {
    int n = 0;
    while (n < size && at[(head + n) % at.length] <= cutoffMillis) {
      n++;
    }
    dropOldest(n);
  }

  int size() {
    return size;
  }

  boolean isFull() {
    return size == capacity;
  }

  /** When the oldest call kept completed; the span must not be empty. */
  long oldestAt() {
    if (size == 0) {
      throw new IllegalStateException("empty");
    }
    return at[head];
  }

  /** Σ talk + wrap-up, ms. */
  long sumHandleMillis() {
    return sumTalk + sumWrap;
  }

  /** Σ (talk + wrap-up)², ms². */
  double sumSquaresMillis() {
    return sumSquares;
  }

  OptionalDouble meanHandleSeconds() {
    return size == 0 ? OptionalDouble.empty()
        : OptionalDouble.of((sumTalk + sumWrap) / 1000.0 / size);
  }

  OptionalDouble meanWrapUpSeconds() {
    return size == 0 ? OptionalDouble.empty() : OptionalDouble.of(sumWrap / 1000.0 / size);
  }

  EmpiricalDistribution talkSeconds() {
    return sortedTalk.seconds();
  }

  private static double square(double x) {
    return x * x;
  }

  private void grow() {
    int length = Math.min(capacity, 2 * talk.length);
    long[] a = new long[length];
    int[] t = new int[length];
    int[] w = new int[length];
    for (int k = 0; k < size; k++) {
      a[k] = at[(head + k) % at.length];
      t[k] = talk[(head + k) % talk.length];
      w[k] = wrap[(head + k) % wrap.length];
    }
    at = a;
    talk = t;
    wrap = w;
    head = 0;
  }

  @Override
  public String toString() {
    return "HandleSpan[size=" + size + ", meanHandle=" + meanHandleSeconds() + "]";
  }
}
