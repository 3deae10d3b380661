package io.callqueue.benchmarks.sim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleSupplier;
import java.util.random.RandomGenerator;

/**
 * A distribution of durations in seconds (handle time, patience, ring delay), written on the
 * command line as {@code exp:MEAN}, {@code lognormal:MEAN:SD}, {@code const:VALUE} or
 * {@code trace:FILE} (one duration in seconds per line, replayed in order and from the start again
 * when used up). Immutable; {@link #sampler} gives a stateful sampler for one run.
 */
public sealed interface Distribution {

  /** The mean, in seconds. */
  double mean();

  /** A sampler of this distribution drawing from {@code random} (one run's stream). */
  DoubleSupplier sampler(RandomGenerator random);

  /** The exponential distribution of this mean. */
  static Distribution exponential(double meanSeconds) {
    return new Exponential(meanSeconds);
  }

  /** The lognormal distribution of this mean and standard deviation. */
  static Distribution lognormal(double meanSeconds, double sdSeconds) {
    return new LogNormal(meanSeconds, sdSeconds);
  }

  /** Always this value. */
  static Distribution constant(double seconds) {
    return new Constant(seconds);
  }

  /**
   * Parses {@code exp:MEAN}, {@code lognormal:MEAN:SD}, {@code const:VALUE} or {@code trace:FILE}.
   *
   * @param what the flag, for error messages
   * @throws UsageException naming {@code what} when the text is not a distribution
   */
  static Distribution parse(String what, String text) {
    String t = text == null ? "" : text.trim();
    int colon = t.indexOf(':');
    String kind = colon < 0 ? t : t.substring(0, colon).toLowerCase(Locale.ROOT);
    String rest = colon < 0 ? "" : t.substring(colon + 1);
    String[] parts = rest.isEmpty() ? new String[0] : rest.split(":", -1);
    switch (kind) {
      case "exp", "exponential" -> {
        need(what, text, parts, 1);
        double mean = Durations.seconds(what, parts[0]);
        if (mean <= 0) {
          throw new UsageException(what + ": the mean of exp must be > 0, was '" + text + "'");
        }
        return new Exponential(mean);
      }
      case "lognormal" -> {
        need(what, text, parts, 2);
        double mean = Durations.seconds(what, parts[0]);
        double sd = Durations.seconds(what, parts[1]);
        if (mean <= 0) {
          throw new UsageException(what + ": the mean of lognormal must be > 0, was '" + text
              + "'");
        }
        return new LogNormal(mean, sd);
      }
      case "const", "constant" -> {
        need(what, text, parts, 1);
        return new Constant(Durations.seconds(what, parts[0]));
      }
      case "trace" -> {
        if (rest.isBlank()) {
          throw new UsageException(what + ": trace needs a file, e.g. trace:handle-times.txt");
        }
        return Trace.load(what, Path.of(rest));
      }
      default -> throw new UsageException(what + ": expected exp:MEAN, lognormal:MEAN:SD,"
          + " const:VALUE or trace:FILE, was '" + text + "'");
    }
  }

  private static void need(String what, String text, String[] parts, int n) {
    if (parts.length != n) {
      throw new UsageException(what + ": expected " + n + " value" + (n == 1 ? "" : "s")
          + " after the kind, was '" + text + "'");
    }
  }

  /** Exponential: {@code -mean ln U}. */
  record Exponential(double mean) implements Distribution {
    public Exponential {
      if (!(mean > 0) || !Double.isFinite(mean)) {
        throw new IllegalArgumentException("exponential mean must be > 0, was " + mean);
      }
    }

    @Override
    public DoubleSupplier sampler(RandomGenerator random) {
      return () -> mean * random.nextExponential();
    }

    @Override
    public String toString() {
      return "exp:" + Durations.formatSeconds(mean);
    }
  }

  /**
   * Lognormal with this mean and standard deviation: {@code exp(m + σ Z)} with
   * {@code σ² = ln(1 + sd²/mean²)} and {@code m = ln mean - σ²/2}.
   */
  record LogNormal(double mean, double sd) implements Distribution {
    public LogNormal {
      if (!(mean > 0) || !(sd >= 0) || !Double.isFinite(mean) || !Double.isFinite(sd)) {
        throw new IllegalArgumentException("lognormal needs mean > 0 and sd >= 0, was " + mean
            + ", " + sd);
      }
    }

    @Override
    public DoubleSupplier sampler(RandomGenerator random) {
      double sigma2 = Math.log1p(sd * sd / (mean * mean));
      double sigma = Math.sqrt(sigma2);
      double mu = Math.log(mean) - sigma2 / 2;
      return () -> Math.exp(mu + sigma * random.nextGaussian());
    }

    @Override
    public String toString() {
      return "lognormal:" + Durations.formatSeconds(mean) + ":" + Durations.formatSeconds(sd);
    }
  }

  /** Always {@code value}; draws nothing from the random stream. */
  record Constant(double value) implements Distribution {
    public Constant {
      if (!(value >= 0) || !Double.isFinite(value)) {
        throw new IllegalArgumentException("constant must be >= 0, was " + value);
      }
    }

    @Override
    public double mean() {
      return value;
    }

    @Override
    public DoubleSupplier sampler(RandomGenerator random) {
      return () -> value;
    }

    @Override
    public String toString() {
      return "const:" + Durations.formatSeconds(value);
    }
  }

  /** Recorded durations replayed in order, from the start again when used up. */
  final class Trace implements Distribution {
    private final String source;
    private final double[] values;
    private final double mean;

    Trace(String source, double[] values) {
      if (values.length == 0) {
        throw new IllegalArgumentException("a trace needs at least one value");
      }
      this.source = source;
      this.values = values.clone();
      double sum = 0;
      for (double v : values) {
        if (!(v >= 0) || !Double.isFinite(v)) {
          throw new IllegalArgumentException("trace values must be finite and >= 0, found " + v);
        }
        sum += v;
      }
      this.mean = sum / values.length;
    }

    static Trace load(String what, Path file) {
      List<String> lines;
      try {
        lines = Files.readAllLines(file);
      } catch (IOException e) {
        throw new UsageException(what + ": cannot read trace file " + file + ": " + e);
      }
      List<Double> values = new ArrayList<>();
      for (String line : lines) {
        String l = line.strip();
        if (l.isEmpty() || l.startsWith("#")) {
          continue;
        }
        double v;
        try {
          v = Double.parseDouble(l);
        } catch (NumberFormatException e) {
          throw new UsageException(what + ": trace file " + file
              + " must hold one number of seconds per line, found '" + l + "'");
        }
        if (!(v >= 0) || !Double.isFinite(v)) {
          throw new UsageException(what + ": trace file " + file + " has a bad value '" + l
              + "'");
        }
        values.add(v);
      }
      if (values.isEmpty()) {
        throw new UsageException(what + ": trace file " + file + " holds no values");
      }
      return new Trace(file.toString(), values.stream().mapToDouble(Double::doubleValue)
          .toArray());
    }

    @Override
    public double mean() {
      return mean;
    }

    /** How many values the trace holds. */
    public int size() {
      return values.length;
    }

    @Override
    public DoubleSupplier sampler(RandomGenerator random) {
      int[] next = {0};
      return () -> {
        double v = values[next[0]];
        next[0] = next[0] + 1 == values.length ? 0 : next[0] + 1;
        return v;
      };
    }

    @Override
    public String toString() {
      return "trace:" + source;
    }
  }
}
