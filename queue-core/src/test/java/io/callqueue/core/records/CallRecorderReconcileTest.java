package io.callqueue.core.records;

import static io.callqueue.core.records.Fixtures.ALICE;
import static io.callqueue.core.records.Fixtures.BOB;
import static io.callqueue.core.records.Fixtures.SALES;
import static io.callqueue.core.records.Fixtures.callbackRequested;
import static io.callqueue.core.records.Fixtures.callbackStarted;
import static io.callqueue.core.records.Fixtures.completed;
import static io.callqueue.core.records.Fixtures.id;
import static io.callqueue.core.records.Fixtures.joined;
import static io.callqueue.core.records.Fixtures.left;
import static io.callqueue.core.records.Fixtures.rung;
import static io.callqueue.core.records.Fixtures.s;
import static io.callqueue.core.records.Fixtures.t;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callqueue.api.AgentConfig;
import io.callqueue.api.CallOutcome;
import io.callqueue.api.CallQuery;
import io.callqueue.api.CallRecord;
import io.callqueue.api.EstimateErrorSums;
import io.callqueue.api.Membership;
import io.callqueue.api.QueueConfig;
import io.callqueue.core.CallQueueEngine;
import io.callqueue.spi.CallRecordStore;
import io.callqueue.testkit.ManualScheduler;
import io.callqueue.testkit.sim.AgentBehaviour;
import io.callqueue.testkit.sim.CallerBehaviour;
import io.callqueue.testkit.sim.SimulatedTelephony;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A run that crashed during conversations, and the next run's start. */
class CallRecorderReconcileTest {
  private final ManualScheduler scheduler = new ManualScheduler();
  private final InMemoryCallRecordStore store = new InMemoryCallRecordStore();

  private CallRecorder recorder(CallRecordStore target, boolean heartbeat) {
    CallRecorder.Builder b = CallRecorder.builder(target, scheduler).executor(Runnable::run);
    if (heartbeat) {
      b.heartbeat(Duration.ofSeconds(30));
    }
    return b.build();
  }

  /**
   * c1 answered and still talking, c2 answered and finished, c3 a kept-place callback whose
   * conversation started; then the process dies at about t(400) (no close).
   */
  static void crashedRun(CallRecorder crashed, ManualScheduler scheduler) {
    crashed.onEvent(joined(0, "c1", SALES, "+48111", 1));
    crashed.onEvent(rung(1, "c1", SALES, ALICE, 1));
    crashed.onEvent(left(10, "c1", SALES, CallOutcome.ANSWERED, ALICE, 10, 1));
    crashed.onEvent(joined(20, "c2", SALES, "+48222", 1));
    crashed.onEvent(left(25, "c2", SALES, CallOutcome.ANSWERED, BOB, 5, 1));
    crashed.onEvent(completed(85, "c2", SALES, BOB, 60));
    crashed.onEvent(joined(30, "c3", SALES, "+48333", 1));
    crashed.onEvent(callbackRequested(40, "c3", SALES, "+48333", 1, 10, true));
    crashed.onEvent(left(40, "c3", SALES, CallOutcome.CALLBACK, null, 10, 1));
    crashed.onEvent(callbackStarted(300, "c3", SALES, BOB, "+48333", 40));
    scheduler.advance(Duration.ofSeconds(400));
  }

  static CallRecord only(CallRecordStore store, String call) {
    List<CallRecord> records = store.findByCall(id(call));
    assertThat(records).as("records of %s", call).hasSize(1);
    return records.get(0);
  }

  /** What a reconciled store says after {@link #crashedRun}; the last heartbeat was t(390). */
  static void assertReconciled(CallRecordStore store) {
    CallRecord c1 = only(store, "c1");
    assertThat(c1.interrupted()).isTrue();
    assertThat(c1.interruptedAt()).isEqualTo(t(390));
    assertThat(c1.outcome()).isEqualTo(CallOutcome.ANSWERED);
    assertThat(c1.agent()).isEqualTo(ALICE);
    assertThat(c1.completedAt()).isNull();
    assertThat(c1.talkTime()).isNull();
    assertThat(only(store, "c3").interruptedAt()).isEqualTo(t(390));
    assertThat(only(store, "c2").interrupted()).isFalse();
    assertThat(only(store, "c2").talkTime()).isEqualTo(s(60));
    assertThat(store.inConversation()).isEmpty();

    List<CallRecord> all = store.query(CallQuery.between(t(0), t(1000)));
    StatisticsReport report = new CallStatistics(Map.of()).report(all, t(0), t(1000));
    QueueStats sales = report.queues().get(SALES);
    assertThat(sales.offered()).isEqualTo(3);
    assertThat(sales.answered()).isEqualTo(2);
    assertThat(sales.callback()).isEqualTo(1);
    assertThat(sales.talkCount()).isEqualTo(1);
    assertThat(sales.averageTalk()).contains(s(60));
    assertThat(report.agents().get(ALICE).answered()).isEqualTo(1);
    assertThat(report.agents().get(ALICE).talkCount()).isZero();
  }

