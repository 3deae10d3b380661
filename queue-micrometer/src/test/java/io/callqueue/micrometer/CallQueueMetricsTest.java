package io.callqueue.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callqueue.api.AgentConfig;
import io.callqueue.api.AgentId;
import io.callqueue.api.CallId;
import io.callqueue.api.CallQueue;
import io.callqueue.api.Membership;
import io.callqueue.api.QueueConfig;
import io.callqueue.api.QueueId;
import io.callqueue.api.Strategy;
import io.callqueue.core.CallQueueEngine;
import io.callqueue.testkit.ManualScheduler;
import io.callqueue.testkit.sim.AgentBehaviour;
import io.callqueue.testkit.sim.CallerBehaviour;
import io.callqueue.testkit.sim.SimulatedTelephony;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.search.RequiredSearch;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The binder on the real engine with simulated phones, in virtual time. */
class CallQueueMetricsTest {
  private static final QueueId SUPPORT = QueueId.of("support");
  private static final QueueId SALES = QueueId.of("sales");
  private static final AgentId ALICE = AgentId.of("alice");
  private static final AgentId BOB = AgentId.of("bob");

  private final ManualScheduler scheduler = new ManualScheduler();
  private final SimulatedTelephony phones = new SimulatedTelephony(scheduler);
  private final CallQueueEngine engine = CallQueueEngine.builder().telephony(phones)
      .scheduler(scheduler).executor(Runnable::run).randomSeed(7).build();
  private final AtomicInteger snapshots = new AtomicInteger();
  /** The engine as the binder sees it, counting the snapshots asked for. */
  private final CallQueue counted = counting(engine, snapshots);
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private CallQueueMetrics metrics;

  CallQueueMetricsTest() {
    phones.attach(engine);
  }

  @AfterEach
  void close() {
    if (metrics != null) {
      metrics.close();
    }
    engine.close();
  }

