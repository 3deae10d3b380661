package io.callqueue.examples.demo;

import io.callqueue.api.CallId;
import io.callqueue.api.CallOutcome;
import io.callqueue.api.CallRecord;
import io.callqueue.api.QueueEvent;
import io.callqueue.core.estimate.EstimateAccuracy;
import io.callqueue.core.records.StatisticsReport;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What one demo run did, for tests and callers who want more than the printed text.
 *
 * @param options the options it ran with
 * @param start when the simulated morning began (virtual time)
 * @param end when the last call was over
 * @param offered every call offered to a queue, in the order they were placed
 * @param outcomes every {@code CallerLeft} outcome per call, in order (one each when all is well)
 * @param eventCounts how many events of each type the engine emitted, by simple class name
 * @param weightNotes how often an agent shared by two queues served the heavier one while callers
 *     who had waited longer were in the lighter one
 * @param records the call list the {@code CallRecorder} kept
 * @param report the statistics over those records
 * @param accuracy the estimate accuracy per estimator (answered callers who heard an estimate)
 * @param anomalies engine commands the simulated telephony found senseless (none expected)
 * @param lines how many lines were printed
 */
record DemoResult(DemoOptions options, Instant start, Instant end, List<CallId> offered,
    Map<CallId, List<CallOutcome>> outcomes, Map<String, Integer> eventCounts, int weightNotes,
    List<CallRecord> records, StatisticsReport report, Map<String, EstimateAccuracy> accuracy,
    List<String> anomalies, int lines) {

  DemoResult {
    offered = List.copyOf(offered);
    outcomes = Map.copyOf(outcomes);
    eventCounts = Map.copyOf(eventCounts);
    records = List.copyOf(records);
    accuracy = Map.copyOf(accuracy);
    anomalies = List.copyOf(anomalies);
  }

  /** How many events of this type the engine emitted. */
  int count(Class<? extends QueueEvent> type) {
    return eventCounts.getOrDefault(type.getSimpleName(), 0);
  }
}