  @Test
  void crashedRun_openConversationsAreMarkedInterruptedAtTheLastHeartbeat_onTheNextStart() {
    crashedRun(recorder(store, true), scheduler);
    assertThat(store.lastHeartbeat()).contains(t(390));

    CallRecorder next = recorder(store, true);

    assertThat(next.reconcile()).isEqualTo(2);
    assertReconciled(store);
    assertThat(recorder(store, true).reconcile()).as("a second start finds nothing").isZero();
  }

  /**
   * w1 and w2 still waiting (w1 being rung), "gone" abandoned; then the process dies at about
   * t(100), last heartbeat t(90): no leave, no close.
   */
  static void crashedWhileCallersWait(CallRecorder crashed, ManualScheduler scheduler) {
    crashed.onEvent(joined(0, "w1", SALES, "+48111", 1));
    crashed.onEvent(rung(5, "w1", SALES, ALICE, 1));
    crashed.onEvent(joined(20, "w2", SALES, "+48222", 2));
    crashed.onEvent(joined(30, "gone", SALES, "+48333", 3));
    crashed.onEvent(left(50, "gone", SALES, CallOutcome.ABANDONED, null, 20, 3));
    scheduler.advance(Duration.ofSeconds(100));
  }

  /** What a reconciled store says after {@link #crashedWhileCallersWait}. */
  static void assertWaitingReconciled(CallRecordStore store) {
    CallRecord w1 = only(store, "w1");
    assertThat(w1.outcome()).isEqualTo(CallOutcome.ABANDONED);
    assertThat(w1.interruptedAt()).isEqualTo(t(90));
    assertThat(w1.leftAt()).isEqualTo(t(90));
    assertThat(w1.joinedAt()).isEqualTo(t(0));
    assertThat(w1.waited()).isEqualTo(s(90));
    assertThat(w1.callerNumber()).isEqualTo("+48111");
    assertThat(w1.positionOnEntry()).isEqualTo(1);
    assertThat(w1.agent()).isNull();
    assertThat(w1.attempts()).as("rings while waiting are not saved").isEmpty();
    CallRecord w2 = only(store, "w2");
    assertThat(w2.interruptedAt()).isEqualTo(t(90));
    assertThat(w2.waited()).isEqualTo(s(70));
    assertThat(w2.positionOnEntry()).isEqualTo(2);
    assertThat(only(store, "gone").interrupted()).isFalse();
    assertThat(only(store, "gone").waited()).isEqualTo(s(20));
    assertThat(store.inQueue()).isEmpty();

    List<CallRecord> all = store.query(CallQuery.between(t(0), t(1000)));
    QueueStats sales = new CallStatistics(Map.of()).report(all, t(0), t(1000)).queues()
        .get(SALES);
    assertThat(sales.offered()).isEqualTo(3);
    assertThat(sales.abandoned()).isEqualTo(3);
    assertThat(sales.answered()).isZero();
  }

  @Test
  void crashedRun_callersStillWaiting_areRecordedAbandonedAndInterrupted_onTheNextStart() {
    crashedWhileCallersWait(recorder(store, true), scheduler);
    assertThat(store.query(CallQuery.between(t(0), t(1000)))).as("before the next start")
        .extracting(CallRecord::callId).containsExactly(id("gone"));

    assertThat(recorder(store, true).reconcile()).isEqualTo(2);

    assertWaitingReconciled(store);
    assertThat(recorder(store, true).reconcile()).as("a second start finds nothing").isZero();
  }

  @Test
  void realEngine_killedWithCallersWaiting_nextStartRecordsThemAbandonedAndInterrupted() {
    SimulatedTelephony phones = new SimulatedTelephony(scheduler);
    CallQueueEngine engine = CallQueueEngine.builder().telephony(phones).scheduler(scheduler)
        .executor(Runnable::run).build();
    phones.attach(engine);
    engine.addQueue(QueueConfig.builder("sales").build());
    engine.addAgent(AgentConfig.sip("alice", "alice"));
    engine.addMembership(Membership.of(SALES, ALICE));
    phones.agent(ALICE, AgentBehaviour.answerAfter(Duration.ofSeconds(2)).talksUntilHungUp());
    phones.registerSip("alice");
    engine.addListener(recorder(store, true));
    for (String call : List.of("talking", "waiting1", "waiting2")) {
      phones.placeCall(id(call), SALES, "+48" + call.length(), CallerBehaviour.patient());
      scheduler.advance(Duration.ofSeconds(10));
    }
    scheduler.advance(Duration.ofSeconds(35)); // last heartbeat t(60); killed at t(65)

    assertThat(recorder(store, true).reconcile()).isEqualTo(3);

    assertThat(only(store, "talking").interruptedAt()).isEqualTo(t(60));
    assertThat(only(store, "talking").outcome()).isEqualTo(CallOutcome.ANSWERED);
    for (String call : List.of("waiting1", "waiting2")) {
      CallRecord r = only(store, call);
      assertThat(r.outcome()).as(call).isEqualTo(CallOutcome.ABANDONED);
      assertThat(r.interruptedAt()).as(call).isEqualTo(t(60));
    }
    assertThat(only(store, "waiting1").waited()).isEqualTo(s(50));
    assertThat(store.inQueue()).isEmpty();
  }

