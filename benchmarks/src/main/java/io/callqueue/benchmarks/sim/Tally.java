package io.callqueue.benchmarks.sim;

import io.callqueue.api.CallOutcome;
import java.util.Arrays;

/**
 * Outcome counts and waits of the measured calls of one queue (or all), folded from
 * {@code CallerLeft} events. Definitions as in the issue and {@code CallStatistics}: a wait is from
 * joining to leaving; a call is "connected at once" when answered with zero wait; within the
 * service level when answered with a wait at most the threshold. Waits are kept (8 bytes a call)
 * for percentiles.
 */
final class Tally {
  private final long thresholdMillis;
  long offered;
  long joined;
  long answered;
  long abandoned;
  long timedOut;
  long notQueued;
  long otherOutcomes;
  long connectedAtOnce;
  long answeredWithin;
  long waitMillis;
  long answerWaitMillis;
  private long[] waits = new long[1024];
  private int waitCount;

  Tally(long thresholdMillis) {
    this.thresholdMillis = thresholdMillis;
  }

  void add(CallOutcome outcome, long waited) {
    offered++;
    switch (outcome) {
      case NOT_QUEUED -> {
        notQueued++;
        return;
      }
      case ANSWERED -> {
        answered++;
        answerWaitMillis += waited;
        if (waited == 0) {
          connectedAtOnce++;
        }
        if (waited <= thresholdMillis) {
          answeredWithin++;
        }
      }
      case ABANDONED -> abandoned++;
      case TIMEOUT -> timedOut++;
      case VOICEMAIL, CALLBACK, LEFT_EMPTY -> otherOutcomes++;
    }
    joined++;
    waitMillis += waited;
    if (waitCount == waits.length) {
      waits = Arrays.copyOf(waits, waits.length * 2);
    }
    waits[waitCount++] = waited;
  }

  /** The waits of joined calls, ascending (a sorted copy). */
  long[] sortedWaits() {
    long[] w = Arrays.copyOf(waits, waitCount);
    Arrays.sort(w);
    return w;
  }

  /** Appends another tally's waits and counts (for the all-queues total). */
  void addAll(Tally t) {
    offered += t.offered;
    joined += t.joined;
    answered += t.answered;
    abandoned += t.abandoned;
    timedOut += t.timedOut;
    notQueued += t.notQueued;
    otherOutcomes += t.otherOutcomes;
    connectedAtOnce += t.connectedAtOnce;
    answeredWithin += t.answeredWithin;
    waitMillis += t.waitMillis;
    answerWaitMillis += t.answerWaitMillis;
    if (waitCount + t.waitCount > waits.length) {
      waits = Arrays.copyOf(waits, waitCount + t.waitCount);
    }
    System.arraycopy(t.waits, 0, waits, waitCount, t.waitCount);
    waitCount += t.waitCount;
  }

  SimResult.Outcomes result() {
    long[] sorted = sortedWaits();
    return new SimResult.Outcomes(offered, joined, answered, abandoned, timedOut, notQueued,
        otherOutcomes,
        ratio(offered - connectedAtOnce, offered),
        ratio(waitMillis / 1000.0, joined),
        ratio(answerWaitMillis / 1000.0, answered),
        ratio(answeredWithin, answered),
        ratio(abandoned, offered),
        new SimResult.Percentiles(percentile(sorted, 0.50), percentile(sorted, 0.80),
            percentile(sorted, 0.90), percentile(sorted, 0.95), percentile(sorted, 0.99),
            sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1] / 1000.0));
  }

  private static double ratio(double a, double b) {
    return b == 0 ? Double.NaN : a / b;
  }

  /** The nearest-rank percentile, seconds; NaN when empty. */
  static double percentile(long[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1000.0;
  }
}
