package io.callqueue.core.records;

import static io.callqueue.core.records.Fixtures.ALICE;
import static io.callqueue.core.records.Fixtures.SALES;
import static io.callqueue.core.records.Fixtures.completed;
import static io.callqueue.core.records.Fixtures.id;
import static io.callqueue.core.records.Fixtures.joined;
import static io.callqueue.core.records.Fixtures.left;
import static io.callqueue.core.records.Fixtures.notQueued;
import static io.callqueue.core.records.Fixtures.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.callqueue.api.CallId;
import io.callqueue.api.CallOutcome;
import io.callqueue.api.CallQuery;
import io.callqueue.api.CallRecord;
import io.callqueue.api.InQueueRecord;
import io.callqueue.api.RecordId;
import io.callqueue.api.NotQueuedReason;
import io.callqueue.spi.CallRecordStore;
import io.callqueue.spi.CallRecordStoreException;
import io.callqueue.testkit.ManualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The recorder's writer against a store that fails: nothing lost, nothing thrown, retried. */
class ResilientWriterTest {
  private final ManualScheduler scheduler = new ManualScheduler();
  private final FlakyStore store = new FlakyStore();

  private CallRecorder recorder(int bufferLimit) {
    return CallRecorder.builder(store, scheduler).executor(Runnable::run)
        .bufferLimit(bufferLimit).retryBackoff(Duration.ofSeconds(1), Duration.ofSeconds(8))
        .build();
  }

  private static void offerRefused(CallRecorder r, int from, int count) {
    for (int i = from; i < from + count; i++) {
      r.onEvent(notQueued(i, "c" + i, SALES, NotQueuedReason.FULL));
    }
  }

  @Test
  void storeFailsThenRecovers_everyRecordIsSaved_failuresCounted() {
    CallRecorder recorder = recorder(1000);
    store.failNext(3);

    assertThatCode(() -> offerRefused(recorder, 0, 5)).doesNotThrowAnyException();
    assertThat(store.saved).isEmpty();
    assertThat(recorder.pendingWrites()).isEqualTo(5);
    assertThat(recorder.failedSaves()).isEqualTo(1);

    scheduler.advance(Duration.ofSeconds(1));
    assertThat(recorder.failedSaves()).isEqualTo(2);
    scheduler.advance(Duration.ofSeconds(2));
    assertThat(recorder.failedSaves()).isEqualTo(3);
    assertThat(store.saved).isEmpty();
    scheduler.advance(Duration.ofSeconds(4));

    assertThat(store.saved).hasSize(5);
    assertThat(recorder.pendingWrites()).isZero();
    assertThat(recorder.droppedRecords()).isZero();
    assertThat(scheduler.pendingTasks()).isZero();
  }

  @Test
  void retryDelay_doublesUpToTheMaximum_andResetsAfterSuccess() {
    CallRecorder recorder = recorder(1000);
    store.failNext(6);
    offerRefused(recorder, 0, 1);

    List<Duration> delays = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      Instant now = scheduler.now();
      Instant due = scheduler.nextDue();
      delays.add(Duration.between(now, due));
      scheduler.advance(Duration.between(now, due));
    }
    assertThat(delays).containsExactly(s(1), s(2), s(4), s(8), s(8), s(8));
    assertThat(store.saved).hasSize(1);

