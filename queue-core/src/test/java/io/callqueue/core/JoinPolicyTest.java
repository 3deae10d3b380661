package io.callqueue.core;

import static io.callqueue.core.EngineFixture.a;
import static io.callqueue.core.EngineFixture.c;
import static io.callqueue.core.Steps.queue;
import static io.callqueue.core.Steps.ringEnds;
import static org.assertj.core.api.Assertions.assertThat;

import io.callqueue.api.AgentState;
import io.callqueue.api.CallOutcome;
import io.callqueue.api.JoinPolicy;
import io.callqueue.api.NotQueuedReason;
import io.callqueue.api.OfferResult;
import io.callqueue.api.QueueConfig;
import io.callqueue.api.QueueEvent;
import io.callqueue.api.Strategy;
import io.callqueue.testkit.PortCommand;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Capability 7 (no active agent: not queued) and the queue's limits. */
class JoinPolicyTest {

  private static EngineFixture queueWithLoggedOutAlice(QueueConfig.Builder config) {
    EngineFixture f = new EngineFixture().queue(config.build());
    f.agent("alice").member("q", "alice", 0);
    return f;
  }

  private static QueueEvent.CallerLeft left(EngineFixture f, String call) {
    return f.events(QueueEvent.CallerLeft.class).stream()
        .filter(e -> e.call().equals(c(call))).findFirst().orElseThrow();
  }

  // ---- no active agent --------------------------------------------------------------------------

  @Test
  void noActiveAgent_callIsNotQueued_andTheIvrContinues() {
    EngineFixture f = queueWithLoggedOutAlice(queue("q", Strategy.LINEAR));

    OfferResult r = f.offer("c1", "q");

    assertThat(r).isEqualTo(new OfferResult.NotQueued(NotQueuedReason.NO_ACTIVE_AGENT));
    QueueEvent.CallerLeft left = left(f, "c1");
    assertThat(left.outcome()).isEqualTo(CallOutcome.NOT_QUEUED);
    assertThat(left.notQueuedReason()).isEqualTo(NotQueuedReason.NO_ACTIVE_AGENT);
    assertThat(left.waited()).isZero();
    assertThat(left.position()).isZero();
    assertThat(f.port.commandsFor(c("c1")))
        .containsExactly(new PortCommand.Release(c("c1"), CallOutcome.NOT_QUEUED));
    assertThat(f.events(QueueEvent.CallerJoined.class)).isEmpty();
    assertThat(f.snapshot().queue(EngineFixture.q("q")).waiting()).isEmpty();
  }

  @Test
  void queueWithoutMembers_callIsNotQueued() {
    EngineFixture f = new EngineFixture().queue(queue("q", Strategy.LINEAR).build());

    assertThat(f.offer("c1", "q"))
        .isEqualTo(new OfferResult.NotQueued(NotQueuedReason.NO_ACTIVE_AGENT));
  }

  @Test
  void oneActiveAgent_evenIfBusy_letsTheCallJoin() {
    EngineFixture f = queueWithLoggedOutAlice(queue("q", Strategy.LINEAR));
    f.login("alice");
    f.offer("c0", "q");
    f.answer("c0", "alice");

    OfferResult r = f.offer("c1", "q");

    assertThat(r).isEqualTo(new OfferResult.Joined(1));
    assertThat(f.port.commandsFor(c("c1")))
        .containsExactly(new PortCommand.StartMusic(c("c1"), "default"));
  }

  @Test
  void pausedOnlyQueue_defaultPolicy_countsAsNoActiveAgent() {
    EngineFixture f = queueWithLoggedOutAlice(queue("q", Strategy.LINEAR));
    f.login("alice");
    f.join(f.engine.pause(a("alice"), "lunch"));

    assertThat(f.offer("c1", "q"))
        .isEqualTo(new OfferResult.NotQueued(NotQueuedReason.NO_ACTIVE_AGENT));
  }

  @Test
  void pausedOnlyQueue_requireLoggedInAgent_joinsAndWaits() {
    EngineFixture f = queueWithLoggedOutAlice(
        queue("q", Strategy.LINEAR).joinPolicy(JoinPolicy.REQUIRE_LOGGED_IN_AGENT));
    f.login("alice");
    f.join(f.engine.pause(a("alice"), "lunch"));

    OfferResult r = f.offer("c1", "q");

    assertThat(r).isEqualTo(new OfferResult.Joined(1));
    assertThat(f.port.rings()).isEmpty();
    f.join(f.engine.unpause(a("alice")));
    assertThat(f.ringing("c1")).containsExactly(a("alice"));
  }

