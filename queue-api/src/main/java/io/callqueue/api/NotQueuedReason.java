package io.callqueue.api;

/** Why an offered call did not join a queue. */
public enum NotQueuedReason {
  /** No member of the queue is active (capability 7); the caller continues in the IVR. */
  NO_ACTIVE_AGENT,
  /** The queue holds its maximum number of waiting callers. */
  FULL,
  /** No queue with that id exists. */
  UNKNOWN_QUEUE,
  /** A call with that id is already in a queue. */
  DUPLICATE_CALL
}
