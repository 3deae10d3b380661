package io.callqueue.spi;

import io.callqueue.api.CallId;
import io.callqueue.api.CallQuery;
import io.callqueue.api.CallRecord;
import java.util.List;
import java.util.Optional;

/**
 * Keeps the call list (capability 20). queue-core has an in-memory store and a JDBC store
 * (H2, PostgreSQL); a host may plug in its own.
 *
 * <p>Stores may block and may fail: every method may throw (typically a
 * {@link CallRecordStoreException}). The engine never calls a store from its own thread: its
 * recorder writes through a buffered writer on another thread that retries failed saves with
 * backoff and logs what happened, so a failing store never stops call handling. Implementations
 * must be safe to call from several threads.
 */
public interface CallRecordStore extends AutoCloseable {

  /**
   * Inserts the record, or replaces the record with the same {@link CallRecord#callId()} (upsert):
   * a call is saved when the caller leaves the queue and saved again when it is completed.
   */
  void save(CallRecord record);

  /** The records matching the query, in {@code offeredAt} order (then call id). */
  List<CallRecord> query(CallQuery query);

  /** The record of one call. */
  Optional<CallRecord> find(CallId call);

  /** Releases what the store holds (connections, files); the default does nothing. */
  @Override
  default void close() {}
}