  @Test
  void requireLoggedInAgent_nobodyLoggedIn_notQueued() {
    EngineFixture f = queueWithLoggedOutAlice(
        queue("q", Strategy.LINEAR).joinPolicy(JoinPolicy.REQUIRE_LOGGED_IN_AGENT));

    assertThat(f.offer("c1", "q"))
        .isEqualTo(new OfferResult.NotQueued(NotQueuedReason.NO_ACTIVE_AGENT));
  }

  @Test
  void always_joinsWithNobodyLoggedIn_andRingsWhenSomeoneLogsIn() {
    EngineFixture f =
        queueWithLoggedOutAlice(queue("q", Strategy.LINEAR).joinPolicy(JoinPolicy.ALWAYS));

    assertThat(f.offer("c1", "q")).isEqualTo(new OfferResult.Joined(1));
    assertThat(f.port.rings()).isEmpty();

    f.login("alice");

    assertThat(f.ringing("c1")).containsExactly(a("alice"));
  }

  // ---- limits -----------------------------------------------------------------------------------

  @Test
  void maxLength_reached_furtherCallsAreNotQueuedAsFull() {
    EngineFixture f = queueWithLoggedOutAlice(queue("q", Strategy.LINEAR).maxLength(2));
    f.login("alice");
    f.offer("c1", "q"); // rings alice, still counts as waiting
    f.offer("c2", "q");

    OfferResult r = f.offer("c3", "q");

    assertThat(r).isEqualTo(new OfferResult.NotQueued(NotQueuedReason.FULL));
    assertThat(left(f, "c3").notQueuedReason()).isEqualTo(NotQueuedReason.FULL);
    assertThat(f.port.commandsFor(c("c3")))
        .containsExactly(new PortCommand.Release(c("c3"), CallOutcome.NOT_QUEUED));
    assertThat(f.snapshot().queue(EngineFixture.q("q")).waiting()).hasSize(2);
  }

  @Test
  void maxLength_placeFreedByAnAnswer_nextCallJoins() {
    EngineFixture f = queueWithLoggedOutAlice(queue("q", Strategy.LINEAR).maxLength(1));
    f.login("alice");
    f.offer("c1", "q");
    f.answer("c1", "alice");

    assertThat(f.offer("c2", "q")).isEqualTo(new OfferResult.Joined(1));
  }

  @Test
  void maxWait_reachedWhileRinging_timesOutReleasesAndCancelsTheLeg() {
    EngineFixture f = queueWithLoggedOutAlice(queue("q", Strategy.LINEAR)
        .maxWait(Duration.ofSeconds(30)).ringTimeout(Duration.ofSeconds(60)));
    f.login("alice");
    f.offer("c1", "q");
    f.advance(29.999);
    assertThat(f.outcome("c1")).isNull();

    f.advance(0.001);

    QueueEvent.CallerLeft left = left(f, "c1");
    assertThat(left.outcome()).isEqualTo(CallOutcome.TIMEOUT);
    assertThat(left.waited()).isEqualTo(Duration.ofSeconds(30));
    assertThat(f.port.commandsFor(c("c1"))).endsWith(
        new PortCommand.CancelRing(c("c1"), a("alice")),
        new PortCommand.Release(c("c1"), CallOutcome.TIMEOUT));
    assertThat(ringEnds(f, "c1")).containsExactly("alice:CANCELLED");
    assertThat(f.state("alice")).isEqualTo(AgentState.AVAILABLE);
    assertThat(f.snapshot().queue(EngineFixture.q("q")).waiting()).isEmpty();
  }

  @Test
  void maxWait_reachedWhileNobodyRings_timesOut() {
    EngineFixture f = queueWithLoggedOutAlice(
        queue("q", Strategy.LINEAR).joinPolicy(JoinPolicy.ALWAYS).maxWait(Duration.ofSeconds(90)));
    f.offer("c1", "q");

    f.advance(90);

    assertThat(f.outcome("c1")).isEqualTo(CallOutcome.TIMEOUT);
    assertThat(f.port.last(cmd -> true))
        .isEqualTo(new PortCommand.Release(c("c1"), CallOutcome.TIMEOUT));
  }

  @Test
  void maxWait_doesNotApplyOnceAnswered() {
    EngineFixture f = queueWithLoggedOutAlice(
        queue("q", Strategy.LINEAR).maxWait(Duration.ofSeconds(30)));
    f.login("alice");
    f.offer("c1", "q");
    f.advance(10);
    f.answer("c1", "alice");

    f.advance(120);

    assertThat(f.outcome("c1")).isEqualTo(CallOutcome.ANSWERED);
    assertThat(f.state("alice")).isEqualTo(AgentState.ON_CALL);
    assertThat(f.port.commands(PortCommand.Release.class)).isEmpty();
  }

