package io.callqueue.benchmarks.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.callqueue.testkit.tier.SlowTest;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The simulator and the engine together against Erlang C (see {@link ErlangFormulas}): M/M/s with
 * agents answering at once, no wrap-up and no abandonment, mean handle time 100 s.
 *
 * <p><b>Why a control variate.</b> The mean wait of a heavily loaded queue converges slowly: its
 * relative standard error shrinks only like 1/((1-ρ) sqrt(calls)) (Whitt, "Planning queueing
 * simulations", Management Science 35(11), 1989). Measured over six seeds, the raw mean wait at
 * ρ = 0.95 with 800 000 calls still spread ±7%; a few percent by brute force would take tens of
 * millions of calls. So each run is paired with a control whose mean is known exactly: the same
 * arrivals and the same handle times fed to a single agent s times as fast (an M/M/1 queue with
 * service rate sμ, by the Lindley recursion; its mean wait is ρ/(sμ - λ) and its probability of
 * waiting ρ). Both queues see the same bursts, so their batch means correlate at 0.96-0.998; the
 * controlled estimate {@code X̄ - β (Ȳ - E[Y])}, β fitted on 40 batch means (Lavenberg &amp; Welch,
 * "A perspective on the use of control variables to increase the efficiency of Monte Carlo
 * simulations", Management Science 27(3), 1981), spread less than ±1.2% over the same seeds at
 * 150 000-400 000 calls. Tolerances: 2% for P(wait &gt; 0) and 3% for the mean wait, at least 3
 * of those spreads.
 *
 * <p>The raw figures the simulator reports are checked too: they must equal the waits in the
 * engine's events, and lie within 4 batch-means standard errors of the closed forms. The
 * occupancy must equal the realised load (λ̂ × mean handle time ÷ s) within 1%. That the engine
 * gives each caller exactly the FCFS wait is proven separately, call by call
 * ({@link SimulatorTest#waits_matchTheMultiServerFcfsRecursion_exactly}).
 */
@SlowTest
class MmsValidationTest {
  private static final double HANDLE = 100;
  private static final int BATCHES = 40;

  @ParameterizedTest(name = "M/M/{0} at ρ = {1}, {2}, {3} calls")
  @CsvSource({
      "2, 0.5, linear, 150000",
      "5, 0.8, leastrecent, 200000",
      "10, 0.9, ringall, 300000",
      "20, 0.95, fewestcalls, 400000",
  })
  void probabilityOfWaitAndMeanWait_matchErlangC(int s, double rho, String strategy,
      int calls) {
    double mu = 1 / HANDLE;
    double lambda = rho * s * mu;
    int warmUp = calls / 50;
    CallLog log = new CallLog();
    SimResult r = Simulator.run(Scenario.builder().agents(s).arrivalsPerHour(lambda * 3600)
        .handleTime(Distribution.exponential(HANDLE)).strategy(strategy).calls(calls)
        .warmUpCalls(warmUp).seed(1).estimators(List.of("queue-length")).build(), log);

    double erlangC = ErlangFormulas.erlangC(s, lambda / mu);
    double meanWait = ErlangFormulas.mmsMeanWait(s, lambda, mu);
    Controlled c = controlled(log, warmUp, s, rho, mu, lambda);
    System.out.printf(java.util.Locale.ROOT, "M/M/%d rho=%.2f %s: P(wait>0) exact %.4f raw %.4f"
        + " (se %.4f) controlled %.4f; mean wait exact %.2f raw %.2f (se %.2f) controlled %.2f;"
        + " occupancy %.4f%n", s, rho, strategy, erlangC, c.rawProbability, c.probabilitySe,
        c.controlledProbability, meanWait, c.rawWait, c.waitSe, c.controlledWait, r.occupancy());

    assertThat(r.total().meanWaitSeconds()).as("reported mean wait = the events' waits")
        .isCloseTo(c.rawWait, within(1e-6));
    assertThat(r.total().probabilityOfWait()).as("reported P(wait > 0) = the events' waits")
        .isCloseTo(c.rawProbability, within(1e-9));
    assertThat(c.controlledProbability).as("P(wait > 0), controlled, vs Erlang C %.4f", erlangC)
        .isCloseTo(erlangC, within(0.02 * erlangC));
    assertThat(c.controlledWait).as("mean wait, controlled, vs C/(sμ-λ) = %.2f s", meanWait)
        .isCloseTo(meanWait, within(0.03 * meanWait));
    assertThat(c.rawProbability).as("raw P(wait > 0) (standard error %.4f)", c.probabilitySe)
        .isCloseTo(erlangC, within(4 * c.probabilitySe));
    assertThat(c.rawWait).as("raw mean wait (standard error %.2f s)", c.waitSe)
        .isCloseTo(meanWait, within(4 * c.waitSe));
    double realisedLoad = r.realizedArrivalsPerHour() / 3600 * r.realizedHandleSeconds() / s;
    assertThat(r.occupancy()).isCloseTo(realisedLoad, within(0.01 * rho));
    assertThat(realisedLoad).as("realised load vs nominal").isCloseTo(rho, within(0.015 * rho));
    assertThat(r.anomalies()).isZero();
  }

  /** Raw and controlled estimates from the measured calls. */
  record Controlled(double rawWait, double waitSe, double controlledWait, double rawProbability,
      double probabilitySe, double controlledProbability) {}

  static Controlled controlled(CallLog log, int warmUp, int s, double rho, double mu,
      double lambda) {
    int n = log.size - warmUp;
    int per = n / BATCHES;
    double[] w = new double[BATCHES];
    double[] y = new double[BATCHES];
    double[] p = new double[BATCHES];
    double[] q = new double[BATCHES];
    double fast = 0;
    double sumW = 0;
    double waited = 0;
    for (int i = 0; i < log.size; i++) {
      if (i > 0) {
        double gap = (log.joinedMillis[i] - log.joinedMillis[i - 1]) / 1000.0;
        fast = Math.max(0, fast + log.talkMillis[i - 1] / 1000.0 / s - gap);
      }
      if (i < warmUp) {
        continue;
      }
      double wait = log.waitMillis[i] / 1000.0;
      sumW += wait;
      waited += wait > 0 ? 1 : 0;
      int b = Math.min(BATCHES - 1, (i - warmUp) / per);
      int size = b == BATCHES - 1 ? n - per * (BATCHES - 1) : per;
      w[b] += wait / size;
      y[b] += fast / size;
      p[b] += (wait > 0 ? 1.0 : 0.0) / size;
      q[b] += (fast > 0 ? 1.0 : 0.0) / size;
    }
    double fastWait = rho / (s * mu - lambda);
    return new Controlled(sumW / n, standardError(w), control(w, y, fastWait), waited / n,
        standardError(p), control(p, q, rho));
  }

  /** {@code mean(x) - β (mean(y) - ey)} with β the least-squares slope of x on y. */
  static double control(double[] x, double[] y, double ey) {
    double mx = mean(x);
    double my = mean(y);
    double cov = 0;
    double var = 0;
    for (int i = 0; i < x.length; i++) {
      cov += (x[i] - mx) * (y[i] - my);
      var += (y[i] - my) * (y[i] - my);
    }
    return mx - cov / var * (my - ey);
  }

  static double standardError(double[] x) {
    double m = mean(x);
    double ss = 0;
    for (double v : x) {
      ss += (v - m) * (v - m);
    }
    return Math.sqrt(ss / (x.length - 1) / x.length);
  }

  static double mean(double[] x) {
    double s = 0;
    for (double v : x) {
      s += v;
    }
    return s / x.length;
  }
}
