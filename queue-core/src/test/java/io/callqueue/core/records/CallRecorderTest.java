package io.callqueue.core.records;

import static io.callqueue.core.records.Fixtures.ALICE;
import static io.callqueue.core.records.Fixtures.BOB;
import static io.callqueue.core.records.Fixtures.CAROL;
import static io.callqueue.core.records.Fixtures.SALES;
import static io.callqueue.core.records.Fixtures.SUPPORT;
import static io.callqueue.core.records.Fixtures.T0;
import static io.callqueue.core.records.Fixtures.callbackRequested;
import static io.callqueue.core.records.Fixtures.callbackStarted;
import static io.callqueue.core.records.Fixtures.callbackUnreached;
import static io.callqueue.core.records.Fixtures.completed;
import static io.callqueue.core.records.Fixtures.id;
import static io.callqueue.core.records.Fixtures.joined;
import static io.callqueue.core.records.Fixtures.left;
import static io.callqueue.core.records.Fixtures.notQueued;
import static io.callqueue.core.records.Fixtures.ringEnded;
import static io.callqueue.core.records.Fixtures.rung;
import static io.callqueue.core.records.Fixtures.s;
import static io.callqueue.core.records.Fixtures.t;
import static io.callqueue.core.records.Fixtures.voicemailLeft;
import static org.assertj.core.api.Assertions.assertThat;

