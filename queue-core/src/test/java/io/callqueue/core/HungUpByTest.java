package io.callqueue.core;

import static io.callqueue.core.EngineFixture.c;
import static io.callqueue.core.Steps.queue;
import static org.assertj.core.api.Assertions.assertThat;

import io.callqueue.api.AgentState;
import io.callqueue.api.HungUpBy;
import io.callqueue.api.QueueEvent;
import io.callqueue.api.Strategy;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Which side ended a connected call reaches {@link QueueEvent.CallCompleted#hungUpBy}. */
class HungUpByTest {

  private static QueueEvent.CallCompleted completedAfter(Consumer<EngineFixture> hangUp) {
    EngineFixture f = new EngineFixture()
        .queue(queue("q", Strategy.LINEAR).wrapUpTime(Duration.ofSeconds(5)).build())
        .agents("q", "alice");
    f.offer("c1", "q");
    f.answer("c1", "alice");
    f.advance(30);
    hangUp.accept(f);
    assertThat(f.state("alice")).as("a completed call's wrap-up").isEqualTo(AgentState.WRAP_UP);
    return f.events.stream().filter(QueueEvent.CallCompleted.class::isInstance)
        .map(QueueEvent.CallCompleted.class::cast).findFirst().orElseThrow();
  }

  @Test
  void agentHungUp_completesTheCall_endedByTheAgent() {
    QueueEvent.CallCompleted done = completedAfter(f -> {
      f.engine.agentHungUp(c("c1"));
      f.verify();
    });
    assertThat(done.hungUpBy()).isEqualTo(HungUpBy.AGENT);
    assertThat(done.talkTime()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void callerHungUp_whileConnected_completesTheCall_endedByTheCaller() {
    assertThat(completedAfter(f -> f.hangUp("c1")).hungUpBy()).isEqualTo(HungUpBy.CALLER);
  }

  @Test
  void callEnded_completesTheCall_withTheSideUnknown() {
    assertThat(completedAfter(f -> f.end("c1")).hungUpBy()).isEqualTo(HungUpBy.UNKNOWN);
  }
}
