package io.callqueue.core;

import io.callqueue.api.AgentConfig;
import io.callqueue.api.AgentId;
import io.callqueue.api.AgentState;
import io.callqueue.api.CallId;
import io.callqueue.api.CallOffer;
import io.callqueue.api.CallOutcome;
import io.callqueue.api.EngineSnapshot;
import io.callqueue.api.Membership;
import io.callqueue.api.OfferResult;
import io.callqueue.api.QueueConfig;
import io.callqueue.api.QueueEvent;
import io.callqueue.api.QueueId;
import io.callqueue.api.RingFailure;
import io.callqueue.testkit.ManualScheduler;
import io.callqueue.testkit.RecordingTelephonyPort;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * An engine on a manual scheduler and a recording port, run on the test thread; every helper
 * settles the engine and checks its invariants afterwards.
 */
final class EngineFixture {
  final ManualScheduler scheduler = new ManualScheduler();
  final RecordingTelephonyPort port = new RecordingTelephonyPort();
  final CallQueueEngine engine;
  final List<QueueEvent> events = new ArrayList<>();

  EngineFixture() {
    this(42);
  }

  EngineFixture(long seed) {
    engine = CallQueueEngine.builder()
        .telephony(port)
        .scheduler(scheduler)
        .executor(Runnable::run)
        .randomSeed(seed)
        .build();
    engine.addListener(events::add);
  }

  static QueueId q(String id) {
    return QueueId.of(id);
  }

  static AgentId a(String id) {
    return AgentId.of(id);
  }

  static CallId c(String id) {
    return CallId.of(id);
  }

  <T> T join(CompletionStage<T> stage) {
    T v = stage.toCompletableFuture().join();
    verify();
    return v;
  }

  void verify() {
    engine.verifyInvariants().toCompletableFuture().join();
  }

  EngineFixture queue(QueueConfig config) {
    join(engine.addQueue(config));
    return this;
  }

  EngineFixture queue(String name, QueueConfig.Builder b) {
    return queue(b.build());
  }

  /** Adds SIP agents (auto-activate off) and logs them in, members of the queue at priority 0. */
  EngineFixture agents(String queue, String... ids) {
    for (String id : ids) {
      agent(id);
      member(queue, id, 0);
      login(id);
    }
    return this;
  }

  EngineFixture agent(String id) {
    join(engine.addAgent(new AgentConfig(a(id),
        new io.callqueue.api.AgentEndpoint.SipAccount(id), false)));
    return this;
  }

  EngineFixture member(String queue, String agent, int priority) {
    join(engine.addMembership(new Membership(q(queue), a(agent), priority)));
    return this;
  }

  EngineFixture login(String agent) {
    join(engine.login(a(agent)));
    return this;
  }

  OfferResult offer(String call, String queue) {
    return offer(call, queue, 0);
  }

  OfferResult offer(String call, String queue, int priority) {
    return join(engine.offer(new CallOffer(c(call), q(queue), "+4861" + call.hashCode() % 1000,
        priority)));
  }

  void answer(String call, String agent) {
    engine.agentAnswered(c(call), a(agent));
    verify();
  }

  void fail(String call, String agent, RingFailure failure) {
    port.legEnded(c(call), a(agent));
    engine.agentFailed(c(call), a(agent), failure);
    verify();
  }

  void hangUp(String call) {
    engine.callerHungUp(c(call));
    verify();
  }

  void end(String call) {
    engine.callEnded(c(call));
    verify();
  }

  void advance(double seconds) {
    scheduler.advance(Duration.ofMillis((long) (seconds * 1000)));
    verify();
  }

  EngineSnapshot snapshot() {
    return join(engine.snapshot());
  }

  AgentState state(String agent) {
    return snapshot().agent(a(agent)).state();
  }

  /** The agents ringing for a call now, per the port. */
  java.util.Set<AgentId> ringing(String call) {
    return port.ringingFor(c(call));
  }

  List<AgentId> rung() {
    return port.rungAgents();
  }

  <T extends QueueEvent> List<T> events(Class<T> type) {
    return events.stream().filter(type::isInstance).map(type::cast).toList();
  }

  CallOutcome outcome(String call) {
    return events(QueueEvent.CallerLeft.class).stream()
        .filter(e -> e.call().equals(c(call)))
        .map(QueueEvent.CallerLeft::outcome)
        .reduce((x, y) -> {
          throw new AssertionError("two outcomes for " + call + ": " + x + ", " + y);
        })
        .orElse(null);
  }
}
