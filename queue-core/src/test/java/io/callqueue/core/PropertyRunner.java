package io.callqueue.core;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Seeded sequence runner for the engine property tests; prints the failing seed and steps. */
final class PropertyRunner {
  private PropertyRunner() {}

  interface Body {
    void run(SplittableRandom random, Steps steps);
  }

  /** The steps of one sequence, for the failure report. */
  static final class Steps {
    final List<String> log = new ArrayList<>();

    void add(String step) {
      log.add(step);
    }
  }

  static void run(String name, int sequences, int maxSteps, long baseSeed, Body body) {
    String only = System.getProperty("callqueue.seed");
    int n = Integer.getInteger("callqueue.sequences", sequences);
    for (int i = 0; i < n; i++) {
      long seed = only != null ? Long.parseLong(only) : baseSeed + i;
      Steps steps = new Steps();
      try {
        body.run(new SplittableRandom(seed), steps);
      } catch (RuntimeException | AssertionError e) {
        StringBuilder sb = new StringBuilder();
        sb.append(name).append(" failed with seed ").append(seed)
            .append(" (replay: -Dcallqueue.seed=").append(seed).append(")\n");
        int from = Math.max(0, steps.log.size() - maxSteps);
        for (int k = from; k < steps.log.size(); k++) {
          sb.append("  ").append(k + 1).append(". ").append(steps.log.get(k)).append('\n');
        }
        throw new AssertionError(sb.toString(), e);
      }
      if (only != null) {
        return;
      }
    }
  }
}
