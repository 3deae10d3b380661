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
   * The call did not join; the adapter has been told to continue the caller's IVR
   * ({@code release(call, NOT_QUEUED)}) and a {@code CallerLeft} was published — except for
   * {@link NotQueuedReason#DUPLICATE_CALL}, where the id belongs to a call already in the engine's
   * care and nothing is done to it.
   *
   * @param reason why
   */
  record NotQueued(NotQueuedReason reason) implements OfferResult {}

  /** Whether the call joined. */
  default boolean joined() {
    return this instanceof Joined;
  }
}
