package io.callqueue.core;

import static io.callqueue.core.EngineFixture.a;
import static io.callqueue.core.EngineFixture.c;
import static io.callqueue.core.Steps.fixture;
import static io.callqueue.core.Steps.giveCall;
import static io.callqueue.core.Steps.ringEnds;
import static io.callqueue.core.Steps.serveOne;
import static org.assertj.core.api.Assertions.assertThat;

import io.callqueue.api.AgentId;
import io.callqueue.api.AgentState;
import io.callqueue.api.CallOutcome;
import io.callqueue.api.QueueEvent;
import io.callqueue.api.RingFailure;
import io.callqueue.api.Strategy;
import io.callqueue.testkit.PortCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Capability 3: every built-in strategy and its documented tie-breaks. */
class StrategyTest {

  // ---- ringall ----------------------------------------------------------------------------------

  @Test
  void ringAll_ringsEveryAvailableAgentAtOnce() {
    EngineFixture f = fixture(Strategy.RING_ALL, "a1", "a2", "a3");

    f.offer("c1", "q");

    assertThat(f.ringing("c1")).containsExactlyInAnyOrder(a("a1"), a("a2"), a("a3"));
    assertThat(f.events(QueueEvent.AgentRung.class)).extracting(QueueEvent.AgentRung::attempt)
        .containsExactly(1, 2, 3);
    assertThat(List.of(f.state("a1"), f.state("a2"), f.state("a3")))
        .containsOnly(AgentState.RINGING);
  }

  @Test
  void ringAll_firstToAnswerWins_otherLegsCancelledAndAgentsAvailableAgain() {
    EngineFixture f = fixture(Strategy.RING_ALL, "a1", "a2", "a3");
    f.offer("c1", "q");
    f.advance(2);

    f.answer("c1", "a2");

    assertThat(f.port.commands(PortCommand.CancelRing.class)).containsExactlyInAnyOrder(
        new PortCommand.CancelRing(c("c1"), a("a1")), new PortCommand.CancelRing(c("c1"), a("a3")));
    assertThat(f.port.commands(PortCommand.Connect.class))
        .containsExactly(new PortCommand.Connect(c("c1"), a("a2")));
    assertThat(ringEnds(f, "c1")).containsExactlyInAnyOrder("a1:CANCELLED", "a3:CANCELLED");
    assertThat(f.state("a2")).isEqualTo(AgentState.ON_CALL);
    assertThat(f.state("a1")).isEqualTo(AgentState.AVAILABLE);
    assertThat(f.state("a3")).isEqualTo(AgentState.AVAILABLE);
    assertThat(f.ringing("c1")).isEmpty();
    assertThat(f.outcome("c1")).isEqualTo(CallOutcome.ANSWERED);
  }

  @Test
  void ringAll_cancelledLegsAreNotMissedCalls() {
    EngineFixture f = fixture(Strategy.RING_ALL, "a1", "a2");
    f.offer("c1", "q");
    f.answer("c1", "a1");

    assertThat(f.snapshot().agent(a("a2")).callsMissed()).isZero();
  }

  // ---- linear -----------------------------------------------------------------------------------

  @Test
  void linear_ringsOneAtATimeInMembershipOrder_notIdOrder() {
    EngineFixture f = fixture(Strategy.LINEAR, "zoe", "yan", "xia");

    f.offer("c1", "q");
    assertThat(f.ringing("c1")).containsExactly(a("zoe"));
    f.advance(15);
    assertThat(f.ringing("c1")).containsExactly(a("yan"));
    f.advance(15);
    assertThat(f.ringing("c1")).containsExactly(a("xia"));
    assertThat(f.rung()).containsExactly(a("zoe"), a("yan"), a("xia"));
  }

  @Test
  void linear_everyCallerStartsFromTheTop_noMemory() {
    EngineFixture f = fixture(Strategy.LINEAR, "a1", "a2", "a3");

    assertThat(serveOne(f, "c1", "q")).isEqualTo(a("a1"));
    assertThat(serveOne(f, "c2", "q")).isEqualTo(a("a1"));
  }

  @Test
  void linear_firstAgentBusy_ringsTheNextInOrder() {
    EngineFixture f = fixture(Strategy.LINEAR, "a1", "a2", "a3");
    f.offer("c1", "q");
    f.answer("c1", "a1");

    f.offer("c2", "q");

    assertThat(f.ringing("c2")).containsExactly(a("a2"));
  }

