package io.callqueue.core;

import static io.callqueue.core.EngineFixture.a;
import static io.callqueue.core.EngineFixture.c;
import static org.assertj.core.api.Assertions.assertThat;

import io.callqueue.api.AgentState;
import io.callqueue.api.CallOutcome;
import io.callqueue.api.OfferResult;
import io.callqueue.api.QueueConfig;
import io.callqueue.api.QueueEvent;
import io.callqueue.api.Strategy;
import io.callqueue.testkit.PortCommand;
import org.junit.jupiter.api.Test;

class DispatchTest {

  private static QueueConfig linear(String name) {
    return QueueConfig.builder(name).strategy(Strategy.LINEAR).build();
  }

  @Test
  void offeredCall_withAvailableAgent_ringsAndConnectsOnAnswer() {
    EngineFixture f = new EngineFixture().queue(linear("support")).agents("support", "alice");

    OfferResult r = f.offer("c1", "support");

    assertThat(r).isEqualTo(new OfferResult.Joined(1));
    assertThat(f.ringing("c1")).containsExactly(a("alice"));
    assertThat(f.state("alice")).isEqualTo(AgentState.RINGING);
    assertThat(f.port.commandsFor(c("c1"))).first()
        .isEqualTo(new PortCommand.StartMusic(c("c1"), "default"));

    f.advance(3);
    f.answer("c1", "alice");

    assertThat(f.state("alice")).isEqualTo(AgentState.ON_CALL);
    assertThat(f.port.commands(PortCommand.Connect.class))
        .containsExactly(new PortCommand.Connect(c("c1"), a("alice")));
    QueueEvent.CallerLeft left = f.events(QueueEvent.CallerLeft.class).get(0);
    assertThat(left.outcome()).isEqualTo(CallOutcome.ANSWERED);
    assertThat(left.agent()).isEqualTo(a("alice"));
    assertThat(left.waited()).hasSeconds(3);
    assertThat(f.snapshot().queue(EngineFixture.q("support")).waiting()).isEmpty();

    f.advance(60);
    f.end("c1");
    QueueEvent.CallCompleted done = f.events(QueueEvent.CallCompleted.class).get(0);
    assertThat(done.talkTime()).hasSeconds(60);
    assertThat(f.state("alice")).isEqualTo(AgentState.AVAILABLE);
    assertThat(f.snapshot().agent(a("alice")).callsAnswered()).isEqualTo(1);
  }

  @Test
  void callersWait_inPriorityThenArrivalOrder() {
    // a higher-priority caller goes ahead of everyone, even the caller whose agent rings now
    EngineFixture f = new EngineFixture().queue(linear("q")).agents("q", "alice");
    f.offer("first", "q");
    f.offer("second", "q");
    f.offer("third", "q");
    f.offer("vip", "q", 5);

    assertThat(f.snapshot().queue(EngineFixture.q("q")).waiting())
        .extracting(w -> w.call().value(), w -> w.position())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("vip", 1),
            org.assertj.core.groups.Tuple.tuple("first", 2),
            org.assertj.core.groups.Tuple.tuple("second", 3),
            org.assertj.core.groups.Tuple.tuple("third", 4));

    f.answer("first", "alice");
    f.end("first");
    assertThat(f.ringing("vip")).containsExactly(a("alice"));
    f.answer("vip", "alice");
    f.end("vip");
    assertThat(f.ringing("second")).containsExactly(a("alice"));
  }

  @Test
  void kAvailableAgents_kWaitingCallers_allRingAtOnce() {
    EngineFixture f = new EngineFixture().queue(linear("q"));
    f.agent("a1").agent("a2").agent("a3");
    f.member("q", "a1", 0).member("q", "a2", 0).member("q", "a3", 0);
    f.queue(QueueConfig.builder("other").joinPolicy(io.callqueue.api.JoinPolicy.ALWAYS).build());
    // three callers arrive while every agent is logged out but the queue accepts them
    f.join(f.engine.updateQueue(QueueConfig.builder("q").strategy(Strategy.LINEAR)
        .joinPolicy(io.callqueue.api.JoinPolicy.ALWAYS).build()));
    f.offer("c1", "q");
    f.offer("c2", "q");
    f.offer("c3", "q");
    assertThat(f.port.rings()).isEmpty();

    f.login("a1").login("a2").login("a3");

    assertThat(f.port.ringingNow()).hasSize(3);
    assertThat(f.port.ringingNow().values()).allSatisfy(s -> assertThat(s).hasSize(1));
    assertThat(f.port.ringingNow().values().stream().flatMap(java.util.Set::stream))
        .containsExactlyInAnyOrder(a("a1"), a("a2"), a("a3"));
  }

  @Test
  void agentInTwoQueues_isNeverRungForTwoCallersAtOnce() {
    EngineFixture f = new EngineFixture().queue(linear("q1")).queue(linear("q2"));
    f.agent("shared").member("q1", "shared", 0).member("q2", "shared", 0).login("shared");
    f.offer("x", "q1");
    f.offer("y", "q2");

    assertThat(f.ringing("x")).containsExactly(a("shared"));
    assertThat(f.ringing("y")).isEmpty();
    f.fail("x", "shared", io.callqueue.api.RingFailure.BUSY);
    assertThat(f.ringing("y")).containsExactly(a("shared"));
    assertThat(f.ringing("x")).isEmpty();
  }
}
