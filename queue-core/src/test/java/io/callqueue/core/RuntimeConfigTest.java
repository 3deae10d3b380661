package io.callqueue.core;

import static io.callqueue.core.EngineFixture.a;
import static io.callqueue.core.EngineFixture.c;
import static io.callqueue.core.EngineFixture.q;
import static io.callqueue.core.Steps.failure;
import static io.callqueue.core.Steps.queue;
import static io.callqueue.core.Steps.ringEnds;
import static org.assertj.core.api.Assertions.assertThat;

import io.callqueue.api.AgentConfig;
import io.callqueue.api.AgentState;
import io.callqueue.api.CallOutcome;
import io.callqueue.api.CallQueueException;
import io.callqueue.api.ConfigException;
import io.callqueue.api.JoinPolicy;
import io.callqueue.api.Membership;
import io.callqueue.api.NotQueuedReason;
import io.callqueue.api.OfferResult;
import io.callqueue.api.QueueConfig;
import io.callqueue.api.QueueEvent;
import io.callqueue.api.Strategy;
import io.callqueue.testkit.PortCommand;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Adding, changing and removing queues, agents and memberships while calls are live. */
class RuntimeConfigTest {

  // ---- queues -----------------------------------------------------------------------------------

  @Test
  void addQueue_unknownStrategy_failsWithConfigExceptionNamingTheQueueAndKnownStrategies() {
    EngineFixture f = new EngineFixture();

    Throwable t =
        failure(f.engine.addQueue(QueueConfig.builder("sales").strategy("bogus").build()));

    assertThat(t).isInstanceOf(ConfigException.class)
        .hasMessageContaining("queue 'sales'")
        .hasMessageContaining("'bogus'");
    for (Strategy s : Strategy.values()) {
      assertThat(t).hasMessageContaining(s.id());
    }
    assertThat(f.snapshot().queues()).isEmpty();
  }

  @Test
  void addQueue_strategyNamedByEnumName_isAccepted() {
    EngineFixture f = new EngineFixture();

    f.queue(QueueConfig.builder("q").strategy("LEAST_RECENT").build());

    assertThat(f.snapshot().queues()).containsKey(q("q"));
  }

  @Test
  void addQueue_twice_failsNamingTheQueue() {
    EngineFixture f = new EngineFixture().queue(queue("q", Strategy.LINEAR).build());

    Throwable t = failure(f.engine.addQueue(queue("q", Strategy.RING_ALL).build()));

    assertThat(t).isInstanceOf(CallQueueException.class).hasMessageContaining("queue 'q'");
  }

  @Test
  void updateQueue_unknownStrategy_failsAndKeepsTheOldConfiguration() {
    EngineFixture f = new EngineFixture().queue(queue("q", Strategy.LINEAR).build());

    Throwable t = failure(f.engine.updateQueue(QueueConfig.builder("q").strategy("nope").build()));

    assertThat(t).isInstanceOf(ConfigException.class).hasMessageContaining("queue 'q'");
    assertThat(f.snapshot().queue(q("q")).config().strategy()).isEqualTo("linear");
  }

  @Test
  void updateQueue_unknownQueue_failsNamingIt() {
    EngineFixture f = new EngineFixture();

    Throwable t = failure(f.engine.updateQueue(queue("ghost", Strategy.LINEAR).build()));

    assertThat(t).isInstanceOf(CallQueueException.class).hasMessage("no queue 'ghost'");
  }

  @Test
  void updateQueue_changingStrategy_keepsWaitingCallersAndAvailableAgents() {
    EngineFixture f = new EngineFixture().queue(queue("q", Strategy.LINEAR).build())
        .agents("q", "a1", "a2");
    f.offer("c1", "q");
    f.advance(30); // nobody answered: c1 waits its retry delay, a1 and a2 available
    assertThat(f.ringing("c1")).isEmpty();

    f.join(f.engine.updateQueue(queue("q", Strategy.RING_ALL).build()));

    assertThat(f.snapshot().queue(q("q")).waiting()).extracting(w -> w.call().value())
        .containsExactly("c1");
    assertThat(f.state("a1")).isEqualTo(AgentState.AVAILABLE);
    assertThat(f.state("a2")).isEqualTo(AgentState.AVAILABLE);
    f.advance(5);
    assertThat(f.ringing("c1")).as("the new strategy rings all").containsExactlyInAnyOrder(
        a("a1"), a("a2"));
  }

