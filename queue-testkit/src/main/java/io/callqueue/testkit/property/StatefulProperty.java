package io.callqueue.testkit.property;

import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Runs a stateful property: many seeded sequences of random steps, each checked by its
 * {@link SequenceBody}.
 *
 * <p>Sequence {@code i} gets a generator seeded with {@link #seedOf seedOf(baseSeed, i)}, so a run
 * is the same every time. When a sequence fails, the harness replays its seed with fewer steps to
 * find the shortest failing prefix (binary search on {@code maxSteps}: about log2(steps) extra
 * runs; the body's step {@code k} must not depend on {@code maxSteps}, which holds when steps are
 * drawn one after another from the generator), then throws an {@link AssertionError} with the
 * seed, the step log of that prefix, the failure as its cause, and the flags that replay it.
 *
 * <p>System properties (read when {@link #check} runs):
 * <ul>
 *   <li>{@code -Dcallqueue.seed=<seed>} runs only that seed (decimal, or hex with {@code 0x});
 *   <li>{@code -Dcallqueue.steps=N} overrides the most steps per sequence;
 *   <li>{@code -Dcallqueue.sequences=N} overrides the number of sequences;
 *   <li>{@code -Dcallqueue.minimize=false} reports a failure as found, without minimizing.
 * </ul>
 *
 * <pre>{@code
 * StatefulProperty.run("no caller lost", 200, 60, 42L, seq -> {
 *   Model model = new Model();
 *   for (int i = 0; i < seq.maxSteps(); i++) {
 *     Action a = seq.gen().pick(ACTIONS);
 *     seq.step("%s", a);
 *     model.apply(a);
 *     model.checkInvariants();
 *   }
 * });
 * }</pre>
 */
public final class StatefulProperty {
  /** Runs only this seed. */
  public static final String SEED_PROPERTY = "callqueue.seed";
  /** Overrides the number of sequences. */
  public static final String SEQUENCES_PROPERTY = "callqueue.sequences";
  /** Overrides the most steps per sequence. */
  public static final String STEPS_PROPERTY = "callqueue.steps";
  /** {@code false} turns prefix minimization off. */
  public static final String MINIMIZE_PROPERTY = "callqueue.minimize";

  private static final int MAX_LOG_LINES = 400;

  private final String name;
  private int sequences = 100;
  private int maxSteps = 50;
  private long baseSeed = 0;
  private boolean minimize = true;
  private UnaryOperator<String> properties = System::getProperty;

  private StatefulProperty(String name) {
    this.name = Objects.requireNonNull(name, "name");
  }

  /** A property with this name (used in the failure message); defaults: 100 × 50 steps, seed 0. */
  public static StatefulProperty named(String name) {
    return new StatefulProperty(name);
  }

  /** Shorthand for {@code named(name).sequences(..).maxSteps(..).baseSeed(..).check(body)}. */
  public static void run(String name, int sequences, int maxSteps, long baseSeed,
      SequenceBody body) {
    named(name).sequences(sequences).maxSteps(maxSteps).baseSeed(baseSeed).check(body);
  }

  /**
   * The seed of sequence {@code index} of a run with this base seed: the SplitMix64 finalizer of
   * {@code baseSeed + index}, so neighbouring indexes (and base seeds) give unrelated sequences.
   */
  public static long seedOf(long baseSeed, int index) {
    long z = baseSeed + index * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  public StatefulProperty sequences(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("property '" + name + "': sequences must be >= 1, was " + n);
    }
    this.sequences = n;
    return this;
  }

  public StatefulProperty maxSteps(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("property '" + name + "': maxSteps must be >= 0, was " + n);
    }
    this.maxSteps = n;
    return this;
  }

  public StatefulProperty baseSeed(long seed) {
    this.baseSeed = seed;
    return this;
  }

  /** Whether a failure is cut to its shortest failing prefix first (default true). */
  public StatefulProperty minimize(boolean b) {
    this.minimize = b;
    return this;
  }

  /** Where the {@code callqueue.*} settings are read from (tests of the harness itself). */
  StatefulProperty properties(UnaryOperator<String> source) {
    this.properties = Objects.requireNonNull(source);
    return this;
  }

  /**
   * Runs the sequences; returns when all pass.
   *
   * @throws AssertionError for the first failing sequence, naming its seed and steps
   */
  public void check(SequenceBody body) {
    Long onlySeed = parseSeed(properties.apply(SEED_PROPERTY));
    int count = parseInt(SEQUENCES_PROPERTY, sequences, 1);
    int steps = parseInt(STEPS_PROPERTY, maxSteps, 0);
    String m = properties.apply(MINIMIZE_PROPERTY);
    boolean min = m == null ? minimize : !m.trim().equalsIgnoreCase("false");
    if (onlySeed != null) {
      Outcome o = runOnce(body, onlySeed, 0, steps);
      if (o.failure != null) {
        throw report(o, 1, steps, min ? minimize(body, o) : o);
      }
      return;
    }
    for (int i = 0; i < count; i++) {
      Outcome o = runOnce(body, seedOf(baseSeed, i), i, steps);
      if (o.failure != null) {
        throw report(o, count, steps, min ? minimize(body, o) : o);
      }
    }
  }

  private static Outcome runOnce(SequenceBody body, long seed, int index, int steps) {
    Sequence seq = new Sequence(seed, index, steps);
    try {
      body.run(seq);
      return new Outcome(seq, null);
    } catch (AssertionError | Exception e) {
      return new Outcome(seq, e);
    }
  }

  /** The failing run with the fewest {@code maxSteps} found by bisection; {@code o} if none. */
  private static Outcome minimize(SequenceBody body, Outcome o) {
    Sequence s = o.sequence;
    Outcome best = o;
    int hi = s.maxSteps();
    int taken = s.steps().count();
    if (taken < hi) { // it failed before its last step: that prefix is the first candidate
      Outcome t = runOnce(body, s.seed(), s.index(), taken);
      if (t.failure != null) {
        best = t;
        hi = taken;
      }
    }
    int lo = -1; // highest step budget known to pass (-1: none known)
    while (hi - lo > 1) {
      int mid = (lo + hi) >>> 1;
      Outcome t = runOnce(body, s.seed(), s.index(), mid);
      if (t.failure != null) {
        best = t;
        hi = mid;
      } else {
        lo = mid;
      }
    }
    return best;
  }

  private AssertionError report(Outcome original, int count, int steps, Outcome shown) {
    Sequence s = shown.sequence;
    StringBuilder b = new StringBuilder();
    b.append("Property '").append(name).append("' failed on sequence ")
        .append(s.index() + 1).append(" of ").append(count)
        .append(" (seed ").append(s.seed()).append("):\n  ")
        .append(firstLine(shown.failure)).append('\n');
    boolean cut = s.maxSteps() < steps;
    if (cut) {
      b.append("Cut to the shortest failing prefix: maxSteps ").append(s.maxSteps())
          .append(" instead of ").append(steps).append(" (the first failure came after ")
          .append(original.sequence.steps().count()).append(" recorded steps");
      if (!firstLine(original.failure).equals(firstLine(shown.failure))) {
        b.append(", with: ").append(firstLine(original.failure));
      }
      b.append(").\n");
    }
    List<String> lines = s.steps().lines();
    b.append("Steps (").append(s.steps().count()).append("):\n");
    int from = Math.max(0, lines.size() - MAX_LOG_LINES);
    if (from > 0) {
      b.append("  ... ").append(from).append(" earlier lines left out\n");
    }
    for (String line : lines.subList(from, lines.size())) {
      b.append("  ").append(line).append('\n');
    }
    b.append("Replay just this case with: -D").append(SEED_PROPERTY).append('=').append(s.seed());
    if (s.maxSteps() != maxSteps) {
      b.append(" -D").append(STEPS_PROPERTY).append('=').append(s.maxSteps());
    }
    AssertionError e = new AssertionError(b.toString(), shown.failure);
    if (shown != original) {
      e.addSuppressed(original.failure);
    }
    return e;
  }

  /** The failure in one line: class, then the message with its whitespace collapsed, cut short. */
  private static String firstLine(Throwable t) {
    String msg = t.getMessage();
    String head = t.getClass().getName();
    if (msg == null || msg.isBlank()) {
      return head;
    }
    String flat = msg.strip().replaceAll("\\s+", " ");
    return head + ": " + (flat.length() <= 300 ? flat : flat.substring(0, 300) + " ...");
  }

  private int parseInt(String key, int fallback, int min) {
    String v = properties.apply(key);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(v.trim());
      if (n < min) {
        throw new IllegalArgumentException("-D" + key + " must be >= " + min + ", was " + v);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("-D" + key + " must be a whole number, was '" + v + "'", e);
    }
  }

  private static Long parseSeed(String v) {
    if (v == null || v.isBlank()) {
      return null;
    }
    String t = v.trim();
    try {
      if (t.startsWith("0x") || t.startsWith("0X")) {
        return Long.parseUnsignedLong(t.substring(2), 16);
      }
      return Long.parseLong(t);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "-D" + SEED_PROPERTY + " must be a long (decimal or 0x hex), was '" + v + "'", e);
    }
  }

  private static final class Outcome {
    final Sequence sequence;
    final Throwable failure;

    Outcome(Sequence sequence, Throwable failure) {
      this.sequence = sequence;
      this.failure = failure;
    }
  }
}
