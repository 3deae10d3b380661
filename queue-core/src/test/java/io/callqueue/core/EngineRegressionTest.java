package io.callqueue.core;

import static io.callqueue.core.EngineFixture.a;
import static io.callqueue.core.Steps.autoAgent;
import static io.callqueue.core.Steps.queue;
import static org.assertj.core.api.Assertions.assertThat;

import io.callqueue.api.AgentConfig;
import io.callqueue.api.AgentState;
import io.callqueue.api.Strategy;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/**
 * Engine bugs found while writing the capability tests, each kept as a regression test: a pause
 * asked for during wrap-up does not survive a logout; re-registering during a call undoes the
 * pending logout of an auto-activating agent; an agent removed during a call can be added again.
 */
class EngineRegressionTest {

  /**
   * A pause requested during wrap-up (or during the call) is remembered as pending. Logging out
   * during wrap-up logs out at once but does not drop the pending pause, so after the next login
   * the agent is paused, with the old reason, at the end of its first call.
   */
  @Test
  void pendingPause_isDroppedByLogoutDuringWrapUp_notAppliedAfterTheNextLoginsFirstCall() {
    EngineFixture f = new EngineFixture()
        .queue(queue("q", Strategy.LINEAR).wrapUpTime(Duration.ofSeconds(30)).build())
        .agents("q", "alice");
    f.offer("c1", "q");
    f.answer("c1", "alice");
    f.end("c1"); // wrap-up
    f.join(f.engine.pause(a("alice"), "lunch")); // pending until wrap-up ends
    f.join(f.engine.logout(a("alice"))); // logs out at once
    f.advance(600);
    f.login("alice"); // a new session
    f.join(f.engine.updateQueue(queue("q", Strategy.LINEAR).build())); // wrap-up 0 now
    f.offer("c2", "q");
    f.answer("c2", "alice");

    f.end("c2");

    assertThat(f.state("alice")).as("stale 'lunch' pause from the previous session")
        .isEqualTo(AgentState.AVAILABLE);
  }

  /**
   * An auto-activating agent whose SIP registration drops during a call gets a pending logout;
   * when the account registers again before the call ends, the pending logout is kept, so the
   * agent is logged out after the call although it is registered, and a caller already waiting
   * is not rung (only a NEW call's arrival re-activates it).
   */
  @Test
  void reRegistrationDuringACall_cancelsThePendingLogoutOfUnregistration() {
    EngineFixture f = new EngineFixture().queue(queue("q", Strategy.LINEAR).build());
    autoAgent(f, "alice");
    f.member("q", "alice", 0);
    f.engine.sipRegistered("alice");
    f.offer("c1", "q");
    f.answer("c1", "alice");
    f.offer("c2", "q"); // waits for alice
    f.engine.sipUnregistered("alice"); // e.g. a registration refresh lost
    f.engine.sipRegistered("alice"); // registered again while still talking

    f.end("c1");

    assertThat(f.state("alice")).isNotEqualTo(AgentState.LOGGED_OUT);
    assertThat(f.ringing("c2")).containsExactly(a("alice"));
  }

  /**
   * removeAgent on an agent in a call hides it at once (snapshot, login, updateAgent say "no
   * agent") but keeps its id taken until the call ends: addAgent with that id fails with "already
   * exists; use updateAgent", and updateAgent fails with "no agent". Re-adding should either work
   * or fail with a message that says the agent is being removed after its call.
   */
  @Test
  void reAddingAnAgentRemovedDuringItsCall_isNotRefusedWithAMisleadingMessage() {
    EngineFixture f = new EngineFixture().queue(queue("q", Strategy.LINEAR).build())
        .agents("q", "alice");
    f.offer("c1", "q");
    f.answer("c1", "alice");
    f.join(f.engine.removeAgent(a("alice")));
    assertThat(f.snapshot().agents()).doesNotContainKey(a("alice"));

    Throwable t = catchFailure(f.engine.addAgent(AgentConfig.sip("alice", "alice")));

    assertThat(t).as("addAgent after removeAgent").satisfiesAnyOf(
        x -> assertThat(x).isNull(),
        x -> assertThat(x).hasMessageNotContaining("use updateAgent"));
  }

  private static Throwable catchFailure(CompletionStage<?> stage) {
    try {
      stage.toCompletableFuture().join();
      return null;
    } catch (CompletionException e) {
      return e.getCause();
    }
  }
}