  @Test
  void updateQueue_whileACallerRings_theLegContinues() {
    EngineFixture f = new EngineFixture().queue(queue("q", Strategy.LINEAR).build())
        .agents("q", "a1", "a2");
    f.offer("c1", "q");

    f.join(f.engine.updateQueue(queue("q", Strategy.ROUND_ROBIN).build()));
    f.answer("c1", "a1");

    assertThat(f.outcome("c1")).isEqualTo(CallOutcome.ANSWERED);
    assertThat(f.port.commands(PortCommand.CancelRing.class)).isEmpty();
  }

  @Test
  void updateQueue_newRingTimeout_appliesToTheNextRing() {
    EngineFixture f = new EngineFixture().queue(queue("q", Strategy.LINEAR).build())
        .agents("q", "a1");

    f.join(f.engine.updateQueue(
        queue("q", Strategy.LINEAR).ringTimeout(Duration.ofSeconds(4)).build()));
    f.offer("c1", "q");
    f.advance(4);

    assertThat(ringEnds(f, "c1")).containsExactly("a1:NO_ANSWER");
  }

  @Test
  void updateQueue_turningLeaveWhenEmptyOnInAnEmptyQueue_releasesItsCallers() {
    EngineFixture f = new EngineFixture()
        .queue(queue("q", Strategy.LINEAR).joinPolicy(JoinPolicy.ALWAYS).build());
    f.offer("c1", "q");

    f.join(f.engine.updateQueue(
        queue("q", Strategy.LINEAR).joinPolicy(JoinPolicy.ALWAYS).leaveWhenEmpty(true).build()));

    assertThat(f.outcome("c1")).isEqualTo(CallOutcome.LEFT_EMPTY);
  }

  @Test
  void removeQueue_waitingCallersLeaveEmpty_areReleased_andRingingLegsCancelled() {
    EngineFixture f = new EngineFixture().queue(queue("q", Strategy.LINEAR).build())
        .agents("q", "alice");
    f.offer("c1", "q"); // rings alice
    f.offer("c2", "q");

    f.join(f.engine.removeQueue(q("q")));

    assertThat(f.outcome("c1")).isEqualTo(CallOutcome.LEFT_EMPTY);
    assertThat(f.outcome("c2")).isEqualTo(CallOutcome.LEFT_EMPTY);
    assertThat(f.port.commands(PortCommand.Release.class)).containsExactlyInAnyOrder(
        new PortCommand.Release(c("c1"), CallOutcome.LEFT_EMPTY),
        new PortCommand.Release(c("c2"), CallOutcome.LEFT_EMPTY));
    assertThat(f.port.commands(PortCommand.CancelRing.class))
        .containsExactly(new PortCommand.CancelRing(c("c1"), a("alice")));
    assertThat(f.state("alice")).isEqualTo(AgentState.AVAILABLE);
    assertThat(f.snapshot().queues()).doesNotContainKey(q("q"));
    assertThat(f.offer("c3", "q"))
        .isEqualTo(new OfferResult.NotQueued(NotQueuedReason.UNKNOWN_QUEUE));
  }

  @Test
  void removeQueue_connectedCallContinuesToItsEnd() {
    EngineFixture f = new EngineFixture().queue(queue("q", Strategy.LINEAR).build())
        .agents("q", "alice");
    f.offer("c1", "q");
    f.answer("c1", "alice");

    f.join(f.engine.removeQueue(q("q")));
    assertThat(f.state("alice")).isEqualTo(AgentState.ON_CALL);
    f.advance(20);
    f.end("c1");

    assertThat(f.events(QueueEvent.CallCompleted.class)).hasSize(1);
    assertThat(f.state("alice")).isEqualTo(AgentState.AVAILABLE);
  }

