package io.callqueue.core;

import static io.callqueue.core.EngineFixture.a;
import static io.callqueue.core.Steps.changes;
import static io.callqueue.core.Steps.queue;
import static org.assertj.core.api.Assertions.assertThat;

import io.callqueue.api.AgentState;
import io.callqueue.api.Strategy;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Capability 10: wrap-up time after an answered call. */
class WrapUpTest {

  /** Queue {@code q} (linear) with wrap-up of this many seconds and alice logged in. */
  private static EngineFixture wrapUp(long seconds) {
    return new EngineFixture()
        .queue(queue("q", Strategy.LINEAR).wrapUpTime(Duration.ofSeconds(seconds)).build())
        .agents("q", "alice");
  }

  private static void callEndsAfter(EngineFixture f, String call, double talk) {
    f.offer(call, "q");
    f.answer(call, "alice");
    f.advance(talk);
    f.end(call);
  }

  @Test
  void afterACall_agentIsInWrapUpForTheQueuesWrapUpTime_thenAvailable() {
    EngineFixture f = wrapUp(10);
    callEndsAfter(f, "c1", 30);

    assertThat(f.state("alice")).isEqualTo(AgentState.WRAP_UP);
    f.advance(9.999);
    assertThat(f.state("alice")).isEqualTo(AgentState.WRAP_UP);
    f.advance(0.001);
    assertThat(f.state("alice")).isEqualTo(AgentState.AVAILABLE);
    assertThat(changes(f, "alice")).endsWith(
        "ON_CALL>WRAP_UP:call ended", "WRAP_UP>AVAILABLE:wrap-up over");
  }

  @Test
  void waitingCaller_isNotRungDuringWrapUp_butAtOnceWhenItEnds() {
    EngineFixture f = wrapUp(10);
    f.offer("c1", "q");
    f.answer("c1", "alice");
    f.offer("c2", "q");
    f.advance(20);
    f.end("c1");

    f.advance(9.9);
    assertThat(f.ringing("c2")).isEmpty();
    f.advance(0.1);

    assertThat(f.ringing("c2")).containsExactly(a("alice"));
  }

  @Test
  void callerArrivingDuringWrapUp_waitsForIt() {
    EngineFixture f = wrapUp(10);
    callEndsAfter(f, "c1", 5);

    f.offer("c2", "q");
    assertThat(f.ringing("c2")).isEmpty();
    f.advance(10);

    assertThat(f.ringing("c2")).containsExactly(a("alice"));
  }

  @Test
  void wrapUpZero_agentIsAvailableAtOnce_andTheNextCallerRings() {
    EngineFixture f = wrapUp(0);
    f.offer("c1", "q");
    f.answer("c1", "alice");
    f.offer("c2", "q");

    f.end("c1");

    assertThat(f.ringing("c2")).containsExactly(a("alice"));
    assertThat(changes(f, "alice")).doesNotContain("ON_CALL>WRAP_UP:call ended");
  }

  @Test
  void wrapUpIsTakenFromTheQueueOfTheCall() {
    EngineFixture f = new EngineFixture()
        .queue(queue("slow", Strategy.LINEAR).wrapUpTime(Duration.ofSeconds(60)).build())
        .queue(queue("fast", Strategy.LINEAR).build());
    f.agent("alice").member("slow", "alice", 0).member("fast", "alice", 0).login("alice");

    f.offer("f1", "fast");
    f.answer("f1", "alice");
    f.end("f1");
    assertThat(f.state("alice")).isEqualTo(AgentState.AVAILABLE);

    f.offer("s1", "slow");
    f.answer("s1", "alice");
    f.end("s1");
    assertThat(f.state("alice")).isEqualTo(AgentState.WRAP_UP);
  }

  @Test
  void wrapUpHoldsTheAgentForEveryQueue() {
    EngineFixture f = new EngineFixture()
        .queue(queue("slow", Strategy.LINEAR).wrapUpTime(Duration.ofSeconds(60)).build())
        .queue(queue("fast", Strategy.LINEAR).build());
    f.agent("alice").member("slow", "alice", 0).member("fast", "alice", 0).login("alice");
    f.offer("s1", "slow");
    f.answer("s1", "alice");
    f.end("s1");

    f.offer("f1", "fast");
    f.advance(59);
    assertThat(f.ringing("f1")).isEmpty();
    f.advance(1);
    assertThat(f.ringing("f1")).containsExactly(a("alice"));
  }

  @Test
  void pauseRequestedDuringACall_appliesAfterWrapUp() {
    EngineFixture f = wrapUp(10);
    f.offer("c1", "q");
    f.answer("c1", "alice");

    f.join(f.engine.pause(a("alice"), "lunch"));
    assertThat(f.state("alice")).isEqualTo(AgentState.ON_CALL);
    f.end("c1");
    assertThat(f.state("alice")).isEqualTo(AgentState.WRAP_UP);
    f.offer("c2", "q");
    f.advance(10);

    assertThat(f.state("alice")).isEqualTo(AgentState.PAUSED);
    assertThat(f.snapshot().agent(a("alice")).pauseReason()).isEqualTo("lunch");
    assertThat(changes(f, "alice")).last().isEqualTo("WRAP_UP>PAUSED:lunch");
    assertThat(f.ringing("c2")).isEmpty();
  }

  @Test
  void pauseRequestedDuringWrapUp_appliesWhenWrapUpEnds() {
    EngineFixture f = wrapUp(10);
    callEndsAfter(f, "c1", 5);
    f.advance(3);

    f.join(f.engine.pause(a("alice"), "meeting"));
    assertThat(f.state("alice")).isEqualTo(AgentState.WRAP_UP);
    f.advance(7);

    assertThat(f.state("alice")).isEqualTo(AgentState.PAUSED);
    assertThat(f.snapshot().agent(a("alice")).pauseReason()).isEqualTo("meeting");
  }

  @Test
  void pauseRequestedDuringACall_wrapUpZero_appliesWhenTheCallEnds() {
    EngineFixture f = wrapUp(0);
    f.offer("c1", "q");
    f.answer("c1", "alice");
    f.join(f.engine.pause(a("alice"), "lunch"));
    f.offer("c2", "q");

    f.end("c1");

    assertThat(f.state("alice")).isEqualTo(AgentState.PAUSED);
    assertThat(f.ringing("c2")).isEmpty();
  }

  @Test
  void unpauseDuringWrapUp_cancelsThePendingPause() {
    EngineFixture f = wrapUp(10);
    f.offer("c1", "q");
    f.answer("c1", "alice");
    f.join(f.engine.pause(a("alice"), "lunch"));
    f.end("c1");

    f.join(f.engine.unpause(a("alice")));
    f.advance(10);

    assertThat(f.state("alice")).isEqualTo(AgentState.AVAILABLE);
  }
}
