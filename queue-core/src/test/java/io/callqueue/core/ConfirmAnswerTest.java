package io.callqueue.core;

import static io.callqueue.core.EngineFixture.a;
import static io.callqueue.core.EngineFixture.c;
import static io.callqueue.core.Steps.ringEnds;
import static org.assertj.core.api.Assertions.assertThat;

import io.callqueue.api.AgentAttempt;
import io.callqueue.api.AgentConfig;
import io.callqueue.api.AgentEndpoint;
import io.callqueue.api.AgentState;
import io.callqueue.api.CallOutcome;
import io.callqueue.api.CallRecord;
import io.callqueue.api.QueueConfig;
import io.callqueue.api.RingFailure;
import io.callqueue.api.Strategy;
import io.callqueue.core.records.CallRecorder;
import io.callqueue.core.records.CallStatistics;
import io.callqueue.core.records.InMemoryCallRecordStore;
import io.callqueue.core.records.QueueLogWriter;
import io.callqueue.spi.RingRequest;
import io.callqueue.testkit.PortCommand;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 16, "press 1 to take this call", in virtual time: the engine asks for the confirmation
 * through the ring request, counts the answer only when the adapter reports it confirmed, and
 * treats an unconfirmed answer as a missed ring of its own.
 */
class ConfirmAnswerTest {

  private final EngineFixture f = new EngineFixture();
  private final InMemoryCallRecordStore store = new InMemoryCallRecordStore();
  private final StringBuilder queueLog = new StringBuilder();

  /** A queue q of this strategy with these agents, records and queue_log listening. */
  private void setUp(QueueConfig.Builder queue, String... agents) {
    f.queue(queue.build());
    f.agents("q", agents);
    f.engine.addListener(CallRecorder.builder(store, f.scheduler).executor(Runnable::run).build());
    f.engine.addListener(new QueueLogWriter(queueLog));
  }

  private static QueueConfig.Builder confirming(Strategy strategy) {
    return QueueConfig.builder("q").strategy(strategy).confirmAnswer(true);
  }

  private RingRequest ringOf(String agent) {
    return f.port.rings().stream().filter(r -> r.agent().equals(a(agent)))
        .reduce((x, y) -> y).orElseThrow();
  }

  private CallRecord record(String call) {
    List<CallRecord> records = store.findByCall(c(call));
    assertThat(records).as("records of %s", call).hasSize(1);
    return records.get(0);
  }