  // ---- agents -----------------------------------------------------------------------------------

  @Test
  void addAgent_twice_failsNamingTheAgent() {
    EngineFixture f = new EngineFixture().agent("alice");

    Throwable t = failure(f.engine.addAgent(AgentConfig.sip("alice", "alice")));

    assertThat(t).isInstanceOf(CallQueueException.class).hasMessageContaining("agent 'alice'");
  }

  @Test
  void removeAgent_whileRinging_cancelsTheLeg_andTheCallerRingsTheNext() {
    EngineFixture f = new EngineFixture().queue(queue("q", Strategy.LINEAR).build())
        .agents("q", "a1", "a2");
    f.offer("c1", "q");

    f.join(f.engine.removeAgent(a("a1")));

    assertThat(f.port.commands(PortCommand.CancelRing.class))
        .containsExactly(new PortCommand.CancelRing(c("c1"), a("a1")));
    assertThat(f.ringing("c1")).containsExactly(a("a2"));
    assertThat(f.snapshot().agents()).doesNotContainKey(a("a1"));
    assertThat(f.snapshot().queue(q("q")).members()).extracting(m -> m.agent().value())
        .containsExactly("a2");
  }

  @Test
  void removeAgent_onACall_finishesTheCallFirst() {
    EngineFixture f = new EngineFixture().queue(queue("q", Strategy.LINEAR).build())
        .agents("q", "a1");
    f.offer("c1", "q");
    f.answer("c1", "a1");

    f.join(f.engine.removeAgent(a("a1")));
    assertThat(f.port.commands(PortCommand.HangUp.class)).isEmpty();
    f.advance(10);
    f.end("c1");

    assertThat(f.events(QueueEvent.CallCompleted.class)).singleElement()
        .satisfies(e -> assertThat(e.talkTime()).isEqualTo(Duration.ofSeconds(10)));
    assertThat(f.snapshot().agents()).doesNotContainKey(a("a1"));
  }

  // ---- memberships ------------------------------------------------------------------------------

  @Test
  void addMembership_ofAnAvailableAgent_takesAWaitingCallerAtOnce() {
    EngineFixture f = new EngineFixture()
        .queue(queue("q", Strategy.LINEAR).joinPolicy(JoinPolicy.ALWAYS).build());
    f.agent("alice").login("alice");
    f.offer("c1", "q");

    f.member("q", "alice", 0);

    assertThat(f.ringing("c1")).containsExactly(a("alice"));
  }

  @Test
  void addMembership_twice_failsNamingAgentAndQueue() {
    EngineFixture f = new EngineFixture().queue(queue("q", Strategy.LINEAR).build())
        .agents("q", "alice");

    Throwable t = failure(f.engine.addMembership(Membership.of(q("q"), a("alice"))));

    assertThat(t).isInstanceOf(CallQueueException.class)
        .hasMessageContaining("agent 'alice'").hasMessageContaining("queue 'q'");
  }

  @Test
  void addMembership_unknownAgentOrQueue_failsNamingIt() {
    EngineFixture f = new EngineFixture().queue(queue("q", Strategy.LINEAR).build());
    f.agent("alice");

    assertThat(failure(f.engine.addMembership(Membership.of(q("q"), a("ghost")))))
        .hasMessage("no agent 'ghost'");
    assertThat(failure(f.engine.addMembership(Membership.of(q("nope"), a("alice")))))
        .hasMessage("no queue 'nope'");
  }

