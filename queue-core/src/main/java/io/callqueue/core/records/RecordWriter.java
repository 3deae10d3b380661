package io.callqueue.core.records;

import io.callqueue.api.CallRecord;
import io.callqueue.api.InQueueRecord;
import io.callqueue.api.RecordId;
import io.callqueue.spi.CallRecordStore;
import io.callqueue.spi.Scheduler;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes call records to a store that may be slow or failing, without ever blocking or failing
 * the engine.
 *
 * <p>Design: {@link #submit(CallRecord)} puts the record in a bounded buffer keyed by record id, in arrival
 * order; a newer version of a buffered record replaces the older in place (saves are upserts, so
 * only the newest version matters). A caller's {@link InQueueRecord} and its call record share the
 * record id, so a caller who leaves before the in-queue record was saved costs one save, not two;
 * an in-queue record never replaces a buffered call record. A drain task on the
 * {@code executor} saves buffered records oldest first. When a save throws, the record goes to the back of the buffer, the failure is
 * logged and the drain is retried on the {@link Scheduler} after a backoff that doubles up to a
 * maximum (reset by the next success). A record that keeps failing while the store saves others
 * (a "poison" record, e.g. one a database constraint rejects) is given up after
 * {@value #POISON_STRIKES} such failures and logged whole at ERROR; failures during an outage never
 * count against a record. When the buffer is full the oldest record is dropped and logged at ERROR.
 * Cost: O(1) per submit; one store call per save.
 *
 * <p>Threading: {@link #submit} may be called from any thread (the recorder calls it from the
 * engine's thread); saves run one at a time (on the executor, or on the caller of {@link #flush}).
 */
final class RecordWriter {
  static final int POISON_STRIKES = 3;
  private static final Logger LOG = LoggerFactory.getLogger(RecordWriter.class);
  private static final int DROP_LOG_FIRST = 10;
  private static final int DROP_LOG_EVERY = 1000;

  private final CallRecordStore store;
  private final Scheduler scheduler;
  private final Executor executor;
  private final int limit;
  private final Duration initialBackoff;
  private final Duration maxBackoff;

  private final Object lock = new Object();
  private final ReentrantLock saving = new ReentrantLock();
  private final LinkedHashMap<RecordId, Pending> buffer = new LinkedHashMap<>();
  // guarded by lock
  private boolean drainScheduled;
  private Scheduler.Cancellable retry;
  private Duration backoff;
  private long successes;
  private long failures;
  private int failureStreak;
  private long dropped;
  private String lastFailure;

  RecordWriter(CallRecordStore store, Scheduler scheduler, Executor executor, int limit,
      Duration initialBackoff, Duration maxBackoff) {
    if (limit <= 0 || initialBackoff.isNegative() || initialBackoff.isZero()
        || maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("record writer: buffer limit must be > 0 (was " + limit
          + ") and 0 < initialBackoff <= maxBackoff (were " + initialBackoff + ", " + maxBackoff
          + ")");
    }
    this.store = store;
    this.scheduler = scheduler;
    this.executor = executor;
    this.limit = limit;
    this.initialBackoff = initialBackoff;
    this.maxBackoff = maxBackoff;
    this.backoff = initialBackoff;
  }

  /** Buffers a record for saving and makes sure a drain will run. Never blocks on the store. */
  void submit(CallRecord record) {
    submit(new Final(record));
  }

  /** Buffers an in-queue record (see {@link #submit(CallRecord)}). */
  void submit(InQueueRecord record) {
    submit(new Waiting(record));
  }

  private void submit(Entry record) {
    boolean startDrain;
    synchronized (lock) {
      Pending present = buffer.get(record.recordId());
      if (present != null && record instanceof Waiting && present.record instanceof Final) {
        return; // the caller already left: the call record is newer
      }
      if (present != null) {
        present.record = record;
        present.strikes = 0;
        present.successMark = successes;
      } else {
        if (buffer.size() >= limit) {
          dropEldest();
        }
        buffer.put(record.recordId(), new Pending(record, successes));
      }
      startDrain = !drainScheduled;
      drainScheduled = true;
    }
    if (startDrain) {
      execute();
    }
  }

  /**
   * Saves every buffered record now, on the calling thread, stopping at the first failure (then
   * the rest stay buffered and a retry is scheduled). For shutdown.
   *
   * @return how many records are still unsaved
   */
  int flush() {
    Scheduler.Cancellable pendingRetry;
    synchronized (lock) {
      pendingRetry = retry;
      retry = null;
    }
    if (pendingRetry != null) {
      pendingRetry.cancel();
    }
    saving.lock();
    try {
      while (true) {
        Pending next = oldest();
        if (next == null) {
          return 0;
        }
        if (!save(next)) {
          int left;
          synchronized (lock) {
            left = buffer.size();
            scheduleRetry();
          }
          LOG.error("could not flush the call list: {} call record(s) are still unsaved ({})",
              left, lastFailure());
          return left;
        }
      }
    } finally {
      saving.unlock();
    }
  }

  int pending() {
    synchronized (lock) {
      return buffer.size();
    }
  }

  long dropped() {
    synchronized (lock) {
      return dropped;
    }
  }

  long failures() {
    synchronized (lock) {
      return failures;
    }
  }

  long saved() {
    synchronized (lock) {
      return successes;
    }
  }

  String lastFailure() {
    synchronized (lock) {
      return lastFailure;
    }
  }

  private void execute() {
    try {
      executor.execute(this::drain);
    } catch (RejectedExecutionException e) {
      synchronized (lock) {
        drainScheduled = false;
      }
      LOG.warn("call record writer is shut down; {} record(s) stay buffered until flush()",
          pending());
    }
  }

  private void drain() {
    saving.lock();
    try {
      while (true) {
        Pending next = oldest();
        if (next == null) {
          return;
        }
        if (!save(next)) {
          synchronized (lock) {
            scheduleRetry();
          }
          return;
        }
      }
    } finally {
      saving.unlock();
    }
  }

  /** The oldest buffered record, or null (then no drain is considered scheduled). */
  private Pending oldest() {
    synchronized (lock) {
      Iterator<Pending> it = buffer.values().iterator();
      if (!it.hasNext()) {
        drainScheduled = retry != null;
        return null;
      }
      Pending p = it.next();
      p.inFlight = p.record;
      return p;
    }
  }

  /** Saves one record (caller holds {@code saving}); true on success. */
  private boolean save(Pending p) {
    Entry record = p.inFlight;
    try {
      record.saveTo(store);
    } catch (RuntimeException e) {
      onFailure(p, record, e);
      return false;
    }
    synchronized (lock) {
      successes++;
      if (buffer.get(record.recordId()) == p && p.record == record) {
        buffer.remove(record.recordId());
      }
      if (failureStreak > 0) {
        LOG.info("call record store works again after {} failed save(s); {} record(s) buffered",
            failureStreak, buffer.size());
        failureStreak = 0;
        backoff = initialBackoff;
      }
    }
    return true;
  }

  private void onFailure(Pending p, Entry record, RuntimeException e) {
    synchronized (lock) {
      failures++;
      failureStreak++;
      lastFailure = e.toString();
      boolean storeWorksForOthers = successes > p.successMark;
      p.successMark = successes;
      if (p.record == record && storeWorksForOthers && ++p.strikes >= POISON_STRIKES) {
        buffer.remove(record.recordId());
        dropped++;
        LOG.error("call record store rejected record {} {} times while saving other records;"
            + " giving it up: {}", record.recordId(), p.strikes, record, e);
        return;
      }
      // to the back, so one bad record does not hold up the others
      if (buffer.remove(record.recordId()) != null) {
        buffer.put(record.recordId(), p);
      }
      if (failureStreak == 1) {
        LOG.warn("call record store failed to save {}; {} record(s) buffered, retrying in {}",
            record.describe(), buffer.size(), backoff, e);
      } else {
        LOG.warn("call record store still failing ({} failed saves in a row): {}; {} record(s)"
            + " buffered, retrying in {}", failureStreak, e.toString(), buffer.size(), backoff);
      }
    }
  }

  /** Caller holds {@code lock}. */
  private void scheduleRetry() {
    if (retry != null) {
      return;
    }
    drainScheduled = true;
    Duration delay = backoff;
    Duration doubled = backoff.multipliedBy(2);
    backoff = doubled.compareTo(maxBackoff) > 0 ? maxBackoff : doubled;
    retry = scheduler.schedule(delay, () -> {
      synchronized (lock) {
        retry = null;
      }
      execute();
    });
  }

  /** Caller holds {@code lock}. */
  private void dropEldest() {
    Iterator<Map.Entry<RecordId, Pending>> it = buffer.entrySet().iterator();
    Entry r = it.next().getValue().record;
    it.remove();
    dropped++;
    if (dropped <= DROP_LOG_FIRST || dropped % DROP_LOG_EVERY == 0) {
      LOG.error("call record buffer is full ({} records, store failing: {}): dropped {}; {}"
          + " record(s) dropped so far", limit, lastFailure, r.describe(), dropped);
    }
  }

  private static final class Pending {
    Entry record;
    Entry inFlight;
    int strikes;
    long successMark;

    Pending(Entry record, long successMark) {
      this.record = record;
      this.successMark = successMark;
    }
  }

  /** One buffered save: a call record, or the in-queue record it replaces later. */
  private sealed interface Entry permits Final, Waiting {
    RecordId recordId();

    void saveTo(CallRecordStore store);

    /** For the log: which call, where, how it stands. */
    String describe();
  }

  private record Final(CallRecord record) implements Entry {
    @Override
    public RecordId recordId() {
      return record.recordId();
    }

    @Override
    public void saveTo(CallRecordStore store) {
      store.save(record);
    }

    @Override
    public String describe() {
      return "the record of call " + record.callId() + " (queue " + record.queue() + ", "
          + record.outcome() + ", left at " + record.leftAt() + ")";
    }
  }

  private record Waiting(InQueueRecord record) implements Entry {
    @Override
    public RecordId recordId() {
      return record.recordId();
    }

    @Override
    public void saveTo(CallRecordStore store) {
      store.saveInQueue(record);
    }

    @Override
    public String describe() {
      return "the in-queue record of call " + record.callId() + " (queue " + record.queue()
          + ", joined at " + record.joinedAt() + ")";
    }
  }
}
