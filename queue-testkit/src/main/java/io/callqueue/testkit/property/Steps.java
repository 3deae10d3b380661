package io.callqueue.testkit.property;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The log of the steps one sequence took, in order, each described in a line by the body. The
 * harness prints it when the sequence fails. Notes (context that is not a step, such as the
 * starting configuration) are kept in the log without a step number.
 */
public final class Steps {
  private final List<String> lines = new ArrayList<>();
  private int count;

  Steps() {}

  /** Records one step. */
  public void record(String description) {
    count++;
    lines.add(String.format(Locale.ROOT, "%4d. %s", count, description));
  }

  /** Records one step, described with {@link String#format} in the root locale. */
  public void record(String format, Object... args) {
    record(String.format(Locale.ROOT, format, args));
  }

  /** Adds a line of context that is not a step. */
  public void note(String text) {
    lines.add("      " + text);
  }

  /** How many steps were recorded. */
  public int count() {
    return count;
  }

  /** The log lines: numbered steps and notes, in order. */
  public List<String> lines() {
    return List.copyOf(lines);
  }

  /** Just the step descriptions, without numbers or notes. */
  public List<String> descriptions() {
    List<String> out = new ArrayList<>();
    for (String line : lines) {
      if (!line.startsWith("      ")) {
        out.add(line.substring(line.indexOf(". ") + 2));
      }
    }
    return out;
  }
}