  @Test
  void removeMembership_whileRinging_cancelsThatLeg_andTheCallerRingsTheNext() {
    EngineFixture f = new EngineFixture().queue(queue("q", Strategy.LINEAR).build())
        .agents("q", "a1", "a2");
    f.offer("c1", "q");

    f.join(f.engine.removeMembership(q("q"), a("a1")));

    assertThat(f.port.commands(PortCommand.CancelRing.class))
        .containsExactly(new PortCommand.CancelRing(c("c1"), a("a1")));
    assertThat(ringEnds(f, "c1")).containsExactly("a1:CANCELLED");
    assertThat(f.state("a1")).isEqualTo(AgentState.AVAILABLE);
    assertThat(f.ringing("c1")).containsExactly(a("a2"));
  }

  @Test
  void removeMembership_ringAll_cancelsOnlyThatAgentsLeg() {
    EngineFixture f = new EngineFixture().queue(queue("q", Strategy.RING_ALL).build())
        .agents("q", "a1", "a2");
    f.offer("c1", "q");

    f.join(f.engine.removeMembership(q("q"), a("a1")));

    assertThat(f.ringing("c1")).containsExactly(a("a2"));
  }

  @Test
  void removeMembership_agentIsNoLongerRungForThatQueue_butStillForItsOthers() {
    EngineFixture f = new EngineFixture().queue(queue("q", Strategy.LINEAR).build())
        .queue(queue("other", Strategy.LINEAR).build());
    f.agent("alice").member("q", "alice", 0).member("other", "alice", 0).login("alice");
    f.agent("bob").member("q", "bob", 0).login("bob");

    f.join(f.engine.removeMembership(q("q"), a("alice")));
    f.offer("c1", "q");
    f.offer("c2", "other");

    assertThat(f.ringing("c1")).containsExactly(a("bob"));
    assertThat(f.ringing("c2")).containsExactly(a("alice"));
  }

  @Test
  void removeMembership_ofANonMember_failsNamingBoth() {
    EngineFixture f = new EngineFixture().queue(queue("q", Strategy.LINEAR).build());
    f.agent("alice");

    Throwable t = failure(f.engine.removeMembership(q("q"), a("alice")));

    assertThat(t).hasMessage("agent 'alice' is not a member of queue 'q'");
  }

  @Test
  void updateMembership_priorityMovesAnAvailableAgentToAnotherTier() {
    EngineFixture f = new EngineFixture().queue(queue("q", Strategy.LINEAR).build());
    f.agent("a1").member("q", "a1", 0).login("a1");
    f.agent("a2").member("q", "a2", 5).login("a2");

    f.join(f.engine.updateMembership(new Membership(q("q"), a("a1"), 10)));
    f.offer("c1", "q");

    assertThat(f.ringing("c1")).containsExactly(a("a2"));
    assertThat(f.snapshot().queue(q("q")).members())
        .extracting(m -> m.agent().value() + "@" + m.priority())
        .containsExactly("a1@10", "a2@5");
  }

  @Test
  void updateMembership_ofABusyAgent_appliesWhenItIsAvailableAgain() {
    EngineFixture f = new EngineFixture().queue(queue("q", Strategy.LINEAR).build());
    f.agent("a1").member("q", "a1", 0).login("a1");
    f.agent("a2").member("q", "a2", 5).login("a2");
    f.offer("c0", "q");
    f.answer("c0", "a1");

    f.join(f.engine.updateMembership(new Membership(q("q"), a("a1"), 10)));
    f.end("c0");
    f.offer("c1", "q");

    assertThat(f.ringing("c1")).containsExactly(a("a2"));
  }

  @Test
  void updateMembership_promotingAnAgent_givesItTheNextCaller() {
    EngineFixture f = new EngineFixture().queue(queue("q", Strategy.LINEAR).build());
    f.agent("a1").member("q", "a1", 0).login("a1");
    f.agent("a2").member("q", "a2", 5).login("a2");

    f.join(f.engine.updateMembership(new Membership(q("q"), a("a2"), 0)));
    f.join(f.engine.updateMembership(new Membership(q("q"), a("a1"), 1)));
    f.offer("c1", "q");

    assertThat(f.ringing("c1")).containsExactly(a("a2"));
  }
}
