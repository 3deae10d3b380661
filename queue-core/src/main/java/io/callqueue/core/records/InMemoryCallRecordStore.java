package io.callqueue.core.records;

import io.callqueue.api.CallId;
import io.callqueue.api.CallQuery;
import io.callqueue.api.CallRecord;
import io.callqueue.api.EstimateErrorSums;
import io.callqueue.api.InQueueRecord;
import io.callqueue.api.RecordId;
import io.callqueue.spi.CallRecordStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link CallRecordStore} in memory: for tests, the simulator and demos. Records are lost when
 * the process ends. A query scans every record: O(n log n) for n stored records. In-queue records
 * are kept in a map of their own, which a save of the same record id empties.
 *
 * <p>Thread-safe (every method locks the store).
 */
public final class InMemoryCallRecordStore implements CallRecordStore {
  static final Comparator<CallRecord> ORDER = Comparator.comparing(CallRecord::offeredAt)
      .thenComparing(CallRecord::callId).thenComparing(CallRecord::recordId);

  private final Map<RecordId, CallRecord> records = new HashMap<>();
  private final Map<RecordId, InQueueRecord> waiting = new HashMap<>();
  private Instant heartbeat;
  private List<EstimateErrorSums> estimateErrors = List.of();

  @Override
  public synchronized void save(CallRecord record) {
    records.put(record.recordId(), record);
    waiting.remove(record.recordId());
  }

  @Override
  public synchronized void saveInQueue(InQueueRecord record) {
    if (!records.containsKey(record.recordId())) {
      waiting.put(record.recordId(), record);
    }
  }

  @Override
  public synchronized List<InQueueRecord> inQueue() {
    List<InQueueRecord> out = new ArrayList<>(waiting.values());
    out.sort(Comparator.comparing(InQueueRecord::joinedAt)
        .thenComparing(InQueueRecord::recordId));
    return out;
  }

  @Override
  public synchronized List<CallRecord> query(CallQuery query) {
    List<CallRecord> out = new ArrayList<>();
    for (CallRecord r : records.values()) {
      if (query.matches(r)) {
        out.add(r);
      }
    }
    out.sort(ORDER);
    int from = Math.min(out.size(), query.offset());
    int to = (int) Math.min(out.size(), (long) from + query.limit());
    return from == 0 && to == out.size() ? out : List.copyOf(out.subList(from, to));
  }

  @Override
  public synchronized Optional<CallRecord> find(RecordId record) {
    return Optional.ofNullable(records.get(record));
  }

  @Override
  public synchronized List<CallRecord> findByCall(CallId call) {
    List<CallRecord> out = new ArrayList<>();
    for (CallRecord r : records.values()) {
      if (r.callId().equals(call)) {
        out.add(r);
      }
    }
    out.sort(ORDER);
    return out;
  }

  @Override
  public synchronized void saveHeartbeat(Instant at) {
    heartbeat = at;
  }

  @Override
  public synchronized Optional<Instant> lastHeartbeat() {
    return Optional.ofNullable(heartbeat);
  }

  @Override
  public synchronized void saveEstimateErrors(List<EstimateErrorSums> sums) {
    estimateErrors = List.copyOf(sums);
  }

  @Override
  public synchronized List<EstimateErrorSums> estimateErrors() {
    return estimateErrors;
  }

  /** Every stored record, in offer order. */
  public synchronized List<CallRecord> all() {
    List<CallRecord> out = new ArrayList<>(records.values());
    out.sort(ORDER);
    return out;
  }

  /** How many records are stored. */
  public synchronized int size() {
    return records.size();
  }
}
