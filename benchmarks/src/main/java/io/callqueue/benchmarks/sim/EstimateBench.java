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
 * <p>Estimates made when a caller joins and those repeated while it waits ({@link Moment}) are
 * scored apart: a caller who has waited a while is a different question (the estimate is of the
 * wait still to come, and the caller has moved up).
 *
 * <p>Position buckets (position when estimated, 1 = next): 1, 2-3, 4-7, 8-15, 16-31, 32+.
 */
final class EstimateBench {
  static final List<String> BUCKETS = List.of("1", "2-3", "4-7", "8-15", "16-31", "32+");

  /** When an estimate was made. */
  enum Moment {
    /** When the caller joined. */
    JOIN,
    /** Repeated while the caller waits ({@link Scenario#estimateEvery()}). */
    PERIODIC
  }

  private final List<WaitTimeEstimator> estimators = new ArrayList<>();
  private final Scores[] scores = new Scores[Moment.values().length];

  EstimateBench(List<String> names) {
    Estimators registry = Estimators.withBuiltInsAndPrevious();
    for (String n : names) {
      estimators.add(registry.get(n));
    }
    for (int i = 0; i < scores.length; i++) {
      scores[i] = new Scores(names.size());
    }
  }

  static int bucketOf(int position) {
    int b = 31 - Integer.numberOfLeadingZeros(Math.max(1, position));
    return Math.min(b, BUCKETS.size() - 1);
  }

  /** Asks every estimator about the caller described by {@code in}. */
  void estimate(Moment moment, CallId call, QueueId queue, EstimateInput in) {
    Scores sc = scores[moment.ordinal()];
    sc.moments++;
    EstimateLog bucket = sc.byBucket[bucketOf(in.position())];
    Instant at = in.now();
    for (int i = 0; i < estimators.size(); i++) {
      WaitTimeEstimator e = estimators.get(i);
      Optional<Duration> estimate = e.estimate(in);
      if (estimate.isEmpty()) {
        sc.unavailable[i]++;
        continue;
      }
      QueueEvent.WaitEstimated ev = new QueueEvent.WaitEstimated(at, call, queue, e.name(),
          in.position(), in.waited(), estimate.get());
      sc.overall.onEvent(ev);
      bucket.onEvent(ev);
    }
  }

  /** A caller left: its estimates are scored (answered) or censored. */
  void left(QueueEvent.CallerLeft left) {
    for (Scores sc : scores) {
      sc.overall.onEvent(left);
      for (EstimateLog log : sc.byBucket) {
        log.onEvent(left);
      }
    }
  }

  /** Moments at which the estimators were asked. */
  long moments(Moment moment) {
    return scores[moment.ordinal()].moments;
  }

  /** Estimates dropped because their caller was not answered. */
  long censored(Moment moment) {
    return scores[moment.ordinal()].overall.censoredCount();
  }

  /** Per estimator, in the order given. */
  Map<String, SimResult.EstimatorError> overall(Moment moment) {
    Scores sc = scores[moment.ordinal()];
    Map<String, SimResult.EstimatorError> out = new LinkedHashMap<>();
    for (int i = 0; i < estimators.size(); i++) {
      String name = estimators.get(i).name();
      out.put(name, error(sc.overall.accuracy(name), sc.unavailable[i]));
    }
    return out;
  }

  /** Per bucket (buckets without observations left out), per estimator. */
  Map<String, Map<String, SimResult.EstimatorError>> byPosition(Moment moment) {
    Scores sc = scores[moment.ordinal()];
    Map<String, Map<String, SimResult.EstimatorError>> out = new LinkedHashMap<>();
    for (int b = 0; b < sc.byBucket.length; b++) {
      Map<String, SimResult.EstimatorError> row = new LinkedHashMap<>();
      for (WaitTimeEstimator e : estimators) {
        sc.byBucket[b].accuracy(e.name())
            .ifPresent(a -> row.put(e.name(), error(Optional.of(a), -1)));
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

  /** The logs of one moment. */
  private static final class Scores {
    final EstimateLog overall = EstimateLog.aggregatesOnly();
    final EstimateLog[] byBucket = new EstimateLog[BUCKETS.size()];
    final long[] unavailable;
    long moments;

    Scores(int estimators) {
      unavailable = new long[estimators];
      for (int i = 0; i < byBucket.length; i++) {
        byBucket[i] = EstimateLog.aggregatesOnly();
      }
    }
  }
}
