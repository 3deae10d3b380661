package io.callqueue.core;

import static io.callqueue.core.EngineFixture.c;
import static org.assertj.core.api.Assertions.assertThat;

import io.callqueue.api.QueueConfig;
import io.callqueue.spi.RecentHistory;
import org.junit.jupiter.api.Test;

/** The engine feeds each queue's history from its own events, before any listener sees them. */
class WaitEstimatesTest {

  @Test
  void answeredAbandonedAndCompletedCalls_reachTheHistoryTheEstimatorIsGiven() {
    EngineFixture f = new EngineFixture().queue(QueueConfig.builder("q").build())
        .agents("q", "alice");
    f.offer("first", "q");
    f.answer("first", "alice");
    f.advance(60);
    f.end("first");
    f.offer("busy", "q");
    f.answer("busy", "alice");
    f.offer("gone", "q");
    f.advance(5);
    f.hangUp("gone");
    f.offer("waiting", "q");

    RecentHistory history = f.engine.estimateInput(c("waiting")).orElseThrow().history();

    assertThat(history.answeredCount()).isEqualTo(2);
    assertThat(history.completedCount()).isEqualTo(1);
    assertThat(history.abandonedCount()).isEqualTo(1);
    assertThat(history.meanTalkSeconds()).hasValue(60);
  }
}
