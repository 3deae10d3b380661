package io.callqueue.core;

import static io.callqueue.core.EngineFixture.a;
import static io.callqueue.core.Steps.giveCall;
import static io.callqueue.core.Steps.queue;
import static org.assertj.core.api.Assertions.assertThat;

import io.callqueue.api.AgentState;
import io.callqueue.api.QueueEvent;
import io.callqueue.api.RingFailure;
import io.callqueue.api.Strategy;
import org.junit.jupiter.api.Test;

/** Capability 5: membership priority tiers. Lower priority number = better tier. */
class PriorityTierTest {

  /** Queue {@code q} with {@code worse} (priority 1) added BEFORE {@code best} (priority 0). */
  private static EngineFixture twoTiers(Strategy strategy) {
    EngineFixture f = new EngineFixture().queue(queue("q", strategy).build());
    f.agent("worse").member("q", "worse", 1).login("worse");
    f.agent("best").member("q", "best", 0).login("best");
    return f;
  }

  @Test
  void betterTierIsRungFirst_evenWhenTheWorseMemberWasAddedFirst() {
    EngineFixture f = twoTiers(Strategy.LINEAR);

    f.offer("c1", "q");

    assertThat(f.ringing("c1")).containsExactly(a("best"));
    assertThat(f.state("worse")).isEqualTo(AgentState.AVAILABLE);
  }

  @Test
  void tierOutranksTheStrategyMetric() {
    // leastrecent prefers the never-called "worse", but "best" is in the better tier
    EngineFixture f = twoTiers(Strategy.LEAST_RECENT);
    giveCall(f, "best", 30);

    f.offer("c1", "q");

    assertThat(f.ringing("c1")).containsExactly(a("best"));
  }

  @Test
  void worseTier_whenTheBetterAgentIsOnACall() {
    EngineFixture f = twoTiers(Strategy.LINEAR);
    f.offer("c1", "q");
    f.answer("c1", "best");

    f.offer("c2", "q");

    assertThat(f.ringing("c2")).containsExactly(a("worse"));
  }

  @Test
  void worseTier_whenTheBetterAgentRingsForAnotherCaller() {
    EngineFixture f = twoTiers(Strategy.LINEAR);
    f.offer("c1", "q");

    f.offer("c2", "q");

    assertThat(f.ringing("c1")).containsExactly(a("best"));
    assertThat(f.ringing("c2")).containsExactly(a("worse"));
  }

  @Test
  void worseTier_whenTheBetterAgentIsPaused() {
    EngineFixture f = twoTiers(Strategy.LINEAR);
    f.join(f.engine.pause(a("best"), "break"));

    f.offer("c1", "q");

    assertThat(f.ringing("c1")).containsExactly(a("worse"));
  }

  @Test
  void worseTier_whenTheBetterAgentIsLoggedOut() {
    EngineFixture f = twoTiers(Strategy.LINEAR);
    f.join(f.engine.logout(a("best")));

    f.offer("c1", "q");

    assertThat(f.ringing("c1")).containsExactly(a("worse"));
  }

  @Test
  void worseTier_onlyAfterTheBetterAgentWasTriedForThisCaller() {
    EngineFixture f = twoTiers(Strategy.LINEAR);
    f.offer("c1", "q");
    f.advance(14.9);
    assertThat(f.rung()).containsExactly(a("best"));

    f.advance(0.1);

    assertThat(f.ringing("c1")).containsExactly(a("worse"));
  }

  @Test
  void nextRound_startsAgainFromTheBetterTier() {
    EngineFixture f = twoTiers(Strategy.LINEAR);
    f.offer("c1", "q");
    f.advance(15 + 15); // best, then worse did not answer
    f.advance(5); // retry delay

    assertThat(f.rung()).containsExactly(a("best"), a("worse"), a("best"));
  }

  @Test
  void betterAgentFreedAgain_getsTheNextCaller() {
    EngineFixture f = twoTiers(Strategy.LINEAR);
    f.offer("c1", "q");
    f.answer("c1", "best");
    f.offer("c2", "q");
    f.answer("c2", "worse");
    f.end("c1");
    f.end("c2");

    f.offer("c3", "q");

    assertThat(f.ringing("c3")).containsExactly(a("best"));
  }

  @Test
  void threeTiers_everyUnavailableBetterTierIsSkipped() {
    EngineFixture f = new EngineFixture().queue(queue("q", Strategy.LINEAR).build());
    f.agent("t0").member("q", "t0", 0).login("t0");
    f.agent("t5").member("q", "t5", 5).login("t5");
    f.agent("t9").member("q", "t9", 9).login("t9");
    f.offer("c0", "q");
    f.answer("c0", "t0");
    f.join(f.engine.pause(a("t5"), "break"));

    f.offer("c1", "q");

    assertThat(f.ringing("c1")).containsExactly(a("t9"));
  }

  // ---- ringall ----------------------------------------------------------------------------------

  private static EngineFixture ringAllTiers() {
    EngineFixture f = new EngineFixture().queue(queue("q", Strategy.RING_ALL).build());
    for (String id : new String[] {"w1", "w2"}) {
      f.agent(id).member("q", id, 1).login(id);
    }
    for (String id : new String[] {"b1", "b2"}) {
      f.agent(id).member("q", id, 0).login(id);
    }
    return f;
  }

  @Test
  void ringAll_ringsOnlyTheBestTierWithAnAvailableAgent() {
    EngineFixture f = ringAllTiers();

    f.offer("c1", "q");

    assertThat(f.ringing("c1")).containsExactlyInAnyOrder(a("b1"), a("b2"));
    assertThat(f.state("w1")).isEqualTo(AgentState.AVAILABLE);
    assertThat(f.state("w2")).isEqualTo(AgentState.AVAILABLE);
  }

  @Test
  void ringAll_oneBestTierLegFails_worseTierIsNotRungWhileTheOtherStillRings() {
    EngineFixture f = ringAllTiers();
    f.offer("c1", "q");

    f.fail("c1", "b1", RingFailure.BUSY);

    assertThat(f.ringing("c1")).containsExactly(a("b2"));
  }

  @Test
  void ringAll_nextTierIsRungAllAtOnce_afterTheWholeBestTierFailed() {
    EngineFixture f = ringAllTiers();
    f.offer("c1", "q");
    f.fail("c1", "b1", RingFailure.BUSY);

    f.advance(15); // b2 did not answer

    assertThat(f.ringing("c1")).containsExactlyInAnyOrder(a("w1"), a("w2"));
  }

  @Test
  void ringAll_bestTierPartlyBusy_ringsItsAvailableAgentsOnly() {
    EngineFixture f = ringAllTiers();
    f.offer("c0", "q");
    f.answer("c0", "b1");

    f.offer("c1", "q");

    assertThat(f.ringing("c1")).containsExactly(a("b2"));
  }

  @Test
  void ringAll_afterEveryTierFailed_retryStartsAgainFromTheBestTier() {
    EngineFixture f = ringAllTiers();
    f.offer("c1", "q");
    f.advance(15);
    f.advance(15);
    assertThat(f.events(QueueEvent.RetryScheduled.class)).hasSize(1);
    assertThat(f.ringing("c1")).isEmpty();

    f.advance(5);

    assertThat(f.ringing("c1")).containsExactlyInAnyOrder(a("b1"), a("b2"));
  }
}
