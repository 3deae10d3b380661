package io.callqueue.core;

import static io.callqueue.core.EngineFixture.a;
import static io.callqueue.core.EngineFixture.c;
import static io.callqueue.core.Steps.changes;
import static io.callqueue.core.Steps.failure;
import static io.callqueue.core.Steps.queue;
import static org.assertj.core.api.Assertions.assertThat;

import io.callqueue.api.AgentId;
import io.callqueue.api.AgentState;
import io.callqueue.api.CallQueueException;
import io.callqueue.api.JoinPolicy;
import io.callqueue.api.QueueEvent;
import io.callqueue.api.Strategy;
import io.callqueue.testkit.PortCommand;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Login, logout, pause and unpause, and the state changes they report. */
class AgentLifecycleTest {

  /** Queue {@code q} (linear, joins always) with alice added and logged out. */
  private static EngineFixture withAlice(Duration wrapUp) {
    EngineFixture f = new EngineFixture().queue(queue("q", Strategy.LINEAR)
        .joinPolicy(JoinPolicy.ALWAYS).wrapUpTime(wrapUp).build());
    f.agent("alice").member("q", "alice", 0);
    return f;
  }

  private static EngineFixture withAlice() {
    return withAlice(Duration.ZERO);
  }

  @Test
  void newAgent_isLoggedOut() {
    EngineFixture f = withAlice();

    assertThat(f.state("alice")).isEqualTo(AgentState.LOGGED_OUT);
    assertThat(f.events(QueueEvent.AgentStateChanged.class)).isEmpty();
  }

  @Test
  void login_makesTheAgentAvailable_andItTakesAWaitingCallerAtOnce() {
    EngineFixture f = withAlice();
    f.offer("c1", "q");

    f.login("alice");

    assertThat(changes(f, "alice")).containsExactly(
        "LOGGED_OUT>AVAILABLE:login", "AVAILABLE>RINGING:ringing for c1");
    assertThat(f.ringing("c1")).containsExactly(a("alice"));
  }

  @Test
  void loginTwice_changesNothing() {
    EngineFixture f = withAlice();
    f.login("alice");

    f.login("alice");

    assertThat(changes(f, "alice")).containsExactly("LOGGED_OUT>AVAILABLE:login");
  }

  @Test
  void fullCallCycle_reportsEveryStateChangeWithItsReason() {
    EngineFixture f = withAlice(Duration.ofSeconds(5));
    f.login("alice");
    f.offer("c1", "q");
    f.answer("c1", "alice");
    f.end("c1");
    f.advance(5);

    assertThat(changes(f, "alice")).containsExactly(
        "LOGGED_OUT>AVAILABLE:login",
        "AVAILABLE>RINGING:ringing for c1",
        "RINGING>ON_CALL:answered c1",
        "ON_CALL>WRAP_UP:call ended",
        "WRAP_UP>AVAILABLE:wrap-up over");
  }

  /**
   * No answer, retry, a pause asked for during the call, wrap-up, unpause and a logout while
   * ringing: every state change, in order, with its reason. (The engine itself throws on a move
   * the transition table forbids, so checking each move against the table could never fail.)
   */
  @Test
  void noAnswerRetryPauseDuringCallAndLogoutWhileRinging_reportTheExactSequenceOfStates() {
    EngineFixture f = withAlice(Duration.ofSeconds(5));
    f.login("alice");
    f.offer("c1", "q");
    f.advance(15);
    f.advance(5);
    f.answer("c1", "alice");
    f.join(f.engine.pause(a("alice"), "lunch"));
    f.end("c1");
    f.advance(5);
    f.join(f.engine.unpause(a("alice")));
    f.offer("c2", "q");
    f.join(f.engine.logout(a("alice")));

    assertThat(changes(f, "alice")).containsExactly(
        "LOGGED_OUT>AVAILABLE:login",
        "AVAILABLE>RINGING:ringing for c1",
        "RINGING>AVAILABLE:ring ended: no_answer",
        "AVAILABLE>RINGING:ringing for c1",
        "RINGING>ON_CALL:answered c1",
        "ON_CALL>WRAP_UP:call ended",
        "WRAP_UP>PAUSED:lunch",
        "PAUSED>AVAILABLE:unpaused",
        "AVAILABLE>RINGING:ringing for c2",
        "RINGING>LOGGED_OUT:logout");
  }

  @Test
  void logout_availableAgent_isLoggedOut_andNoLongerRung() {
    EngineFixture f = withAlice();
    f.login("alice");

    f.join(f.engine.logout(a("alice")));
    f.offer("c1", "q");

    assertThat(changes(f, "alice")).last().isEqualTo("AVAILABLE>LOGGED_OUT:logout");
    assertThat(f.port.rings()).isEmpty();
  }

  @Test
  void logout_onACall_finishesTheCallFirst_andSkipsWrapUp() {
    EngineFixture f = withAlice(Duration.ofSeconds(30));
    f.login("alice");
    f.offer("c1", "q");
    f.answer("c1", "alice");

    f.join(f.engine.logout(a("alice")));
    assertThat(f.state("alice")).isEqualTo(AgentState.ON_CALL);
    f.end("c1");

    assertThat(changes(f, "alice")).last().isEqualTo("ON_CALL>LOGGED_OUT:logout after call");
  }