    store.failNext(1);
    offerRefused(recorder, 1, 1);
    assertThat(Duration.between(scheduler.now(), scheduler.nextDue())).isEqualTo(s(1));
  }

  @Test
  void newerVersionArrivesWhileFailing_onlyTheNewestIsSaved() {
    CallRecorder recorder = recorder(1000);
    store.failNext(1);
    recorder.onEvent(joined(0, "c1", SALES, "+48111", 1));
    recorder.onEvent(left(10, "c1", SALES, CallOutcome.ANSWERED, ALICE, 10, 1));
    recorder.onEvent(completed(70, "c1", SALES, ALICE, 60));
    assertThat(recorder.pendingWrites()).isEqualTo(1);

    scheduler.advance(Duration.ofSeconds(1));

    assertThat(store.saved).hasSize(1);
    assertThat(store.saved.get(0).talkTime()).isEqualTo(s(60));
  }

  @Test
  void callerLeavesBeforeTheJoinCouldBeSaved_oneSave_andNoInQueueRecordLeft() {
    CallRecorder recorder = recorder(1000);
    store.failNext(1);
    recorder.onEvent(joined(0, "c1", SALES, "+48111", 1));
    assertThat(recorder.failedSaves()).as("the in-queue record's save").isOne();
    recorder.onEvent(left(10, "c1", SALES, CallOutcome.ABANDONED, null, 10, 1));
    recorder.onEvent(joined(20, "c2", SALES, "+48222", 1));
    assertThat(recorder.pendingWrites()).isEqualTo(2);

    scheduler.advance(Duration.ofSeconds(1));

    assertThat(store.saved).extracting(r -> r.callId().value()).containsExactly("c1");
    assertThat(store.inQueue).extracting(r -> r.callId().value()).containsExactly("c2");
    assertThat(recorder.savedRecords()).isEqualTo(2);
  }

  @Test
  void bufferFull_dropsTheOldestRecords_andCountsThem() {
    CallRecorder recorder = recorder(3);
    store.failNext(1000);
    offerRefused(recorder, 0, 5);

    assertThat(recorder.pendingWrites()).isEqualTo(3);
    assertThat(recorder.droppedRecords()).isEqualTo(2);

    store.failNext(0);
    scheduler.advance(Duration.ofMinutes(1));
    assertThat(store.saved).extracting(r -> r.callId().value())
        .containsExactlyInAnyOrder("c2", "c3", "c4");
  }

  @Test
  void recordTheStoreAlwaysRejects_isGivenUpWhileOthersAreSaved() {
    CallRecorder recorder = recorder(1000);
    store.poison.add(id("c1"));
    for (int i = 0; i < 10; i++) {
      offerRefused(recorder, i, 1);
      scheduler.advance(Duration.ofSeconds(10));
    }

    assertThat(store.saved).extracting(r -> r.callId().value()).doesNotContain("c1")
        .hasSize(9);
    assertThat(recorder.droppedRecords()).isEqualTo(1);
    assertThat(recorder.pendingWrites()).isZero();
  }

  @Test
  void flush_whileStoreFails_reportsUnsaved_thenSavesAllOnceItWorks() {
    CallRecorder recorder = recorder(1000);
    store.failNext(1000);
    offerRefused(recorder, 0, 4);

    assertThat(recorder.flush()).isEqualTo(4);

    store.failNext(0);
    assertThat(recorder.flush()).isZero();
    assertThat(store.saved).hasSize(4);
    assertThat(scheduler.pendingTasks()).isZero();
  }

  /** Fails the next n saves, and always for poisoned calls; remembers the rest. */
  private static final class FlakyStore implements CallRecordStore {
    final List<CallRecord> saved = new ArrayList<>();
    final List<InQueueRecord> inQueue = new ArrayList<>();
    final Set<CallId> poison = new java.util.HashSet<>();
    private int failures;

    void failNext(int n) {
      failures = n;
    }

    @Override
    public void save(CallRecord record) {
      if (failures > 0) {
        failures--;
        throw new CallRecordStoreException("database is down");
      }
      if (poison.contains(record.callId())) {
        throw new CallRecordStoreException("value too long for column caller_number");
      }
      saved.removeIf(r -> r.recordId().equals(record.recordId()));
      saved.add(record);
      inQueue.removeIf(r -> r.recordId().equals(record.recordId()));
    }

    @Override
    public void saveInQueue(InQueueRecord record) {
      if (failures > 0) {
        failures--;
        throw new CallRecordStoreException("database is down");
      }
      inQueue.add(record);
    }

    @Override
    public List<CallRecord> query(CallQuery query) {
      return List.copyOf(saved);
    }

    @Override
    public Optional<CallRecord> find(RecordId record) {
      return saved.stream().filter(r -> r.recordId().equals(record)).findFirst();
    }

    @Override
    public List<CallRecord> findByCall(CallId call) {
      return saved.stream().filter(r -> r.callId().equals(call)).toList();
    }
  }
}
