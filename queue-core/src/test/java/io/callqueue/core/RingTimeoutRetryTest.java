package io.callqueue.core;

import static io.callqueue.core.EngineFixture.a;
import static io.callqueue.core.EngineFixture.c;
import static io.callqueue.core.Steps.changes;
import static io.callqueue.core.Steps.queue;
import static io.callqueue.core.Steps.ringEnds;
import static org.assertj.core.api.Assertions.assertThat;

import io.callqueue.api.AgentState;
import io.callqueue.api.QueueConfig;
import io.callqueue.api.QueueEvent;
import io.callqueue.api.RingFailure;
import io.callqueue.api.Strategy;
import io.callqueue.testkit.PortCommand;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Capabilities 8 (ring time) and 9 (retry). */
class RingTimeoutRetryTest {

  private static EngineFixture linear(QueueConfig.Builder config, String... agents) {
    return new EngineFixture().queue(config.build()).agents("q", agents);
  }

  private static EngineFixture linear(String... agents) {
    return linear(queue("q", Strategy.LINEAR), agents);
  }

  // ---- ring time --------------------------------------------------------------------------------

  @Test
  void ringTimeout_defaultsTo15s_thenTheLegIsCancelledAsNoAnswer_andTheNextAgentRings() {
    EngineFixture f = linear("a1", "a2");
    f.offer("c1", "q");
    assertThat(f.port.rings().get(0).ringTimeout()).isEqualTo(Duration.ofSeconds(15));

    f.advance(14.999);
    assertThat(f.ringing("c1")).containsExactly(a("a1"));
    assertThat(f.port.commands(PortCommand.CancelRing.class)).isEmpty();

    f.advance(0.001);
    assertThat(f.port.commands(PortCommand.CancelRing.class))
        .containsExactly(new PortCommand.CancelRing(c("c1"), a("a1")));
    assertThat(ringEnds(f, "c1")).containsExactly("a1:NO_ANSWER");
    assertThat(f.ringing("c1")).containsExactly(a("a2"));
    assertThat(f.state("a1")).isEqualTo(AgentState.AVAILABLE);
    assertThat(f.snapshot().agent(a("a1")).callsMissed()).isEqualTo(1);
  }

  @Test
  void ringTimeout_isConfigurable() {
    EngineFixture f = linear(queue("q", Strategy.LINEAR).ringTimeout(Duration.ofSeconds(8)),
        "a1", "a2");
    f.offer("c1", "q");
    assertThat(f.port.rings().get(0).ringTimeout()).isEqualTo(Duration.ofSeconds(8));

    f.advance(7.9);
    assertThat(f.ringing("c1")).containsExactly(a("a1"));
    f.advance(0.1);
    assertThat(f.ringing("c1")).containsExactly(a("a2"));
  }

  @Test
  void noAnswerReportedEarly_nextAgentRingsAtOnce_withAFullRingTimeOfItsOwn() {
    EngineFixture f = linear("a1", "a2", "a3");
    f.offer("c1", "q");
    f.advance(3);

    f.fail("c1", "a1", RingFailure.NO_ANSWER);
    assertThat(f.ringing("c1")).containsExactly(a("a2"));

    f.advance(12); // the first leg's deadline (15 s) passes: a2 keeps ringing
    assertThat(f.ringing("c1")).containsExactly(a("a2"));
    f.advance(3); // a2's own 15 s
    assertThat(f.ringing("c1")).containsExactly(a("a3"));
  }

  @Test
  void ringAll_timeout_endsEveryLegAsNoAnswer() {
    EngineFixture f = linear(queue("q", Strategy.RING_ALL), "a1", "a2");
    f.offer("c1", "q");

    f.advance(15);

    assertThat(ringEnds(f, "c1")).containsExactlyInAnyOrder("a1:NO_ANSWER", "a2:NO_ANSWER");
    assertThat(f.port.commands(PortCommand.CancelRing.class)).hasSize(2);
    assertThat(f.ringing("c1")).isEmpty();
  }

  // ---- retry ------------------------------------------------------------------------------------

  @Test
  void fullUnansweredRound_schedulesRetryWithDefault5s_noRingingDuringIt_thenRoundRestarts() {
    EngineFixture f = linear("a1", "a2");
    f.offer("c1", "q");
    f.advance(30); // a1 and a2 did not answer

    QueueEvent.RetryScheduled retry = f.events(QueueEvent.RetryScheduled.class).get(0);
    assertThat(retry.delay()).isEqualTo(Duration.ofSeconds(5));
    assertThat(retry.call()).isEqualTo(c("c1"));
    assertThat(f.ringing("c1")).isEmpty();
    assertThat(f.state("a1")).isEqualTo(AgentState.AVAILABLE);

    f.advance(4.999);
    assertThat(f.port.rings()).hasSize(2);

    f.advance(0.001);
    assertThat(f.rung()).containsExactly(a("a1"), a("a2"), a("a1"));
    assertThat(f.events(QueueEvent.AgentRung.class)).last()
        .extracting(QueueEvent.AgentRung::attempt).isEqualTo(3);
  }

  @Test
  void retryDelay_isConfigurable() {
    EngineFixture f = linear(queue("q", Strategy.LINEAR).retryDelay(Duration.ofSeconds(12)), "a1");
    f.offer("c1", "q");
    f.advance(15);
    assertThat(f.events(QueueEvent.RetryScheduled.class).get(0).delay())
        .isEqualTo(Duration.ofSeconds(12));

    f.advance(11.9);
    assertThat(f.port.rings()).hasSize(1);
    f.advance(0.1);
    assertThat(f.port.rings()).hasSize(2);
  }

