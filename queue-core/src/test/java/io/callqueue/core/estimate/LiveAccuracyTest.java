package io.callqueue.core.estimate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.callqueue.api.AgentId;
import io.callqueue.api.CallId;
import io.callqueue.api.CallOutcome;
import io.callqueue.api.QueueEvent;
import io.callqueue.api.QueueId;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LiveAccuracyTest {
  private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
  private static final QueueId SALES = QueueId.of("sales");
  private static final QueueId SUPPORT = QueueId.of("support");

  private static QueueEvent.WaitEstimated estimated(String call, QueueId queue, long at,
      int position, long estimate) {
    return new QueueEvent.WaitEstimated(T0.plusSeconds(at), CallId.of(call), queue, "default",
        position, Duration.ofSeconds(at), Duration.ofSeconds(estimate));
  }

  private static QueueEvent.CallerLeft left(String call, QueueId queue, long at,
      CallOutcome outcome) {
    return new QueueEvent.CallerLeft(T0.plusSeconds(at), CallId.of(call), queue, "", outcome,
        outcome == CallOutcome.ANSWERED ? AgentId.of("anna") : null, null,
        Duration.ofSeconds(at), 1);
  }

  @Test
  void answeredCallers_giveTheExactRmseMaeAndBias_perQueue() {
    LiveAccuracy live = new LiveAccuracy();
    // sales: errors +10 (60 vs 50), -20 (10 vs 30), +4 (24 vs 20)
    live.onEvent(estimated("a", SALES, 0, 1, 60));
    live.onEvent(left("a", SALES, 50, CallOutcome.ANSWERED));
    live.onEvent(estimated("b", SALES, 10, 1, 10));
    live.onEvent(estimated("c", SALES, 10, 1, 24));
    live.onEvent(left("b", SALES, 40, CallOutcome.ANSWERED));
    live.onEvent(left("c", SALES, 30, CallOutcome.ANSWERED));
    // support: one error -5
    live.onEvent(estimated("d", SUPPORT, 0, 1, 15));
    live.onEvent(left("d", SUPPORT, 20, CallOutcome.ANSWERED));

    QueueAccuracy.Band sales = live.snapshot().get(SALES).all();
    assertThat(sales.n()).isEqualTo(3);
    assertThat(sales.rmseSeconds()).isCloseTo(Math.sqrt((100 + 400 + 16) / 3.0), within(1e-9));
    assertThat(sales.maeSeconds()).isCloseTo(34 / 3.0, within(1e-9));
    assertThat(sales.biasSeconds()).isCloseTo(-6 / 3.0, within(1e-9));
    assertThat(sales.censored()).isZero();
    QueueAccuracy.Band support = live.snapshot().get(SUPPORT).all();
    assertThat(support.n()).isEqualTo(1);
    assertThat(support.rmseSeconds()).isEqualTo(5.0);
    assertThat(support.biasSeconds()).isEqualTo(-5.0);
    assertThat(live.snapshot().keySet()).containsExactly(SALES, SUPPORT);
  }

  @Test
  void eachAnnouncement_isScoredAgainstTheWaitFromItsOwnInstant_inItsPositionsBand() {
    LiveAccuracy live = new LiveAccuracy();
    // one caller heard at position 12 (estimate 100, actual 90: +10), 5 (50 vs 60: -10),
    // 3 (20 vs 30: -10) and 1 (5 vs 5: 0), answered at 100
    live.onEvent(estimated("a", SALES, 10, 12, 100));
    live.onEvent(estimated("a", SALES, 40, 5, 50));
    live.onEvent(estimated("a", SALES, 70, 3, 20));
    live.onEvent(estimated("a", SALES, 95, 1, 5));
    live.onEvent(left("a", SALES, 100, CallOutcome.ANSWERED));

    QueueAccuracy q = live.snapshot().get(SALES);
    assertThat(q.bands()).extracting(QueueAccuracy.Band::label)
        .containsExactlyElementsOf(LiveAccuracy.BANDS);
    assertThat(q.bands()).extracting(QueueAccuracy.Band::n).containsExactly(1L, 1L, 1L, 1L);
    assertThat(q.bands()).extracting(QueueAccuracy.Band::biasSeconds)
        .containsExactly(0.0, -10.0, -10.0, 10.0);
    assertThat(q.all().n()).isEqualTo(4);
    assertThat(q.all().rmseSeconds()).isCloseTo(Math.sqrt(300 / 4.0), within(1e-9));
    assertThat(q.all().biasSeconds()).isCloseTo(-2.5, within(1e-9));
  }

  @Test
  void bandEdges() {
    assertThat(LiveAccuracy.band(1)).isZero();
    assertThat(LiveAccuracy.band(2)).isEqualTo(1);
    assertThat(LiveAccuracy.band(3)).isEqualTo(1);
    assertThat(LiveAccuracy.band(4)).isEqualTo(2);
    assertThat(LiveAccuracy.band(10)).isEqualTo(2);
    assertThat(LiveAccuracy.band(11)).isEqualTo(3);
  }

  @Test
  void callersWhoLeaveUnanswered_areCensored_leftOutOfTheErrors_andCountedWhenAlreadyExceeded() {
    LiveAccuracy live = new LiveAccuracy();
    live.onEvent(estimated("a", SALES, 0, 1, 30));
    live.onEvent(left("a", SALES, 30, CallOutcome.ANSWERED)); // error 0
    live.onEvent(estimated("b", SALES, 0, 1, 60));
    live.onEvent(left("b", SALES, 20, CallOutcome.ABANDONED)); // censored, not yet exceeded
    live.onEvent(estimated("c", SALES, 0, 1, 10));
    live.onEvent(left("c", SALES, 40, CallOutcome.TIMEOUT)); // censored, exceeded by 30 s
    live.onEvent(estimated("d", SALES, 0, 1, 10));
    live.onEvent(left("d", SALES, 15, CallOutcome.CALLBACK)); // censored, exceeded
    live.onEvent(estimated("e", SALES, 0, 1, 50));
    live.onEvent(left("e", SUPPORT, 5, CallOutcome.ANSWERED)); // answered elsewhere: censored

    QueueAccuracy.Band all = live.snapshot().get(SALES).all();
    assertThat(all.n()).isEqualTo(1);
    assertThat(all.rmseSeconds()).isZero();
    assertThat(all.biasSeconds()).isZero();
    assertThat(all.censored()).isEqualTo(4);
    assertThat(all.censoredExceeded()).isEqualTo(2);
  }

  @Test
  void aQueueWithOnlyCensoredAnnouncements_hasNoErrorFigures() {
    LiveAccuracy live = new LiveAccuracy();
    live.onEvent(estimated("a", SALES, 0, 7, 60));
    live.onEvent(left("a", SALES, 20, CallOutcome.VOICEMAIL));

    QueueAccuracy q = live.snapshot().get(SALES);
    assertThat(q.all().n()).isZero();
    assertThat(q.all().rmseSeconds()).isNaN();
    assertThat(q.bands().get(2).censored()).isEqualTo(1);
    assertThat(q.bands().get(0).censored()).isZero();
  }

  @Test
  void memory_isReleasedWhenCallersLeave_andCallersWithoutEstimatesCostNothing() {
    LiveAccuracy live = new LiveAccuracy();
    live.onEvent(estimated("a", SALES, 0, 1, 30));
    live.onEvent(estimated("a", SALES, 10, 1, 20));
    live.onEvent(estimated("b", SALES, 0, 2, 60));
    assertThat(live.pendingCount()).isEqualTo(2);
    assertThat(live.snapshot()).isEmpty();

    live.onEvent(left("a", SALES, 30, CallOutcome.ANSWERED));
    live.onEvent(left("b", SALES, 5, CallOutcome.ABANDONED));
    live.onEvent(left("c", SALES, 5, CallOutcome.ANSWERED)); // never heard an estimate
    assertThat(live.pendingCount()).isZero();
    assertThat(live.snapshot().get(SALES).all().n()).isEqualTo(2);
    assertThat(live.snapshot().get(SALES).all().censored()).isEqualTo(1);
  }
}
