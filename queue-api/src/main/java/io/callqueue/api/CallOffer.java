package io.callqueue.api;

/**
 * A call offered to a queue by an adapter (typically from an IVR "queue" step, capability 19).
 *
 * @param call the call's id, unique among live calls
 * @param queue the queue to join
 * @param callerNumber the caller's number as presented (may be empty, never null)
 * @param priority caller priority: higher is served first; equal priority is served in arrival
 *     order. 0 is the default.
 */
public record CallOffer(CallId call, QueueId queue, String callerNumber, int priority) {
  public CallOffer {
    if (call == null || queue == null) {
      throw new IllegalArgumentException("a call offer needs a call id and a queue id");
    }
    callerNumber = callerNumber == null ? "" : callerNumber;
  }

  /** An offer with default priority. */
  public static CallOffer of(CallId call, QueueId queue, String callerNumber) {
    return new CallOffer(call, queue, callerNumber, 0);
  }
}
