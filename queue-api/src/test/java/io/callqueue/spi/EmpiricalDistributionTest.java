package io.callqueue.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EmpiricalDistributionTest {
  private final EmpiricalDistribution d = EmpiricalDistribution.of(300, 60, 180, 120, 120);

  @Test
  void of_sortsACopyAndKeepsTheMean() {
    double[] samples = {3, 1, 2};
    EmpiricalDistribution e = EmpiricalDistribution.of(samples);
    samples[0] = 99;

    assertThat(e.toArray()).containsExactly(1, 2, 3);
    assertThat(e.size()).isEqualTo(3);
    assertThat(d.mean()).hasValue(156); // (300 + 60 + 180 + 120 + 120) / 5
  }

  @ParameterizedTest(name = "above {0}: {1}")
  @CsvSource({"0, 5", "60, 4", "119.9, 4", "120, 2", "299, 1", "300, 0"})
  void countAbove_countsStrictlyGreaterSamples(double x, int expected) {
    assertThat(d.countAbove(x)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "({0}, {1}]: {2} samples summing to {3}")
  @CsvSource({
      "0, 1000, 5, 780",
      "60, 180, 3, 420", // 120 + 120 + 180
      "100, 120, 2, 240", // both 120s, upper bound included
      "120, 179, 0, 0",
      "180, 120, 0, 0", // empty range
  })
  void countAndSumBetween_useAHalfOpenRange(double lo, double hi, int count, double sum) {
    assertThat(d.countBetween(lo, hi)).isEqualTo(count);
    assertThat(d.sumBetween(lo, hi)).isEqualTo(sum);
  }

  @ParameterizedTest(name = "elapsed {0}: {1}")
  @CsvSource({
      "0, 156", // the mean
      "100, 80", // 120, 120, 180, 300 -> (20 + 20 + 80 + 200) / 4
      "200, 100", // 300 -> 100
  })
  void meanResidual_averagesTheExcessOverLongerSamples(double elapsed, double expected) {
    assertThat(d.meanResidual(elapsed).getAsDouble()).isCloseTo(expected, within(1e-9));
  }

  @Test
  void meanResidual_isEmptyPastTheLongestSample() {
    assertThat(d.meanResidual(300)).isEmpty();
  }

  @Test
  void empty_hasNoMeanAndCountsNothing() {
    EmpiricalDistribution e = EmpiricalDistribution.of();

    assertThat(e).isSameAs(EmpiricalDistribution.empty());
    assertThat(e.isEmpty()).isTrue();
    assertThat(e.mean()).isEmpty();
    assertThat(e.countAbove(0)).isZero();
    assertThat(e.sumBetween(0, 10)).isZero();
    assertThat(e.meanResidual(0)).isEmpty();
  }

  @Test
  void of_rejectsNonFiniteSamples() {
    assertThatThrownBy(() -> EmpiricalDistribution.of(1, Double.NaN))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("finite");
  }

  @ParameterizedTest(name = "x = {0}")
  @CsvSource({
      "50, 0",
      "60, 0",
      "120, 60", // 120 - 60
      "150, 150", // (150 - 60) + 2 (150 - 120)
      "400, 1220", // 5 × 400 - 780
  })
  void integratedCount_sumsTheDistanceOfEachSampleBelow(double x, double expected) {
    assertThat(d.integratedCount(x)).isCloseTo(expected, within(1e-9));
  }

  @Test
  void ofSorted_takesAscendingSamplesAsTheyAre() {
    double[] ascending = {60, 120, 120, 180, 300};
    EmpiricalDistribution sorted = EmpiricalDistribution.ofSorted(ascending);
    ascending[0] = 999;

    assertThat(sorted.toArray()).containsExactly(d.toArray());
    assertThat(sorted.mean()).isEqualTo(d.mean());
    assertThat(EmpiricalDistribution.ofSorted()).isSameAs(EmpiricalDistribution.empty());
  }

  @Test
  void ofSorted_rejectsSamplesOutOfOrderOrNotFinite() {
    assertThatThrownBy(() -> EmpiricalDistribution.ofSorted(2, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ascending");
    assertThatThrownBy(() -> EmpiricalDistribution.ofSorted(1, Double.POSITIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("finite");
  }

  @Test
  void cursor_answersAsTheWholeSearchAtRisingPoints() {
    java.util.SplittableRandom r = new java.util.SplittableRandom(7);
    for (int draw = 0; draw < 200; draw++) {
      int n = r.nextInt(1, 300);
      double[] xs = new double[n];
      boolean ties = r.nextBoolean();
      for (int i = 0; i < n; i++) {
        // spread, heavy-tailed and tied samples: buckets of many samples and empty ones
        xs[i] = ties ? r.nextInt(5) * 10 : Math.exp(3 * r.nextGaussian());
      }
      EmpiricalDistribution e = EmpiricalDistribution.of(xs);
      double x = r.nextDouble(-1, 2);
      EmpiricalDistribution.Cursor c = e.cursor(x);
      for (int step = 0; step < 40; step++) {
        assertThat(c.integratedCount(x)).isEqualTo(e.integratedCount(x));
        assertThat(c.countAbove(x)).isEqualTo(e.countAbove(x));
        assertThat(c.meanResidual(x)).isEqualTo(e.meanResidual(x));
        x += r.nextInt(4) == 0 ? 0 : r.nextDouble() * r.nextDouble() * 50;
      }
    }
  }

  @Test
  void cursor_ofNoSamplesOrOne() {
    EmpiricalDistribution.Cursor none = EmpiricalDistribution.empty().cursor(5);
    EmpiricalDistribution.Cursor one = EmpiricalDistribution.of(10).cursor(5);

    assertThat(none.countAbove(7)).isZero();
    assertThat(none.integratedCount(7)).isZero();
    assertThat(one.countAbove(7)).isEqualTo(1);
    assertThat(one.meanResidual(7)).hasValue(3);
    assertThat(one.integratedCount(12)).isEqualTo(2);
  }

  @Test
  void cursor_refusesToGoBack() {
    EmpiricalDistribution.Cursor c = d.cursor(100);
    c.integratedCount(200);

    assertThatThrownBy(() -> c.integratedCount(150))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("only moves forward");
    assertThat(c.integratedCount(200)).isEqualTo(d.integratedCount(200));
  }
}
