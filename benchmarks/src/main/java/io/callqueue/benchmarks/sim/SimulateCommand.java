package io.callqueue.benchmarks.sim;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code simulate} command line: parses flags into a {@link Scenario}, runs it and prints the
 * result (one JSON object with {@code --json}, else a readable summary). A bad flag or value
 * prints one line saying what is wrong, then the usage, and exits with 2.
 */
public final class SimulateCommand {
  /** The usage text. */
  public static final String USAGE = """
      usage: simulate [flags]
        --agents N                 agents, numbered 1..N (default 10)
        --arrivals-per-hour R      Poisson arrivals, calls an hour over all queues (default 180)
        --rate-profile SPEC        piecewise rate over a repeating day instead, calls an hour,
                                   e.g. 0-4h:120,4h-8h:240
        --handle-time DIST         talk time (default exp:180s)
        --patience DIST|none       time a caller waits before hanging up (default none)
        --wrap-up DURATION         agent wrap-up after each call (default 0s)
        --strategy NAME            ringall, linear, leastrecent, fewestcalls, leasttalktime,
                                   random, rrmemory (default ringall)
        --estimators a,b,c         estimators to score (default asterisk-ema,queue-length,
                                   erlang-a,default)
        --ring-delay DIST          how long a phone rings before the agent answers (default const:0s)
        --no-answer-probability P  chance an agent does not answer a ring (default 0)
        --ring-timeout DURATION    ring timeout (default 15s)
        --retry-delay DURATION     retry delay (default 5s)
        --queue SPEC               a queue, repeatable (default one queue 'queue' with every agent):
                                   NAME[,weight=W][,share=X][,agents=A-B[@P]+C[@P]...]
                                   [,handle=DIST][,patience=DIST|none][,wrap-up=DURATION]
        --calls N                  stop arrivals after N calls (default 100000)
        --duration DURATION        or: calls arrive for this long
        --warm-up N                leave the first N calls out of the statistics (default 0)
        --service-level DURATION   service-level threshold (default 20s)
        --estimate-every DURATION  also re-estimate waiting callers this often, scored apart (default: off)
        --announce-every DURATION  let the engine announce position and estimate this often and
                                   check the simulator's estimates against it (default off)
        --history-window DURATION  the estimators' history window (default 1h)
        --seed S                   random seed; the same seed gives the same run (default 1)
        --json                     print one JSON object
      DIST: exp:MEAN | lognormal:MEAN:SD | const:VALUE | trace:FILE (seconds, one per line)
      DURATION: 180s, 3m, 1.5h, 500ms (a bare number is seconds)
      """;

  private SimulateCommand() {}

  /**
   * Runs the command with these arguments (after the word {@code simulate}).
   *
   * @return the exit code: 0, or 2 for a bad flag
   */
  public static int run(List<String> args, PrintStream out, PrintStream err) {
    Parsed p;
    try {
      p = parse(args);
    } catch (UsageException e) {
      err.println("error: " + e.getMessage());
      err.print(USAGE);
      return 2;
    }
    if (p.help) {
      out.print(USAGE);
      return 0;
    }
    SimResult r = Simulator.run(p.scenario);
    out.println(p.json ? r.toJson(true) : summary(r));
    return 0;
  }

  /** The parsed command line. */
  record Parsed(Scenario scenario, boolean json, boolean help) {}

