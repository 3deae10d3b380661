package io.callqueue.benchmarks.sim;

import io.callqueue.api.ConfigException;
import io.callqueue.api.QueueConfig;
import io.callqueue.api.Strategy;
import io.callqueue.core.estimate.Estimators;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Everything one simulation run needs: agents, queues, the call population and how the run stops.
 * Immutable; built with {@link #builder()}, whose {@link Builder#build()} reports every problem at
 * once. The defaults are an M/M/10 queue: 10 agents, 180 calls an hour, exponential handle time of
 * 180 s, infinite patience, no wrap-up, ring-all, agents answering at once, 100 000 calls, seed 1.
 *
 * @param agents how many agents (numbered 1..agents)
 * @param queues the queues; each arriving call picks one by the queues' shares
 * @param arrivals the arrival rate over time (all queues together)
 * @param handleTime the talk time of a call (the agent's handle time without wrap-up)
 * @param patience how long a caller waits before hanging up; empty: forever
 * @param wrapUp the agents' wrap-up after each call
 * @param strategy the distribution strategy of every queue
 * @param estimators the wait-time estimators evaluated on every caller (see {@link Simulator})
 * @param ringDelay how long an agent's phone rings before the agent answers
 * @param noAnswerProbability the chance that an agent lets a ring go unanswered (the engine then
 *     gives up at the ring timeout and tries another agent)
 * @param ringTimeout the queues' ring timeout
 * @param retryDelay the queues' retry delay
 * @param calls how many calls arrive (when {@code duration} is empty)
 * @param duration for how long calls arrive (instead of a number of calls); empty: use calls
 * @param warmUpCalls the first calls, left out of every statistic
 * @param seed the seed of every random draw: the same seed gives the same run
 * @param serviceLevelThreshold answered within this counts toward the service level
 * @param estimateEvery besides at joining, re-estimate each waiting caller this often; empty: at
 *     joining only
 * @param announceEvery when present, the engine itself announces position and its queue's
 *     estimate this often (the simulator then checks its own estimates against the engine's)
 * @param historyWindow the queues' estimator history window
 */
public record Scenario(int agents, List<QueueSpec> queues, RateProfile arrivals,
    Distribution handleTime, Optional<Distribution> patience, Duration wrapUp, String strategy,
    List<String> estimators, Distribution ringDelay, double noAnswerProbability,
    Duration ringTimeout, Duration retryDelay, long calls, Optional<Duration> duration,
    long warmUpCalls, long seed, Duration serviceLevelThreshold, Optional<Duration> estimateEvery,
    Optional<Duration> announceEvery, Duration historyWindow) {

  /** The estimators compared by default. */
  public static final List<String> ALL_ESTIMATORS = List.of(Estimators.ASTERISK_EMA,
      Estimators.QUEUE_LENGTH, Estimators.ERLANG_A, Estimators.DEFAULT);

  public Scenario {
    queues = List.copyOf(queues);
    estimators = List.copyOf(estimators);
  }

  /** A builder holding the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this scenario's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.agents = agents;
    b.queues = new ArrayList<>(queues);
    b.arrivals = arrivals;
    b.handleTime = handleTime;
    b.patience = patience;
    b.wrapUp = wrapUp;
    b.strategy = strategy;
    b.estimators = new ArrayList<>(estimators);
    b.ringDelay = ringDelay;
    b.noAnswerProbability = noAnswerProbability;
    b.ringTimeout = ringTimeout;
    b.retryDelay = retryDelay;
    b.calls = calls;
    b.duration = duration;
    b.warmUpCalls = warmUpCalls;
    b.seed = seed;
    b.serviceLevelThreshold = serviceLevelThreshold;
    b.estimateEvery = estimateEvery;
    b.announceEvery = announceEvery;
    b.historyWindow = historyWindow;
    return b;
  }

  /** The queue's handle time: its own or the scenario's. */
  Distribution handleTimeOf(QueueSpec q) {
    return q.handleTime().orElse(handleTime);
  }

  /** The queue's patience: its own or the scenario's. */
  Optional<Distribution> patienceOf(QueueSpec q) {
    return q.patience().orElse(patience);
  }

  /** The queue's wrap-up: its own or the scenario's. */
  Duration wrapUpOf(QueueSpec q) {
    return q.wrapUp().orElse(wrapUp);
  }

  /** The queues' shares of the calls, normalised to sum to 1. */
  double[] normalisedShares() {
    double[] s = new double[queues.size()];
    double sum = 0;
    for (int i = 0; i < s.length; i++) {
      double share = queues.get(i).share();
      s[i] = Double.isNaN(share) ? 1 : share;
      sum += s[i];
    }
    for (int i = 0; i < s.length; i++) {
      s[i] /= sum;
    }
    return s;
  }

  /** Builds a {@link Scenario}. */
  public static final class Builder {
    private int agents = 10;
    private List<QueueSpec> queues = new ArrayList<>(List.of(QueueSpec.named("queue")));
    private RateProfile arrivals = RateProfile.constant(180);
    private Distribution handleTime = Distribution.exponential(180);
    private Optional<Distribution> patience = Optional.empty();
    private Duration wrapUp = Duration.ZERO;
    private String strategy = Strategy.RING_ALL.id();
    private List<String> estimators = new ArrayList<>(ALL_ESTIMATORS);
    private Distribution ringDelay = Distribution.constant(0);
    private double noAnswerProbability = 0;
    private Duration ringTimeout = Duration.ofSeconds(15);
    private Duration retryDelay = Duration.ofSeconds(5);
    private long calls = 100_000;
    private Optional<Duration> duration = Optional.empty();
    private long warmUpCalls = 0;
    private long seed = 1;
    private Duration serviceLevelThreshold = Duration.ofSeconds(20);
    private Optional<Duration> estimateEvery = Optional.empty();
    private Optional<Duration> announceEvery = Optional.empty();
    private Duration historyWindow = Duration.ofHours(1);

    private Builder() {}

    public Builder agents(int n) {
      this.agents = n;
      return this;
    }

    /** Replaces the queues (default: one queue named {@code queue} with every agent). */
    public Builder queues(List<QueueSpec> q) {
      this.queues = new ArrayList<>(q);
      return this;
    }

    /** A constant arrival rate, calls an hour over all queues. */
    public Builder arrivalsPerHour(double perHour) {
      this.arrivals = RateProfile.constant(perHour);
      return this;
    }

    public Builder arrivals(RateProfile profile) {
      this.arrivals = profile;
      return this;
    }

    public Builder handleTime(Distribution d) {
      this.handleTime = d;
      return this;
    }

    /** Patience of this distribution. */
    public Builder patience(Distribution d) {
      this.patience = Optional.of(d);
      return this;
    }

    /** Infinite patience: nobody abandons. */
    public Builder noAbandonment() {
      this.patience = Optional.empty();
      return this;
    }

    public Builder patience(Optional<Distribution> p) {
      this.patience = p;
      return this;
    }

    public Builder wrapUp(Duration d) {
      this.wrapUp = d;
      return this;
    }

    /** A strategy by id or enum name ({@code ringall}, {@code LEAST_RECENT}, ...). */
    public Builder strategy(String s) {
      this.strategy = s;
      return this;
    }

    public Builder estimators(List<String> names) {
      this.estimators = new ArrayList<>(names);
      return this;
    }

    public Builder ringDelay(Distribution d) {
      this.ringDelay = d;
      return this;
    }

    public Builder noAnswerProbability(double p) {
      this.noAnswerProbability = p;
      return this;
    }

    public Builder ringTimeout(Duration d) {
      this.ringTimeout = d;
      return this;
    }

    public Builder retryDelay(Duration d) {
      this.retryDelay = d;
      return this;
    }

    /** Stop after this many arrivals (and clears a duration). */
    public Builder calls(long n) {
      this.calls = n;
      this.duration = Optional.empty();
      return this;
    }

    /** Calls arrive for this long (instead of a number of calls). */
    public Builder duration(Duration d) {
      this.duration = Optional.of(d);
      return this;
    }

    public Builder warmUpCalls(long n) {
      this.warmUpCalls = n;
      return this;
    }

    public Builder seed(long s) {
      this.seed = s;
      return this;
    }

    public Builder serviceLevelThreshold(Duration d) {
      this.serviceLevelThreshold = d;
      return this;
    }

    public Builder estimateEvery(Optional<Duration> d) {
      this.estimateEvery = d;
      return this;
    }

    public Builder announceEvery(Optional<Duration> d) {
      this.announceEvery = d;
      return this;
    }

    public Builder historyWindow(Duration d) {
      this.historyWindow = d;
      return this;
    }

    /**
     * Checks every value and builds.
     *
     * @throws IllegalArgumentException listing every problem, separated by "; "
     */
    public Scenario build() {
      List<String> p = new ArrayList<>();
      if (agents < 1) {
        p.add("agents must be >= 1, was " + agents);
      }
      if (queues == null || queues.isEmpty()) {
        p.add("at least one queue is needed");
      } else {
        Set<String> names = new HashSet<>();
        for (QueueSpec q : queues) {
          if (!names.add(q.name())) {
            p.add("queue '" + q.name() + "' is defined twice");
          }
          try {
            QueueConfig.builder(q.name()).build();
          } catch (ConfigException e) {
            p.addAll(e.problems());
          }
          boolean anyMember = false;
          for (int n = 1; n <= Math.max(agents, 0); n++) {
            anyMember |= q.priorityOf(n) >= 0;
          }
          for (QueueSpec.MemberRange r : q.members()) {
            if (r.to() > agents) {
              p.add("queue '" + q.name() + "': agent " + r.to() + " does not exist (agents 1.."
                  + agents + ")");
            }
          }
          if (!anyMember) {
            p.add("queue '" + q.name() + "' has no member");
          }
        }
      }
      Objects.requireNonNull(arrivals, "arrivals");
      Objects.requireNonNull(handleTime, "handleTime");
      Objects.requireNonNull(patience, "patience");
      Objects.requireNonNull(ringDelay, "ringDelay");
      if (wrapUp == null || wrapUp.isNegative()) {
        p.add("wrap-up must be >= 0, was " + wrapUp);
      }
      if (strategy == null || Strategy.byName(strategy) == null) {
        p.add("unknown strategy '" + strategy + "' (known: " + strategyNames() + ")");
      }
      if (estimators == null || estimators.isEmpty()) {
        p.add("at least one estimator is needed");
      } else {
        Estimators known = Estimators.withBuiltInsAndPrevious();
        for (String e : estimators) {
          if (!known.contains(e)) {
            p.add("unknown estimator '" + e + "' (known: " + String.join(", ", known.names())
                + ")");
          }
        }
        if (new HashSet<>(estimators).size() != estimators.size()) {
          p.add("an estimator is named twice: " + estimators);
        }
      }
      if (!(noAnswerProbability >= 0 && noAnswerProbability < 1)) {
        p.add("no-answer probability must be in [0, 1), was " + noAnswerProbability);
      }
      positive(p, "ring timeout", ringTimeout);
      if (retryDelay == null || retryDelay.isNegative()) {
        p.add("retry delay must be >= 0, was " + retryDelay);
      }
      if (duration.isEmpty() && calls < 1) {
        p.add("calls must be >= 1, was " + calls);
      }
      duration.ifPresent(d -> positive(p, "duration", d));
      if (warmUpCalls < 0 || (duration.isEmpty() && warmUpCalls >= calls)) {
        p.add("warm-up calls must be >= 0 and fewer than the calls, was " + warmUpCalls);
      }
      positive(p, "service-level threshold", serviceLevelThreshold);
      estimateEvery.ifPresent(d -> positive(p, "estimate-every", d));
      announceEvery.ifPresent(d -> positive(p, "announce-every", d));
      positive(p, "history window", historyWindow);
      if (!p.isEmpty()) {
        throw new IllegalArgumentException(String.join("; ", p));
      }
      Scenario s = new Scenario(agents, queues, arrivals, handleTime, patience, wrapUp,
          Strategy.byName(strategy).id(), estimators, ringDelay, noAnswerProbability,
          ringTimeout, retryDelay, calls, duration, warmUpCalls, seed, serviceLevelThreshold,
          estimateEvery, announceEvery, historyWindow);
      for (QueueSpec q : queues) {
        try {
          Simulator.queueConfig(s, q);
        } catch (ConfigException e) {
          p.addAll(e.problems());
        }
      }
      if (!p.isEmpty()) {
        throw new IllegalArgumentException(String.join("; ", p));
      }
      return s;
    }

    private static void positive(List<String> p, String what, Duration d) {
      if (d == null || d.isNegative() || d.isZero()) {
        p.add(what + " must be > 0, was " + (d == null ? "unset" : Durations.format(d)));
      }
    }

    private static String strategyNames() {
      List<String> names = new ArrayList<>();
      for (Strategy s : Strategy.values()) {
        names.add(s.id());
      }
      return String.join(", ", names);
    }
  }
}
