package io.callqueue.core;

import static io.callqueue.core.EngineFixture.a;
import static io.callqueue.core.Steps.queue;
import static org.assertj.core.api.Assertions.assertThat;

import io.callqueue.api.AgentState;
import io.callqueue.api.QueueEvent;
import io.callqueue.api.RingFailure;
import io.callqueue.api.Strategy;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An agent ringing a ring-all round keeps its candidates in its pools ("parked", issue 15 goal 4)
 * instead of leaving and re-entering them. These cases are where that could change what the
 * engine does: agents shared by queues, a second caller while a round rings, a leg that does not
 * return the agent to available, a strategy or tier change during a round. The fixture checks the
 * engine's invariants after every step (no waiting caller with an agent it may ring, parked
 * counts, candidate presence).
 */
class RingAllParkingTest {

  /** Two ring-all queues sharing a1..a3 (membership order a1, a2, a3 in both). */
  private static EngineFixture sharedRingAll() {
    EngineFixture f = new EngineFixture()
        .queue(queue("q1", Strategy.RING_ALL).build())
        .queue(queue("q2", Strategy.RING_ALL).build())
        .agents("q1", "a1", "a2", "a3");
    for (String id : List.of("a1", "a2", "a3")) {
      f.member("q2", id, 0);
    }
    return f;
  }

  private static List<String> rungIn(EngineFixture f, String call) {
    return f.events(QueueEvent.AgentRung.class).stream()
        .filter(e -> e.call().equals(EngineFixture.c(call)))
        .map(e -> e.agent().value()).toList();
  }

  @Test
  void sharedAgents_aCallInTheOtherQueueWaitsWhileEveryoneRings_thenGetsTheCancelledLegs() {
    EngineFixture f = sharedRingAll();
    f.offer("c1", "q1");
    f.offer("c2", "q2");

    assertThat(f.ringing("c1")).containsExactlyInAnyOrder(a("a1"), a("a2"), a("a3"));
    assertThat(f.ringing("c2")).as("every agent rings for c1").isEmpty();

    f.answer("c1", "a2");

    assertThat(f.ringing("c2")).containsExactlyInAnyOrder(a("a1"), a("a3"));
    assertThat(rungIn(f, "c2")).as("membership order kept").containsExactly("a1", "a3");
    f.answer("c2", "a3");
    f.end("c1");
    f.offer("c3", "q1");
    assertThat(rungIn(f, "c3")).containsExactly("a1", "a2");
  }

  @Test
  void sameQueue_secondCallerWaits_andIsRungByEveryCancelledLeg() {
    EngineFixture f = sharedRingAll();
    f.offer("c1", "q1");
    f.offer("c2", "q1");
    assertThat(f.ringing("c2")).isEmpty();

    f.answer("c1", "a1");

    assertThat(rungIn(f, "c2")).containsExactly("a2", "a3");
  }

  @Test
  void agentAlsoInALinearQueue_isNotParked_andTheLinearQueueSkipsIt() {
    EngineFixture f = new EngineFixture()
        .queue(queue("ring", Strategy.RING_ALL).build())
        .queue(queue("lin", Strategy.LINEAR).build())
        .agents("ring", "a1", "a2");
    f.member("lin", "a1", 0);
    f.member("lin", "a2", 0);
    f.offer("c1", "ring");

    f.offer("c2", "lin");
    assertThat(f.ringing("c2")).isEmpty();
    f.fail("c1", "a1", RingFailure.BUSY);

    assertThat(f.ringing("c2")).containsExactly(a("a1"));
    f.answer("c1", "a2");
    f.answer("c2", "a1");
    assertThat(f.state("a1")).isEqualTo(AgentState.ON_CALL);
    assertThat(f.state("a2")).isEqualTo(AgentState.ON_CALL);
  }

  @Test
  void legThatAutoPauses_leavesThePools_andIsNotRungAgain() {
    EngineFixture f = new EngineFixture()
        .queue(queue("q", Strategy.RING_ALL).autoPause(true)
            .ringTimeout(Duration.ofSeconds(10)).build())
        .agents("q", "a1", "a2");
    f.offer("c1", "q");
    f.fail("c1", "a1", RingFailure.NO_ANSWER);
    assertThat(f.state("a1")).isEqualTo(AgentState.PAUSED);

    f.answer("c1", "a2");
    f.offer("c2", "q");

    assertThat(f.ringing("c2")).as("a1 paused, a2 on a call").isEmpty();
    f.join(f.engine.unpause(a("a1")));
    assertThat(f.ringing("c2")).containsExactly(a("a1"));
  }

  @Test
  void strategyChangedDuringARound_cancelledLegsJoinTheNewStrategysPool() {
    EngineFixture f = sharedRingAll();
    f.offer("c1", "q1");
    f.join(f.engine.updateQueue(queue("q2", Strategy.LINEAR).build()));

    f.answer("c1", "a1");
    f.offer("c2", "q2");

    assertThat(f.ringing("c2")).as("linear: the first member available").containsExactly(a("a2"));
    f.fail("c2", "a2", RingFailure.BUSY);
    assertThat(f.ringing("c2")).containsExactly(a("a3"));
  }

  @Test
  void tierChangedDuringARound_theAgentReturnsInItsNewTier() {
    EngineFixture f = sharedRingAll();
    f.offer("c1", "q1");
    f.join(f.engine.updateMembership(
        new io.callqueue.api.Membership(EngineFixture.q("q1"), a("a3"), 1)));

    f.answer("c1", "a1");
    f.end("c1");
    f.offer("c2", "q1");

    assertThat(rungIn(f, "c2")).as("tier 0 first: a3 moved to tier 1").containsExactly("a1", "a2");
    f.fail("c2", "a1", RingFailure.BUSY);
    f.fail("c2", "a2", RingFailure.BUSY);
    assertThat(f.ringing("c2")).containsExactly(a("a3"));
  }

  @Test
  void membershipRemovedDuringAnotherQueuesRound_theAgentIsGoneFromThatQueue() {
    EngineFixture f = sharedRingAll();
    f.offer("c1", "q1");
    f.join(f.engine.removeMembership(EngineFixture.q("q2"), a("a2")));

    f.answer("c1", "a1");
    f.offer("c2", "q2");

    assertThat(f.ringing("c2")).containsExactly(a("a3"));
  }
}
