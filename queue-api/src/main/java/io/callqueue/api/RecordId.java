package io.callqueue.api;

/**
 * Identifies one {@link CallRecord}: assigned by the recorder when the call is offered, never taken
 * from anything a caller or a PBX sends, so a call id that comes again (a SIP Call-ID reused after a
 * peer restarts, or replayed on purpose) gets a record of its own instead of replacing an earlier
 * call's. Same character rules as {@link CallId}.
 *
 * @param value the identifier text
 */
public record RecordId(String value) implements Comparable<RecordId> {
  public RecordId {
    Ids.check("record id", value);
  }

  /** Shorthand for {@code new RecordId(value)}. */
  public static RecordId of(String value) {
    return new RecordId(value);
  }

  @Override
  public int compareTo(RecordId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