  @Test
  void retryDelayZero_stillWaitsOneSecond_soAFailingPhoneIsNotRungInALoop() {
    EngineFixture f = linear(queue("q", Strategy.LINEAR).retryDelay(Duration.ZERO), "a1");
    f.offer("c1", "q");

    f.fail("c1", "a1", RingFailure.UNREACHABLE);

    assertThat(f.events(QueueEvent.RetryScheduled.class).get(0).delay())
        .isEqualTo(Duration.ofSeconds(1));
    assertThat(f.port.rings()).hasSize(1);
    f.advance(1);
    assertThat(f.port.rings()).hasSize(2);
  }

  @Test
  void untriedAgentFreedDuringTheRetryDelay_takesTheCallerAtOnce() {
    EngineFixture f = new EngineFixture().queue(queue("q", Strategy.LINEAR).build());
    f.agent("a1").agent("a2").agent("a3");
    f.member("q", "a1", 0).member("q", "a2", 0).member("q", "a3", 0);
    f.login("a3");
    f.offer("c0", "q");
    f.answer("c0", "a3"); // a3 busy
    f.login("a1").login("a2");
    f.offer("c1", "q");
    f.advance(30); // a1, a2 did not answer: retry pending
    assertThat(f.events(QueueEvent.RetryScheduled.class)).hasSize(1);
    f.advance(2);

    f.end("c0");

    assertThat(f.ringing("c1")).containsExactly(a("a3"));
    assertThat(f.rung()).containsExactly(a("a3"), a("a1"), a("a2"), a("a3"));
  }

  @Test
  void agentWhoJustMissed_isNotRungBeforeTheRetryDelay_evenThoughAvailable() {
    EngineFixture f = linear("a1");
    f.offer("c1", "q");
    f.advance(15);
    assertThat(f.state("a1")).isEqualTo(AgentState.AVAILABLE);

    f.advance(4);

    assertThat(f.port.rings()).hasSize(1);
  }

  @ParameterizedTest
  @EnumSource(RingFailure.class)
  void everyRingFailure_countsAsTried_forTheRestOfTheRound(RingFailure failure) {
    EngineFixture f = linear("a1", "a2");
    f.offer("c1", "q");

    f.fail("c1", "a1", failure);
    assertThat(f.ringing("c1")).containsExactly(a("a2"));
    f.fail("c1", "a2", failure);

    assertThat(f.ringing("c1")).isEmpty();
    assertThat(f.rung()).containsExactly(a("a1"), a("a2"));
    assertThat(f.events(QueueEvent.RetryScheduled.class)).hasSize(1);
    assertThat(ringEnds(f, "c1")).containsExactly("a1:" + failure, "a2:" + failure);
  }

  @Test
  void mixedFailures_busyRejectedUnreachable_eachMovesToTheNextAgent() {
    EngineFixture f = linear("a1", "a2", "a3");
    f.offer("c1", "q");

    f.fail("c1", "a1", RingFailure.BUSY);
    f.fail("c1", "a2", RingFailure.REJECTED);
    f.fail("c1", "a3", RingFailure.UNREACHABLE);

    assertThat(ringEnds(f, "c1"))
        .containsExactly("a1:BUSY", "a2:REJECTED", "a3:UNREACHABLE");
    assertThat(f.events(QueueEvent.RetryScheduled.class)).hasSize(1);
    f.advance(5);
    assertThat(f.rung()).containsExactly(a("a1"), a("a2"), a("a3"), a("a1"));
  }

  @Test
  void callerWithoutAnyFailedAttempt_isNotScheduledForRetry() {
    EngineFixture f = linear(queue("q", Strategy.LINEAR), "a1");
    f.offer("c0", "q");
    f.answer("c0", "a1");

    f.offer("c1", "q");
    f.advance(60);

    assertThat(f.events(QueueEvent.RetryScheduled.class)).isEmpty();
  }

  // ---- auto-pause -------------------------------------------------------------------------------

  @Test
  void autoPause_agentWhoDoesNotAnswerIsPaused_andNotRungAgain() {
    EngineFixture f = linear(queue("q", Strategy.LINEAR).autoPause(true), "a1", "a2");
    f.offer("c1", "q");

    f.advance(15);

    assertThat(f.state("a1")).isEqualTo(AgentState.PAUSED);
    assertThat(f.snapshot().agent(a("a1")).pauseReason()).isEqualTo("auto-paused: did not answer");
    assertThat(changes(f, "a1")).last()
        .isEqualTo("RINGING>PAUSED:auto-paused: did not answer");
    assertThat(f.ringing("c1")).containsExactly(a("a2"));
    f.answer("c1", "a2");
    f.offer("c2", "q"); // a1 is free of calls but paused: c2 waits
    assertThat(f.ringing("c2")).isEmpty();
    assertThat(f.rung()).containsExactly(a("a1"), a("a2"));
  }

  @Test
  void autoPauseOff_agentWhoDoesNotAnswerStaysAvailable() {
    EngineFixture f = linear("a1", "a2");
    f.offer("c1", "q");

    f.advance(15);

    assertThat(f.state("a1")).isEqualTo(AgentState.AVAILABLE);
  }

  @Test
  void autoPause_ringAllLegCancelledBecauseAnotherAnswered_isNotPaused() {
    EngineFixture f = linear(queue("q", Strategy.RING_ALL).autoPause(true), "a1", "a2");
    f.offer("c1", "q");

    f.answer("c1", "a1");

    assertThat(f.state("a2")).isEqualTo(AgentState.AVAILABLE);
  }
}