  @Test
  void linear_nextRoundStartsFromTheTopAgain() {
    EngineFixture f = fixture(Strategy.LINEAR, "a1", "a2");
    f.offer("c1", "q");
    f.advance(15 + 15 + 5);

    assertThat(f.rung()).containsExactly(a("a1"), a("a2"), a("a1"));
  }

  // ---- all ordered strategies: ties end on membership order ------------------------------------

  @ParameterizedTest
  @EnumSource(value = Strategy.class,
      names = {"LINEAR", "LEAST_RECENT", "FEWEST_CALLS", "LEAST_TALK_TIME", "ROUND_ROBIN"})
  void orderedStrategy_allAgentsEqual_firstMemberIsRung(Strategy strategy) {
    EngineFixture f = fixture(strategy, "zoe", "yan", "xia");

    f.offer("c1", "q");

    assertThat(f.ringing("c1")).containsExactly(a("zoe"));
  }

  // ---- leastrecent ------------------------------------------------------------------------------

  @Test
  void leastRecent_neverCalledAgentFirst_thenTheOneWhoseLastCallEndedLongestAgo() {
    EngineFixture f = fixture(Strategy.LEAST_RECENT, "a1", "a2", "a3");
    giveCall(f, "a3", 10);
    f.advance(30);
    giveCall(f, "a1", 10);

    f.offer("x", "q");
    assertThat(f.ringing("x")).as("a2 never had a call").containsExactly(a("a2"));
    f.answer("x", "a2");

    f.offer("y", "q");
    assertThat(f.ringing("y")).as("a3's call ended before a1's").containsExactly(a("a3"));
  }

  @Test
  void leastRecent_agentWhoJustFinishedGoesToTheBack() {
    EngineFixture f = fixture(Strategy.LEAST_RECENT, "a1", "a2", "a3");

    List<AgentId> served = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      served.add(serveOne(f, "c" + i, "q"));
      f.advance(1);
    }

