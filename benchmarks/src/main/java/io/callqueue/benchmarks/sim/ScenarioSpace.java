package io.callqueue.benchmarks.sim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * A seeded random space of call centres for the accuracy suite (issue 14 item 1): each draw is a
 * {@link Scenario} the estimators were not tuned on.
 *
 * <p>The space: 2 to 60 agents (log-uniform); 1 to 4 queues (never more than the agents), each
 * with a weight 0-3 and a share of the calls; each queue has its own group of agents at priority
 * 0, and with probability 0.4 it also takes each other queue's group, as equals (priority 0) or as
 * a later tier (priority 1-2); a single queue puts a random part of its agents in a second tier
 * with probability 0.3. Per queue: the handle time (mean 60-600 s, log-uniform) is exponential,
 * lognormal with CV 0.3-2 or constant, a third each; patience none, exponential or lognormal (mean
 * 60-600 s, CV 0.5-1.5); wrap-up none (half of the queues) or 5-60 s. Arrivals: constant (30%) or
 * a 12-hour day of eight 90-minute segments whose rate swings 2-4× around a peak placed at random.
 * The load, offered work ÷ agents, is drawn from 0.6 to 1.3 at the busiest time (so the overloaded
 * scenarios are those above 1). Rings: with probability 0.4 agents miss 2-20% of their rings (the
 * engine gives up at the 15 s timeout), with probability 0.5 a phone rings for 0-6 s before it is
 * answered. Strategy ring-all, least-recent or random.
 *
 * <p>One constraint keeps a run finite: a queue without patience must not be overloaded on average
 * over the day — for every set of queues, their mean offered work is at most 0.95 of the agents
 * who serve any of them, else those of them without patience get one (exponential, 60-600 s).
 *
 * <p>Each draw uses its own stream ({@code new SplittableRandom(seed).split()} in order), so draw
 * {@code i} of a seed is always the same scenario, whatever the number of scenarios drawn.
 */
public final class ScenarioSpace {
  /** Segments of the drawn day and their length. */
  static final int DAY_SEGMENTS = 8;
  static final double SEGMENT_SECONDS = 5400;
  private static final String[] STRATEGIES = {"ringall", "leastrecent", "random"};

  /**
   * One drawn call centre.
   *
   * @param index its number in the draw, from 0
   * @param scenario the scenario (estimators, calls, seed and estimate interval as asked)
   * @param peakLoad the offered work ÷ agents at the busiest time
   * @param meanLoad the same averaged over the day
   * @param description the drawn parameters, one line
   */
  public record Drawn(int index, Scenario scenario, double peakLoad, double meanLoad,
      String description) {}

  private ScenarioSpace() {}

