package io.callqueue.benchmarks.sim;

import io.callqueue.core.estimate.Estimators;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code space} command (issue 14 item 1): draws call centres from the {@link ScenarioSpace},
 * simulates each, and prints in markdown how each candidate estimator (the default) compares with
 * the best of the others on each scenario, at joining and repeated while waiting: the distribution
 * of "candidate RMSE ÷ best other RMSE" (min, median, max), how many scenarios it wins or is within
 * 3% of the best on, the position bands where its bias exceeds 10% of the band's mean wait, the
 * worst scenarios with their parameters, and one row per scenario.
 *
 * <p>A scenario counts when every estimator scored at least {@value #MIN_ESTIMATES} estimates at
 * joining (a quiet centre where almost nobody waits says nothing); a position band's bias is
 * judged when it holds at least {@value #MIN_BAND_ESTIMATES} estimates (below that its standard
 * error alone approaches the 10%).
 */
public final class SpaceCommand {
  static final int MIN_ESTIMATES = 200;
  static final int MIN_BAND_ESTIMATES = 500;
  static final double WITHIN = 1.03;
  static final double MAX_BIAS = 0.10;

  static final String USAGE = """
      usage: space [flags]
        --scenarios N          scenarios to draw (default 60)
        --seed S               seed of the draw (default 1); printed with the results
        --calls N              calls a scenario, first 2% left out (default 20000)
        --estimate-every D     re-estimate waiting callers this often (default 60s)
        --candidates a,b       estimators judged (default: default)
        --others a,b,c         estimators compared with (default asterisk-ema,queue-length,erlang-a)
        --only i,j             run only these draws (numbers from the table), e.g. to look closer
        --worst K              worst scenarios listed with their parameters (default 8)
        --json-dir DIR         also write each scenario's full result there (scenario-N.json)
      """;

  private SpaceCommand() {}

  /** Runs the command; returns the exit code (2 for a bad flag). */
  public static int run(List<String> args, PrintStream out, PrintStream err) {
    Options o;
    try {
      o = parse(args);
    } catch (UsageException e) {
      err.println("error: " + e.getMessage());
      err.print(USAGE);
      return 2;
    }
    if (o.help) {
      out.print(USAGE);
      return 0;
    }
    List<String> all = new ArrayList<>(o.candidates);
    all.addAll(o.others);
    List<ScenarioSpace.Drawn> drawn = ScenarioSpace.draw(o.seed, o.scenarios, o.calls, all,
        o.every);
    List<Row> rows = new ArrayList<>();
    long wallStart = System.nanoTime();
    for (ScenarioSpace.Drawn d : drawn) {
      if (!o.only.isEmpty() && !o.only.contains(d.index())) {
        continue;
      }
      SimResult r = Simulator.run(d.scenario());
      rows.add(new Row(d, r, o));
      if (o.jsonDir != null) {
        try {
          java.nio.file.Files.createDirectories(o.jsonDir);
          java.nio.file.Files.writeString(o.jsonDir.resolve("scenario-" + d.index() + ".json"),
              r.toJson(false));
        } catch (java.io.IOException e) {
          err.println("error: cannot write to " + o.jsonDir + ": " + e.getMessage());
          return 1;
        }
      }
      err.printf(Locale.ROOT, "scenario %d: %.1f s%n", d.index(), r.wallSeconds());
    }
    double wall = (System.nanoTime() - wallStart) / 1e9;
    out.print(report(rows, o, wall));
    return 0;
  }

  /** The figures of one scenario. */
  static final class Row {
    final ScenarioSpace.Drawn drawn;
    final SimResult result;
    /** Per candidate: ratio at joining and repeated; NaN when not counted. */
    final double[] join;
    final double[] repeated;
    final String bestJoin;
    final String bestRepeated;
    /** Per candidate: the bands whose bias is over the limit, e.g. "join 8-15 +21%". */
    final List<List<String>> biased = new ArrayList<>();
    final boolean counted;

    Row(ScenarioSpace.Drawn d, SimResult r, Options o) {
      this.drawn = d;
      this.result = r;
      boolean enough = true;
      for (SimResult.EstimatorError e : r.estimators().values()) {
        enough &= e.count() >= MIN_ESTIMATES;
      }
      this.counted = enough;
      bestJoin = best(r.estimators(), o.others);
      bestRepeated = best(r.estimatorsPeriodic(), o.others);
      join = new double[o.candidates.size()];
      repeated = new double[o.candidates.size()];
      for (int c = 0; c < o.candidates.size(); c++) {
        String name = o.candidates.get(c);
        join[c] = r.estimators().get(name).rmse() / r.estimators().get(bestJoin).rmse();
        repeated[c] = r.estimatorsPeriodic().get(name).rmse()
            / r.estimatorsPeriodic().get(bestRepeated).rmse();
        List<String> bands = new ArrayList<>();
        biasedBands("join", r.estimatorsByPosition(), name, bands);
        biasedBands("repeated", r.estimatorsPeriodicByPosition(), name, bands);
        biased.add(bands);
      }
    }

    double worst(int c) {
      return Math.max(join[c], Double.isNaN(repeated[c]) ? 0 : repeated[c]);
    }

    private static String best(Map<String, SimResult.EstimatorError> errors, List<String> names) {
      String best = names.get(0);
      for (String n : names) {
        if (errors.get(n).rmse() < errors.get(best).rmse()) {
          best = n;
        }
      }
      return best;
    }

    private static void biasedBands(String moment,
        Map<String, Map<String, SimResult.EstimatorError>> byBand, String name, List<String> out) {
      byBand.forEach((band, row) -> {
        SimResult.EstimatorError e = row.get(name);
        if (e != null && e.count() >= MIN_BAND_ESTIMATES && e.meanActualSeconds() > 0
            && Math.abs(e.bias()) > MAX_BIAS * e.meanActualSeconds()) {
          out.add(String.format(Locale.ROOT, "%s %s %+.0f%%", moment, band,
              100 * e.bias() / e.meanActualSeconds()));
        }
      });
    }
  }

  static String report(List<Row> rows, Options o, double wallSeconds) {
    StringBuilder b = new StringBuilder();
    List<Row> counted = rows.stream().filter(r -> r.counted).toList();
    b.append(String.format(Locale.ROOT, "Random scenario space: %d scenarios drawn with seed %d,"
        + " %d calls each (first 2%% left out), estimates at joining and every %s while waiting;"
        + " %d scenarios counted (every estimator scored >= %d estimates at joining); %.0f s"
        + " wall.%n%n", rows.size(), o.seed, o.calls, Durations.format(o.every), counted.size(),
        MIN_ESTIMATES, wallSeconds));
    b.append("| estimator ÷ best of ").append(String.join(", ", o.others))
        .append(" (RMSE) | min | median | max | best or within 3% | bias beyond ±10% of the mean"
            + " wait in a band (>= " + MIN_BAND_ESTIMATES + " estimates) |\n");
    b.append("|---|---:|---:|---:|---:|---:|\n");
    for (int c = 0; c < o.candidates.size(); c++) {
      for (int m = 0; m < 2; m++) {
        // a scenario whose callers never wait a whole interval has no repeated estimates
        double[] v = new double[counted.size()];
        int n = 0;
        int within = 0;
        int biased = 0;
        for (Row r : counted) {
          double x = m == 0 ? r.join[c] : r.repeated[c];
          if (Double.isNaN(x)) {
            continue;
          }
          v[n++] = x;
          within += x <= WITHIN ? 1 : 0;
          String moment = m == 0 ? "join " : "repeated ";
          biased += r.biased.get(c).stream().anyMatch(s -> s.startsWith(moment)) ? 1 : 0;
        }
        v = Arrays.copyOf(v, n);
        Arrays.sort(v);
        b.append(String.format(Locale.ROOT, "| %s, %s | %s | %s | %s | %d / %d | %d / %d |%n",
            o.candidates.get(c), m == 0 ? "at joining" : "repeated", pct(v, 0),
            median(v), pct(v, v.length - 1), within, v.length, biased, v.length));
      }
    }
    b.append('\n');
    int lead = 0;
    List<Row> worst = new ArrayList<>(counted);
    worst.sort(Comparator.comparingDouble((Row r) -> -r.worst(lead)));
    b.append(String.format(Locale.ROOT, "Worst %d scenarios for %s (largest ratio at joining or"
        + " repeated):%n%n", Math.min(o.worst, worst.size()), o.candidates.get(lead)));
    b.append("| # | at joining | repeated | best other | mean wait (s) | parameters |\n");
    b.append("|---:|---:|---:|---|---:|---|\n");
    for (Row r : worst.subList(0, Math.min(o.worst, worst.size()))) {
      b.append(String.format(Locale.ROOT, "| %d | %s | %s | %s / %s | %.1f | %s |%n",
          r.drawn.index(), ratio(r.join[lead]), ratio(r.repeated[lead]), r.bestJoin,
          r.bestRepeated, r.result.total().meanWaitSeconds(), r.drawn.description()));
    }
    b.append('\n');
    b.append("Every scenario (ratios: ").append(String.join(", ", o.candidates))
        .append("; at joining / repeated):\n\n");
    b.append("| # | agents | queues | peak load | mean wait (s) | estimates at joining | ratio "
        + "| best other | bands biased > 10% |\n");
    b.append("|---:|---:|---:|---:|---:|---:|---|---|---|\n");
    for (Row r : rows) {
      StringBuilder ratios = new StringBuilder();
      StringBuilder bands = new StringBuilder();
      for (int c = 0; c < o.candidates.size(); c++) {
        ratios.append(c == 0 ? "" : "; ").append(ratio(r.join[c])).append(" / ")
            .append(ratio(r.repeated[c]));
        bands.append(c == 0 ? "" : "; ").append(r.biased.get(c).isEmpty() ? "–"
            : String.join(", ", r.biased.get(c)));
      }
      b.append(String.format(Locale.ROOT, "| %d%s | %d | %d | %.2f | %.1f | %d | %s | %s / %s |"
          + " %s |%n", r.drawn.index(), r.counted ? "" : " (not counted)",
          r.drawn.scenario().agents(), r.drawn.scenario().queues().size(), r.drawn.peakLoad(),
          r.result.total().meanWaitSeconds(),
          r.result.estimators().get(o.candidates.get(0)).count(), ratios, r.bestJoin,
          r.bestRepeated, bands));
    }
    return b.toString();
  }

  private static String ratio(double v) {
    return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.3f", v);
  }

  private static String pct(double[] sorted, int i) {
    return sorted.length == 0 ? "–" : ratio(sorted[i]);
  }

  private static String median(double[] sorted) {
    if (sorted.length == 0) {
      return "–";
    }
    int n = sorted.length;
    return ratio(n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2);
  }

  /** The parsed flags. */
  static final class Options {
    int scenarios = 60;
    long seed = 1;
    long calls = 20_000;
    Duration every = Duration.ofSeconds(60);
    List<String> candidates = List.of(Estimators.DEFAULT);
    List<String> others = List.of(Estimators.ASTERISK_EMA, Estimators.QUEUE_LENGTH,
        Estimators.ERLANG_A);
    List<Integer> only = List.of();
    int worst = 8;
    java.nio.file.Path jsonDir;
    boolean help;
  }

  static Options parse(List<String> args) {
    Options o = new Options();
    for (int i = 0; i < args.size(); i++) {
      String flag = args.get(i);
      if (flag.equals("--help") || flag.equals("-h")) {
        o.help = true;
        return o;
      }
      if (i + 1 >= args.size()) {
        throw new UsageException(flag.startsWith("--") ? flag + " needs a value"
            : "unexpected argument '" + flag + "'");
      }
      String v = args.get(++i);
      switch (flag) {
        case "--scenarios" -> o.scenarios = positive(flag, v);
        case "--seed" -> o.seed = whole(flag, v);
        case "--calls" -> o.calls = positive(flag, v);
        case "--estimate-every" -> o.every = Durations.parse(flag, v);
        case "--candidates" -> o.candidates = names(flag, v);
        case "--others" -> o.others = names(flag, v);
        case "--only" -> o.only = Arrays.stream(v.split(",")).map(x -> (int) whole(flag, x))
            .toList();
        case "--worst" -> o.worst = positive(flag, v);
        case "--json-dir" -> o.jsonDir = java.nio.file.Path.of(v);
        default -> throw new UsageException("unknown flag " + flag);
      }
    }
    if (o.every.isZero() || o.every.isNegative()) {
      throw new UsageException("--estimate-every must be > 0");
    }
    for (String c : o.candidates) {
      if (o.others.contains(c)) {
        throw new UsageException("estimator '" + c + "' is both a candidate and an other");
      }
    }
    return o;
  }

  private static List<String> names(String flag, String v) {
    List<String> names = Arrays.stream(v.split(",")).map(String::trim).filter(x -> !x.isEmpty())
        .toList();
    Estimators known = Estimators.withBuiltInsAndPrevious();
    for (String n : names) {
      if (!known.contains(n)) {
        throw new UsageException(flag + ": unknown estimator '" + n + "' (known: "
            + String.join(", ", known.names()) + ")");
      }
    }
    if (names.isEmpty()) {
      throw new UsageException(flag + " needs at least one estimator");
    }
    return names;
  }

  private static long whole(String flag, String v) {
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw new UsageException(flag + ": expected a whole number, was '" + v + "'");
    }
  }

  private static int positive(String flag, String v) {
    long n = whole(flag, v);
    if (n < 1 || n > Integer.MAX_VALUE) {
      throw new UsageException(flag + " must be >= 1, was '" + v + "'");
    }
    return (int) n;
  }
}