  /** Parses the flags; throws {@link UsageException} naming the first bad one. */
  static Parsed parse(List<String> args) {
    Scenario.Builder b = Scenario.builder();
    boolean json = false;
    boolean sawCalls = false;
    boolean sawDuration = false;
    boolean sawRate = false;
    boolean sawProfile = false;
    List<QueueSpec> queues = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      String flag = arg;
      String inline = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        flag = arg.substring(0, eq);
        inline = arg.substring(eq + 1);
      }
      if (flag.equals("--json")) {
        json = true;
        continue;
      }
      if (flag.equals("--help") || flag.equals("-h")) {
        return new Parsed(null, json, true);
      }
      if (!flag.startsWith("--")) {
        throw new UsageException("unexpected argument '" + arg + "'");
      }
      String value;
      if (inline != null) {
        value = inline;
      } else if (i + 1 < args.size()) {
        value = args.get(++i);
      } else {
        throw new UsageException(flag + " needs a value");
      }
      switch (flag) {
        case "--agents" -> b.agents(integer(flag, value));
        case "--arrivals-per-hour" -> {
          double r = number(flag, value);
          if (!(r > 0)) {
            throw new UsageException(flag + " must be > 0, was '" + value + "'");
          }
          b.arrivalsPerHour(r);
          sawRate = true;
        }
        case "--rate-profile" -> {
          b.arrivals(RateProfile.parse(flag, value));
          sawProfile = true;
        }
        case "--handle-time" -> b.handleTime(Distribution.parse(flag, value));
        case "--patience" -> b.patience(QueueSpec.parsePatience(flag, value));
        case "--wrap-up" -> b.wrapUp(Durations.parse(flag, value));
        case "--strategy" -> b.strategy(value);
        case "--estimators" -> b.estimators(Arrays.stream(value.split(",")).map(String::trim)
            .filter(x -> !x.isEmpty()).toList());
        case "--ring-delay" -> b.ringDelay(Distribution.parse(flag, value));
        case "--no-answer-probability" -> b.noAnswerProbability(number(flag, value));
        case "--ring-timeout" -> b.ringTimeout(Durations.parse(flag, value));
        case "--retry-delay" -> b.retryDelay(Durations.parse(flag, value));
        case "--queue" -> queues.add(QueueSpec.parse(flag, value));
        case "--calls" -> {
          b.calls(longInteger(flag, value));
          sawCalls = true;
        }
        case "--duration" -> {
          b.duration(Durations.parse(flag, value));
          sawDuration = true;
        }
        case "--warm-up" -> b.warmUpCalls(longInteger(flag, value));
        case "--seed" -> b.seed(longInteger(flag, value));
        case "--service-level" -> b.serviceLevelThreshold(Durations.parse(flag, value));
        case "--estimate-every" -> b.estimateEvery(
            java.util.Optional.of(Durations.parse(flag, value)));
        case "--announce-every" -> b.announceEvery(
            java.util.Optional.of(Durations.parse(flag, value)));
        case "--history-window" -> b.historyWindow(Durations.parse(flag, value));
        default -> throw new UsageException("unknown flag " + flag);
      }
    }
    if (sawCalls && sawDuration) {
      throw new UsageException("give --calls or --duration, not both");
    }
    if (sawRate && sawProfile) {
      throw new UsageException("give --arrivals-per-hour or --rate-profile, not both");
    }
    if (!queues.isEmpty()) {
      b.queues(queues);
    }
    try {
      return new Parsed(b.build(), json, false);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  private static int integer(String flag, String value) {
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new UsageException(flag + ": expected a whole number, was '" + value + "'");
    }
  }

  private static long longInteger(String flag, String value) {
    try {
      return Long.parseLong(value.trim().replace("_", ""));
    } catch (NumberFormatException e) {
      throw new UsageException(flag + ": expected a whole number, was '" + value + "'");
    }
  }

  private static double number(String flag, String value) {
    try {
      double d = Double.parseDouble(value.trim());
      if (!Double.isFinite(d)) {
        throw new NumberFormatException();
      }
      return d;
    } catch (NumberFormatException e) {
      throw new UsageException(flag + ": expected a number, was '" + value + "'");
    }
  }

  /** A readable summary of a result. */
  static String summary(SimResult r) {
    StringBuilder b = new StringBuilder();
    SimResult.Outcomes t = r.total();
    Scenario s = r.scenario();
    b.append(String.format(Locale.ROOT, "%d agents, %s, arrivals %s, handle %s, patience %s,"
        + " wrap-up %s, seed %d%n", s.agents(), s.strategy(), s.arrivals(), s.handleTime(),
        s.patience().map(Object::toString).orElse("none"), Durations.format(s.wrapUp()),
        s.seed()));
    b.append(String.format(Locale.ROOT, "offered %d, answered %d, abandoned %d%n", t.offered(),
        t.answered(), t.abandoned()));
    b.append(String.format(Locale.ROOT, "P(wait > 0) %.4f, mean wait %.2f s, ASA %.2f s,"
        + " service level (%s) %.4f, abandonment %.4f, occupancy %.4f%n", t.probabilityOfWait(),
        t.meanWaitSeconds(), t.averageSpeedOfAnswerSeconds(),
        Durations.format(s.serviceLevelThreshold()), t.serviceLevel(), t.abandonmentRate(),
        r.occupancy()));
    SimResult.Percentiles p = t.waitPercentiles();
    b.append(String.format(Locale.ROOT, "wait p50 %.1f s, p90 %.1f s, p95 %.1f s, p99 %.1f s,"
        + " max %.1f s%n", p.p50(), p.p90(), p.p95(), p.p99(), p.max()));
    if (r.queues().size() > 1) {
      for (Map.Entry<String, SimResult.Outcomes> e : r.queues().entrySet()) {
        SimResult.Outcomes q = e.getValue();
        b.append(String.format(Locale.ROOT, "  queue %-12s offered %d, mean wait %.2f s,"
            + " service level %.4f, abandonment %.4f%n", e.getKey(), q.offered(),
            q.meanWaitSeconds(), q.serviceLevel(), q.abandonmentRate()));
      }
    }
    b.append(String.format(Locale.ROOT, "%-14s %9s %10s %10s %8s %10s%n", "estimator", "count",
        "RMSE s", "MAE s", "MRE", "bias s"));
    r.estimators().forEach((name, e) -> b.append(String.format(Locale.ROOT,
        "%-14s %9d %10.2f %10.2f %8.3f %10.2f%n", name, e.count(), e.rmse(), e.mae(),
        e.meanRelativeError(), e.bias())));
    if (s.estimateEvery().isPresent()) {
      b.append(String.format(Locale.ROOT, "repeated every %s while waiting:%n",
          Durations.format(s.estimateEvery().get())));
      r.estimatorsPeriodic().forEach((name, e) -> b.append(String.format(Locale.ROOT,
          "%-14s %9d %10.2f %10.2f %8.3f %10.2f%n", name, e.count(), e.rmse(), e.mae(),
          e.meanRelativeError(), e.bias())));
    }
    b.append(String.format(Locale.ROOT, "simulated %.1f h in %.3f s (%.0f calls per wall"
        + " second)", r.simulatedSeconds() / 3600, r.wallSeconds(), r.callsPerWallSecond()));
    return b.toString();
  }
}
