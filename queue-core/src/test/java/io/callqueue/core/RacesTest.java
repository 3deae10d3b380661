package io.callqueue.core;

import static io.callqueue.core.EngineFixture.a;
import static io.callqueue.core.EngineFixture.c;
import static io.callqueue.core.Steps.fixture;
import static io.callqueue.core.Steps.ringEnds;
import static org.assertj.core.api.Assertions.assertThat;

import io.callqueue.api.AgentState;
import io.callqueue.api.CallOutcome;
import io.callqueue.api.QueueEvent;
import io.callqueue.api.RingFailure;
import io.callqueue.api.Strategy;
import io.callqueue.testkit.PortCommand;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Telephony events that cross the engine's own decisions. */
class RacesTest {

  @Test
  void callerHangsUpWhileAgentsRing_legsCancelled_abandoned_agentsAvailable() {
    EngineFixture f = fixture(Strategy.RING_ALL, "a1", "a2");
    f.offer("c1", "q");
    f.advance(4);

    f.hangUp("c1");

    assertThat(f.port.commands(PortCommand.CancelRing.class)).containsExactlyInAnyOrder(
        new PortCommand.CancelRing(c("c1"), a("a1")), new PortCommand.CancelRing(c("c1"), a("a2")));
    assertThat(ringEnds(f, "c1")).containsExactlyInAnyOrder("a1:CANCELLED", "a2:CANCELLED");
    QueueEvent.CallerLeft left = f.events(QueueEvent.CallerLeft.class).get(0);
    assertThat(left.outcome()).isEqualTo(CallOutcome.ABANDONED);
    assertThat(left.waited()).isEqualTo(Duration.ofSeconds(4));
    assertThat(f.port.commands(PortCommand.Release.class)).as("the caller is gone").isEmpty();
    assertThat(f.state("a1")).isEqualTo(AgentState.AVAILABLE);
    assertThat(f.state("a2")).isEqualTo(AgentState.AVAILABLE);
    assertThat(f.snapshot().agent(a("a1")).callsMissed()).isZero();
  }

  @Test
  void callerHangsUpWhileRinging_theFreedAgentRingsForTheNextCaller() {
    EngineFixture f = fixture(Strategy.LINEAR, "a1");
    f.offer("c1", "q");
    f.offer("c2", "q");

    f.hangUp("c1");

    assertThat(f.ringing("c2")).containsExactly(a("a1"));
  }

  @Test
  void callerHangsUpDuringTheRetryDelay_isAbandoned_andNothingRingsLater() {
    EngineFixture f = fixture(Strategy.LINEAR, "a1");
    f.offer("c1", "q");
    f.advance(15);

    f.hangUp("c1");
    f.advance(60);

    assertThat(f.outcome("c1")).isEqualTo(CallOutcome.ABANDONED);
    assertThat(f.port.rings()).hasSize(1);
    assertThat(f.scheduler.pendingTasks()).isZero();
  }

  @Test
  void agentAnswersAfterTheCallerLeft_engineCancelsThatLeg_andTheAgentIsNotOnCall() {
    EngineFixture f = fixture(Strategy.LINEAR, "a1");
    f.offer("c1", "q");
    f.hangUp("c1");
    f.port.clear();

    f.answer("c1", "a1");

    assertThat(f.port.commands())
        .containsExactly(new PortCommand.CancelRing(c("c1"), a("a1")));
    assertThat(f.state("a1")).isEqualTo(AgentState.AVAILABLE);
    assertThat(f.outcome("c1")).isEqualTo(CallOutcome.ABANDONED);
  }

  @Test
  void lateAnswerForAGoneCaller_doesNotDisturbTheAgentsRingForTheNextCaller() {
    EngineFixture f = fixture(Strategy.LINEAR, "a1");
    f.offer("c1", "q");
    f.offer("c2", "q");
    f.hangUp("c1"); // a1 now rings for c2
    f.port.clear();

    f.answer("c1", "a1");

    assertThat(f.port.commands())
        .containsExactly(new PortCommand.CancelRing(c("c1"), a("a1")));
    assertThat(f.state("a1")).isEqualTo(AgentState.RINGING);
    assertThat(f.ringing("c2")).containsExactly(a("a1"));
    assertThat(f.snapshot().agent(a("a1")).call()).isEqualTo(c("c2"));
  }

  @Test
  void agentAnswersAfterItsRingTimedOut_thatLegIsCancelled_andTheCallerKeepsRingingTheNext() {
    EngineFixture f = fixture(Strategy.LINEAR, "a1", "a2");
    f.offer("c1", "q");
    f.advance(15); // a1 timed out, a2 rings
    f.port.clear();

    f.answer("c1", "a1");

    assertThat(f.port.commands())
        .containsExactly(new PortCommand.CancelRing(c("c1"), a("a1")));
    assertThat(f.state("a1")).isEqualTo(AgentState.AVAILABLE);
    assertThat(f.ringing("c1")).containsExactly(a("a2"));
    assertThat(f.outcome("c1")).isNull();
  }

