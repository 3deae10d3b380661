package io.callqueue.core.estimate;

import io.callqueue.spi.EmpiricalDistribution;
import io.callqueue.spi.EstimateInput;
import io.callqueue.spi.RecentHistory;
import io.callqueue.spi.WaitTimeEstimator;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * {@code default}: our estimator. It starts from the queue-length estimators of Ibrahim and Whitt
 * (QL: "Real-Time Delay Estimation Based on Delay History", M&amp;SOM 11:397-415, 2009,
 * doi:10.1287/msom.1080.0223; QL_m with abandonment: "Real-Time Delay Estimation in Overloaded
 * Multiserver Queues with Abandonments", Management Science 55(10):1729-1742, 2009,
 * doi:10.1287/mnsc.1090.1041) and replaces their assumptions — every agent busy, service
 * memoryless, its mean known — with what the engine knows about each agent and the calls.
 *
 * <p><b>Model.</b> The caller is served at the {@code (n+1)}-th service start from now, {@code n}
 * = callers ahead in its queue plus callers in heavier queues that share its agents. Each of the
 * {@code s} serving agents starts its next call at a time {@code X_j}: now if idle (or otherwise
 * engaged, e.g. ringing for a caller ahead, who is counted in {@code n}); after its remaining
 * wrap-up if in wrap-up; after its residual talk plus the mean wrap-up if on a call. The residual
 * talk of a call that has lasted {@code e} is drawn from the talk samples longer than {@code e}
 * (the empirical conditional distribution: a call near the end of a typically long call is
 * expected to end soon, one that has already run long under a heavy-tailed distribution is not),
 * mixed with an exponential of the mean talk time with weight {@code 1 / (k + 1)} for {@code k}
 * such samples (as if it were one more sample), which takes over when no call lasted that long.
 * After {@code X_j} the agent's calls follow each other as a renewal process of the handle-time
 * distribution (talk samples plus the mean wrap-up) with renewal function {@code m}, shrunk toward
 * the memoryless {@code u / H} the same way ({@code k / (k + 1)} on the empirical one).
 *
 * <p><b>Estimate.</b> The wait is {@code E[T] = ∫ P(N(t) <= n) dt}, N(t) the number of starts by
 * t. The agents are independent; N(t) is taken as the starts known for sure (idle agents now,
 * wrap-ups ending) plus a Poisson-binomial count of the busy agents' next starts (agent j by t
 * with probability {@code P(X_j <= t)}, its empirical part) plus a Poisson count of everything
 * else: the starts after those ({@code Σ E[m(t - X_j); X_j <= t]}) and the memoryless part of the
 * next starts. The Poisson-binomial part makes the caller at the head exact
 * ({@code E[min X_j]}), which matters when few agents serve and calls are regular; the Poisson
 * part makes the memoryless case exact: with s agents on exponential calls N(t) is Poisson with
 * mean {@code s t / H}, so the estimate is QL's {@code (n+1) H / s}. Callers of heavier queues who
 * arrive meanwhile take the shared agents' time first: {@code a} erlangs of this queue's {@code s}
 * agents ({@link EstimateInput#heavierLoad()}), a share {@code a / s} of their starts, so the
 * starts this caller needs come {@code s / (s - a)} times as slowly and the time to its start is
 * stretched by that factor, which in M/M/s gives the exact {@code (n+1) / (s/H - λ_heavier)}.
 * (The previous version took {@code a t / H} off the Poisson count's mean; where the busy agents'
 * next starts are mostly empirical that mean stays negative and the integral ran away:
 * {@link Version#PREVIOUS}.) That share is taken off every agent's starts, though this queue's
 * agents that the heavier queues do not share never serve their callers: at the head of a
 * lighter queue with agents of its own the estimate is somewhat long.
 *
 * <p>Checked against the exact conditional mean (Monte Carlo of M/G/s with the true handle-time
 * distribution, at states taken from a simulation, the estimators given that distribution too),
 * as the RMS distance to it: with two agents and regular calls (lognormal, CV 1/3, ρ = 0.8) 19 s
 * where the previous version of this estimator (inverting the expected count, {@code E N(t) = n +
 * 1}, with memoryless calls after the next start) was 29 s and QL 49 s; with ten agents, CV 0.5,
 * ρ = 0.9: 4 s against 29 s and 11 s; CV 1: 8 s against 9 s and 10 s. With exponential calls it is
 * 9 s, 7 s short on average, where QL is exact (3 s, the Monte Carlo's own noise): taking the
 * next starts apart from the calls after them makes the count a little less spread than the
 * Poisson count it really is.
 *
 * <p><b>Handle times.</b> H, the talk samples and the mean wrap-up come from the calls since the
 * history's last detected change in handle times ({@link RecentHistory#talkTimesSinceChange()}):
 * the window alone holds too few calls for a precise mean, and its error (CV / √k) is the largest
 * part of the queue-length estimators' error when the queue is long.
 *
 * <p><b>Abandonment.</b> Callers ahead who hang up shorten the wait. With θ̂ the queue's
 * abandonment rate, the {@code n'} callers ahead not served at once are thinned as in QL_m, at the
 * model's own effective start rate {@code r = (n'+1) / t}: the estimate becomes
 * {@code Σ_{k=0..n'} 1 / (r + k θ̂)}. In the neutral case above this is exactly QL_m (Erlang-A).
 * That is the wait of a caller who never hangs up. The estimate is of the wait of a caller who is
 * answered, the wait the caller then has (and the one every estimate is scored on, live and in
 * the simulator: callers who hang up are censored): with its own patience at the same rate θ̂ the
 * caller is answered only if it outlasts the wait, and in Erlang-A the wait of an answered caller
 * is the sum of exponentials of rates {@code r + (k+1) θ̂}, so the estimate is
 * {@code Σ_{k=0..n'} 1 / (r + (k+1) θ̂)} (exact there, by the memoryless patience). Ignoring it
 * made the estimate long wherever patience is of the order of the wait: in the random scenario
 * space +70% to +150% at position 1 of queues whose callers hang up after a few minutes.
 *
 * <p><b>No history.</b> When an agent is free for the caller now the estimate is zero. Otherwise,
 * without completed calls, it falls back to the delay-history predictors: the wait of the last
 * caller to enter service (LES), else the head-of-line caller's wait (HOL), minus this caller's
 * wait so far; empty when that is not positive or no agent serves.
 *
 * <p><b>Cost.</b> The renewal function is computed on a grid of {@value #STEPS_PER_HANDLE} steps
 * per mean handle time over {@value #RENEWAL_HANDLES} handle times (linear beyond), O(c log k + g²)
 * for c cells of samples and g = {@value #GRID_POINTS}, and kept until the history changes; the
 * busy agents' next starts are binned on the same grid, O(s c). The integral runs over
 * {@value #STEPS_TO_MEAN} steps to a first guess and on, with steps doubling, until
 * {@code P(N(t) <= n)} is negligible (about 20 to 40 steps), each O(s log k + g + s min(s, n) +
 * n); plus O(n) with abandonment. Within an estimate each busy agent keeps a cursor into the
 * talk samples ({@link EmpiricalDistribution#cursor(double)}: its points {@code e + u} only move
 * up, found in their bucket of an index built once per distribution instead of by a binary
 * search at every step), the Poisson CDFs are walked to the one value needed without scratch
 * arrays and the Poisson-binomial takes two agents per pass (issue 14 item 4; the same answers
 * within 1e-9 relative, {@code DefaultEstimatorIncrementalTest}; the previous computation stays
 * as {@value Estimators#DEFAULT_RECOMPUTING} for the benchmark; figures in benchmarks/RESULTS.md
 * §3.0a). Measured before that on the shared 2-core test machine (best of 30 runs of
 * 1 000 estimates): 26 µs with 10 agents and 2 048 samples, 17 µs with 3 agents and 200, 85 µs
 * with 30 agents; about 37 µs in the simulator, where the history changes between most estimates
 * and the renewal function is recomputed (queue-length: 0.2 µs).
 */
final class DefaultEstimator implements WaitTimeEstimator {
  /** The weight, in samples, of the memoryless prior for residual talk and the renewal count. */
  static final double PRIOR_SAMPLES = 1;
  /** Grid steps per mean handle time for the renewal function. */
  static final int STEPS_PER_HANDLE = 8;
  /** Mean handle times over which the renewal function is computed; linear beyond. */
  static final int RENEWAL_HANDLES = 5;
  static final int GRID_POINTS = STEPS_PER_HANDLE * RENEWAL_HANDLES;
  /** Integration steps up to the expected start. */
  static final int STEPS_TO_MEAN = 12;
  /** The most of the agents' capacity heavier queues are assumed to take. */
  static final double MAX_HEAVIER_SHARE = 0.9;

  private static final double MIN_SECONDS = 1e-3;
  /**
   * Where the Poisson walk starts for a mean of 500 or more: this many standard deviations below
   * it, where the mass below is negligible and the first probability still a normal double. The
   * previous version started 40 below, where for any mean above about 745 the first probability
   * ({@code e^-λ} below 1 600, {@code e^-800} or less above) underflows to 0: every probability
   * came out 0 and the integral stopped there (in a long queue of 50 agents the estimate stuck at
   * about 3 000 s, 8% short at position 790).
   */
  static final double START_SDS = 25;
  static final double PREVIOUS_START_SDS = 40;
  private static final double NEGLIGIBLE = 1e-9;
  private static final int MAX_INTEGRATION_STEPS = 2_000;

  private final double priorSamples;
  /** The model's version: {@link Version#CURRENT}, or an earlier one kept for comparison. */
  private final Version version;
  /** Whether the cost-cutting incremental state is off ({@link Estimators#DEFAULT_RECOMPUTING}). */
  private final boolean recomputing;
  /** The last renewal function computed: reused while the history has not changed. */
  private volatile Renewal lastRenewal;

  /**
   * The versions of the model the accuracy suite compares (its "before and after" in one run).
   */
  enum Version {
    /**
     * As of 2026-11-26, before the random scenario space (benchmarks/RESULTS.md §3.0): the
     * heavier queues' load taken off the Poisson count's mean (where the busy agents' next
     * starts are mostly empirical that mean stays negative and {@code P(N(t) <= n)} at about
     * {@code 1/(k+1)} per agent: the integral runs to its step limit, estimates of years); the
     * wait of a caller who never hangs up; no grid mass for an agent in the samples' last cell;
     * the renewal function extended from its last grid point, samples on the nearest point and
     * the wrap-up rounded to whole steps; the Poisson walk started 40 standard deviations below
     * the mean (underflow above a mean of 745).
     */
    PREVIOUS,
    /** The model as described in the class note. */
    CURRENT
  }

  DefaultEstimator() {
    this(PRIOR_SAMPLES);
  }

  /** With another prior weight; 0 trusts the empirical residual once one sample is that long. */
  DefaultEstimator(double priorSamples) {
    this(priorSamples, Version.CURRENT);
  }

  DefaultEstimator(double priorSamples, Version version) {
    this(priorSamples, version, false);
  }

  /**
   * @param recomputing whether to search the samples afresh at every integration step, as
   *     before the estimate's cost was cut (issue 14 item 4; the same answers, kept to measure
   *     against: {@value Estimators#DEFAULT_RECOMPUTING})
   */
  DefaultEstimator(double priorSamples, Version version, boolean recomputing) {
    this.recomputing = recomputing;
    if (!(priorSamples >= 0)) {
      throw new IllegalArgumentException("priorSamples must be >= 0, was " + priorSamples);
    }
    this.priorSamples = priorSamples;
    this.version = version;
  }

  @Override
  public String name() {
    if (recomputing) {
      return Estimators.DEFAULT_RECOMPUTING;
    }
    return version == Version.CURRENT ? Estimators.DEFAULT : Estimators.DEFAULT_PREVIOUS;
  }

  @Override
  public Optional<Duration> estimate(EstimateInput in) {
    int s = in.agentsServing();
    if (s == 0) {
      return Optional.empty();
    }
    long ahead = in.callersAhead();
    long freeNow = (long) in.agentsAvailable() + in.agentsOtherwiseEngaged();
    for (Duration d : in.wrapUpRemaining()) {
      if (d.isZero()) {
        freeNow++;
      }
    }
    if (ahead < freeNow) {
      return Optional.of(Duration.ZERO);
    }
    RecentHistory history = in.history();
    OptionalDouble handle = history.meanHandleSecondsSinceChange();
    if (handle.isEmpty()) {
      handle = history.meanHandleSeconds();
    }
    if (handle.isEmpty()) {
      return fallback(in);
    }
    double load = Math.min(in.heavierLoad(), MAX_HEAVIER_SHARE * s);
    double start;
    if (version == Version.PREVIOUS) {
      Model model = new Model(in, freeNow, handle.getAsDouble(), load, priorSamples, this);
      start = s == 1 ? model.singleAgent(ahead) / (1 - load) : model.expectedStart(ahead);
    } else {
      // the heavier queues' callers take a share load / s of every start: the starts this caller
      // needs come (s / (s - load)) times as slowly; exact in M/M/s, (n+1) / (s/H - λ_heavier)
      Model model = new Model(in, freeNow, handle.getAsDouble(), 0, priorSamples, this);
      start = (s == 1 ? model.singleAgent(ahead) : model.expectedStart(ahead)) / (1 - load / s);
    }

    double theta = history.abandonRatePerSecond().orElse(0);
    long queued = ahead - freeNow;
    if (theta > 0 && start > 0) {
      double rate = (queued + 1) / start;
      // CURRENT: the wait of a caller who is answered, the callers every estimate is scored on
      // (this caller's own patience at the same rate: see the class note)
      start = version == Version.PREVIOUS ? ErlangAEstimator.erlangA(queued, rate, theta)
          : ErlangAEstimator.erlangA(queued, rate + theta, theta);
    }
    return Optional.of(Seconds.toDuration(start));
  }

  /** The renewal function for this history, the last one if it is still valid. */
  Renewal renewal(EmpiricalDistribution talk, double handle, double wrapUp, double weight) {
    Renewal r = lastRenewal;
    if (r == null || !r.isFor(talk, handle, wrapUp, weight)) {
      r = new Renewal(talk, handle, wrapUp, weight, version == Version.CURRENT);
      lastRenewal = r;
    }
    return r;
  }

  private static Optional<Duration> fallback(EstimateInput in) {
    Duration base = in.history().lastDelay().orElse(in.headOfLineWait());
    Duration remaining = base.minus(in.waited());
    return remaining.isNegative() || remaining.isZero() ? Optional.empty() : Optional.of(remaining);
  }

  /** The agents' next starts and the distribution of the number of starts by time t. */
  private static final class Model {
    private final int agents;
    private final long freeNow;
    private final double handle;
    private final double wrapUp;
    private final double talkMean;
    /** Heavier queues' load in starts of this queue per second: a / H. */
    private final double drain;
    private final EmpiricalDistribution talk;
    /** Remaining wrap-up of agents in wrap-up, seconds, all positive, ascending. */
    private final double[] wrapLeft;
    /** Per agent on a call: elapsed talk, samples longer than it, weight of the empirical part. */
    final double[] elapsed;
    private final int[] tail;
    /** Per agent on a call: {@code Σ (e - T)} over the talk samples T <= its elapsed talk e. */
    private final double[] integralAtElapsed;
    /**
     * Per agent on a call: {@code Σ (t - X)+} over its samples at the start of the current
     * integration step (the integral of its count of next starts up to there, times k).
     */
    private final double[] integralAt0;
    /**
     * Per agent on a call: where its search of the samples stopped at the last integration step
     * (the points {@code e + u} only move up); null when recomputing.
     */
    private final EmpiricalDistribution.Cursor[] cursors;
    /** Per agent on a call: {@code w / k}, its empirical weight per sample longer than e. */
    private final double[] weightPerTail;
    final double[] weight;
    /** Σ of the agents' mean next start times. */
    private final double meanStarts;
    /** Weight of the empirical renewal function (the rest is {@code u / H}). */
    private final double renewalWeight;
    /** The renewal function and the next starts on its grid; null when there are no samples. */
    private final Renewal renewalGrid;
    private final NextStarts grid;
    /** Scratch: the Poisson-binomial probabilities and distribution at one time. */
    private final double[] p;
    private double[] pb;
    /** Busy agents with a chance to start by the last {@link #nextStartDistribution} time. */
    private int used;
    /** The last {@link #otherMean} computed, and where. */
    private double lastOther;
    private double lastOtherAt = -1;
    /** Σ (1 - w_j): the memoryless parts of the busy agents' next starts. */
    private final double memorylessAgents;
    private double[] tailLo;
    private double[] tailHi;
    /** Where the Poisson walks start, in standard deviations below the mean. */
    private final double tailSds;

    Model(EstimateInput in, long freeNow, double meanHandle, double load,
        double priorSamples, DefaultEstimator cacheOwner) {

      RecentHistory h = in.history();
      this.agents = in.agentsServing();
      this.freeNow = freeNow;
      this.handle = Math.max(meanHandle, MIN_SECONDS);
      this.drain = load / handle;
      OptionalDouble wrap = h.meanWrapUpSecondsSinceChange();
      this.wrapUp = Math.max(0, wrap.isPresent() ? wrap.getAsDouble()
          : h.meanWrapUpSeconds().orElse(0));
      this.talk = h.talkTimesSinceChange();
      this.talkMean = Math.max(handle - wrapUp, MIN_SECONDS);
      double sum = 0;
      List<Duration> wraps = in.wrapUpRemaining();
      int positive = 0;
      for (Duration d : wraps) {
        if (!d.isZero()) {
          positive++;
        }
      }
      this.wrapLeft = new double[positive];
      int i = 0;
      for (Duration d : wraps) {
        if (!d.isZero()) {
          wrapLeft[i++] = Seconds.of(d);
          sum += wrapLeft[i - 1];
        }
      }
      java.util.Arrays.sort(wrapLeft);
      List<Duration> calls = in.talkElapsed();
      this.elapsed = new double[calls.size()];
      this.tail = new int[calls.size()];
      this.integralAtElapsed = new double[calls.size()];
      this.integralAt0 = new double[calls.size()];
      this.weight = new double[calls.size()];
      this.cursors = cacheOwner.recomputing ? null
          : new EmpiricalDistribution.Cursor[calls.size()];
      this.weightPerTail = new double[calls.size()];
      for (int j = 0; j < elapsed.length; j++) {
        double e = Seconds.of(calls.get(j));
        EmpiricalDistribution.Cursor at = cursors == null ? null : talk.cursor(e);
        int k = at == null ? talk.countAbove(e) : at.countAbove(e);
        double w = k == 0 ? 0 : k / (k + priorSamples);
        elapsed[j] = e;
        tail[j] = k;
        integralAtElapsed[j] = at == null ? talk.integratedCount(e) : at.integratedCount(e);
        weight[j] = w;
        weightPerTail[j] = k == 0 ? 0 : w / k;
        if (at != null) {
          cursors[j] = at;
        }
        double residual = (1 - w) * talkMean;
        if (k > 0) {
          residual += w * (at == null ? talk.meanResidual(e) : at.meanResidual(e)).getAsDouble();
        }
        sum += residual + wrapUp;
      }
      this.meanStarts = sum;
      int k = talk.size();
      this.renewalWeight = k == 0 ? 0 : k / (k + priorSamples);
      this.renewalGrid = k == 0 ? null : cacheOwner.renewal(talk, handle, wrapUp, renewalWeight);
      this.grid = k == 0 ? null : new NextStarts(renewalGrid, this);
      this.p = new double[elapsed.length];
      double ml = 0;
      for (double w : weight) {
        ml += 1 - w;
      }
      this.memorylessAgents = ml;
      this.tailSds = cacheOwner.version == Version.CURRENT ? START_SDS : PREVIOUS_START_SDS;
    }

    /** One agent: the caller starts after its next start plus {@code ahead} handle times. */
    double singleAgent(long ahead) {
      if (freeNow == 1) {
        return ahead * handle;
      }
      return meanStarts + ahead * handle;
    }

    /**
     * The renewal function: expected starts within {@code u} after a start (not counting it); the
     * empirical one shrunk toward the memoryless {@code u / H}.
     */
    double renewal(double u) {
      if (u <= 0) {
        return 0;
      }
      return renewalGrid == null ? u / handle : renewalGrid.at(u);
    }

    /**
     * {@code E[T_{n+1}] = ∫ P(N(t) <= n) dt}. Steps of a {@value #STEPS_TO_MEAN}-th of a first
     * guess (the expected start if every agent started calls at its long-run rate), doubling every
     * {@code 2 × }{@value #STEPS_TO_MEAN} steps, cut at the wrap-up ends; on each step the
     * Poisson-binomial distribution is taken at the step's middle and the Poisson means as linear,
     * for which {@code ∫ P(Poi(Λ) <= m) dt} over the step is exact.
     */
    double expectedStart(long ahead) {
      int n = (int) Math.min(ahead, Integer.MAX_VALUE - 2);
      pb = new double[elapsed.length + 1];
      if (cursors == null) {
        tailLo = new double[n + 2];
        tailHi = new double[n + 2];
      }
      double rate = Math.max(agents / handle - drain, 1e-9);
      double guess = Math.max((n + 1 - freeNow) / rate, MIN_SECONDS);
      double step = guess / STEPS_TO_MEAN;
      double total = 0;
      double t0 = 0;
      int nextWrap = 0;
      for (int i = 1; i <= MAX_INTEGRATION_STEPS; i++) {
        double t1 = t0 + step;
        while (nextWrap < wrapLeft.length && wrapLeft[nextWrap] <= t0) {
          nextWrap++;
        }
        if (nextWrap < wrapLeft.length && wrapLeft[nextWrap] < t1) {
          t1 = wrapLeft[nextWrap];
        }
        double survival = integrateStep(n, t0, t1);
        total += survival;
        if (survival < 1e-7 * total && t1 > guess) {
          break;
        }
        t0 = t1;
        if (i % STEPS_TO_MEAN == 0) {
          step *= 2; // well past the first guess: coarser steps
        }
      }
      return total;
    }

    /**
     * {@code ∫_{t0}^{t1} P(N(t) <= n) dt}, N(t) = the sure starts + B + Poisson. B, the busy
     * agents' next starts (their empirical parts), is Poisson-binomial; the Poisson part's mean
     * given {@code B = b} is the rest ({@link #otherMean}) plus b times the mean number of starts
     * after a next start made by then: an agent that has not started has no calls after it.
     * Where the heavier queues' share makes a mean negative (early on, before calls end), the rest
     * of it is taken off the other starts, {@code P(b - d <= m)} interpolated between whole counts.
     */
    private double integrateStep(int n, double t0, double t1) {
      double mid = (t0 + t1) / 2;
      long sureCount = freeNow + wrapsDone(mid);
      double other0 = t0 == lastOtherAt ? lastOther : otherMean(t0);
      double other1 = otherMean(t1);
      lastOtherAt = t1;
      lastOther = other1;
      double deficit = Math.max(0, -Math.min(other0, other1));
      double room = n - sureCount + Math.ceil(deficit);
      int top = nextStartDistribution(t0, t1, (int) Math.max(0,
          Math.min(room, Integer.MAX_VALUE - 2)));
      if (room < 0) {
        return 0;
      }
      double after = 0;
      if (top > 0 && grid != null) {
        double started = 0;
        for (int j = 0; j < used; j++) {
          started += p[j];
        }
        after = started > 0 ? grid.afterEmpirical(mid) / started : 0;
      }
      double result = 0;
      if (top == 0) {
        result = pb[0] * meanCdf(n - sureCount, other0, other1);
      } else {
        // the Poisson-binomial part is taken at the step's middle anyway: so is the Poisson mean
        double otherMid = (other0 + other1) / 2;
        for (int b = 0; b <= top; b++) {
          if (pb[b] > NEGLIGIBLE) {
            long m = n - sureCount - b;
            result += pb[b] * meanCdf(m, otherMid + b * after, otherMid + b * after);
          }
        }
      }
      return result * (t1 - t0);
    }

    /**
     * The mean of {@code P(Poi(λ) <= m)} for λ going linearly from {@code a} to {@code c}; a
     * negative λ is a deficit d of starts: {@code P(-d <= m)}, interpolated.
     */
    private double meanCdf(long m, double a, double c) {
      if (a >= 0 && c >= 0) {
        if (m < 0) {
          return 0;
        }
        int mm = (int) m;
        if (cursors != null) {
          // only the m-th value is needed: walked without the scratch arrays, the same numbers
          if (Math.abs(c - a) > 1e-9 * Math.max(1, c)) {
            return (poissonTailSumAt(c, mm, tailSds) - poissonTailSumAt(a, mm, tailSds)) / (c - a);
          }
          return poissonCdfAt(a, mm, tailSds);
        }
        if (Math.abs(c - a) > 1e-9 * Math.max(1, c)) {
          poissonTailSums(a, mm, tailLo, tailSds);
          poissonTailSums(c, mm, tailHi, tailSds);
          // d/dλ Σ_{k<=m} P(Poi(λ) > k) = P(Poi(λ) <= m)
          return (tailHi[mm] - tailLo[mm]) / (c - a);
        }
        poissonCdf(a, mm, tailLo, tailSds);
        return tailLo[mm];
      }
      double lam = (a + c) / 2;
      if (lam >= 0) {
        if (m < 0) {
          return 0;
        }
        if (cursors != null) {
          return poissonCdfAt(lam, (int) m, tailSds);
        }
        poissonCdf(lam, (int) m, tailLo, tailSds);
        return tailLo[(int) m];
      }
      return Math.max(0, Math.min(1, m - lam + 1));
    }

    /** Agents in wrap-up whose wrap-up ends by {@code t}. */
    private int wrapsDone(double t) {
      int done = 0;
      while (done < wrapLeft.length && wrapLeft[done] <= t) {
        done++;
      }
      return done;
    }

    /**
     * The Poisson-binomial distribution of the busy agents' next starts over the step from
     * {@code t0} to {@code t1} (their empirical parts) into {@code pb[0..top]}, truncated at
     * {@code max}; returns {@code top}. Each agent's probability is its average over the step,
     * {@code ∫ P(X_j <= t) dt / (t1 - t0)}, exact from the samples: with one agent (or one agent
     * whose call ends within the step) the integral of {@code P(N(t) <= n)} is then exact
     * however coarse the step. Steps must come in order: each starts where the last ended.
     */
    private int nextStartDistribution(double t0, double t1, int max) {
      double u = t1 - wrapUp;
      double width = t1 - t0;
      double perWidth = 1 / width;
      used = 0;
      for (int j = 0; j < elapsed.length; j++) {
        double w = weight[j];
        if (w == 0) {
          continue;
        }
        double integral = 0;
        if (u > 0) {
          // Σ (e + u - T) over e < T <= e + u: up to e + u, less the samples <= e
          double e = elapsed[j];
          int atOrBelow = talk.size() - tail[j];
          double upTo = cursors == null ? talk.integratedCount(e + u)
              : cursors[j].integratedCount(e + u);
          integral = Math.max(0, upTo - integralAtElapsed[j] - atOrBelow * u);
        }
        double q;
        if (cursors == null) {
          q = width > 0 ? w * (integral - integralAt0[j]) / (tail[j] * width) : 0;
        } else {
          q = width > 0 ? (integral - integralAt0[j]) * weightPerTail[j] * perWidth : 0;
        }
        integralAt0[j] = integral;
        if (q > 0) {
          p[used++] = Math.min(1, q);
        }
      }
      int top = Math.min(used, max);
      pb[0] = 1;
      for (int c = 1; c <= top; c++) {
        pb[c] = 0;
      }
      int j = 0;
      if (cursors != null) {
        // two agents per pass over the counts: half the passes (the same distribution, rounded
        // differently in the last bits)
        for (; j + 1 < used; j += 2) {
          double q1 = p[j];
          double q2 = p[j + 1];
          double none = (1 - q1) * (1 - q2);
          double one = q1 * (1 - q2) + q2 * (1 - q1);
          double both = q1 * q2;
          int c = Math.min(j + 2, top);
          for (; c >= 2; c--) {
            pb[c] = pb[c] * none + pb[c - 1] * one + pb[c - 2] * both;
          }
          if (c == 1) {
            pb[1] = pb[1] * none + pb[0] * one;
          }
          pb[0] *= none;
        }
      }
      for (; j < used; j++) {
        double q = p[j];
        for (int c = Math.min(j + 1, top); c >= 1; c--) {
          pb[c] = pb[c] * (1 - q) + pb[c - 1] * q;
        }
        pb[0] *= 1 - q;
      }
      return top;
    }

    /**
     * The mean of the Poisson part at {@code t} apart from the calls after the busy agents'
     * empirical next starts: the calls after the idle and wrapping agents' next starts, the
     * memoryless part of the busy agents' next starts and the calls after it, less the heavier
     * queues' share.
     */
    double otherMean(double t) {
      double lam = freeNow * renewal(t);
      for (double left : wrapLeft) {
        if (t >= left) {
          lam += renewal(t - left);
        }
      }
      double u = t - wrapUp;
      if (u > 0 && memorylessAgents > 0) {
        double expF = -Math.expm1(-u / talkMean);
        lam += memorylessAgents * expF;
        if (renewalGrid == null) {
          // no samples: every next start is memoryless and so is every call after it
          double expE = Math.max(0, u + talkMean * Math.expm1(-u / talkMean));
          lam += memorylessAgents * expE / handle;
        } else {
          lam += memorylessAgents * renewalGrid.afterMemoryless(u);
        }
      }
      return lam - drain * t;
    }
  }

  /** {@code out[m] = P(Poi(lam) <= m)}, m = 0..max. */
  static void poissonCdf(double lam, int max, double[] out) {
    poissonCdf(lam, max, out, START_SDS);
  }

  /** {@link #poissonCdf(double, int, double[])}, the walk started {@code sds} below the mean. */
  static void poissonCdf(double lam, int max, double[] out, double sds) {
    int m = 0;
    if (lam > 0) {
      PoissonWalk walk = new PoissonWalk(lam, sds);
      for (; m <= max && !walk.done(); m++) {
        out[m] = walk.cdf();
        walk.next();
      }
    }
    for (; m <= max; m++) {
      out[m] = 1;
    }
  }

  /** {@code P(Poi(lam) <= m)}: {@link #poissonCdf(double, int, double[], double)}'s m-th value. */
  static double poissonCdfAt(double lam, int m, double sds) {
    if (!(lam > 0)) {
      return 1;
    }
    PoissonWalk walk = new PoissonWalk(lam, sds);
    for (int k = 0; k < m && !walk.done(); k++) {
      walk.next();
    }
    return walk.done() ? 1 : walk.cdf();
  }

  /** {@link #poissonTailSums(double, int, double[], double)}'s m-th value. */
  static double poissonTailSumAt(double lam, int m, double sds) {
    double sum = 0;
    if (lam > 0) {
      PoissonWalk walk = new PoissonWalk(lam, sds);
      for (int k = 0; k <= m && !walk.done(); k++) {
        sum += 1 - walk.cdf();
        walk.next();
      }
    }
    return sum;
  }

  /**
   * {@code out[m] = Σ_{k=0..m} P(Poi(lam) > k) = E[min(Poi(lam), m + 1)]}, m = 0..max; its
   * derivative in {@code lam} is {@code P(Poi(lam) <= m)}.
   */
  static void poissonTailSums(double lam, int max, double[] out) {
    poissonTailSums(lam, max, out, START_SDS);
  }

  /** {@link #poissonTailSums(double, int, double[])}, the walk started {@code sds} below. */
  static void poissonTailSums(double lam, int max, double[] out, double sds) {
    double sum = 0;
    int m = 0;
    if (lam > 0) {
      PoissonWalk walk = new PoissonWalk(lam, sds);
      for (; m <= max && !walk.done(); m++) {
        sum += 1 - walk.cdf();
        out[m] = sum;
        walk.next();
      }
    }
    for (; m <= max; m++) {
      out[m] = sum;
    }
  }

  /**
   * Walks the Poisson distribution's CDF from 0 upward by the recurrence {@code pmf(k) = pmf(k-1)
   * lam / k}; for a large mean it starts from a normal approximation's far lower tail, below
   * which the probability is negligible, with the pmf from Stirling's series. {@link #done()} once
   * the CDF is 1 to double precision.
   */
  static final class PoissonWalk {
    private final double lam;
    private int k;
    private double pmf;
    private double cdf;
    private final int start;

    PoissonWalk(double lam, double sds) {
      this.lam = lam;
      if (lam < 500) {
        start = 0;
        pmf = Math.exp(-lam);
      } else {
        start = (int) Math.max(0, Math.floor(lam - sds * Math.sqrt(lam)));
        pmf = Math.exp(start * Math.log(lam) - lam - logFactorial(start));
      }
      cdf = pmf;
    }

    /** P(Poi <= k) for the current k (zero below the start). */
    double cdf() {
      return k < start ? 0 : Math.min(1, cdf);
    }

    boolean done() {
      return k > lam && 1 - cdf < 1e-16;
    }

    void next() {
      k++;
      if (k > start) {
        pmf *= lam / k;
        cdf += pmf;
      }
    }

    private static double logFactorial(int n) {
      if (n < 2) {
        return 0;
      }
      double x = n + 1.0;
      return (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * x)
          - 1 / (360 * x * x * x);
    }
  }

  /**
   * What the history alone decides, on a grid of step {@code H / }{@value #STEPS_PER_HANDLE}: the
   * talk samples per grid cell and the renewal function of the handle-time distribution (talk
   * samples plus the mean wrap-up), shrunk toward the memoryless {@code u / H}. A sample's mass
   * goes to the nearest grid point. Immutable; it stays valid while the history's
   * distribution, mean handle and wrap-up are the same, so the estimator keeps the last one.
   */
  static final class Renewal {
    final EmpiricalDistribution talk;
    final double handle;
    final double wrapUp;
    final double weight;
    final double step;
    final int wrapSteps;
    /** Talk samples per cell {@code ((c - 1/2) step, (c + 1/2) step]}, and suffix sums. */
    final int[] perCell;
    final int[] suffix;
    final int cells;
    /** {@code m[g]}: expected starts within {@code g} steps after a start, g = 0..last. */
    private final double[] m;
    private final int last = GRID_POINTS;
    private final double talkMean;
    /** {@link #afterMemoryless} at the grid points 0..expLast. */
    private final double[] afterExp;
    private final int expLast;
    /**
     * Beyond the grid {@code m(u) = u / H + farOffset}: the renewal theorem's
     * {@code (σ² - H²) / (2 H²)} (-1/2 for regular calls, 0 for memoryless ones, more for
     * irregular ones), taken as the mean of {@code m(g) - g step / H} over the grid's last handle
     * time. (Extending from {@code m} at the last grid point instead, as the previous version did,
     * counts half a call too many per agent with regular calls, when that point is on a step of
     * m: 5% short in a long queue of constant calls.)
     */
    private final double farOffset;
    /** Whether this is {@link Version#CURRENT}'s renewal (else {@link Version#PREVIOUS}'s). */
    final boolean current;

    Renewal(EmpiricalDistribution talk, double handle, double wrapUp, double weight,
        boolean current) {
      this.talk = talk;
      this.handle = handle;
      this.wrapUp = wrapUp;
      this.weight = weight;
      this.step = handle / STEPS_PER_HANDLE;
      int k = talk.size();
      int[] counts = new int[2 * STEPS_PER_HANDLE];
      int c = 0;
      for (int above = k; above > 0; c++) {
        if (c == counts.length) {
          counts = java.util.Arrays.copyOf(counts, 2 * c);
        }
        int next = talk.countAbove((c + 0.5) * step);
        counts[c] = above - next;
        above = next;
      }
      this.cells = c;
      this.perCell = counts;
      this.suffix = new int[cells + 1];
      for (int i = cells - 1; i >= 0; i--) {
        suffix[i] = suffix[i + 1] + perCell[i];
      }
      this.wrapSteps = (int) Math.round(wrapUp / step);
      double[] f = current ? handleMasses(talk, step, wrapUp, last)
          : new double[last + 1];
      for (int i = 0; !current && i < cells && i + wrapSteps <= last; i++) {
        f[i + wrapSteps] = (double) perCell[i] / k;
      }
      // m(g) = Σ_{b=0..g} f(b) (1 + m(g - b)), solved for m(g); then shrunk toward g step / H
      this.m = new double[last + 1];
      double f0 = Math.min(f[0], 0.999);
      double cdf = 0;
      for (int g = 0; g <= last; g++) {
        cdf += f[g];
        double v = cdf;
        for (int b = 1; b <= g; b++) {
          v += f[b] * m[g - b];
        }
        m[g] = v / (1 - f0);
      }
      for (int g = 0; g <= last; g++) {
        m[g] = weight * m[g] + (1 - weight) * g / STEPS_PER_HANDLE;
      }
      this.current = current;
      if (current) {
        double offset = 0;
        for (int g = last - STEPS_PER_HANDLE; g < last; g++) {
          offset += m[g] - (double) g / STEPS_PER_HANDLE;
        }
        this.farOffset = offset / STEPS_PER_HANDLE;
      } else {
        this.farOffset = m[last] - (double) last / STEPS_PER_HANDLE;
      }
      // E[m(v - Y); Y <= v] for Y exponential of the mean talk time: F' = (m - F) / τ, stepped
      // exactly for m constant over each half step
      this.talkMean = Math.max(handle - wrapUp, MIN_SECONDS);
      this.expLast = last + (int) Math.ceil(12 * talkMean / step);
      this.afterExp = new double[expLast + 1];
      double decay = Math.exp(-step / talkMean);
      for (int g = 1; g <= expLast; g++) {
        afterExp[g] = afterExp[g - 1] * decay + at((g - 0.5) * step) * (1 - decay);
      }
    }

    /**
     * The handle-time distribution (talk samples plus the mean wrap-up) on the grid points
     * 0..last, each sample's mass split between the two points around it in proportion to its
     * distance, which keeps the mean. (The previous version put each talk sample on the nearest
     * point and rounded the wrap-up to whole steps: with 33 s of wrap-up on steps of 22.5 s the
     * renewal function counted calls 6% too fast, and long queues of many agents came out about
     * 8% short.)
     */
    private static double[] handleMasses(EmpiricalDistribution talk, double step, double wrapUp,
        int last) {
      int k = talk.size();
      double[] talkMass = new double[last + 2];
      talkMass[0] = k - talk.countAbove(0);
      for (int c = 0; c <= last; c++) {
        double lo = c * step;
        double hi = lo + step;
        int n = talk.countBetween(lo, hi);
        if (n > 0) {
          double up = (talk.sumBetween(lo, hi) - lo * n) / step;
          talkMass[c] += n - up;
          talkMass[c + 1] += up;
        }
      }
      double w = wrapUp / step;
      int w0 = (int) Math.floor(w);
      double wf = w - w0;
      double[] f = new double[last + 1];
      for (int i = 0; i + w0 <= last; i++) {
        f[i + w0] += talkMass[i] * (1 - wf) / k;
        if (i + w0 + 1 <= last) {
          f[i + w0 + 1] += talkMass[i] * wf / k;
        }
      }
      return f;
    }

    /**
     * {@code E[m(v - Y); Y <= v]} for Y exponential of the mean talk time: the calls after a
     * memoryless next start that comes within {@code v}. Linear beyond the grid, as m is.
     */
    double afterMemoryless(double v) {
      if (v <= 0) {
        return 0;
      }
      double x = v / step;
      if (x >= expLast) {
        return afterExp[expLast] + (v - expLast * step) / handle;
      }
      int g = (int) x;
      return afterExp[g] + (x - g) * (afterExp[g + 1] - afterExp[g]);
    }

    boolean isFor(EmpiricalDistribution t, double h, double w, double wt) {
      return t == talk && h == handle && w == wrapUp && wt == weight;
    }

    /** The renewal function at {@code u} seconds: interpolated, linear beyond the grid. */
    double at(double u) {
      if (u <= 0) {
        return 0;
      }
      double x = u / step;
      if (x >= last) {
        return u / handle + farOffset;
      }
      int g = (int) x;
      return m[g] + (x - g) * (m[g + 1] - m[g]);
    }

    /**
     * {@code Σ_i p_i m(t - i step)} for grid masses with these prefix sums of p and of i p: the
     * starts after the busy agents' next one, within {@code t}.
     */
    double afterNextStarts(double t, double[] cumP, double[] cumIp) {
      int top = Math.min(cumP.length - 2, (int) Math.floor(t / step));
      if (top < 0) {
        return 0;
      }
      // points i with t - i step beyond the grid of m: m is linear there, summed in O(1)
      int farTop = Math.min(top, (int) Math.floor(t / step) - last);
      double sum = 0;
      int from = 0;
      if (farTop >= 0) {
        double mass = cumP[farTop + 1];
        double moment = cumIp[farTop + 1];
        sum += (t / handle + farOffset) * mass - step / handle * moment;
        from = farTop + 1;
      }
      for (int i = from; i <= top; i++) {
        double pi = cumP[i + 1] - cumP[i];
        if (pi != 0) {
          sum += pi * at(t - i * step);
        }
      }
      return sum;
    }
  }

  /**
   * The busy agents' next starts, X = residual talk + mean wrap-up, on the renewal's grid: each
   * agent's empirical part (weight w: the talk samples in the cells above its elapsed talk,
   * shifted), as prefix sums for {@link Renewal#afterNextStarts}. (The memoryless parts are the
   * same for every agent: {@link Renewal#afterMemoryless}.)
   */
  private static final class NextStarts {
    private final Renewal renewal;
    private final double[] cumP;
    private final double[] cumIp;

    NextStarts(Renewal r, Model model) {
      this.renewal = r;
      double step = r.step;
      int horizon = r.cells + r.wrapSteps + 2;
      double[] mass = new double[horizon + 1];
      for (int j = 0; j < model.elapsed.length; j++) {
        double wj = model.weight[j];
        double e = model.elapsed[j];
        int first = (int) Math.floor(e / step) + 1; // the first cell whose centre is above e
        if (wj == 0) {
          continue;
        }
        if (first >= r.cells || r.suffix[first] == 0) {
          // the samples longer than e are all in e's own cell: the call ends within a step.
          // (The previous version dropped them: with regular calls an agent near the end of
          // its call then had no calls after it, and the estimate ran to hours.)
          if (r.current) {
            mass[r.wrapSteps] += wj;
          }
          continue;
        }
        // a sample in cell c ends (c - e / step) steps from now, then the wrap-up
        int shift = (int) Math.round(e / step) - r.wrapSteps;
        double per = wj / r.suffix[first];
        int[] perCell = r.perCell;
        for (int c = first; c < r.cells; c++) {
          mass[c - shift] += per * perCell[c];
        }
      }
      this.cumP = new double[horizon + 2];
      this.cumIp = new double[horizon + 2];
      for (int i = 0; i <= horizon; i++) {
        cumP[i + 1] = cumP[i] + mass[i];
        cumIp[i + 1] = cumIp[i] + i * mass[i];
      }
    }

    /** {@code Σ_j w_j E[m(t - X_j); X_j <= t]}, X_j from the empirical part. */
    double afterEmpirical(double t) {
      return renewal.afterNextStarts(t, cumP, cumIp);
    }
  }

  @Override
  public String toString() {
    return name() + "[priorSamples=" + priorSamples + "]";
  }
}