  @Test
  void confirmingQueue_ringRequestAsksForKey1WithThePromptAndTheDefault5s() {
    setUp(confirming(Strategy.LINEAR).reportHoldTime(true), "a1");
    f.advance(3);
    f.offer("c1", "q");

    RingRequest ring = ringOf("a1");
    assertThat(ring.confirms()).isTrue();
    assertThat(ring.confirmation().acceptKey()).isEqualTo('1');
    assertThat(ring.confirmation().timeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(ring.confirmation().prompt().keys()).containsExactly("agent-confirm");
  }

  @Test
  void notConfirmingQueue_ringRequestHasNoConfirmation_andAgentSettingsOverrideTheQueue() {
    f.queue(QueueConfig.builder("plain").strategy(Strategy.RING_ALL).build());
    f.queue(confirming(Strategy.RING_ALL).build());
    f.join(f.engine.addAgent(new AgentConfig(a("mobile"),
        new AgentEndpoint.ExternalNumber("+48600100200"), false).withConfirmAnswer(true)));
    f.join(f.engine.addAgent(new AgentConfig(a("desk"),
        new AgentEndpoint.SipAccount("desk"), false).withConfirmAnswer(false)));
    f.agent("plainAgent");
    for (String agent : List.of("mobile", "desk", "plainAgent")) {
      f.member("plain", agent, 0);
      f.member("q", agent, 0);
      f.login(agent);
    }

    f.offer("c1", "plain");
    assertThat(f.port.rings()).extracting(r -> r.agent().value() + ":" + r.confirms())
        .containsExactlyInAnyOrder("mobile:true", "desk:false", "plainAgent:false");
    f.hangUp("c1");

    f.port.clear();
    f.offer("c2", "q");
    assertThat(f.port.rings()).filteredOn(r -> r.call().equals(c("c2")))
        .extracting(r -> r.agent().value() + ":" + r.confirms())
        .containsExactlyInAnyOrder("mobile:true", "desk:false", "plainAgent:true");
  }

  @Test
  void confirmedWithinTheTimeout_isBridged() {
    setUp(confirming(Strategy.LINEAR), "a1", "a2");
    f.offer("c1", "q");
    f.advance(4); // rings 4 s, the leg answers, the agent hears the prompt and presses 1
    f.answer("c1", "a1");

    assertThat(f.port.commands(PortCommand.Connect.class))
        .containsExactly(new PortCommand.Connect(c("c1"), a("a1")));
    assertThat(f.state("a1")).isEqualTo(AgentState.ON_CALL);
    assertThat(f.outcome("c1")).isEqualTo(CallOutcome.ANSWERED);
  }

  @Test
  void ringTimerRunsUntilConfirmation_ringTimeoutPlusConfirmTimeout() {
    setUp(confirming(Strategy.LINEAR).confirmTimeout(Duration.ofSeconds(7)), "a1", "a2");
    f.offer("c1", "q");

    f.advance(21.999); // 15 s ring + 7 s to confirm: the agent who picked up late may still press
    assertThat(f.ringing("c1")).containsExactly(a("a1"));
    f.advance(0.001);
    assertThat(f.port.commands(PortCommand.CancelRing.class))
        .containsExactly(new PortCommand.CancelRing(c("c1"), a("a1")));
    assertThat(f.ringing("c1")).containsExactly(a("a2"));
  }

  @Test
  void wrongKeyTimeoutOrHangUp_isUnconfirmed_theCallerKeepsWaiting_andTheNextAgentRings() {
    setUp(confirming(Strategy.LINEAR), "a1", "a2", "a3", "a4");
    f.offer("c1", "q");
    f.advance(3);
    f.fail("c1", "a1", RingFailure.UNCONFIRMED); // pressed 2
    assertThat(f.ringing("c1")).containsExactly(a("a2"));
    f.advance(11);
    f.fail("c1", "a2", RingFailure.UNCONFIRMED); // silence past the timeout
    assertThat(f.ringing("c1")).containsExactly(a("a3"));
    f.advance(2);
    f.fail("c1", "a3", RingFailure.UNCONFIRMED); // hung up during the prompt
    assertThat(f.ringing("c1")).containsExactly(a("a4"));

    assertThat(f.port.commands(PortCommand.Connect.class)).isEmpty();
    assertThat(f.outcome("c1")).isNull(); // still waiting, with its music
    assertThat(f.port.commandsFor(c("c1"))).filteredOn(PortCommand.StopMusic.class::isInstance)
        .isEmpty();
    assertThat(ringEnds(f, "c1"))
        .containsExactly("a1:UNCONFIRMED", "a2:UNCONFIRMED", "a3:UNCONFIRMED");
    for (String agent : List.of("a1", "a2", "a3")) {
      assertThat(f.state(agent)).as(agent).isEqualTo(AgentState.AVAILABLE);
      assertThat(f.snapshot().agent(a(agent)).callsMissed()).as(agent).isEqualTo(1);
    }

    f.answer("c1", "a4");
    f.advance(60);
    f.end("c1");
    CallRecord r = record("c1");
    assertThat(r.attempts()).extracting(AgentAttempt::result).containsExactly(
        AgentAttempt.Result.UNCONFIRMED, AgentAttempt.Result.UNCONFIRMED,
        AgentAttempt.Result.UNCONFIRMED, AgentAttempt.Result.ANSWERED);
    assertThat(r.missedAttempts()).isEqualTo(3);
    assertThat(queueLog.toString().lines().filter(l -> l.contains("|RINGNOANSWER|")))
        .containsExactly(
            "1767600003|c1|q|a1|RINGNOANSWER|3000",
            "1767600014|c1|q|a2|RINGNOANSWER|11000",
            "1767600016|c1|q|a3|RINGNOANSWER|2000");
    Instant now = f.scheduler.now();
    var report = new CallStatistics(Map.of()).report(store.all(), now.minus(Duration.ofHours(1)),
        now.plus(Duration.ofHours(1)));
    assertThat(report.agent(a("a1")).missedAttempts()).isEqualTo(1);
    assertThat(report.agent(a("a4")).missedAttempts()).isZero();
    assertThat(report.agent(a("a4")).answered()).isEqualTo(1);
  }

  @Test
  void ringAll_oneLegUnconfirmed_theOthersKeepRinging_andTheOneWhoConfirmsGetsTheCall() {
    setUp(confirming(Strategy.RING_ALL), "voicemail", "person", "late");
    f.offer("c1", "q");
    assertThat(f.ringing("c1")).containsExactlyInAnyOrder(a("voicemail"), a("person"), a("late"));

    f.advance(9); // the mobile's voicemail answered at 2 s and never pressed a key
    f.fail("c1", "voicemail", RingFailure.UNCONFIRMED);
    assertThat(f.ringing("c1")).containsExactlyInAnyOrder(a("person"), a("late"));
    assertThat(f.port.commands(PortCommand.CancelRing.class)).isEmpty();

    f.advance(3);
    f.answer("c1", "person"); // pressed 1
    assertThat(f.port.commands(PortCommand.Connect.class))
        .containsExactly(new PortCommand.Connect(c("c1"), a("person")));
    assertThat(ringEnds(f, "c1")).containsExactly("voicemail:UNCONFIRMED", "late:CANCELLED");
    assertThat(f.snapshot().agent(a("voicemail")).callsMissed()).isEqualTo(1);
    assertThat(f.snapshot().agent(a("late")).callsMissed()).isZero();
    f.end("c1");
    assertThat(record("c1").attempts()).extracting(x -> x.agent().value() + ":" + x.result())
        .containsExactlyInAnyOrder("voicemail:UNCONFIRMED", "person:ANSWERED", "late:CANCELLED");
  }

  @Test
  void unconfirmedAnswer_autoPausesLikeNoAnswer() {
    setUp(confirming(Strategy.LINEAR).autoPause(true), "a1", "a2");
    f.offer("c1", "q");
    f.fail("c1", "a1", RingFailure.UNCONFIRMED);
    assertThat(f.state("a1")).isEqualTo(AgentState.PAUSED);
    assertThat(f.ringing("c1")).containsExactly(a("a2"));
  }
}