  @Test
  void twoAgentsAnswerRingAllAtTheSameInstant_firstWins_secondLegCancelled() {
    EngineFixture f = fixture(Strategy.RING_ALL, "a1", "a2");
    f.offer("c1", "q");

    f.answer("c1", "a1");
    f.port.clear();
    f.answer("c1", "a2");

    assertThat(f.port.commands()).as("the late second answer's leg is hung up")
        .containsExactly(new PortCommand.CancelRing(c("c1"), a("a2")));
    assertThat(f.state("a1")).isEqualTo(AgentState.ON_CALL);
    assertThat(f.state("a2")).isEqualTo(AgentState.AVAILABLE);
    assertThat(ringEnds(f, "c1")).containsExactly("a2:CANCELLED");
    assertThat(f.events(QueueEvent.CallerLeft.class)).singleElement()
        .satisfies(e -> assertThat(e.agent()).isEqualTo(a("a1")));
    assertThat(f.snapshot().agent(a("a2")).callsAnswered()).isZero();
  }

  @Test
  void agentLogsOutWhileRinging_legCancelled_callerRingsTheNextAgent() {
    EngineFixture f = fixture(Strategy.LINEAR, "a1", "a2");
    f.offer("c1", "q");

    f.join(f.engine.logout(a("a1")));

    assertThat(f.port.commands(PortCommand.CancelRing.class))
        .containsExactly(new PortCommand.CancelRing(c("c1"), a("a1")));
    assertThat(ringEnds(f, "c1")).containsExactly("a1:CANCELLED");
    assertThat(f.state("a1")).isEqualTo(AgentState.LOGGED_OUT);
    assertThat(f.ringing("c1")).containsExactly(a("a2"));
  }

  @Test
  void lateFailureForALegCancelledBecauseAnotherAnswered_isIgnored() {
    EngineFixture f = fixture(Strategy.RING_ALL, "a1", "a2");
    f.offer("c1", "q");
    f.answer("c1", "a1");
    int events = f.events.size();

    f.fail("c1", "a2", RingFailure.NO_ANSWER);

    assertThat(f.events).hasSize(events);
    assertThat(f.state("a2")).isEqualTo(AgentState.AVAILABLE);
    assertThat(f.snapshot().agent(a("a2")).callsMissed()).isZero();
  }

  @Test
  void lateFailureForALegThatTimedOut_doesNotEndTheCallersCurrentLeg() {
    EngineFixture f = fixture(Strategy.LINEAR, "a1", "a2");
    f.offer("c1", "q");
    f.advance(15); // a1 timed out, a2 rings
    int events = f.events.size();

    f.fail("c1", "a1", RingFailure.NO_ANSWER);

    assertThat(f.events).hasSize(events);
    assertThat(f.ringing("c1")).containsExactly(a("a2"));
    assertThat(f.snapshot().agent(a("a1")).callsMissed()).isEqualTo(1);
  }

  @Test
  void lateFailureForACancelledLeg_doesNotTouchTheAgentsRingForAnotherCaller() {
    EngineFixture f = fixture(Strategy.RING_ALL, "a1", "a2");
    f.offer("c1", "q"); // rings a1, a2
    f.offer("c2", "q"); // waits
    f.answer("c1", "a1"); // a2's leg for c1 is cancelled; a2 rings for c2
    assertThat(f.ringing("c2")).containsExactly(a("a2"));

    f.fail("c1", "a2", RingFailure.NO_ANSWER);

    assertThat(f.state("a2")).isEqualTo(AgentState.RINGING);
    assertThat(f.ringing("c2")).containsExactly(a("a2"));
  }

  @Test
  void eventsForUnknownCalls_areIgnored() {
    EngineFixture f = fixture(Strategy.LINEAR, "a1");

    f.hangUp("ghost");
    f.end("ghost");
    f.fail("ghost", "a1", RingFailure.BUSY);

    assertThat(f.events).hasSize(1); // a1's login only
    assertThat(f.state("a1")).isEqualTo(AgentState.AVAILABLE);
  }

  @Test
  void callerHangsUpWhileConnected_callCompletes_notAbandoned() {
    EngineFixture f = fixture(Strategy.LINEAR, "a1");
    f.offer("c1", "q");
    f.answer("c1", "a1");
    f.advance(40);

    f.hangUp("c1");
    f.end("c1"); // the agent side reports the end too

    assertThat(f.outcome("c1")).isEqualTo(CallOutcome.ANSWERED);
    assertThat(f.events(QueueEvent.CallCompleted.class)).singleElement()
        .satisfies(e -> assertThat(e.talkTime()).isEqualTo(Duration.ofSeconds(40)));
    assertThat(f.state("a1")).isEqualTo(AgentState.AVAILABLE);
  }
}
