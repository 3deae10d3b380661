package io.callqueue.core.records;

import static io.callqueue.core.records.Fixtures.ALICE;
import static io.callqueue.core.records.Fixtures.BOB;
import static io.callqueue.core.records.Fixtures.CAROL;
import static io.callqueue.core.records.Fixtures.SALES;
import static io.callqueue.core.records.Fixtures.SUPPORT;
import static io.callqueue.core.records.Fixtures.attempt;
import static io.callqueue.core.records.Fixtures.id;
import static io.callqueue.core.records.Fixtures.record;
import static io.callqueue.core.records.Fixtures.rid;
import static io.callqueue.core.records.Fixtures.s;
import static io.callqueue.core.records.Fixtures.t;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callqueue.api.AgentAttempt;
import io.callqueue.api.AgentAttempt.Result;
import io.callqueue.api.CallOutcome;
import io.callqueue.api.CallQuery;
import io.callqueue.api.CallRecord;
import io.callqueue.api.EstimateErrorSums;
import io.callqueue.api.InQueueRecord;
import io.callqueue.api.NotQueuedReason;
import io.callqueue.api.RecordId;
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
  static final CallRecord REFUSED = CallRecord.notQueued(rid("a3"), id("a3"), SUPPORT, "", t(120),
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
      assertThat(store.find(r.recordId())).contains(r);
      assertThat(store.findByCall(r.callId())).containsExactly(r);
    }
    assertThat(store.find(rid("nope"))).isEmpty();
    assertThat(store.findByCall(id("nope"))).isEmpty();
  }

  @Test
  void sameCallIdTwice_keepsTwoRecords_eachReplacedOnlyByItsOwnId() {
    CallRecord first = record("dup", SALES, 0, CallOutcome.ANSWERED, 12, ALICE, 60L,
        List.of(attempt(ALICE, 1, 12, Result.ANSWERED)));
    CallRecord second = withRecordId(record("dup", SUPPORT, 300, CallOutcome.ABANDONED, 5, null,
        null, List.of(attempt(BOB, 301, 305, Result.CANCELLED))), rid("dup-again"));
    store.save(first);
    store.save(second);
    CallRecord secondLater = withRecordId(record("dup", SUPPORT, 300, CallOutcome.TIMEOUT, 9),
        second.recordId());
    store.save(secondLater);

    assertThat(store.findByCall(id("dup"))).containsExactly(first, secondLater);
    assertThat(store.find(first.recordId())).contains(first);
    assertThat(store.query(CallQuery.between(t(0), t(1000)))).containsExactly(first, secondLater);
  }

  @Test
  void inConversation_findsAnsweredAndStartedCallbacksWithNoEnd_only() {
    saveAll();
    CallRecord talking = record("talk", SALES, 500, CallOutcome.ANSWERED, 3, ALICE, null,
        List.of(attempt(ALICE, 501, 503, Result.ANSWERED)));
    CallRecord callingBack = record("cb", SALES, 510, CallOutcome.CALLBACK, 20)
        .withCallback(new CallRecord.Callback(t(530), 1, s(20), true, t(600), BOB));
    CallRecord cutOff = record("cut", SALES, 520, CallOutcome.ANSWERED, 3, ALICE, null,
        List.of()).withInterruption(t(700));
    store.save(talking);
    store.save(callingBack);
    store.save(cutOff);

    assertThat(store.inConversation()).containsExactly(talking, callingBack);
    assertThat(store.find(cutOff.recordId())).contains(cutOff);
  }

  @Test
  void inQueueRecords_areKeptApartFromTheCallList_untilTheCallRecordOfTheirIdReplacesThem() {
    saveAll();
    InQueueRecord waiting = new InQueueRecord(rid("w1"), id("w1"), SALES, "+48777", t(500), 2);
    InQueueRecord earlier = new InQueueRecord(rid("w0"), id("w0"), SUPPORT, null, t(450), 1);
    store.saveInQueue(waiting);
    store.saveInQueue(earlier);

    assertThat(store.inQueue()).as("in join order").containsExactly(earlier, waiting);
    assertThat(store.query(CallQuery.between(t(0), t(1000)))).containsExactlyElementsOf(ALL);
    assertThat(store.query(CallQuery.between(t(0), t(1000)).withQueue(SALES)))
        .doesNotContainNull().noneMatch(r -> r.recordId().equals(waiting.recordId()));
    assertThat(store.find(waiting.recordId())).isEmpty();
    assertThat(store.findByCall(waiting.callId())).isEmpty();
    assertThat(store.inConversation()).isEmpty();

    CallRecord left = record("w1", SALES, 500, CallOutcome.ABANDONED, 20);
    store.save(left);

    assertThat(store.inQueue()).containsExactly(earlier);
    assertThat(store.find(waiting.recordId())).contains(left);
    assertThat(store.findByCall(waiting.callId())).containsExactly(left);

    store.saveInQueue(waiting); // a late retry of the join's save
    assertThat(store.inQueue()).as("a finished record is never replaced").containsExactly(earlier);
    assertThat(store.find(waiting.recordId())).contains(left);
  }

  @Test
  void inQueueRecord_savedAgain_isUpdatedInPlace() {
    InQueueRecord first = new InQueueRecord(rid("w2"), id("w2"), SALES, "", t(10), 3);
    InQueueRecord again = new InQueueRecord(rid("w2"), id("w2"), SUPPORT, "+48555", t(12), 1);
    store.saveInQueue(first);
    store.saveInQueue(again);

    assertThat(store.inQueue()).containsExactly(again);
  }

  @Test
  void estimateErrors_theLastSavedAreReadWhole_replacingEarlierOnes() {
    assertThat(store.estimateErrors()).isEmpty();
    store.saveEstimateErrors(List.of(new EstimateErrorSums(SALES, "1", 3, 116.25, 30.5, -6.5, 0,
        0)));
    List<EstimateErrorSums> later = List.of(
        new EstimateErrorSums(SALES, "1", 4, 132.25, 34.5, -2.5, 1, 0),
        new EstimateErrorSums(SALES, ">10", 1, 0.015625, 0.125, -0.125, 2, 1),
        new EstimateErrorSums(SUPPORT, "2-3", 0, 0, 0, 0, 5, 5));

    store.saveEstimateErrors(later);

    assertThat(store.estimateErrors()).containsExactlyElementsOf(later);
    store.saveEstimateErrors(List.of());
    assertThat(store.estimateErrors()).isEmpty();
  }

  @Test
  void heartbeat_theLatestSavedIsRead() {
    store.saveHeartbeat(t(10));
    store.saveHeartbeat(t(70));

    assertThat(store.lastHeartbeat()).contains(t(70));
  }

  static CallRecord withRecordId(CallRecord r, RecordId id) {
    return new CallRecord(id, r.callId(), r.queue(), r.callerNumber(), r.offeredAt(),
        r.joinedAt(), r.positionOnEntry(), r.positionOnLeave(), r.attempts(), r.answeredAt(),
        r.agent(), r.leftAt(), r.completedAt(), r.interruptedAt(), r.outcome(),
        r.notQueuedReason(), r.waited(), r.talkTime(), r.voicemail(), r.callback());
  }

  @Test
  void saveAgain_replacesTheRecordAndItsAttempts() {
    CallRecord first = record("u1", SALES, 0, CallOutcome.ANSWERED, 12, ALICE, null,
        List.of(attempt(BOB, 1, 6, Result.NO_ANSWER), attempt(ALICE, 7, 12, Result.ANSWERED)));
    store.save(first);
    CallRecord completed = new CallRecord(first.recordId(), first.callId(), first.queue(),
        first.callerNumber(), first.offeredAt(), first.joinedAt(), first.positionOnEntry(),
        first.positionOnLeave(), List.of(attempt(ALICE, 7, 12, Result.ANSWERED)),
        first.answeredAt(), first.agent(), first.leftAt(), t(200), null, first.outcome(), null,
        first.waited(), s(188), null, null);
    store.save(completed);

    assertThat(store.find(first.recordId())).contains(completed);
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

  @Test
  void everyAttemptResult_isKept_includingUnconfirmed() {
    List<AgentAttempt> attempts = new java.util.ArrayList<>();
    long at = 301;
    for (Result result : Result.values()) {
      attempts.add(attempt(BOB, at, at + 2, result));
      at += 3;
    }
    CallRecord r = record("a9", SALES, 300, CallOutcome.ABANDONED, at - 300, null, null,
        attempts);
    store.save(r);

    assertThat(store.find(r.recordId())).contains(r);
    assertThat(store.find(r.recordId()).orElseThrow().attempts()).extracting(AgentAttempt::result)
        .contains(Result.UNCONFIRMED);
  }

  @Test
  void query_offsetAndLimit_pageThroughTheMatchesInOrder() {
    saveAll();
    CallQuery all = CallQuery.between(t(0), t(1000));

    assertThat(store.query(all.withOffset(1).withLimit(2))).containsExactly(ABANDONED, REFUSED);
    assertThat(store.query(all.withOffset(4).withLimit(2))).containsExactly(CALLBACK);
    assertThat(store.query(all.withOffset(5).withLimit(2))).isEmpty();
    assertThat(store.query(all.withOffset(3))).containsExactly(VOICEMAIL, CALLBACK);
    assertThat(store.query(all.withQueue(SUPPORT).withOffset(1)))
        .containsExactlyElementsOf(store.query(all.withQueue(SUPPORT)).subList(1,
            store.query(all.withQueue(SUPPORT)).size()));
  }

  @Test
  void query_negativeOffset_isRefusedNamingIt() {
    assertThatThrownBy(() -> CallQuery.between(t(0), t(1)).withOffset(-1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("offset must be >= 0");
  }
}
