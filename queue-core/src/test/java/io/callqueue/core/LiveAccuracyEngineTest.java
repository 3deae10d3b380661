package io.callqueue.core;

import static io.callqueue.core.EngineFixture.q;
import static org.assertj.core.api.Assertions.assertThat;

import io.callqueue.api.EstimateAnnouncement;
import io.callqueue.api.QueueConfig;
import io.callqueue.api.QueueEvent;
import io.callqueue.api.Strategy;
import io.callqueue.core.estimate.LiveAccuracy;
import io.callqueue.core.estimate.QueueAccuracy;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link LiveAccuracy} on the real engine's announcements, in virtual time. */
class LiveAccuracyEngineTest {

  @Test
  void theEnginesAnnouncements_areScoredWhenAnswered_andCensoredWhenTheCallerHangsUp() {
    EngineFixture f = new EngineFixture().queue(QueueConfig.builder("q")
        .strategy(Strategy.LINEAR).positionFirstAfter(Duration.ofSeconds(10))
        .positionEvery(Duration.ofSeconds(300)).announceMinGap(Duration.ofSeconds(15))
        .estimateAnnouncement(EstimateAnnouncement.ONCE).estimator("queue-length").build())
        .agents("q", "alice");
    LiveAccuracy live = new LiveAccuracy();
    f.engine.addListener(live);
    // history: one call of 60 s, then alice busy again
    f.offer("busy", "q");
    f.answer("busy", "alice");
    f.advance(60);
    f.end("busy");
    f.offer("busy2", "q");
    f.answer("busy2", "alice");
    f.offer("w1", "q");
    f.offer("w2", "q");
    f.advance(10); // both hear their position and estimate
    List<QueueEvent.WaitEstimated> heard = f.events(QueueEvent.WaitEstimated.class);
    assertThat(heard).extracting(QueueEvent.WaitEstimated::position).containsExactly(1, 2);
    // queue-length: (ahead + 1) * 60 s with one agent
    assertThat(heard.get(0).estimate()).isEqualTo(Duration.ofSeconds(60));
    assertThat(live.pendingCount()).isEqualTo(2);

    f.advance(10);
    f.hangUp("w2"); // censored: waited 10 s of the 120 s announced
    f.advance(30);
    f.end("busy2");
    f.answer("w1", "alice"); // 40 s after its 60 s estimate: error +20

    QueueAccuracy q = live.snapshot().get(q("q"));
    assertThat(q.all().n()).isEqualTo(1);
    assertThat(q.all().biasSeconds()).isEqualTo(20.0);
    assertThat(q.all().rmseSeconds()).isEqualTo(20.0);
    assertThat(q.all().maeSeconds()).isEqualTo(20.0);
    assertThat(q.all().censored()).isEqualTo(1);
    assertThat(q.all().censoredExceeded()).isZero();
    assertThat(q.bands().get(0).n()).isEqualTo(1);
    assertThat(q.bands().get(1).censored()).isEqualTo(1);
    assertThat(live.pendingCount()).isZero();
  }
}