  /**
   * Draws {@code count} scenarios from {@code seed}, each with these calls (the first 2% left
   * out), estimators, and estimates repeated every {@code estimateEvery}.
   */
  public static List<Drawn> draw(long seed, int count, long calls, List<String> estimators,
      Duration estimateEvery) {
    SplittableRandom root = new SplittableRandom(seed);
    List<Drawn> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(drawOne(i, root.split(), calls, estimators, estimateEvery));
    }
    return out;
  }

  private static Drawn drawOne(int index, SplittableRandom r, long calls, List<String> estimators,
      Duration estimateEvery) {
    int agents = (int) Math.round(Math.exp(uniform(r, Math.log(2), Math.log(60))));
    int queueCount = Math.min(agents, 1 + r.nextInt(4));
    double[] share = new double[queueCount];
    double shareSum = 0;
    for (int q = 0; q < queueCount; q++) {
      share[q] = uniform(r, 0.2, 1);
      shareSum += share[q];
    }
    // each queue's own group: at least one agent, about its share of the agents
    int[] groupSize = new int[queueCount];
    int left = agents - queueCount;
    for (int q = 0; q < queueCount; q++) {
      groupSize[q] = 1;
    }
    for (int a = 0; a < left; a++) {
      double u = r.nextDouble() * shareSum;
      int q = 0;
      while (q < queueCount - 1 && u >= share[q]) {
        u -= share[q];
        q++;
      }
      groupSize[q]++;
    }
    int[] groupFrom = new int[queueCount];
    int next = 1;
    for (int q = 0; q < queueCount; q++) {
      groupFrom[q] = next;
      next += groupSize[q];
    }
    // members: own group at 0; another queue's group with probability 0.4, at 0 or a later tier
    int[][] tier = new int[queueCount][queueCount];
    for (int q = 0; q < queueCount; q++) {
      for (int g = 0; g < queueCount; g++) {
        tier[q][g] = g == q ? 0 : r.nextDouble() < 0.4 ? (r.nextBoolean() ? 0 : 1 + r.nextInt(2))
            : -1;
      }
    }
    int singleTierFrom = -1;
    if (queueCount == 1 && agents >= 3 && r.nextDouble() < 0.3) {
      singleTierFrom = 2 + r.nextInt(agents - 1); // agents singleTierFrom..agents at priority 1
    }

    Distribution[] handle = new Distribution[queueCount];
    String[] handleText = new String[queueCount];
    double[] wrap = new double[queueCount];
    Optional<Distribution>[] patience = patienceArray(queueCount);
    double[] work = new double[queueCount];
    for (int q = 0; q < queueCount; q++) {
      double mean = Math.exp(uniform(r, Math.log(60), Math.log(600)));
      int kind = r.nextInt(3);
      if (kind == 0) {
        handle[q] = Distribution.exponential(mean);
        handleText[q] = "exp " + secs(mean);
      } else if (kind == 1) {
        double cv = uniform(r, 0.3, 2);
        handle[q] = Distribution.lognormal(mean, cv * mean);
        handleText[q] = String.format(Locale.ROOT, "lognormal %s CV %.2f", secs(mean), cv);
      } else {
        handle[q] = Distribution.constant(mean);
        handleText[q] = "const " + secs(mean);
      }
      wrap[q] = r.nextBoolean() ? 0 : Math.round(uniform(r, 5, 60));
      double u = r.nextDouble();
      if (u < 1.0 / 3) {
        patience[q] = Optional.empty();
      } else if (u < 2.0 / 3) {
        patience[q] = Optional.of(Distribution.exponential(uniform(r, 60, 600)));
      } else {
        double m = uniform(r, 60, 600);
        patience[q] = Optional.of(Distribution.lognormal(m, uniform(r, 0.5, 1.5) * m));
      }
      work[q] = share[q] / shareSum * (mean + wrap[q]);
    }

    // arrivals: constant, or a day swinging 2-4x around a random peak
    double peakLoad = uniform(r, 0.6, 1.3);
    double workPerCall = 0;
    for (double w : work) {
      workPerCall += w;
    }
    double peakPerHour = peakLoad * agents * 3600 / workPerCall;
    RateProfile arrivals;
    double meanFactor;
    String arrivalText;
    if (r.nextDouble() < 0.3) {
      arrivals = RateProfile.constant(peakPerHour);
      meanFactor = 1;
      arrivalText = String.format(Locale.ROOT, "constant %.0f/h", peakPerHour);
    } else {
      double swing = uniform(r, 2, 4);
      int peak = r.nextInt(DAY_SEGMENTS);
      List<RateProfile.Segment> segs = new ArrayList<>();
      double sum = 0;
      for (int k = 0; k < DAY_SEGMENTS; k++) {
        int d = Math.min(Math.abs(k - peak), DAY_SEGMENTS - Math.abs(k - peak));
        double shape = 1 - d / (DAY_SEGMENTS / 2.0); // 1 at the peak, 0 opposite it
        double rate = peakPerHour / swing * (1 + (swing - 1) * shape);
        rate = Math.round(rate * 10) / 10.0;
        sum += rate;
        segs.add(new RateProfile.Segment(k * SEGMENT_SECONDS, (k + 1) * SEGMENT_SECONDS, rate));
      }
      arrivals = RateProfile.piecewise(segs);
      meanFactor = sum / DAY_SEGMENTS / peakPerHour;
      arrivalText = String.format(Locale.ROOT, "day swing %.1fx, peak %.0f/h in segment %d",
          swing, peakPerHour, peak + 1);
    }
    double meanLoad = peakLoad * meanFactor;

    // no queue without patience may be overloaded on average: give it patience if it would be
    for (int set = 1; set < (1 << queueCount); set++) {
      double offered = 0;
      boolean[] served = new boolean[queueCount];
      for (int q = 0; q < queueCount; q++) {
        if ((set & (1 << q)) != 0) {
          offered += work[q] / workPerCall * meanLoad * agents;
          for (int g = 0; g < queueCount; g++) {
            served[g] |= tier[q][g] >= 0;
          }
        }
      }
      int serving = 0;
      for (int g = 0; g < queueCount; g++) {
        serving += served[g] ? groupSize[g] : 0;
      }
      if (offered > 0.95 * serving) {
        for (int q = 0; q < queueCount; q++) {
          if ((set & (1 << q)) != 0 && patience[q].isEmpty()) {
            patience[q] = Optional.of(Distribution.exponential(uniform(r, 60, 600)));
          }
        }
      }
    }

    List<QueueSpec> queues = new ArrayList<>();
    StringBuilder desc = new StringBuilder();
    desc.append(String.format(Locale.ROOT, "%d agents, load %.2f peak / %.2f mean, %s", agents,
        peakLoad, meanLoad, arrivalText));
    for (int q = 0; q < queueCount; q++) {
      List<QueueSpec.MemberRange> members = new ArrayList<>();
      for (int g = 0; g < queueCount; g++) {
        if (tier[q][g] >= 0) {
          int from = groupFrom[g];
          int to = groupFrom[g] + groupSize[g] - 1;
          if (singleTierFrom > 0) {
            members.add(new QueueSpec.MemberRange(1, singleTierFrom - 1, 0));
            members.add(new QueueSpec.MemberRange(singleTierFrom, agents, 1));
          } else {
            members.add(new QueueSpec.MemberRange(from, to, tier[q][g]));
          }
        }
      }
      int weight = queueCount == 1 ? 0 : r.nextInt(4);
      QueueSpec spec = QueueSpec.named("q" + (q + 1)).withWeight(weight)
          .withShare(Math.round(share[q] / shareSum * 1000) / 1000.0).withMembers(members)
          .withHandleTime(handle[q]).withPatience(patience[q])
          .withWrapUp(Duration.ofSeconds((long) wrap[q]));
      queues.add(spec);
      desc.append("; ").append(spec.name()).append(String.format(Locale.ROOT,
          " w%d %.0f%% agents %s, %s, patience %s, wrap-up %.0f s", weight,
          100 * spec.share(), membersText(members), handleText[q],
          patience[q].map(ScenarioSpace::patienceText).orElse("none"), wrap[q]));
    }
    double noAnswer = r.nextDouble() < 0.4 ? uniform(r, 0.02, 0.2) : 0;
    Distribution ringDelay = r.nextBoolean() ? Distribution.constant(0)
        : Distribution.constant(Math.round(uniform(r, 0, 6)));
    String strategy = STRATEGIES[r.nextInt(STRATEGIES.length)];
    desc.append(String.format(Locale.ROOT, "; %s, rings missed %.0f%%, ring delay %s", strategy,
        100 * noAnswer, ringDelay));
    Scenario s = Scenario.builder().agents(agents).queues(queues).arrivals(arrivals)
        .noAnswerProbability(noAnswer).ringDelay(ringDelay).strategy(strategy)
        .estimators(estimators).calls(calls).warmUpCalls(calls / 50).seed(r.nextLong())
        .estimateEvery(Optional.of(estimateEvery)).build();
    return new Drawn(index, s, peakLoad, meanLoad, desc.toString());
  }

  @SuppressWarnings("unchecked")
  private static Optional<Distribution>[] patienceArray(int n) {
    return (Optional<Distribution>[]) new Optional<?>[n];
  }

  private static double uniform(SplittableRandom r, double lo, double hi) {
    return lo + (hi - lo) * r.nextDouble();
  }

  private static String secs(double seconds) {
    return String.format(Locale.ROOT, "%.0f s", seconds);
  }

  private static String patienceText(Distribution d) {
    if (d instanceof Distribution.LogNormal l) {
      return String.format(Locale.ROOT, "lognormal %.0f s CV %.2f", l.mean(), l.sd() / l.mean());
    }
    return String.format(Locale.ROOT, "exp %.0f s", d.mean());
  }

  private static String membersText(List<QueueSpec.MemberRange> members) {
    StringBuilder b = new StringBuilder();
    for (QueueSpec.MemberRange m : members) {
      b.append(b.length() == 0 ? "" : "+").append(m.from());
      if (m.to() != m.from()) {
        b.append('-').append(m.to());
      }
      if (m.priority() != 0) {
        b.append('@').append(m.priority());
      }
    }
    return b.toString();
  }
}
