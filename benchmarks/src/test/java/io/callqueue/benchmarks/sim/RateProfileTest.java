package io.callqueue.benchmarks.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RateProfileTest {

  @Test
  void constant_countsArrivalsAtTheRate() {
    RateProfile p = RateProfile.constant(180);
    SplittableRandom r = new SplittableRandom(3);
    double t = 0;
    int n = 0;
    while ((t = p.next(t, r)) < 1000 * 3600.0) {
      n++;
    }
    // Poisson(180 000): sd 424; 4 sd
    assertThat(n).isCloseTo(180_000, within(1700));
  }

  @Test
  void piecewise_rateDoublingMidDay_doublesTheArrivalsOfTheSecondHalf_everyDay() {
    RateProfile p = RateProfile.parse("--rate-profile", "0-4h:100,4h-8h:200");
    assertThat(p.meanPerHour()).isEqualTo(150);
    assertThat(p.perHourAt(3 * 3600)).isEqualTo(100);
    assertThat(p.perHourAt(5 * 3600)).isEqualTo(200);
    assertThat(p.perHourAt(8 * 3600 + 1)).isEqualTo(100);
    SplittableRandom r = new SplittableRandom(3);
    double t = 0;
    long first = 0;
    long second = 0;
    int days = 200;
    while ((t = p.next(t, r)) < days * 8 * 3600.0) {
      if (t % (8 * 3600) < 4 * 3600) {
        first++;
      } else {
        second++;
      }
    }
    // Poisson(80 000) and Poisson(160 000): sd 283 and 400; 4 sd
    assertThat(first).isCloseTo(80_000, within(1200L));
    assertThat(second).isCloseTo(160_000, within(1600L));
  }

  @Test
  void piecewise_zeroRateSegment_hasNoArrivals() {
    RateProfile p = RateProfile.parse("--rate-profile", "0-1h:0,1h-2h:360");
    SplittableRandom r = new SplittableRandom(5);
    double t = 0;
    for (int i = 0; i < 10_000; i++) {
      t = p.next(t, r);
      assertThat(t % 7200).isGreaterThanOrEqualTo(3600);
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "1h-4h:120 | must start at 0",
      "0-4h:120,5h-8h:240 | without gaps",
      "0-4h:0 | positive rate",
      "0-4h | not START-END:RATE",
      "0-4h:many | bad rate",
      "0-0:120 | 0 <= start < end",
  })
  void parse_badProfile_saysWhy(String text, String problem) {
    assertThatThrownBy(() -> RateProfile.parse("--rate-profile", text))
        .isInstanceOf(UsageException.class)
        .hasMessageStartingWith("--rate-profile")
        .hasMessageContaining(problem);
  }
}