  @Test
  void loginDuringACall_cancelsAPendingLogout() {
    EngineFixture f = withAlice();
    f.login("alice");
    f.offer("c1", "q");
    f.answer("c1", "alice");
    f.join(f.engine.logout(a("alice")));

    f.login("alice");
    f.end("c1");

    assertThat(f.state("alice")).isEqualTo(AgentState.AVAILABLE);
  }

  @Test
  void logout_inWrapUp_logsOutAtOnce() {
    EngineFixture f = withAlice(Duration.ofSeconds(30));
    f.login("alice");
    f.offer("c1", "q");
    f.answer("c1", "alice");
    f.end("c1");

    f.join(f.engine.logout(a("alice")));
    f.advance(30);

    assertThat(changes(f, "alice")).last().isEqualTo("WRAP_UP>LOGGED_OUT:logout");
    assertThat(f.state("alice")).isEqualTo(AgentState.LOGGED_OUT);
  }

  @Test
  void pause_availableAgent_isPausedWithItsReason_andNotRung() {
    EngineFixture f = withAlice();
    f.login("alice");

    f.join(f.engine.pause(a("alice"), "lunch"));
    f.offer("c1", "q");

    assertThat(f.state("alice")).isEqualTo(AgentState.PAUSED);
    assertThat(f.snapshot().agent(a("alice")).pauseReason()).isEqualTo("lunch");
    assertThat(changes(f, "alice")).last().isEqualTo("AVAILABLE>PAUSED:lunch");
    assertThat(f.port.rings()).isEmpty();
  }

  @Test
  void pause_withoutReason_reportsPaused() {
    EngineFixture f = withAlice();
    f.login("alice");

    f.join(f.engine.pause(a("alice"), " "));

    assertThat(f.snapshot().agent(a("alice")).pauseReason()).isEqualTo("paused");
  }

  @Test
  void pause_whilePaused_updatesTheReason() {
    EngineFixture f = withAlice();
    f.login("alice");
    f.join(f.engine.pause(a("alice"), "lunch"));

    f.join(f.engine.pause(a("alice"), "meeting"));

    assertThat(f.snapshot().agent(a("alice")).pauseReason()).isEqualTo("meeting");
  }

  @Test
  void pause_whileRinging_cancelsTheLeg_andTheCallerRingsTheNextAgent() {
    EngineFixture f = withAlice();
    f.agent("bob").member("q", "bob", 0).login("bob");
    f.login("alice");
    f.offer("c1", "q");
    assertThat(f.ringing("c1")).containsExactly(a("alice"));

    f.join(f.engine.pause(a("alice"), "coffee"));

    assertThat(f.port.commands(PortCommand.CancelRing.class))
        .containsExactly(new PortCommand.CancelRing(c("c1"), a("alice")));
    assertThat(f.state("alice")).isEqualTo(AgentState.PAUSED);
    assertThat(f.ringing("c1")).containsExactly(a("bob"));
  }

  @Test
  void unpause_makesTheAgentAvailable_andItTakesAWaitingCallerAtOnce() {
    EngineFixture f = withAlice();
    f.login("alice");
    f.join(f.engine.pause(a("alice"), "lunch"));
    f.offer("c1", "q");

    f.join(f.engine.unpause(a("alice")));

    assertThat(changes(f, "alice")).contains("PAUSED>AVAILABLE:unpaused");
    assertThat(f.snapshot().agent(a("alice")).pauseReason()).isNull();
    assertThat(f.ringing("c1")).containsExactly(a("alice"));
  }

  @Test
  void logout_whilePaused_logsOut() {
    EngineFixture f = withAlice();
    f.login("alice");
    f.join(f.engine.pause(a("alice"), "lunch"));

    f.join(f.engine.logout(a("alice")));

    assertThat(changes(f, "alice")).last().isEqualTo("PAUSED>LOGGED_OUT:logout");
  }

  @Test
  void pause_whileLoggedOut_failsWithAClearMessage_andChangesNothing() {
    EngineFixture f = withAlice();

    Throwable t = failure(f.engine.pause(a("alice"), "lunch"));

    assertThat(t).isInstanceOf(CallQueueException.class)
        .hasMessage("agent 'alice' is logged out; log in before pausing");
    assertThat(f.state("alice")).isEqualTo(AgentState.LOGGED_OUT);
  }

  static Stream<Arguments> agentOperations() {
    return Stream.of(
        Arguments.of("login", op((f, id) -> f.engine.login(id))),
        Arguments.of("logout", op((f, id) -> f.engine.logout(id))),
        Arguments.of("pause", op((f, id) -> f.engine.pause(id, "lunch"))),
        Arguments.of("unpause", op((f, id) -> f.engine.unpause(id))),
        Arguments.of("removeAgent", op((f, id) -> f.engine.removeAgent(id))));
  }

  private static BiFunction<EngineFixture, AgentId, CompletionStage<Void>> op(
      BiFunction<EngineFixture, AgentId, CompletionStage<Void>> op) {
    return op;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("agentOperations")
  void unknownAgent_failsNamingIt(String name,
      BiFunction<EngineFixture, AgentId, CompletionStage<Void>> operation) {
    EngineFixture f = withAlice();

    Throwable t = failure(operation.apply(f, a("ghost")));

    assertThat(t).isInstanceOf(CallQueueException.class).hasMessage("no agent 'ghost'");
    f.verify();
  }
}
