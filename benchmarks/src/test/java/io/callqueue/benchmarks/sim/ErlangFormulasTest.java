package io.callqueue.benchmarks.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The closed forms themselves, against values that can be checked by hand or in tables. */
class ErlangFormulasTest {

  @ParameterizedTest
  @CsvSource({
      // s, a, C(s, a): 1 server: C = ρ; s=2, a=1: 1/3 by hand; s=10, a=9 (tables: 0.6687)
      "1, 0.5, 0.5",
      "2, 1, 0.3333333",
      "10, 9, 0.6687",
      "20, 19, 0.7554",
  })
  void erlangC_matchesHandAndTableValues(int s, double a, double c) {
    assertThat(ErlangFormulas.erlangC(s, a)).isCloseTo(c, within(1e-4));
  }

  @Test
  void mmsMeanWait_oneServer_isTheMm1Formula() {
    // M/M/1: Wq = ρ / (μ - λ)
    assertThat(ErlangFormulas.mmsMeanWait(1, 0.5, 1)).isCloseTo(1.0, within(1e-12));
  }

  @Test
  void erlangA_abandonmentRateEqualToServiceRate_isTheInfiniteServerQueue() {
    // θ = μ: the death rate is nμ for every n, so N ~ Poisson(a): P(wait) = P(N >= s)
    int s = 5;
    double a = 4;
    double term = Math.exp(-a);
    double below = 0;
    double queue = 0;
    for (int n = 0; n < 200; n++) {
      if (n < s) {
        below += term;
      } else {
        queue += (n - s) * term;
      }
      term *= a / (n + 1);
    }
    ErlangFormulas.ErlangA e = ErlangFormulas.erlangA(s, a, 1, 1);
    assertThat(e.probabilityOfWait()).isCloseTo(1 - below, within(1e-12));
    assertThat(e.meanQueue()).isCloseTo(queue, within(1e-12));
    assertThat(e.abandonProbability()).isCloseTo(queue / a, within(1e-12));
  }

  @Test
  void erlangA_withVerySmallAbandonmentRate_approachesErlangC() {
    ErlangFormulas.ErlangA e = ErlangFormulas.erlangA(10, 0.09, 0.01, 1e-9);
    assertThat(e.probabilityOfWait()).isCloseTo(ErlangFormulas.erlangC(10, 9), within(1e-5));
    assertThat(e.meanWait()).isCloseTo(ErlangFormulas.mmsMeanWait(10, 0.09, 0.01),
        within(1e-3));
  }

  @Test
  void erlangA_overloaded_staysFiniteAndAbandonsTheExcess() {
    // λ = 2 sμ: at least half the callers must abandon in the long run
    ErlangFormulas.ErlangA e = ErlangFormulas.erlangA(10, 0.2, 0.01, 0.01);
    assertThat(e.abandonProbability()).isBetween(0.5, 1.0);
    assertThat(e.probabilityOfWait()).isGreaterThan(0.99);
  }
}
