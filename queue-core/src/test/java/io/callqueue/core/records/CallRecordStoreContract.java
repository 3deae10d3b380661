package io.callqueue.core.records;

import static io.callqueue.core.records.Fixtures.ALICE;
import static io.callqueue.core.records.Fixtures.BOB;
import static io.callqueue.core.records.Fixtures.CAROL;
import static io.callqueue.core.records.Fixtures.SALES;
import static io.callqueue.core.records.Fixtures.SUPPORT;
import static io.callqueue.core.records.Fixtures.attempt;
import static io.callqueue.core.records.Fixtures.id;
import static io.callqueue.core.records.Fixtures.record;
import static io.callqueue.core.records.Fixtures.s;
import static io.callqueue.core.records.Fixtures.t;
import static org.assertj.core.api.Assertions.assertThat;

import io.callqueue.api.AgentAttempt.Result;
import io.callqueue.api.CallOutcome;
import io.callqueue.api.CallQuery;
import io.callqueue.api.CallRecord;
import io.callqueue.api.NotQueuedReason;
import io.callqueue.api.VoicemailMessage;
import io.callqueue.spi.CallRecordStore;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link CallRecordStore} does; one subclass per store. */
abstract class CallRecordStoreContract {
  /** Answered by alice after bob missed; completed. */
  static final CallRecord ANSWERED = record("a1", SALES, 0, CallOutcome.ANSWERED, 12, ALICE, 95L,
      List.of(attempt(BOB, 1, 6, Result.NO_ANSWER), attempt(ALICE, 7, 12, Result.ANSWERED)));
  static final CallRecord ABANDONED = record("a2", SALES, 60, CallOutcome.ABANDONED, 30, null,
      null, List.of(attempt(CAROL, 61, 90, Result.CANCELLED)));
  static final CallRecord REFUSED = CallRecord.notQueued(id("a3"), SUPPORT, "", t(120),
      NotQueuedReason.NO_ACTIVE_AGENT);
  static final CallRecord VOICEMAIL = record("a4", SUPPORT, 180, CallOutcome.VOICEMAIL, 40)
      .withVoicemail(new VoicemailMessage("file:///var/spool/vm/a4.wav", s(33)));
  /** A kept-place callback bob made. */
  static final CallRecord CALLBACK = record("a5", SALES, 240, CallOutcome.CALLBACK, 50)
      .withCallback(new CallRecord.Callback(t(290), 2, s(50), true, t(400), BOB))
      .withCompletion(t(460), s(60));

  static final List<CallRecord> ALL = List.of(ANSWERED, ABANDONED, REFUSED, VOICEMAIL, CALLBACK);

  CallRecordStore store;

  abstract CallRecordStore newStore();

  @BeforeEach
  void open() {
    store = newStore();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  void saveAll() {
    for (CallRecord r : ALL) {
      store.save(r);
    }
  }

  @Test
  void savedRecords_areFoundWhole() {
    saveAll();

    for (CallRecord r : ALL) {
      assertThat(store.find(r.callId())).contains(r);
    }
    assertThat(store.find(id("nope"))).isEmpty();
  }

  @Test
  void saveAgain_replacesTheRecordAndItsAttempts() {
    CallRecord first = record("u1", SALES, 0, CallOutcome.ANSWERED, 12, ALICE, null,
        List.of(attempt(BOB, 1, 6, Result.NO_ANSWER), attempt(ALICE, 7, 12, Result.ANSWERED)));
    store.save(first);
    CallRecord completed = new CallRecord(first.callId(), first.queue(), first.callerNumber(),
        first.offeredAt(), first.joinedAt(), first.positionOnEntry(), first.positionOnLeave(),
        List.of(attempt(ALICE, 7, 12, Result.ANSWERED)), first.answeredAt(), first.agent(),
        first.leftAt(), t(200), first.outcome(), null, first.waited(), s(188), null, null);
    store.save(completed);

    assertThat(store.find(first.callId())).contains(completed);
    assertThat(store.query(CallQuery.between(t(0), t(1)))).containsExactly(completed);
  }

  @Test
  void query_timeRangeIsHalfOpenOnOfferedAt_inOfferOrder() {
    saveAll();

    assertThat(store.query(CallQuery.between(t(0), t(1000))))
        .containsExactly(ANSWERED, ABANDONED, REFUSED, VOICEMAIL, CALLBACK);
    assertThat(store.query(CallQuery.between(t(60), t(180))))
        .containsExactly(ABANDONED, REFUSED);
    assertThat(store.query(CallQuery.between(t(61), t(61)))).isEmpty();
  }

  @Test
  void query_byQueue() {
    saveAll();

    assertThat(store.query(CallQuery.between(t(0), t(1000)).withQueue(SUPPORT)))
        .containsExactly(REFUSED, VOICEMAIL);
  }

  @Test
  void query_byAgent_matchesTheAnsweringOrCallingBackAgent() {
    saveAll();
    CallQuery all = CallQuery.between(t(0), t(1000));

    assertThat(store.query(all.withAgent(ALICE))).containsExactly(ANSWERED);
    assertThat(store.query(all.withAgent(BOB))).containsExactly(CALLBACK);
    assertThat(store.query(all.withAgent(CAROL))).isEmpty();
  }

  @Test
  void query_byOutcome_andCombined() {
    saveAll();
    CallQuery all = CallQuery.between(t(0), t(1000));

    assertThat(store.query(all.withOutcome(CallOutcome.NOT_QUEUED))).containsExactly(REFUSED);
    assertThat(store.query(all.withQueue(SALES).withOutcome(CallOutcome.VOICEMAIL))).isEmpty();
  }

  @Test
  void query_limit_returnsTheEarliest() {
    saveAll();

    assertThat(store.query(CallQuery.between(t(0), t(1000)).withLimit(2)))
        .containsExactly(ANSWERED, ABANDONED);
  }
}
