package io.callqueue.api;

import java.util.List;

/**
 * Configuration that cannot be used. Lists every problem found, each naming the object, the field
 * and the bad value, e.g. {@code queue 'support': ringTimeout must be > 0, was -5s}.
 */
public final class ConfigException extends CallQueueException {
  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  public ConfigException(List<String> problems) {
    super(format(problems));
    this.problems = List.copyOf(problems);
  }

  public ConfigException(String problem) {
    this(List.of(problem));
  }

  /** Every problem, one sentence each. */
  public List<String> problems() {
    return problems;
  }

  private static String format(List<String> problems) {
    if (problems.size() == 1) {
      return problems.get(0);
    }
    return problems.size() + " configuration problems:\n  - " + String.join("\n  - ", problems);
  }
}
