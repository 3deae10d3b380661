package io.callqueue.core.estimate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QueueLengthEstimatorTest {
  private final QueueLengthEstimator estimator = new QueueLengthEstimator();

  private static QueueHistory handle150And15() {
    QueueHistory h = new QueueHistory(Duration.ofHours(1));
    Instant t = Instant.parse("2026-03-02T09:00:00Z");
    h.onCompleted(t, Duration.ofSeconds(100), Duration.ofSeconds(20));
    h.onCompleted(t, Duration.ofSeconds(200), Duration.ofSeconds(10));
    return h; // mean handle (120 + 210) / 2 = 165 s
  }

  @ParameterizedTest(name = "position {0}, heavier {1}, s {2} -> {3}s")
  @CsvSource({
      // (n + 1) * H / s with n = position - 1 + heavier, H = 165
      "1, 0, 1, 165", // 1 * 165 / 1
      "1, 0, 3,  55", // 1 * 165 / 3
      "4, 2, 3, 330", // n = 5: 6 * 165 / 3
      "2, 0, 2, 165", // 2 * 165 / 2
  })
  void estimate_isCallersAheadPlusOneOverServiceRate(int position, int heavier, int s,
      long expected) {
    var in = Inputs.caller().position(position).heavier(heavier).serving(s)
        .history(handle150And15()).build();

    assertThat(estimator.estimate(in)).contains(Duration.ofSeconds(expected));
  }

  @Test
  void estimate_ignoresIdleAgents() {
    var in = Inputs.caller().serving(2).idle(2).history(handle150And15()).build();

    assertThat(estimator.estimate(in)).contains(Duration.ofMillis(82_500)); // 165 / 2
  }

  @Test
  void estimate_isEmptyWithoutHistoryOrAgents() {
    assertThat(estimator.estimate(Inputs.caller().serving(2).build())).isEmpty();
    assertThat(estimator.estimate(Inputs.caller().serving(0).history(handle150And15()).build()))
        .isEmpty();
  }
}