  @Test
  void crashedRun_waitingWithoutHeartbeat_isInterruptedAtItsJoin() {
    crashedWhileCallersWait(recorder(store, false), scheduler);

    assertThat(recorder(store, false).reconcile()).isEqualTo(2);

    assertThat(only(store, "w2").interruptedAt()).isEqualTo(t(20));
    assertThat(only(store, "w2").waited()).isZero();
  }

  @Test
  void withoutHeartbeat_eachCallIsInterruptedAtItsOwnLastEvent() {
    crashedRun(recorder(store, false), scheduler);

    assertThat(recorder(store, false).reconcile()).isEqualTo(2);

    assertThat(only(store, "c1").interruptedAt()).isEqualTo(t(10));
    assertThat(only(store, "c3").interruptedAt()).isEqualTo(t(300));
  }

  @Test
  void cleanClose_savesALastHeartbeat() {
    CallRecorder r = recorder(store, true);
    r.onEvent(joined(0, "c1", SALES, "+48111", 1));
    scheduler.advance(Duration.ofSeconds(45));

    r.close();

    assertThat(store.lastHeartbeat()).contains(t(45));
    assertThat(scheduler.pendingTasks()).isZero();
  }

  @Test
  void heartbeat_isDatedByTheSchedulersClock_inVirtualTime() {
    scheduler.advance(Duration.ofHours(2));
    CallRecorder r = recorder(store, true);
    r.onEvent(joined(7200, "c1", SALES, "+48111", 1));

    scheduler.advance(Duration.ofSeconds(30));

    assertThat(store.lastHeartbeat()).as("one period after the first event, on the scheduler")
        .contains(scheduler.clock().instant()).contains(t(7230));
  }

  @Test
  void estimateErrors_areSavedWithEveryHeartbeat_andAtClose() {
    List<EstimateErrorSums> current = new java.util.ArrayList<>(List.of(
        new EstimateErrorSums(SALES, "1", 1, 100, 10, 10, 0, 0)));
    CallRecorder r = CallRecorder.builder(store, scheduler).executor(Runnable::run)
        .heartbeat(Duration.ofSeconds(30)).estimateErrors(() -> List.copyOf(current)).build();
    r.onEvent(joined(0, "c1", SALES, "+48111", 1));
    assertThat(store.estimateErrors()).as("before the first beat").isEmpty();

    scheduler.advance(Duration.ofSeconds(30));
    assertThat(store.estimateErrors()).containsExactlyElementsOf(current);
    current.add(new EstimateErrorSums(SALES, "2-3", 0, 0, 0, 0, 1, 0));
    scheduler.advance(Duration.ofSeconds(10));
    r.close();

    assertThat(store.estimateErrors()).containsExactlyElementsOf(current);
  }

  @Test
  void estimateErrors_withoutAHeartbeat_areRefusedWithTheReason() {
    CallRecorder.Builder b = CallRecorder.builder(store, scheduler).estimateErrors(List::of);
    assertThatThrownBy(b::build).isInstanceOf(IllegalStateException.class)
        .hasMessage("a call recorder saves estimate error sums with its heartbeat: set"
            + " heartbeat(period) too");
  }

  @Test
  void heartbeat_withoutAPositivePeriod_isRefusedWithTheReason() {
    CallRecorder.Builder b = CallRecorder.builder(store, scheduler);
    assertThatThrownBy(() -> b.heartbeat(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a call recorder heartbeat needs a period > 0, was PT0S");
    assertThatThrownBy(() -> b.heartbeat(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void reconcileAfterTheFirstEvent_isRefused_soThisRunsCallsAreNeverMarked() {
    CallRecorder r = recorder(store, true);
    r.onEvent(joined(0, "c1", SALES, "+48111", 1));
    r.onEvent(left(10, "c1", SALES, CallOutcome.ANSWERED, ALICE, 10, 1));

    assertThatThrownBy(r::reconcile).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("before the first event");
    assertThat(only(store, "c1").interrupted()).isFalse();
  }
}
