package io.callqueue.spi;

import io.callqueue.api.CallId;
import io.callqueue.api.CallQuery;
import io.callqueue.api.CallRecord;
import io.callqueue.api.EstimateErrorSums;
import io.callqueue.api.InQueueRecord;
import io.callqueue.api.RecordId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Keeps the call list (capability 20). queue-core has an in-memory store and a JDBC store
 * (H2, PostgreSQL); a host may plug in its own.
 *
 * <p>Records are keyed by {@link CallRecord#recordId()}, which the recorder assigns; the
 * {@link CallRecord#callId()} may repeat (peers reuse and replay call ids) and never selects the
 * record a save replaces.
 *
 * <p>Stores may block and may fail: every method may throw (typically a
 * {@link CallRecordStoreException}). The engine never calls a store from its own thread: its
 * recorder writes through a buffered writer on another thread that retries failed saves with
 * backoff and logs what happened, so a failing store never stops call handling. Implementations
 * must be safe to call from several threads.
 */
public interface CallRecordStore extends AutoCloseable {

  /**
   * Inserts the record, or replaces the record with the same {@link CallRecord#recordId()}
   * (upsert): a call is saved when the caller leaves the queue and saved again when it is
   * completed. It also replaces the {@linkplain #saveInQueue in-queue record} of the same id, if
   * the store keeps one: from then on {@link #inQueue()} no longer returns it.
   */
  void save(CallRecord record);

  /**
   * Keeps the record of a caller who joined a queue and has not left it yet, until a
   * {@link #save(CallRecord)} of the same record id replaces it; a record id that already has a
   * call record is left as it is (a finished record is never replaced by an in-queue one).
   * In-queue records are never returned by {@link #query}, {@link #find} or {@link #findByCall}.
   * The default forgets it: a store without it leaves callers who were waiting at a crash out of
   * the call list.
   */
  default void saveInQueue(InQueueRecord record) {}

  /**
   * The in-queue records not replaced yet, in {@code joinedAt} order (then record id). Read once
   * at start: each belongs to a caller who was waiting when a stopped run ended. The default
   * (a store that does not keep them) returns none.
   */
  default List<InQueueRecord> inQueue() {
    return List.of();
  }

  /** The records matching the query, in {@code offeredAt} order (then call id, then record id). */
  List<CallRecord> query(CallQuery query);

  /** One record. */
  Optional<CallRecord> find(RecordId record);

  /** Every record of a call id, in {@code offeredAt} order (then record id); usually one. */
  List<CallRecord> findByCall(CallId call);

  /**
   * The records whose conversation was going on when they were last saved
   * ({@link CallRecord#inConversation()}). Read once at start to find the calls a stopped run left
   * open. The default scans every record; a store with an index should do better.
   */
  default List<CallRecord> inConversation() {
    return query(CallQuery.between(Instant.EPOCH, Instant.ofEpochMilli(Long.MAX_VALUE))).stream()
        .filter(CallRecord::inConversation).toList();
  }

  /**
   * Remembers that the recorder was alive at {@code at}; the next run takes the latest of these as
   * the time a crash cut off the calls it finds open. The default forgets it.
   */
  default void saveHeartbeat(Instant at) {}

  /** The latest {@link #saveHeartbeat heartbeat} saved, if the store keeps them. */
  default Optional<Instant> lastHeartbeat() {
    return Optional.empty();
  }

  /**
   * Keeps the announced wait estimates' running error sums, replacing every sum saved before
   * (the caller saves them whole, with its heartbeat), so the next run continues them. The
   * default forgets them.
   */
  default void saveEstimateErrors(List<EstimateErrorSums> sums) {}

  /**
   * The estimate error sums last {@linkplain #saveEstimateErrors saved}, ordered by queue and band label; none
   * when the store does not keep them. Read once at start.
   */
  default List<EstimateErrorSums> estimateErrors() {
    return List.of();
  }

  /** Releases what the store holds (connections, files); the default does nothing. */
  @Override
  default void close() {}
}
