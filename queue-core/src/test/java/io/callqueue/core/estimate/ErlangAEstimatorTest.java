package io.callqueue.core.estimate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ErlangAEstimatorTest {
  private static final Instant T = Instant.parse("2026-03-02T09:00:00Z");

  private final ErlangAEstimator estimator = new ErlangAEstimator();

  /** Mean handle 100 s; θ = 1 abandon / 100 s of waiting = 0.01 per second. */
  private static QueueHistory handle100Theta001() {
    QueueHistory h = new QueueHistory(Duration.ofHours(1));
    h.onCompleted(T, Duration.ofSeconds(100), Duration.ZERO);
    h.onAnswered(T, Duration.ofSeconds(60));
    h.onAbandoned(T, Duration.ofSeconds(40));
    return h;
  }

  @Test
  void estimate_sumsOneOverServiceAndAbandonmentRates() {
    var in = Inputs.caller().position(3).serving(2).history(handle100Theta001()).build();

    // s μ = 2 / 100 = 0.02, θ = 0.01, n = 2:
    // 1/0.02 + 1/(0.02 + 0.01) + 1/(0.02 + 0.02) = 50 + 33.333 + 25 = 108.333 s
    assertThat(estimator.estimate(in)).contains(Duration.ofMillis(108_333));
  }

  @Test
  void estimate_countsCallersInHeavierQueues() {
    var in = Inputs.caller().position(1).heavier(2).serving(2).history(handle100Theta001())
        .build();

    assertThat(estimator.estimate(in)).contains(Duration.ofMillis(108_333));
  }

  @Test
  void estimate_withoutAbandonsEqualsQueueLength() {
    QueueHistory h = new QueueHistory(Duration.ofHours(1));
    h.onCompleted(T, Duration.ofSeconds(90), Duration.ofSeconds(30));
    h.onAnswered(T, Duration.ofSeconds(60));
    var in = Inputs.caller().position(4).serving(3).history(h).build();

    // θ = 0: (3 + 1) * 120 / 3 = 160 s
    assertThat(estimator.estimate(in)).contains(Duration.ofSeconds(160))
        .isEqualTo(new QueueLengthEstimator().estimate(in));
  }

  @Test
  void estimate_withUnknownAbandonRateUsesZero() {
    QueueHistory h = new QueueHistory(Duration.ofHours(1));
    h.onCompleted(T, Duration.ofSeconds(100), Duration.ZERO);
    var in = Inputs.caller().position(2).serving(1).history(h).build();

    assertThat(h.abandonRatePerSecond()).isEmpty();
    assertThat(estimator.estimate(in)).contains(Duration.ofSeconds(200));
  }

  @Test
  void estimate_isEmptyWithoutHistoryOrAgents() {
    assertThat(estimator.estimate(Inputs.caller().serving(2).build())).isEmpty();
    assertThat(estimator.estimate(Inputs.caller().serving(0).history(handle100Theta001())
        .build())).isEmpty();
  }
}
