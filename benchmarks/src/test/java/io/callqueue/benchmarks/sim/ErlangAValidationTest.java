package io.callqueue.benchmarks.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.callqueue.testkit.tier.SlowTest;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The simulator and the engine together against Erlang-A (M/M/s+M; see {@link ErlangFormulas}:
 * Garnett, Mandelbaum &amp; Reiman 2002, computed numerically from the birth-death chain):
 * exponential patience, agents answering at once, mean handle time 100 s, overloaded. Abandonment
 * keeps an overloaded queue stable and quick to forget (a caller stays at most about a patience),
 * so the figures converge fast: over four seeds at these lengths they spread ±0.6% (abandonment),
 * ±1% (mean wait) and ±0.3% (P(wait &gt; 0)) around the closed forms. Tolerances: 3%, 3% and 2%.
 */
@SlowTest
class ErlangAValidationTest {
  private static final double HANDLE = 100;

  @ParameterizedTest(name = "M/M/{0}+M at ρ = {1}, mean patience {2} s, {3}")
  @CsvSource({
      "10, 1.2, 200, random, 200000",
      "5, 1.5, 60, rrmemory, 150000",
  })
  void abandonmentAndMeanWait_matchErlangA(int s, double rho, double patience,
      String strategy, int calls) {
    double mu = 1 / HANDLE;
    double lambda = rho * s * mu;
    SimResult r = Simulator.run(Scenario.builder().agents(s).arrivalsPerHour(lambda * 3600)
        .handleTime(Distribution.exponential(HANDLE)).patience(Distribution.exponential(patience))
        .strategy(strategy).calls(calls).warmUpCalls(calls / 50).seed(1)
        .estimators(List.of("erlang-a")).build());
    ErlangFormulas.ErlangA exact = ErlangFormulas.erlangA(s, lambda, mu, 1 / patience);

    SimResult.Outcomes o = r.total();
    System.out.printf(java.util.Locale.ROOT, "M/M/%d+M rho=%.2f patience %.0fs %s: abandonment"
        + " exact %.4f sim %.4f; mean wait exact %.2f sim %.2f; P(wait>0) exact %.4f sim %.4f%n",
        s, rho, patience, strategy, exact.abandonProbability(), o.abandonmentRate(),
        exact.meanWait(), o.meanWaitSeconds(), exact.probabilityOfWait(), o.probabilityOfWait());
    assertThat(o.abandonmentRate()).as("abandonment vs Erlang-A %.4f", exact.abandonProbability())
        .isCloseTo(exact.abandonProbability(), within(0.03 * exact.abandonProbability()));
    assertThat(o.meanWaitSeconds()).as("mean wait vs Erlang-A %.2f s", exact.meanWait())
        .isCloseTo(exact.meanWait(), within(0.03 * exact.meanWait()));
    assertThat(o.probabilityOfWait()).as("P(wait > 0) vs Erlang-A %.4f",
        exact.probabilityOfWait())
        .isCloseTo(exact.probabilityOfWait(), within(0.02 * exact.probabilityOfWait()));
    assertThat(o.answered() + o.abandoned()).isEqualTo(o.offered());
    assertThat(r.anomalies()).isZero();
  }
}