    assertThat(served).containsExactly(a("a1"), a("a2"), a("a3"), a("a1"), a("a2"), a("a3"));
  }

  // ---- fewestcalls ------------------------------------------------------------------------------

  @Test
  void fewestCalls_fewestAnsweredFirst_tieBrokenByLeastRecentNotMembershipOrder() {
    EngineFixture f = fixture(Strategy.FEWEST_CALLS, "a1", "a2", "a3");
    giveCall(f, "a1", 5);
    giveCall(f, "a1", 5);
    f.advance(10);
    giveCall(f, "a3", 5); // one call, ends before a2's
    f.advance(10);
    giveCall(f, "a2", 5); // one call, ends last

    f.offer("x", "q");
    assertThat(f.ringing("x")).as("1 call, least recent").containsExactly(a("a3"));
    f.answer("x", "a3");
    f.offer("y", "q");
    assertThat(f.ringing("y")).as("1 call").containsExactly(a("a2"));
    f.answer("y", "a2");
    f.offer("z", "q");
    assertThat(f.ringing("z")).as("2 calls").containsExactly(a("a1"));
  }

  // ---- leasttalktime ----------------------------------------------------------------------------

  @Test
  void leastTalkTime_leastTotalTalkFirst_tieBrokenByFewestCallsNotMembershipOrder() {
    // membership order a1, a3, a2
    EngineFixture f = fixture(Strategy.LEAST_TALK_TIME, "a1", "a3", "a2");
    giveCall(f, "a1", 30); // 30 s in 1 call
    giveCall(f, "a3", 5);
    giveCall(f, "a3", 5); // 10 s in 2 calls
    giveCall(f, "a2", 10); // 10 s in 1 call

    f.offer("x", "q");
    assertThat(f.ringing("x")).containsExactly(a("a2"));
    f.answer("x", "a2");
    f.offer("y", "q");
    assertThat(f.ringing("y")).containsExactly(a("a3"));
    f.answer("y", "a3");
    f.offer("z", "q");
    assertThat(f.ringing("z")).containsExactly(a("a1"));
  }

  // ---- random -----------------------------------------------------------------------------------

  private static List<AgentId> randomChoices(long seed, int calls) {
    EngineFixture f = new EngineFixture(seed)
        .queue(Steps.queue("q", Strategy.RANDOM).build())
        .agents("q", "a1", "a2", "a3", "a4");
    List<AgentId> chosen = new ArrayList<>();
    for (int i = 0; i < calls; i++) {
      chosen.add(serveOne(f, "c" + i, "q"));
    }
    return chosen;
  }

  @Test
  void random_sameSeed_repeatsTheSameChoices() {
    assertThat(randomChoices(7, 40)).isEqualTo(randomChoices(7, 40));
  }

  @Test
  void random_differentSeeds_chooseDifferently() {
    assertThat(randomChoices(7, 40)).isNotEqualTo(randomChoices(8, 40));
  }

  @Test
  void random_overManyCalls_everyAgentIsChosenAboutEvenly() {
    Map<AgentId, Long> counts = randomChoices(42, 400).stream()
        .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));

    assertThat(counts).containsOnlyKeys(a("a1"), a("a2"), a("a3"), a("a4"));
    assertThat(counts.values()).allSatisfy(n -> assertThat(n).isBetween(60L, 140L));
  }

  // ---- rrmemory ---------------------------------------------------------------------------------

  @Test
  void roundRobin_remembersTheLastRungAgentAcrossCallers_andWraps() {
    EngineFixture f = fixture(Strategy.ROUND_ROBIN, "a1", "a2", "a3");

    List<AgentId> served = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      served.add(serveOne(f, "c" + i, "q"));
    }

    // LINEAR would give a1 every time: every agent is free again when the next caller comes
    assertThat(served).containsExactly(a("a1"), a("a2"), a("a3"), a("a1"), a("a2"));
  }

  @Test
  void roundRobin_continuesAfterTheLastRung_evenWhenAnEarlierAgentIsFreeAgain() {
    EngineFixture f = fixture(Strategy.ROUND_ROBIN, "a1", "a2", "a3");
    f.offer("c1", "q");
    f.answer("c1", "a1");
    f.offer("c2", "q");
    f.answer("c2", "a2");
    f.end("c1"); // a1 is free again

    f.offer("c3", "q");

    assertThat(f.ringing("c3")).containsExactly(a("a3"));
  }

  @Test
  void roundRobin_unansweredRing_movesTheMemoryOnForTheNextCaller() {
    EngineFixture f = fixture(Strategy.ROUND_ROBIN, "a1", "a2", "a3");
    f.offer("c1", "q");
    f.advance(15); // a1 did not answer, c1 rings a2
    f.answer("c1", "a2");

    f.offer("c2", "q");

    assertThat(f.ringing("c2")).containsExactly(a("a3"));
  }

  // ---- no re-ringing of an agent who did not answer (Asterisk's leastrecent/fewestcalls flaw)

  @ParameterizedTest
  @EnumSource(value = Strategy.class, names = "RING_ALL", mode = EnumSource.Mode.EXCLUDE)
  void agentWhoDidNotAnswer_isNotRungAgainForTheSameCaller_whileOthersAreAvailable(
      Strategy strategy) {
    EngineFixture f = fixture(strategy, "a1", "a2", "a3");
    f.offer("c1", "q");

    f.advance(15);
    f.advance(15);
    f.advance(15);

    assertThat(f.rung()).as("one round rings each agent once").hasSize(3).doesNotHaveDuplicates();
    assertThat(f.events(QueueEvent.RetryScheduled.class)).hasSize(1);
  }

  @Test
  void leastRecent_agentWithTheBestMetricWhoDoesNotAnswer_isNotRungAgain() {
    // a1 stays "least recent" after a missed ring; Asterisk would ring it again and again
    EngineFixture f = fixture(Strategy.LEAST_RECENT, "a1", "a2");
    giveCall(f, "a2", 5);
    f.offer("c1", "q");
    assertThat(f.ringing("c1")).containsExactly(a("a1"));

    f.fail("c1", "a1", RingFailure.NO_ANSWER);

    assertThat(f.ringing("c1")).containsExactly(a("a2"));
  }

  @Test
  void fewestCalls_agentWithTheBestMetricWhoDoesNotAnswer_isNotRungAgain() {
    EngineFixture f = fixture(Strategy.FEWEST_CALLS, "a1", "a2");
    giveCall(f, "a2", 5);
    f.offer("c1", "q");
    assertThat(f.ringing("c1")).containsExactly(a("a1"));

    f.advance(15);

    assertThat(f.ringing("c1")).containsExactly(a("a2"));
  }

  @Test
  void triedIsPerCaller_agentWhoMissedOneCallerIsStillRungForTheNext() {
    EngineFixture f = fixture(Strategy.LEAST_RECENT, "a1", "a2");
    f.offer("c1", "q");
    f.advance(15); // a1 missed c1; c1 rings a2

    f.offer("c2", "q");

    assertThat(f.ringing("c1")).containsExactly(a("a2"));
    assertThat(f.ringing("c2")).containsExactly(a("a1"));
  }
}
