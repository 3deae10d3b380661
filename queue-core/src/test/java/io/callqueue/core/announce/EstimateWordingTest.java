package io.callqueue.core.announce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callqueue.core.announce.EstimateWording.Kind;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EstimateWordingTest {
  @ParameterizedTest(name = "{0} ms is said \"{1}\"")
  @CsvSource({
      "-30000, less than a minute",
      "0, less than a minute",
      "59999, less than a minute",
      "60000, about 1 minute",
      "89999, about 1 minute",
      "90000, about 2 minutes",
      "150000, about 3 minutes",
      "570000, about 10 minutes",
      "600000, about 10 minutes",
      "600001, about 10 minutes",
      "749999, about 10 minutes",
      "750000, about 15 minutes",
      "1000000, about 15 minutes",
      "1050000, about 20 minutes",
      "3449999, about 55 minutes",
      "3450000, about 60 minutes",
      "3600000, about 60 minutes",
      "3600001, more than an hour",
      "86400000, more than an hour",
  })
  void of_roundsToMinutesThenFivesAndCapsAtAnHour(long millis, String said) {
    assertThat(EstimateWording.of(Duration.ofMillis(millis)).describe()).isEqualTo(said);
  }

  @Test
  void of_extremeDurations_doNotOverflow() {
    assertThat(EstimateWording.of(Duration.ofSeconds(Long.MIN_VALUE)))
        .isEqualTo(EstimateWording.LESS_THAN_A_MINUTE);
    assertThat(EstimateWording.of(Duration.ofSeconds(Long.MAX_VALUE)))
        .isEqualTo(EstimateWording.MORE_THAN_AN_HOUR);
  }

  @Test
  void of_neverSaysALongerEstimateShorter_andStaysNearTheEstimate() {
    int previousRank = -1;
    for (long ms = -5_000; ms <= 2 * 3_600_000; ms += 500) {
      EstimateWording w = EstimateWording.of(Duration.ofMillis(ms));
      int rank = w.kind().ordinal() * 1000 + w.minutes();
      assertThat(rank).as("rank at %d ms", ms).isGreaterThanOrEqualTo(previousRank);
      previousRank = rank;
      if (w.kind() == Kind.ABOUT_MINUTES) {
        long error = Math.abs(w.minutes() * 60_000L - ms);
        long allowed = ms <= 600_000 ? 30_000 : 150_000;
        assertThat(error).as("error at %d ms", ms).isLessThanOrEqualTo(allowed);
        assertThat(w.minutes()).isBetween(1, 60);
      }
    }
  }

  @Test
  void constructor_rejectsMinutesThatDoNotFitTheKind() {
    assertThatThrownBy(() -> EstimateWording.aboutMinutes(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> EstimateWording.aboutMinutes(61))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new EstimateWording(Kind.LESS_THAN_A_MINUTE, 3))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new EstimateWording(null, 0))
        .isInstanceOf(NullPointerException.class);
  }
}
