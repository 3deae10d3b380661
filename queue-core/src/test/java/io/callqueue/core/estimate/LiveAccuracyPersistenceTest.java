package io.callqueue.core.estimate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.callqueue.api.AgentId;
import io.callqueue.api.CallId;
import io.callqueue.api.CallOutcome;
import io.callqueue.api.EstimateErrorSums;
import io.callqueue.api.QueueEvent;
import io.callqueue.api.QueueId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The live accuracy's sums exported for a store and restored at the next start. */
class LiveAccuracyPersistenceTest {
  private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
  private static final QueueId SALES = QueueId.of("sales");
  private static final QueueId SUPPORT = QueueId.of("support");

  private static void answered(LiveAccuracy live, String call, QueueId queue, long at,
      int position, long estimate, long leftAt) {
    live.onEvent(new QueueEvent.WaitEstimated(T0.plusSeconds(at), CallId.of(call), queue,
        "default", position, Duration.ofSeconds(at), Duration.ofSeconds(estimate)));
    live.onEvent(left(call, queue, leftAt, CallOutcome.ANSWERED));
  }

  private static QueueEvent.CallerLeft left(String call, QueueId queue, long at,
      CallOutcome outcome) {
    return new QueueEvent.CallerLeft(T0.plusSeconds(at), CallId.of(call), queue, "", outcome,
        outcome == CallOutcome.ANSWERED ? AgentId.of("anna") : null, null,
        Duration.ofSeconds(at), 1);
  }

  /** The first run: sales errors +10 (band 1) and -20 (band 4-10), support one censored. */
  private static void firstRun(LiveAccuracy live) {
    answered(live, "a", SALES, 0, 1, 60, 50);
    answered(live, "b", SALES, 10, 5, 10, 40);
    live.onEvent(new QueueEvent.WaitEstimated(T0, CallId.of("c"), SUPPORT, "default", 2,
        Duration.ZERO, Duration.ofSeconds(5)));
    live.onEvent(left("c", SUPPORT, 30, CallOutcome.ABANDONED));
  }

  /** The second run: sales error +4 in band 1. */
  private static void secondRun(LiveAccuracy live) {
    answered(live, "d", SALES, 100, 1, 24, 120);
  }

  @Test
  void sums_holdEveryNonEmptyBandsRunningSums() {
    LiveAccuracy live = new LiveAccuracy();
    firstRun(live);

    assertThat(live.sums()).containsExactly(
        new EstimateErrorSums(SALES, "1", 1, 100, 10, 10, 0, 0),
        new EstimateErrorSums(SALES, "4-10", 1, 400, 20, -20, 0, 0),
        new EstimateErrorSums(SUPPORT, "2-3", 0, 0, 0, 0, 1, 1));
  }

  @Test
  void restoredSums_continueAsOneRunWould() {
    LiveAccuracy first = new LiveAccuracy();
    firstRun(first);
    LiveAccuracy continuous = new LiveAccuracy();
    firstRun(continuous);
    secondRun(continuous);

    LiveAccuracy next = new LiveAccuracy();
    next.restore(first.sums());
    assertThat(next.snapshot()).isEqualTo(first.snapshot());
    secondRun(next);

    assertThat(next.snapshot()).isEqualTo(continuous.snapshot());
    QueueAccuracy.Band sales = next.snapshot().get(SALES).all();
    assertThat(sales.n()).isEqualTo(3);
    assertThat(sales.rmseSeconds()).isCloseTo(Math.sqrt((100 + 400 + 16) / 3.0), within(1e-9));
    assertThat(next.snapshot().get(SUPPORT).all().censoredExceeded()).isOne();
  }

  @Test
  void restore_leavesOutAnUnknownBand_andKeepsTheOthers() {
    LiveAccuracy live = new LiveAccuracy();

    live.restore(List.of(new EstimateErrorSums(SALES, "11-20", 3, 30, 9, 9, 0, 0),
        new EstimateErrorSums(SALES, ">10", 2, 8, 4, -4, 1, 0)));

    assertThat(live.sums()).containsExactly(new EstimateErrorSums(SALES, ">10", 2, 8, 4, -4, 1,
        0));
    assertThat(live.snapshot().get(SALES).all().biasSeconds()).isEqualTo(-2.0);
  }
}