  private static CallQueue counting(CallQueue target, AtomicInteger snapshots) {
    return (CallQueue) Proxy.newProxyInstance(CallQueue.class.getClassLoader(),
        new Class<?>[] {CallQueue.class}, (proxy, method, args) -> {
          if (method.getName().equals("snapshot")) {
            snapshots.incrementAndGet();
          }
          try {
            return method.invoke(target, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  private CallQueueMetrics bind(CallQueueMetrics.Builder b) {
    metrics = b.build();
    metrics.bindTo(registry);
    return metrics;
  }

  private CallQueueMetrics bind() {
    return bind(CallQueueMetrics.builder(counted, scheduler));
  }

  private void queue(QueueId id, AgentId... members) {
    engine.addQueue(QueueConfig.builder(id.value()).strategy(Strategy.LINEAR)
        .ringTimeout(Duration.ofSeconds(15)).retryDelay(Duration.ofSeconds(5))
        .wrapUpTime(Duration.ZERO).announcePosition(false).build());
    for (AgentId a : members) {
      engine.addMembership(Membership.of(id, a));
    }
  }

  private void agent(AgentId id, AgentBehaviour behaviour) {
    engine.addAgent(AgentConfig.sip(id.value(), id.value()));
    phones.agent(id, behaviour);
    phones.registerSip(id.value());
  }

  private void call(String id, QueueId queue) {
    phones.placeCall(CallId.of(id), queue, "+4861" + id, CallerBehaviour.patient());
  }

  private RequiredSearch meter(String name, String... tags) {
    return registry.get(name).tags(tags);
  }

  private double gauge(String name, String... tags) {
    return meter(name, tags).gauge().value();
  }

  private static double seconds(Timer t) {
    return t.totalTime(TimeUnit.SECONDS);
  }

  @Test
  void answeredCall_countsOfferAndOutcome_timesWaitDispatchAndTalk_andEachRingByAgent() {
    agent(BOB, AgentBehaviour.neverAnswer());
    agent(ALICE, AgentBehaviour.answerAfter(Duration.ofSeconds(3))
        .talkTime(Duration.ofSeconds(60)));
    queue(SUPPORT, BOB, ALICE);
    bind();

    call("c1", SUPPORT);
    scheduler.advance(Duration.ofMinutes(5));

    assertThat(meter(CallQueueMetrics.OFFERED, "queue", "support").counter().count()).isOne();
    assertThat(meter(CallQueueMetrics.OUTCOMES, "queue", "support", "outcome", "answered")
        .counter().count()).isOne();
    Timer wait = meter(CallQueueMetrics.WAIT, "queue", "support", "outcome", "answered").timer();
    assertThat(wait.count()).isOne();
    assertThat(seconds(wait)).as("bob's 15 s ring, then alice's 3 s").isEqualTo(18.0);
    Timer dispatch = meter(CallQueueMetrics.DISPATCH, "queue", "support").timer();
    assertThat(dispatch.count()).isOne();
    assertThat(seconds(dispatch)).as("bob was rung at once").isZero();
    Timer talk = meter(CallQueueMetrics.TALK, "queue", "support").timer();
    assertThat(talk.count()).isOne();
    assertThat(seconds(talk)).isEqualTo(60.0);
    assertThat(meter(CallQueueMetrics.RINGS, "agent", "bob", "result", "no_answer").counter()
        .count()).isOne();
    assertThat(meter(CallQueueMetrics.RINGS, "agent", "alice", "result", "answered").counter()
        .count()).isOne();
  }

  @Test
  void ringAnsweredButNotConfirmed_countsAsUnconfirmed_notAnswered() {
    agent(BOB, AgentBehaviour.answerAfter(Duration.ofSeconds(2))
        .confirms(AgentBehaviour.Confirm.OTHER_KEY, Duration.ofSeconds(1)));
    agent(ALICE, AgentBehaviour.answerAfter(Duration.ofSeconds(3))
        .talkTime(Duration.ofSeconds(60)));
    engine.addQueue(QueueConfig.builder(SUPPORT.value()).strategy(Strategy.LINEAR)
        .ringTimeout(Duration.ofSeconds(15)).retryDelay(Duration.ofSeconds(5))
        .wrapUpTime(Duration.ZERO).announcePosition(false).confirmAnswer(true).build());
    engine.addMembership(Membership.of(SUPPORT, BOB));
    engine.addMembership(Membership.of(SUPPORT, ALICE));
    bind();

    call("c1", SUPPORT);
    scheduler.advance(Duration.ofMinutes(5));

    assertThat(meter(CallQueueMetrics.RINGS, "agent", "bob", "result", "unconfirmed").counter()
        .count()).isOne();
    assertThat(registry.find(CallQueueMetrics.RINGS).tags("agent", "bob", "result", "answered")
        .counter()).isNull();
    assertThat(meter(CallQueueMetrics.OUTCOMES, "queue", "support", "outcome", "answered")
        .counter().count()).isOne();
  }

  @Test
  void keptPlaceCallback_answeredByAnAgent_countsAsAnAnsweredRing() {
    agent(ALICE, AgentBehaviour.answerAfter(Duration.ofSeconds(1))
        .talkTime(Duration.ofSeconds(60)));
    engine.addQueue(QueueConfig.builder("support").strategy(Strategy.LINEAR)
        .wrapUpTime(Duration.ZERO).announcePosition(false).callbackKey('1')
        .callbackKeepsPlace(true).build());
    engine.addMembership(Membership.of(SUPPORT, ALICE));
    bind();

    call("c1", SUPPORT); // alice talks to c1 until t(61)
    scheduler.advance(Duration.ofSeconds(5));
    phones.placeCall(CallId.of("c2"), SUPPORT, "+48612",
        CallerBehaviour.patient().pressKey('1', Duration.ofSeconds(10)));
    scheduler.advance(Duration.ofMinutes(5));

    assertThat(meter(CallQueueMetrics.OUTCOMES, "outcome", "callback").counter().count())
        .isOne();
    assertThat(meter(CallQueueMetrics.RINGS, "agent", "alice", "result", "answered").counter()
        .count()).as("c1's ring and the callback's").isEqualTo(2);
    assertThat(meter(CallQueueMetrics.TALK, "queue", "support").timer().count())
        .as("both conversations").isEqualTo(2);
  }

  @Test
  void callNotQueued_isOfferedWithOutcomeNotQueued_andNoWait() {
    agent(ALICE, AgentBehaviour.answerAfter(Duration.ofSeconds(1)));
    queue(SUPPORT, ALICE);
    bind();
    phones.unregisterSip("alice"); // no active agent: the call is not queued

    call("c1", SUPPORT);

    assertThat(meter(CallQueueMetrics.OFFERED, "queue", "support").counter().count()).isOne();
    assertThat(meter(CallQueueMetrics.OUTCOMES, "queue", "support", "outcome", "not_queued")
        .counter().count()).isOne();
    assertThat(registry.find(CallQueueMetrics.WAIT).timers()).isEmpty();
  }

  @Test
  void gauges_showWaitingCallersLongestWaitAndStates_theLongestWaitGrowingWithoutASnapshot() {
    agent(ALICE, AgentBehaviour.answerAfter(Duration.ofSeconds(1)).talksUntilHungUp());
    agent(BOB, AgentBehaviour.manual());
    engine.pause(BOB, "lunch");
    queue(SUPPORT, ALICE, BOB);
    bind();

    call("c1", SUPPORT);
    scheduler.advance(Duration.ofSeconds(10));
    call("c2", SUPPORT);
    scheduler.advance(Duration.ofSeconds(10));
    call("c3", SUPPORT);
    scheduler.advance(Duration.ofSeconds(10));

    assertThat(gauge(CallQueueMetrics.WAITING, "queue", "support")).isEqualTo(2);
    assertThat(gauge(CallQueueMetrics.LONGEST_WAIT, "queue", "support")).isEqualTo(20.0);
    assertThat(gauge(CallQueueMetrics.MEMBERS, "queue", "support", "state", "on_call")).isOne();
    assertThat(gauge(CallQueueMetrics.MEMBERS, "queue", "support", "state", "paused")).isOne();
    assertThat(gauge(CallQueueMetrics.MEMBERS, "queue", "support", "state", "available"))
        .isZero();
    assertThat(gauge(CallQueueMetrics.AGENTS, "state", "on_call")).isOne();
    assertThat(gauge(CallQueueMetrics.AGENTS, "state", "paused")).isOne();

    int asked = snapshots.get();
    scheduler.advance(Duration.ofSeconds(5)); // no event, shorter than the periodic refresh
    assertThat(gauge(CallQueueMetrics.LONGEST_WAIT, "queue", "support")).isEqualTo(25.0);
    assertThat(snapshots.get()).as("reading gauges never asks the engine").isEqualTo(asked);

    phones.agentHangsUp(ALICE); // alice takes c2
    scheduler.advance(Duration.ofSeconds(2));
    assertThat(gauge(CallQueueMetrics.WAITING, "queue", "support")).isOne();
    assertThat(gauge(CallQueueMetrics.LONGEST_WAIT, "queue", "support")).as("c3's wait")
        .isEqualTo(17.0);
  }

  @Test
  void burstOfEvents_takesAtMostOneSnapshotPerInterval_andTheLastEventIsShown() {
    agent(ALICE, AgentBehaviour.manual());
    queue(SUPPORT, ALICE);
    bind(CallQueueMetrics.builder(counted, scheduler).minRefreshInterval(Duration.ofSeconds(1))
        .refreshEvery(Duration.ofMinutes(10)));
    scheduler.advance(Duration.ofSeconds(5));
    int before = snapshots.get();

    for (int i = 0; i < 50; i++) {
      call("c" + i, SUPPORT);
    }
    assertThat(snapshots.get() - before).as("one now, the rest after the interval").isOne();
    scheduler.advance(Duration.ofMillis(999));
    assertThat(snapshots.get() - before).isOne();
    scheduler.advance(Duration.ofMillis(1));

    assertThat(snapshots.get() - before).isEqualTo(2);
    assertThat(gauge(CallQueueMetrics.WAITING, "queue", "support")).as("c0 is ringing alice")
        .isEqualTo(50);
  }

  @Test
  void quietEngine_isRefreshedEveryPeriod() {
    agent(ALICE, AgentBehaviour.manual());
    queue(SUPPORT, ALICE);
    bind(CallQueueMetrics.builder(counted, scheduler).refreshEvery(Duration.ofSeconds(10)));
    assertThat(gauge(CallQueueMetrics.AGENTS, "state", "available")).isOne();

    engine.pause(ALICE, "meeting"); // a command, not through the binder: still an event
    phones.unregisterSip("alice");
    int before = snapshots.get();
    scheduler.advance(Duration.ofSeconds(30));

    assertThat(snapshots.get() - before).as("the event's refresh and three periods")
        .isBetween(3, 4);
    assertThat(gauge(CallQueueMetrics.AGENTS, "state", "available")).isZero();
  }

  @Test
  void tagValues_areBounded_theRestShareOther() {
    agent(ALICE, AgentBehaviour.neverAnswer());
    agent(BOB, AgentBehaviour.neverAnswer());
    queue(SUPPORT, ALICE, BOB);
    queue(SALES, ALICE, BOB);
    queue(QueueId.of("vip"), ALICE, BOB);
    bind(CallQueueMetrics.builder(counted, scheduler).maxQueues(1).maxAgents(1));

    call("c1", SUPPORT);
    call("c2", SALES);
    call("c3", QueueId.of("vip"));
    scheduler.advance(Duration.ofMinutes(1));

    assertThat(registry.find(CallQueueMetrics.OFFERED).counters())
        .extracting(c -> c.getId().getTag("queue")).hasSize(2).contains("other");
    assertThat(registry.find(CallQueueMetrics.OFFERED).tag("queue", "other").counter().count())
        .isEqualTo(2);
    assertThat(registry.find(CallQueueMetrics.WAITING).gauges()).hasSize(2);
    assertThat(registry.find(CallQueueMetrics.RINGS).counters())
        .extracting(c -> c.getId().getTag("agent")).containsOnly("alice", "other");
  }

  @Test
  void everyBoundRegistry_getsTheMeters_alsoThoseThatAppearLater() {
    agent(ALICE, AgentBehaviour.answerAfter(Duration.ofSeconds(2)));
    queue(SUPPORT, ALICE);
    MeterRegistry second = new SimpleMeterRegistry();
    bind().bindTo(second);

    call("c1", SUPPORT);
    scheduler.advance(Duration.ofMinutes(2));

    for (MeterRegistry r : new MeterRegistry[] {registry, second}) {
      assertThat(r.get(CallQueueMetrics.OUTCOMES).tags("outcome", "answered").counter().count())
          .isOne();
      assertThat(r.get(CallQueueMetrics.WAITING).tag("queue", "support").gauge().value())
          .isZero();
    }
  }

  @Test
  void close_stopsListeningAndRefreshing() {
    agent(ALICE, AgentBehaviour.manual());
    queue(SUPPORT, ALICE);
    bind();
    int pendingBefore = scheduler.pendingTasks();

    metrics.close();
    assertThat(scheduler.pendingTasks()).as("the periodic refresh is cancelled")
        .isEqualTo(pendingBefore - 1);
    int before = snapshots.get();
    call("c1", SUPPORT);
    scheduler.advance(Duration.ofMinutes(5));

    assertThat(registry.get(CallQueueMetrics.OFFERED).counter().count()).isZero();
    assertThat(snapshots.get()).isEqualTo(before);
  }

  @Test
  void badSettings_areRefusedNamingTheSetting() {
    assertThatThrownBy(() -> CallQueueMetrics.builder(engine, scheduler)
        .minRefreshInterval(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("call queue metrics: minRefreshInterval must be > 0, was PT0S");
    assertThatThrownBy(() -> CallQueueMetrics.builder(engine, scheduler).maxAgents(-1))
        .hasMessage("call queue metrics: maxAgents must be >= 0, was -1");
    assertThatThrownBy(() -> CallQueueMetrics.builder(null, scheduler))
        .hasMessage("call queue metrics need an engine and a scheduler");
  }
}
