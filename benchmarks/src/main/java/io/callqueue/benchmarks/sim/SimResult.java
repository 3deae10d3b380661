package io.callqueue.benchmarks.sim;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a simulation run measured, over the calls after the warm-up. Times in seconds; ratios in
 * [0, 1]; NaN where the denominator is zero.
 *
 * @param scenario the scenario run
 * @param total all queues together
 * @param queues each queue, by name
 * @param occupancy the agents' mean occupancy: time on a call or in wrap-up ÷ the measured span
 * @param occupancyPerAgent each agent's occupancy, by agent id
 * @param estimators each estimator's error over the estimates made when answered callers joined
 * @param estimatorsByPosition the same per position bucket (position when estimated)
 * @param estimateMoments how many callers the estimators were asked about when they joined
 * @param censoredEstimates estimates at joining dropped because the caller was not answered
 * @param estimatorsPeriodic each estimator's error over the estimates repeated while answered
 *     callers waited ({@link Scenario#estimateEvery()}; empty counts without it): the remaining
 *     wait estimated against the remaining wait had
 * @param estimatorsPeriodicByPosition the same per position bucket
 * @param periodicMoments how many times the estimators were asked while callers waited
 * @param periodicCensored repeated estimates dropped because the caller was not answered
 * @param engineEstimates how many estimates the engine itself announced (zero unless
 *     {@link Scenario#announceEvery()} is set)
 * @param engineEstimateMismatches how many of those the simulator's own input could not
 *     reproduce to the millisecond (zero when its mirror of the engine is right)
 * @param anomalies port calls the simulation did not expect (zero in a sound run)
 * @param realizedArrivalsPerHour measured calls ÷ the measured span: the arrival rate the run
 *     actually drew (it differs from the nominal one by sampling noise)
 * @param realizedHandleSeconds the mean talk time drawn for the measured calls
 * @param simulatedSeconds virtual time from start until the last call ended
 * @param measuredSeconds the span occupancy is measured over (first measured arrival to last)
 * @param wallSeconds real time the run took
 * @param cpuSeconds CPU time of the simulating thread (less sensitive than wall time to other
 *     load on the machine); NaN when the JVM cannot measure it
 */
public record SimResult(Scenario scenario, Outcomes total, Map<String, Outcomes> queues,
    double occupancy, Map<String, Double> occupancyPerAgent,
    Map<String, EstimatorError> estimators,
    Map<String, Map<String, EstimatorError>> estimatorsByPosition, long estimateMoments,
    long censoredEstimates, Map<String, EstimatorError> estimatorsPeriodic,
    Map<String, Map<String, EstimatorError>> estimatorsPeriodicByPosition, long periodicMoments,
    long periodicCensored, long engineEstimates, long engineEstimateMismatches, long anomalies,
    double realizedArrivalsPerHour, double realizedHandleSeconds, double simulatedSeconds,
    double measuredSeconds, double wallSeconds, double cpuSeconds) {

  /**
   * Outcomes of the measured calls.
   *
   * @param offered calls offered
   * @param joined calls that joined the queue
   * @param answered calls answered
   * @param abandoned callers who hung up while waiting
   * @param timedOut callers who reached the queue's maximum wait
   * @param notQueued calls that did not join
   * @param otherOutcomes voicemail, callback, left-empty
   * @param probabilityOfWait the share of offered calls not connected at once
   * @param meanWaitSeconds mean wait of joined calls (abandoners' time until they left included)
   * @param averageSpeedOfAnswerSeconds mean wait of answered calls
   * @param serviceLevel answered within the threshold ÷ answered
   * @param abandonmentRate abandoned ÷ offered
   * @param waitPercentiles percentiles of the wait of joined calls
   */
  public record Outcomes(long offered, long joined, long answered, long abandoned, long timedOut,
      long notQueued, long otherOutcomes, double probabilityOfWait, double meanWaitSeconds,
      double averageSpeedOfAnswerSeconds, double serviceLevel, double abandonmentRate,
      Percentiles waitPercentiles) {}

  /** Nearest-rank percentiles of a wait, seconds. */
  public record Percentiles(double p50, double p80, double p90, double p95, double p99,
      double max) {}

  /**
   * One estimator's error, estimate - actual remaining wait, over answered callers.
   *
   * @param count scored estimates
   * @param unavailable moments at which it gave no estimate (no history yet); -1 when not counted
   * @param rmse root mean squared error, seconds
   * @param mae mean absolute error, seconds
   * @param bias mean error, seconds (positive: too long)
   * @param meanRelativeError mean of |error| ÷ actual over actual > 0
   * @param relativeRmse rmse ÷ mean actual
   * @param meanActualSeconds the mean actual remaining wait
   */
  public record EstimatorError(long count, long unavailable, double rmse, double mae,
      double bias, double meanRelativeError, double relativeRmse, double meanActualSeconds) {}

  /** Simulated calls per wall-clock second. */
  public double callsPerWallSecond() {
    return wallSeconds > 0 ? total.offered() / wallSeconds : Double.NaN;
  }

  /** Simulated calls per CPU second of the simulating thread. */
  public double callsPerCpuSecond() {
    return cpuSeconds > 0 ? total.offered() / cpuSeconds : Double.NaN;
  }

  /**
   * The result as one JSON object. The required keys come first ({@code offered},
   * {@code answered}, {@code abandoned}, {@code probabilityOfWait}, {@code meanWaitSeconds},
   * {@code averageSpeedOfAnswerSeconds}, {@code serviceLevel}, {@code abandonmentRate},
   * {@code occupancy}, {@code estimators}); then percentiles, per-queue and per-agent figures,
   * estimate errors by position, the scenario and the run's cost.
   *
   * @param timing whether to include the wall-clock figures (leave them out to compare runs)
   */
  public String toJson(boolean timing) {
    Map<String, Object> m = new LinkedHashMap<>();
    outcomes(m, total);
    m.put("occupancy", occupancy);
    m.put("estimators", errors(estimators));
    m.put("waitPercentilesSeconds", percentiles(total.waitPercentiles()));
    m.put("serviceLevelThresholdSeconds", scenario.serviceLevelThreshold().toMillis() / 1000.0);
    Map<String, Object> qs = new LinkedHashMap<>();
    queues.forEach((name, o) -> {
      Map<String, Object> q = new LinkedHashMap<>();
      outcomes(q, o);
      q.put("waitPercentilesSeconds", percentiles(o.waitPercentiles()));
      qs.put(name, q);
    });
    m.put("queues", qs);
    m.put("occupancyPerAgent", occupancyPerAgent);
    m.put("estimatorsByPosition", byPosition(estimatorsByPosition));
    m.put("estimateMethod", "at joining (estimators, estimatorsByPosition)"
        + scenario.estimateEvery().map(d -> " and every " + Durations.format(d)
            + " while waiting (estimatorsPeriodic, estimatorsPeriodicByPosition)").orElse("")
        + ", callers who found no idle agent; scored on answered callers against the wait"
        + " still to come");
    m.put("estimateMoments", estimateMoments);
    m.put("censoredEstimates", censoredEstimates);
    if (scenario.estimateEvery().isPresent()) {
      m.put("estimatorsPeriodic", errors(estimatorsPeriodic));
      m.put("estimatorsPeriodicByPosition", byPosition(estimatorsPeriodicByPosition));
      m.put("periodicMoments", periodicMoments);
      m.put("periodicCensoredEstimates", periodicCensored);
    }
    if (scenario.announceEvery().isPresent()) {
      m.put("engineEstimates", engineEstimates);
      m.put("engineEstimateMismatches", engineEstimateMismatches);
    }
    m.put("anomalies", anomalies);
    m.put("realizedArrivalsPerHour", realizedArrivalsPerHour);
    m.put("realizedHandleSeconds", realizedHandleSeconds);
    m.put("scenario", scenarioMap(scenario));
    m.put("simulatedSeconds", simulatedSeconds);
    m.put("measuredSeconds", measuredSeconds);
    if (timing) {
      m.put("wallSeconds", wallSeconds);
      m.put("simulatedCallsPerWallSecond", callsPerWallSecond());
      m.put("cpuSeconds", cpuSeconds);
      m.put("simulatedCallsPerCpuSecond", callsPerCpuSecond());
    }
    return Json.write(m);
  }

  private static void outcomes(Map<String, Object> m, Outcomes o) {
    m.put("offered", o.offered());
    m.put("answered", o.answered());
    m.put("abandoned", o.abandoned());
    if (o.timedOut() > 0) {
      m.put("timedOut", o.timedOut());
    }
    if (o.notQueued() > 0) {
      m.put("notQueued", o.notQueued());
    }
    if (o.otherOutcomes() > 0) {
      m.put("otherOutcomes", o.otherOutcomes());
    }
    m.put("probabilityOfWait", o.probabilityOfWait());
    m.put("meanWaitSeconds", o.meanWaitSeconds());
    m.put("averageSpeedOfAnswerSeconds", o.averageSpeedOfAnswerSeconds());
    m.put("serviceLevel", o.serviceLevel());
    m.put("abandonmentRate", o.abandonmentRate());
  }

  private static Map<String, Object> percentiles(Percentiles p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("p50", p.p50());
    m.put("p80", p.p80());
    m.put("p90", p.p90());
    m.put("p95", p.p95());
    m.put("p99", p.p99());
    m.put("max", p.max());
    return m;
  }

  private static Map<String, Object> errors(Map<String, EstimatorError> byName) {
    Map<String, Object> m = new LinkedHashMap<>();
    byName.forEach((name, e) -> m.put(name, error(e)));
    return m;
  }

  private static Map<String, Object> byPosition(
      Map<String, Map<String, EstimatorError>> buckets) {
    Map<String, Object> m = new LinkedHashMap<>();
    buckets.forEach((bucket, row) -> m.put(bucket, errors(row)));
    return m;
  }

  private static Map<String, Object> error(EstimatorError e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("rmse", e.rmse());
    m.put("mae", e.mae());
    m.put("meanRelativeError", e.meanRelativeError());
    m.put("bias", e.bias());
    m.put("relativeRmse", e.relativeRmse());
    m.put("meanActualSeconds", e.meanActualSeconds());
    m.put("count", e.count());
    if (e.unavailable() >= 0) {
      m.put("unavailable", e.unavailable());
    }
    return m;
  }

  private static Map<String, Object> scenarioMap(Scenario s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("agents", s.agents());
    Map<String, Object> qs = new LinkedHashMap<>();
    for (QueueSpec q : s.queues()) {
      qs.put(q.name(), q.toString());
    }
    m.put("queues", qs);
    m.put("arrivals", s.arrivals().toString());
    m.put("arrivalsPerHourMean", s.arrivals().meanPerHour());
    m.put("handleTime", s.handleTime().toString());
    m.put("patience", s.patience().map(Object::toString).orElse("none"));
    m.put("wrapUpSeconds", s.wrapUp().toMillis() / 1000.0);
    m.put("strategy", s.strategy());
    m.put("estimators", String.join(",", s.estimators()));
    m.put("ringDelay", s.ringDelay().toString());
    m.put("noAnswerProbability", s.noAnswerProbability());
    m.put("ringTimeoutSeconds", s.ringTimeout().toMillis() / 1000.0);
    m.put("retryDelaySeconds", s.retryDelay().toMillis() / 1000.0);
    if (s.duration().isPresent()) {
      m.put("durationSeconds", s.duration().get().toMillis() / 1000.0);
    } else {
      m.put("calls", s.calls());
    }
    m.put("warmUpCalls", s.warmUpCalls());
    m.put("seed", s.seed());
    m.put("historyWindowSeconds", s.historyWindow().toMillis() / 1000.0);
    return m;
  }
}