import io.callqueue.api.AgentAttempt;
import io.callqueue.api.AgentAttempt.Result;
import io.callqueue.api.AgentState;
import io.callqueue.api.CallOutcome;
import io.callqueue.api.CallRecord;
import io.callqueue.api.InQueueRecord;
import io.callqueue.api.NotQueuedReason;
import io.callqueue.api.PromptSequence;
import io.callqueue.api.QueueEvent;
import io.callqueue.api.QueueEvent.RingResult;
import io.callqueue.api.VoicemailMessage;
import io.callqueue.testkit.ManualScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CallRecorderTest {
  private final ManualScheduler scheduler = new ManualScheduler();
  private final InMemoryCallRecordStore store = new InMemoryCallRecordStore();
  private final CallRecorder recorder = CallRecorder.builder(store, scheduler)
      .executor(Runnable::run).build();

  private void feed(QueueEvent... events) {
    for (QueueEvent e : events) {
      recorder.onEvent(e);
    }
  }

  /** The one record of {@code call}. */
  private CallRecord stored(String call) {
    List<CallRecord> records = store.findByCall(id(call));
    assertThat(records).as("records of call %s", call).hasSize(1);
    return records.get(0);
  }

  @Test
  void answered_recordsAttemptsAgentAndWait_thenTalkTimeOnCompletion() {
    feed(joined(0, "c1", SALES, "+48111", 2),
        rung(5, "c1", SALES, ALICE, 1),
        ringEnded(20, "c1", SALES, ALICE, RingResult.NO_ANSWER),
        new QueueEvent.RetryScheduled(t(20), id("c1"), SALES, s(2)),
        rung(22, "c1", SALES, BOB, 2),
        left(30, "c1", SALES, CallOutcome.ANSWERED, BOB, 30, 1));

    CallRecord atLeave = stored("c1");
    assertThat(atLeave.outcome()).isEqualTo(CallOutcome.ANSWERED);
    assertThat(atLeave.callerNumber()).isEqualTo("+48111");
    assertThat(atLeave.offeredAt()).isEqualTo(T0);
    assertThat(atLeave.joinedAt()).isEqualTo(T0);
    assertThat(atLeave.positionOnEntry()).isEqualTo(2);
    assertThat(atLeave.positionOnLeave()).isEqualTo(1);
    assertThat(atLeave.answeredAt()).isEqualTo(t(30));
    assertThat(atLeave.agent()).isEqualTo(BOB);
    assertThat(atLeave.leftAt()).isEqualTo(t(30));
    assertThat(atLeave.waited()).isEqualTo(s(30));
    assertThat(atLeave.attempts()).containsExactly(
        new AgentAttempt(ALICE, t(5), t(20), Result.NO_ANSWER),
        new AgentAttempt(BOB, t(22), t(30), Result.ANSWERED));
    assertThat(atLeave.completed()).isFalse();
    assertThat(atLeave.talkTime()).isNull();
    assertThat(recorder.liveCalls()).isZero();
    assertThat(recorder.awaitingCompletion()).isEqualTo(1);

    feed(completed(150, "c1", SALES, BOB, 120));

    CallRecord done = stored("c1");
    assertThat(done.completedAt()).isEqualTo(t(150));
    assertThat(done.talkTime()).isEqualTo(s(120));
    assertThat(done.attempts()).isEqualTo(atLeave.attempts());
    assertThat(recorder.awaitingCompletion()).isZero();
    assertThat(recorder.savedRecords()).as("in queue at the join, at the leave, at the end")
        .isEqualTo(3);
    assertThat(store.inQueue()).isEmpty();
  }

  @Test
  void ringAll_ringStillOpenWhenAnotherAgentAnswers_isClosedAsCancelled() {
    feed(joined(0, "c1", SALES, "+48111", 1),
        rung(1, "c1", SALES, ALICE, 1),
        rung(1, "c1", SALES, BOB, 1),
        left(7, "c1", SALES, CallOutcome.ANSWERED, ALICE, 7, 1));

    assertThat(stored("c1").attempts()).containsExactly(
        new AgentAttempt(ALICE, t(1), t(7), Result.ANSWERED),
        new AgentAttempt(BOB, t(1), t(7), Result.CANCELLED));
  }

  @ParameterizedTest
  @EnumSource(value = CallOutcome.class, names = {"ABANDONED", "TIMEOUT", "LEFT_EMPTY"})
  void leftWithoutAgent_isFinalAtLeave_andStateIsDropped(CallOutcome outcome) {
    feed(joined(0, "c1", SALES, "+48111", 3),
        rung(10, "c1", SALES, CAROL, 1),
        new QueueEvent.PromptPlayed(t(12), id("c1"), SALES,
            new PromptSequence("en", List.of(PromptSequence.Prompt.of("queue-position")))),
        new QueueEvent.WaitEstimated(t(12), id("c1"), SALES, "history", 3, s(12), s(60)),
        left(40, "c1", SALES, outcome, null, 40, 2));

    CallRecord r = stored("c1");
    assertThat(r.outcome()).isEqualTo(outcome);
    assertThat(r.agent()).isNull();
    assertThat(r.answeredAt()).isNull();
    assertThat(r.waited()).isEqualTo(s(40));
    assertThat(r.positionOnEntry()).isEqualTo(3);
    assertThat(r.positionOnLeave()).isEqualTo(2);
    assertThat(r.attempts()).containsExactly(
        new AgentAttempt(CAROL, t(10), t(40), Result.CANCELLED));
    assertThat(recorder.liveCalls()).isZero();
    assertThat(recorder.awaitingCompletion()).isZero();
  }

  @ParameterizedTest
  @EnumSource(CallOutcome.class)
  void everyOutcome_getsOneRecordWithThatOutcome(CallOutcome outcome) {
    if (outcome == CallOutcome.NOT_QUEUED) {
      feed(notQueued(0, "c1", SALES, NotQueuedReason.NO_ACTIVE_AGENT));
    } else {
      feed(joined(0, "c1", SALES, "+48111", 1),
          left(30, "c1", SALES, outcome, outcome == CallOutcome.ANSWERED ? ALICE : null, 30, 1));
    }

    assertThat(store.all()).singleElement()
        .satisfies(r -> assertThat(r.outcome()).isEqualTo(outcome));
  }

  @Test
  void eventsThatAreNoPartOfTheCallList_changeNothing() {
    feed(joined(0, "c1", SALES, "+48111", 1),
        new QueueEvent.RetryScheduled(t(1), id("c1"), SALES, s(5)),
        new QueueEvent.PromptPlayed(t(2), id("c1"), SALES,
            new PromptSequence("en", List.of(PromptSequence.Prompt.of("queue-position")))),
        new QueueEvent.WaitEstimated(t(3), id("c1"), SALES, "default", 1, s(3), s(60)),
        new QueueEvent.AgentStateChanged(t(4), ALICE, AgentState.AVAILABLE, AgentState.PAUSED,
            "pause"));

    assertThat(recorder.savedRecords()).as("only the in-queue record of the join").isOne();
    assertThat(store.all()).isEmpty();
    assertThat(store.inQueue()).extracting(InQueueRecord::callId).containsExactly(id("c1"));
    assertThat(recorder.liveCalls()).isEqualTo(1);
  }

  @Test
  void notQueued_isRecordedWithReasonAndNoJoin() {
    feed(notQueued(5, "c1", SUPPORT, NotQueuedReason.NO_ACTIVE_AGENT));

    CallRecord r = stored("c1");
    assertThat(r.outcome()).isEqualTo(CallOutcome.NOT_QUEUED);
    assertThat(r.notQueuedReason()).isEqualTo(NotQueuedReason.NO_ACTIVE_AGENT);
    assertThat(r.queue()).isEqualTo(SUPPORT);
    assertThat(r.offeredAt()).isEqualTo(t(5));
    assertThat(r.leftAt()).isEqualTo(t(5));
    assertThat(r.joinedAt()).isNull();
    assertThat(r.queued()).isFalse();
    assertThat(r.waited()).isEqualTo(Duration.ZERO);
    assertThat(r.attempts()).isEmpty();
    assertThat(recorder.awaitingCompletion()).isZero();
  }

  @Test
  void duplicateOffer_whileCallIsQueued_getsARecordOfItsOwn_andLeavesTheQueuedCallsAlone() {
    feed(joined(0, "c1", SALES, "+48111", 1),
        notQueued(3, "c1", SUPPORT, NotQueuedReason.DUPLICATE_CALL),
        left(9, "c1", SALES, CallOutcome.ABANDONED, null, 9, 1));

    List<CallRecord> records = store.findByCall(id("c1"));
    assertThat(records).extracting(CallRecord::outcome)
        .containsExactly(CallOutcome.ABANDONED, CallOutcome.NOT_QUEUED);
    assertThat(records.get(0).queue()).isEqualTo(SALES);
    assertThat(records.get(0).waited()).isEqualTo(s(9));
    assertThat(records.get(0).recordId()).isNotEqualTo(records.get(1).recordId());
  }

  @Test
  void joinedAgainWithoutLeaving_theUnrecordedVisitLeavesNoInQueueRecordBehind() {
    feed(joined(0, "c1", SALES, "+48111", 1),
        joined(5, "c1", SUPPORT, "+48111", 1),
        left(9, "c1", SUPPORT, CallOutcome.ABANDONED, null, 4, 1));

    assertThat(store.inQueue()).as("nothing for a later start to reconcile").isEmpty();
    assertThat(store.all()).singleElement()
        .satisfies(r -> assertThat(r.queue()).isEqualTo(SUPPORT));
  }

  @Test
  void sameCallIdOfferedAgainAfterTheFirstFinished_keepsTwoRecords_theFirstUnchanged() {
    feed(joined(0, "c1", SALES, "+48111", 1),
        rung(1, "c1", SALES, ALICE, 1),
        left(5, "c1", SALES, CallOutcome.ANSWERED, ALICE, 5, 1),
        completed(65, "c1", SALES, ALICE, 60));
    CallRecord first = stored("c1");

    // a peer restarts and numbers its calls from 1 again, or replays the id on purpose
    feed(joined(100, "c1", SUPPORT, "+48999", 1),
        rung(101, "c1", SUPPORT, BOB, 1),
        left(110, "c1", SUPPORT, CallOutcome.ANSWERED, BOB, 10, 1),
        completed(400, "c1", SUPPORT, BOB, 290),
        joined(500, "c1", SALES, "+48777", 1),
        left(530, "c1", SALES, CallOutcome.ABANDONED, null, 30, 1));

    List<CallRecord> records = store.findByCall(id("c1"));
    assertThat(records).hasSize(3);
    assertThat(records.get(0)).isEqualTo(first);
    assertThat(records.get(1).agent()).isEqualTo(BOB);
    assertThat(records.get(1).talkTime()).isEqualTo(s(290));
    assertThat(records.get(2).outcome()).isEqualTo(CallOutcome.ABANDONED);
    assertThat(records).extracting(CallRecord::recordId).doesNotHaveDuplicates();
  }

  @Test
  void sameCallIdWhileTheFirstWaitsForItsVoicemail_bothRecordsKept() {
    feed(joined(0, "c1", SALES, "+48111", 1),
        left(20, "c1", SALES, CallOutcome.VOICEMAIL, null, 20, 1),
        joined(25, "c1", SALES, "+48222", 1),
        left(30, "c1", SALES, CallOutcome.ABANDONED, null, 5, 1),
        voicemailLeft(60, "c1", SALES, "+48111", "vm/c1.wav", 35));

    List<CallRecord> records = store.findByCall(id("c1"));
    assertThat(records).extracting(CallRecord::outcome)
        .containsExactly(CallOutcome.VOICEMAIL, CallOutcome.ABANDONED);
    assertThat(records.get(0).voicemail()).isEqualTo(new VoicemailMessage("vm/c1.wav", s(35)));
    assertThat(records.get(1).callerNumber()).isEqualTo("+48222");
  }

  @Test
  void defaultRecordIds_differBetweenRecorders_andCountWithinOne() {
    CallRecorder other = CallRecorder.builder(store, scheduler).executor(Runnable::run).build();
    feed(notQueued(0, "c1", SALES, NotQueuedReason.FULL),
        notQueued(1, "c1", SALES, NotQueuedReason.FULL));
    other.onEvent(notQueued(2, "c1", SALES, NotQueuedReason.FULL));

    List<CallRecord> records = store.findByCall(id("c1"));
    assertThat(records).extracting(r -> r.recordId().value())
        .doesNotHaveDuplicates()
        .allMatch(v -> v.matches("[0-9a-f]{16}-[0-9]+"));
    assertThat(records.get(0).recordId().value()).endsWith("-1");
    assertThat(records.get(1).recordId().value()).endsWith("-2");
    assertThat(records.get(2).recordId().value()).endsWith("-1")
        .isNotEqualTo(records.get(0).recordId().value());
  }

  @Test
  void voicemail_isRecordedAtKeyPress_thenGetsTheRecording() {
    feed(joined(0, "c1", SALES, "+48111", 1),
        left(25, "c1", SALES, CallOutcome.VOICEMAIL, null, 25, 1));
    assertThat(stored("c1").voicemail()).isNull();
    assertThat(recorder.awaitingCompletion()).isEqualTo(1);

    feed(voicemailLeft(70, "c1", SALES, "+48111", "vm/c1.wav", 40));

    CallRecord r = stored("c1");
    assertThat(r.outcome()).isEqualTo(CallOutcome.VOICEMAIL);
    assertThat(r.voicemail()).isEqualTo(new VoicemailMessage("vm/c1.wav", s(40)));
    assertThat(r.waited()).isEqualTo(s(25));
    assertThat(recorder.awaitingCompletion()).isZero();
  }

  @Test
  void voicemailNeverRecorded_stateExpiresAfterRetention_recordStaysAsSaved() {
    feed(joined(0, "c1", SALES, "+48111", 1),
        left(25, "c1", SALES, CallOutcome.VOICEMAIL, null, 25, 1),
        notQueued(12 * 3600 + 26, "c2", SALES, NotQueuedReason.FULL));

    assertThat(recorder.awaitingCompletion()).isZero();
    assertThat(stored("c1").outcome()).isEqualTo(CallOutcome.VOICEMAIL);
    assertThat(stored("c1").voicemail()).isNull();
  }

  @Test
  void answeredNeverCompleted_isForgottenAfterRetention_lateCompletionIgnored() {
    feed(joined(0, "c1", SALES, "+48111", 1),
        left(5, "c1", SALES, CallOutcome.ANSWERED, ALICE, 5, 1),
        notQueued(13 * 3600, "c2", SALES, NotQueuedReason.FULL),
        completed(13 * 3600 + 1, "c1", SALES, ALICE, 60));

    assertThat(recorder.awaitingCompletion()).isZero();
    assertThat(stored("c1").talkTime()).isNull();
  }

  @Test
  void callback_withoutKeepingPlace_recordsRequestAndIsFinal() {
    feed(joined(0, "c1", SALES, "+48111", 4),
        callbackRequested(40, "c1", SALES, "+48111", 3, 40, false),
        left(40, "c1", SALES, CallOutcome.CALLBACK, null, 40, 3));

    CallRecord r = stored("c1");
    assertThat(r.outcome()).isEqualTo(CallOutcome.CALLBACK);
    assertThat(r.callback()).isEqualTo(
        new CallRecord.Callback(t(40), 3, s(40), false, null, null));
    assertThat(r.handledBy()).isEmpty();
    assertThat(recorder.awaitingCompletion()).isZero();
  }

  @Test
  void callback_keepingPlace_recordsStartAgentAndTalkOfTheCallback() {
    feed(joined(0, "c1", SALES, "+48111", 4),
        callbackRequested(40, "c1", SALES, "+48111", 3, 40, true),
        left(40, "c1", SALES, CallOutcome.CALLBACK, null, 40, 3));
    assertThat(recorder.awaitingCompletion()).isEqualTo(1);

    feed(callbackStarted(300, "c1", SALES, BOB, "+48111", 40));
    assertThat(stored("c1").callback().startedAt()).isEqualTo(t(300));

    feed(completed(420, "c1", SALES, BOB, 90));

    CallRecord r = stored("c1");
    assertThat(r.outcome()).isEqualTo(CallOutcome.CALLBACK);
    assertThat(r.callback()).isEqualTo(new CallRecord.Callback(t(40), 3, s(40), true, t(300), BOB));
    assertThat(r.agent()).isNull();
    assertThat(r.handledBy()).contains(BOB);
    assertThat(r.completedAt()).isEqualTo(t(420));
    assertThat(r.talkTime()).isEqualTo(s(90));
    assertThat(recorder.awaitingCompletion()).isZero();
  }

  /** c1 asks for a kept-place callback at 40 s; bob takes it at 300 s; no customer at 330 s. */
  private void bobDoesNotReachTheCustomerOfC1() {
    feed(joined(0, "c1", SALES, "+48111", 4),
        callbackRequested(40, "c1", SALES, "+48111", 3, 40, true),
        left(40, "c1", SALES, CallOutcome.CALLBACK, null, 40, 3),
        callbackStarted(300, "c1", SALES, BOB, "+48111", 40),
        callbackUnreached(330, "c1", SALES, BOB, 1, 120L));
  }

  @Test
  void callback_customerNotReached_retriedThenGivenUp_isRecordedUnreachedWithoutTalk() {
    bobDoesNotReachTheCustomerOfC1();
    assertThat(stored("c1").outcome()).as("with a retry left").isEqualTo(CallOutcome.CALLBACK);
    assertThat(recorder.awaitingCompletion()).isEqualTo(1);

    feed(callbackStarted(450, "c1", SALES, ALICE, "+48111", 40),
        callbackUnreached(480, "c1", SALES, ALICE, 2, null));

    CallRecord r = stored("c1");
    assertThat(r.outcome()).isEqualTo(CallOutcome.UNREACHED);
    assertThat(r.callback()).isEqualTo(
        new CallRecord.Callback(t(40), 3, s(40), true, t(450), ALICE));
    assertThat(r.completedAt()).isNull();
    assertThat(r.talkTime()).isNull();
    assertThat(recorder.awaitingCompletion()).isZero();
  }

  @Test
  void callback_reachedOnTheSecondAttempt_isACompletedCallback() {
    bobDoesNotReachTheCustomerOfC1();
    feed(callbackStarted(450, "c1", SALES, ALICE, "+48111", 40),
        completed(600, "c1", SALES, ALICE, 140));

    CallRecord r = stored("c1");
    assertThat(r.outcome()).isEqualTo(CallOutcome.CALLBACK);
    assertThat(r.handledBy()).contains(ALICE);
    assertThat(r.talkTime()).isEqualTo(s(140));
  }

  @Test
  void leftWithoutJoin_isStillRecordedFromTheLeaveEvent() {
    feed(left(50, "c9", SALES, CallOutcome.ABANDONED, null, 20, 2));

    CallRecord r = stored("c9");
    assertThat(r.joinedAt()).isEqualTo(t(30));
    assertThat(r.waited()).isEqualTo(s(20));
    assertThat(r.outcome()).isEqualTo(CallOutcome.ABANDONED);
  }

  @Test
  void manyCalls_stateStaysBounded_oneRecordPerCall() {
    List<QueueEvent> events = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      String call = "c" + i;
      events.add(joined(i, call, SALES, "+48" + i, 1));
      events.add(rung(i, call, SALES, ALICE, 1));
      events.add(left(i + 1, call, SALES, CallOutcome.ANSWERED, ALICE, 1, 1));
      events.add(completed(i + 2, call, SALES, ALICE, 1));
    }
    feed(events.toArray(QueueEvent[]::new));

    assertThat(store.size()).isEqualTo(500);
    assertThat(recorder.liveCalls()).isZero();
    assertThat(recorder.awaitingCompletion()).isZero();
    assertThat(store.all()).allSatisfy(r -> assertThat(r.talkTime()).isEqualTo(s(1)));
  }

  @Test
  void ownWriterThread_closeFlushesEverything() {
    InMemoryCallRecordStore target = new InMemoryCallRecordStore();
    CallRecorder threaded = CallRecorder.builder(target, scheduler).build();
    for (int i = 0; i < 200; i++) {
      threaded.onEvent(notQueued(i, "c" + i, SALES, NotQueuedReason.FULL));
    }
    threaded.close();

    assertThat(target.size()).isEqualTo(200);
    assertThat(threaded.pendingWrites()).isZero();
  }
}
