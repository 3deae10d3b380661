package io.callqueue.core.estimate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AsteriskEmaEstimatorTest {
  private final AsteriskEmaEstimator estimator = new AsteriskEmaEstimator();

  @ParameterizedTest(name = "hold {0}s, waited {1}s -> {2}s")
  @CsvSource({
      // estimate = max(0, |hold + 30 - waited| - 30)
      "120,   0, 120", // |150| - 30
      "120,  45,  75", // |105| - 30
      "120, 120,   0", // |30| - 30
      "120, 140,   0", // |10| - 30 = -20, clamped
      "120, 179,   0", // |-29| - 30 = -1, clamped
      "120, 180,   0", // |-30| - 30
      "120, 300, 120", // |-150| - 30: the abs() flaw, waited 3 min past the average, hears 2 min
      "0,     0,   0", // |30| - 30
      "0,   200, 140", // |-170| - 30
  })
  void estimate_isHoldMinusWaitedWithAsterisksAbsFlaw(double hold, long waited, long expected) {
    var in = Inputs.caller().serving(1).waited(waited).history(FixedStats.ema(hold)).build();

    assertThat(estimator.estimate(in)).contains(Duration.ofSeconds(expected));
  }

  @Test
  void estimate_roundedToMinutesIsWhatAppQueueSays() {
    for (int hold = 0; hold <= 900; hold += 7) {
      for (int waited = 0; waited <= 1500; waited++) {
        var in = Inputs.caller().serving(1).waited(waited).history(FixedStats.ema(hold)).build();
        long seconds = estimator.estimate(in).orElseThrow().getSeconds();
        long announcedMinutes = (seconds + 30) / 60; // nearest minute, half up
        // app_queue say_position: avgholdmins = abs(((holdtime + 30) - (now - qe->start)) / 60)
        long appQueueMinutes = Math.abs((hold + 30 - waited) / 60);
        assertThat(announcedMinutes).as("hold %d, waited %d", hold, waited)
            .isEqualTo(appQueueMinutes);
      }
    }
  }

  @Test
  void estimate_ignoresPositionAndAgents() {
    var front = Inputs.caller().position(1).serving(5).idle(5).history(FixedStats.ema(90));
    var back = Inputs.caller().position(9).heavier(3).serving(1).history(FixedStats.ema(90));

    assertThat(estimator.estimate(front.build())).contains(Duration.ofSeconds(90))
        .isEqualTo(estimator.estimate(back.build()));
  }

  @Test
  void estimate_isEmptyBeforeTheFirstAnsweredCall() {
    var in = Inputs.caller().serving(1).waited(10).build();

    assertThat(estimator.estimate(in)).isEmpty();
  }

  @Test
  void name_isAsteriskEma() {
    assertThat(estimator.name()).isEqualTo("asterisk-ema");
  }
}
