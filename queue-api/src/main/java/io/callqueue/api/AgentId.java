package io.callqueue.api;

/**
 * Identifies a agent. 1-128 characters: letters, digits and {@code . _ @ + : -}, starting with a letter
 * or digit.
 *
 * @param value the identifier text
 */
public record AgentId(String value) implements Comparable<AgentId> {
  public AgentId {
    Ids.check("agent id", value);
  }

  /** Shorthand for {@code new AgentId(value)}. */
  public static AgentId of(String value) {
    return new AgentId(value);
  }

  @Override
  public int compareTo(AgentId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
