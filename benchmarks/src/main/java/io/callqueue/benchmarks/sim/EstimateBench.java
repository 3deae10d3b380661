package io.callqueue.benchmarks.sim;

import io.callqueue.api.CallId;
import io.callqueue.api.QueueEvent;
import io.callqueue.api.QueueId;
import io.callqueue.core.estimate.EstimateAccuracy;
import io.callqueue.core.estimate.EstimateLog;
import io.callqueue.core.estimate.Estimators;
import io.callqueue.spi.EstimateInput;
import io.callqueue.spi.WaitTimeEstimator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Scores several wait-time estimators on the same callers at the same moments: each is asked with
 * the same {@link EstimateInput}, its answer is logged as a {@link QueueEvent.WaitEstimated} in
 * the engine's own {@link EstimateLog} (one overall, one per position bucket), and the caller's
 * {@code CallerLeft} closes them all. So the error definitions are the engine's: only answered
 * callers count (others are censored), error = estimate - actual remaining wait.
 *
 * <p>Position buckets (position when estimated, 1 = next): 1, 2-3, 4-7, 8-15, 16-31, 32+.
 */
final class EstimateBench {
  static final List<String> BUCKETS = List.of("1", "2-3", "4-7", "8-15", "16-31", "32+");

  private final List<WaitTimeEstimator> estimators = new ArrayList<>();
  private final long[] unavailable;
  private final EstimateLog overall = EstimateLog.aggregatesOnly();
  private final EstimateLog[] byBucket = new EstimateLog[BUCKETS.size()];
  private long moments;

  EstimateBench(List<String> names) {
    Estimators registry = Estimators.withBuiltIns();
    for (String n : names) {
      estimators.add(registry.get(n));
    }
    unavailable = new long[names.size()];
    for (int i = 0; i < byBucket.length; i++) {
      byBucket[i] = EstimateLog.aggregatesOnly();
    }
  }

  static int bucketOf(int position) {
    int b = 31 - Integer.numberOfLeadingZeros(Math.max(1, position));
    return Math.min(b, BUCKETS.size() - 1);
  }

  /** Asks every estimator about the caller described by {@code in}. */
  void estimate(CallId call, QueueId queue, EstimateInput in) {
    moments++;
    EstimateLog bucket = byBucket[bucketOf(in.position())];
    Instant at = in.now();
    for (int i = 0; i < estimators.size(); i++) {
      WaitTimeEstimator e = estimators.get(i);
      Optional<Duration> estimate = e.estimate(in);
      if (estimate.isEmpty()) {
        unavailable[i]++;
        continue;
      }
      QueueEvent.WaitEstimated ev = new QueueEvent.WaitEstimated(at, call, queue, e.name(),
          in.position(), in.waited(), estimate.get());
      overall.onEvent(ev);
      bucket.onEvent(ev);
    }
  }

  /** A caller left: its estimates are scored (answered) or censored. */
  void left(QueueEvent.CallerLeft left) {
    overall.onEvent(left);
    for (EstimateLog log : byBucket) {
      log.onEvent(left);
    }
  }

  /** Moments at which the estimators were asked. */
  long moments() {
    return moments;
  }

  /** Estimates dropped because their caller was not answered. */
  long censored() {
    return overall.censoredCount();
  }

  /** Per estimator, in the order given. */
  Map<String, SimResult.EstimatorError> overall() {
    Map<String, SimResult.EstimatorError> out = new LinkedHashMap<>();
    for (int i = 0; i < estimators.size(); i++) {
      String name = estimators.get(i).name();
      out.put(name, error(overall.accuracy(name), unavailable[i]));
    }
    return out;
  }

  /** Per bucket (buckets without observations left out), per estimator. */
  Map<String, Map<String, SimResult.EstimatorError>> byPosition() {
    Map<String, Map<String, SimResult.EstimatorError>> out = new LinkedHashMap<>();
    for (int b = 0; b < byBucket.length; b++) {
      Map<String, SimResult.EstimatorError> row = new LinkedHashMap<>();
      for (WaitTimeEstimator e : estimators) {
        byBucket[b].accuracy(e.name()).ifPresent(a -> row.put(e.name(), error(Optional.of(a), -1)));
      }
      if (!row.isEmpty()) {
        out.put(BUCKETS.get(b), row);
      }
    }
    return out;
  }

  private static SimResult.EstimatorError error(Optional<EstimateAccuracy> acc, long unavailable) {
    if (acc.isEmpty()) {
      return new SimResult.EstimatorError(0, unavailable, Double.NaN, Double.NaN, Double.NaN,
          Double.NaN, Double.NaN, Double.NaN);
    }
    EstimateAccuracy a = acc.get();
    return new SimResult.EstimatorError(a.count(), unavailable, a.rmseSeconds(), a.maeSeconds(),
        a.biasSeconds(), a.meanRelativeError(), a.relativeRmse(), a.meanActualSeconds());
  }
}
