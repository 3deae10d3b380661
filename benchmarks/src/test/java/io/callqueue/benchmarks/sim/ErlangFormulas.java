package io.callqueue.benchmarks.sim;

/**
 * Closed forms the simulator is checked against, computed from their formulas.
 *
 * <p><b>Erlang C</b> (A. K. Erlang, 1917; e.g. Gross &amp; Harris, Fundamentals of Queueing
 * Theory, §2.3): in M/M/s with offered load {@code a = λ/μ < s}, the probability that an arrival
 * waits is {@code C(s, a) = s B / (s - a (1 - B))} with Erlang B from the stable recursion
 * {@code B(0) = 1, B(k) = a B(k-1) / (k + a B(k-1))}; the mean wait is {@code C / (sμ - λ)}.
 *
 * <p><b>Erlang-A</b> (M/M/s+M; Garnett, Mandelbaum &amp; Reiman, "Designing a Call Center with
 * Impatient Customers", M&amp;SOM 4(3):208-227, 2002; Mandelbaum &amp; Zeltyn, "The Palm/Erlang-A
 * Queue, with Applications to Call Centers", 2007): the number in system is a birth-death chain with
 * birth rate λ and death rate {@code min(n, s) μ + (n - s)⁺ θ}. Its stationary distribution is
 * computed numerically (truncated where the terms have fallen below 1e-18 of the largest); by
 * PASTA an arrival waits with probability {@code P(N >= s)}; the mean queue length
 * {@code E[Q] = Σ (n - s)⁺ π_n} gives the abandonment probability {@code θ E[Q] / λ} (abandonments
 * happen at rate θ per waiting caller) and, by Little's law on the queue, the mean wait of all
 * arrivals, abandoners' time included, {@code E[Q] / λ}.
 */
final class ErlangFormulas {
  private ErlangFormulas() {}

  /** Erlang B: the blocking probability of M/M/s/s with offered load {@code a}. */
  static double erlangB(int s, double a) {
    double b = 1;
    for (int k = 1; k <= s; k++) {
      b = a * b / (k + a * b);
    }
    return b;
  }

  /** Erlang C: the probability of waiting in M/M/s with offered load {@code a < s}. */
  static double erlangC(int s, double a) {
    if (a >= s) {
      throw new IllegalArgumentException("Erlang C needs a < s, was a=" + a + ", s=" + s);
    }
    double b = erlangB(s, a);
    return s * b / (s - a * (1 - b));
  }

  /** The mean wait in M/M/s: {@code C / (sμ - λ)}. */
  static double mmsMeanWait(int s, double lambda, double mu) {
    return erlangC(s, lambda / mu) / (s * mu - lambda);
  }

  /** Stationary figures of Erlang-A. */
  record ErlangA(double probabilityOfWait, double meanQueue, double abandonProbability,
      double meanWait) {}

  /** Erlang-A (M/M/s+M) with arrival rate λ, service rate μ, abandonment rate θ > 0. */
  static ErlangA erlangA(int s, double lambda, double mu, double theta) {
    if (!(theta > 0)) {
      throw new IllegalArgumentException("Erlang-A needs θ > 0, was " + theta);
    }
    // unnormalised π_n relative to π_0 = 1, kept in a scaled running product
    double term = 1;
    double sum = 1;
    double waitMass = s == 0 ? 1 : 0;
    double queueMass = 0;
    double largest = 1;
    for (int n = 1; ; n++) {
      double death = Math.min(n, s) * mu + Math.max(n - s, 0) * theta;
      term *= lambda / death;
      sum += term;
      if (n >= s) {
        waitMass += term;
        queueMass += (n - s) * term;
      }
      largest = Math.max(largest, term);
      if (n > s && term < 1e-18 * largest && lambda < death) {
        break;
      }
      if (term > 1e250) { // rescale to stay finite
        sum /= term;
        waitMass /= term;
        queueMass /= term;
        largest /= term;
        term = 1;
      }
    }
    double pWait = waitMass / sum;
    double meanQueue = queueMass / sum;
    return new ErlangA(pWait, meanQueue, theta * meanQueue / lambda, meanQueue / lambda);
  }
}
