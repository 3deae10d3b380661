package io.callqueue.api;

/** What happened to an offered call. */
public sealed interface OfferResult {

  /**
   * The call joined the queue.
   *
   * @param position its position on entry, 1 = next to be served
   */
  record Joined(int position) implements OfferResult {}

  /**
   * The call did not join; the adapter has been told to continue the caller's IVR.
   *
   * @param reason why
   */
  record NotQueued(NotQueuedReason reason) implements OfferResult {}

  /** Whether the call joined. */
  default boolean joined() {
    return this instanceof Joined;
  }
}