  @Test
  void unknownQueue_notQueued_andTheIvrContinues() {
    EngineFixture f = new EngineFixture();

    OfferResult r = f.offer("c1", "nope");

    assertThat(r).isEqualTo(new OfferResult.NotQueued(NotQueuedReason.UNKNOWN_QUEUE));
    assertThat(left(f, "c1").notQueuedReason()).isEqualTo(NotQueuedReason.UNKNOWN_QUEUE);
    assertThat(f.port.commandsFor(c("c1")))
        .containsExactly(new PortCommand.Release(c("c1"), CallOutcome.NOT_QUEUED));
  }

  @Test
  void duplicateCallId_isRefused_andTheOriginalCallIsUntouched() {
    EngineFixture f = queueWithLoggedOutAlice(queue("q", Strategy.LINEAR));
    f.queue(queue("other", Strategy.LINEAR).joinPolicy(JoinPolicy.ALWAYS).build());
    f.login("alice");
    f.offer("c1", "q");

    assertThat(f.offer("c1", "q"))
        .isEqualTo(new OfferResult.NotQueued(NotQueuedReason.DUPLICATE_CALL));
    assertThat(f.offer("c1", "other"))
        .isEqualTo(new OfferResult.NotQueued(NotQueuedReason.DUPLICATE_CALL));

    assertThat(f.events(QueueEvent.CallerJoined.class)).hasSize(1);
    assertThat(f.events(QueueEvent.CallerLeft.class)).isEmpty();
    assertThat(f.port.commands(PortCommand.Release.class)).isEmpty();
    assertThat(f.ringing("c1")).containsExactly(a("alice"));
  }

  @Test
  void duplicateCallId_ofAConnectedCall_isRefused() {
    EngineFixture f = queueWithLoggedOutAlice(queue("q", Strategy.LINEAR));
    f.login("alice");
    f.offer("c1", "q");
    f.answer("c1", "alice");

    assertThat(f.offer("c1", "q"))
        .isEqualTo(new OfferResult.NotQueued(NotQueuedReason.DUPLICATE_CALL));
    assertThat(f.state("alice")).isEqualTo(AgentState.ON_CALL);
  }

  // ---- leave when empty -------------------------------------------------------------------------

  @Test
  void leaveWhenEmpty_lastActiveMemberLogsOut_waitingCallersLeaveEmpty() {
    EngineFixture f = queueWithLoggedOutAlice(queue("q", Strategy.LINEAR).leaveWhenEmpty(true));
    f.login("alice");
    f.offer("c1", "q"); // rings alice
    f.offer("c2", "q");

    f.join(f.engine.logout(a("alice")));

    assertThat(f.outcome("c1")).isEqualTo(CallOutcome.LEFT_EMPTY);
    assertThat(f.outcome("c2")).isEqualTo(CallOutcome.LEFT_EMPTY);
    assertThat(f.port.commands(PortCommand.Release.class)).containsExactly(
        new PortCommand.Release(c("c1"), CallOutcome.LEFT_EMPTY),
        new PortCommand.Release(c("c2"), CallOutcome.LEFT_EMPTY));
    assertThat(f.port.commands(PortCommand.CancelRing.class))
        .containsExactly(new PortCommand.CancelRing(c("c1"), a("alice")));
    assertThat(f.snapshot().queue(EngineFixture.q("q")).waiting()).isEmpty();
  }

  @Test
  void leaveWhenEmptyOff_callersKeepWaitingWhenTheLastMemberLogsOut() {
    EngineFixture f = queueWithLoggedOutAlice(queue("q", Strategy.LINEAR));
    f.login("alice");
    f.offer("c1", "q");

    f.join(f.engine.logout(a("alice")));

    assertThat(f.outcome("c1")).isNull();
    assertThat(f.snapshot().queue(EngineFixture.q("q")).waiting()).hasSize(1);
    assertThat(f.port.commands(PortCommand.Release.class)).isEmpty();
  }

  @Test
  void leaveWhenEmpty_anotherMemberStillActiveOnACall_callersStay() {
    EngineFixture f = queueWithLoggedOutAlice(queue("q", Strategy.LINEAR).leaveWhenEmpty(true));
    f.login("alice");
    f.agent("bob").member("q", "bob", 0).login("bob");
    f.offer("c0", "q");
    f.answer("c0", "alice"); // alice on a call: still an active member
    f.offer("c1", "q"); // rings bob
    assertThat(f.ringing("c1")).containsExactly(a("bob"));

    f.join(f.engine.logout(a("bob")));

    assertThat(f.outcome("c1")).isNull();
    assertThat(f.snapshot().queue(EngineFixture.q("q")).waiting()).hasSize(1);
  }
}
