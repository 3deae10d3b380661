package io.callqueue.api;

/**
 * Identifies a queue. 1-128 characters: letters, digits and {@code . _ @ + : -}, starting with a letter
 * or digit.
 *
 * @param value the identifier text
 */
public record QueueId(String value) implements Comparable<QueueId> {
  public QueueId {
    Ids.check("queue id", value);
  }

  /** Shorthand for {@code new QueueId(value)}. */
  public static QueueId of(String value) {
    return new QueueId(value);
  }

  @Override
  public int compareTo(QueueId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
