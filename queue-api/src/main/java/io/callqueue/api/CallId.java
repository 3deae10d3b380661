package io.callqueue.api;

/**
 * Identifies a call. 1-128 characters: letters, digits and {@code . _ @ + : -}, starting with a letter
 * or digit.
 *
 * @param value the identifier text
 */
public record CallId(String value) implements Comparable<CallId> {
  public CallId {
    Ids.check("call id", value);
  }

  /** Shorthand for {@code new CallId(value)}. */
  public static CallId of(String value) {
    return new CallId(value);
  }

  @Override
  public int compareTo(CallId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
