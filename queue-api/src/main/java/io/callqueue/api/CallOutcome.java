package io.callqueue.api;

/** How a call offered to a queue ended there. Every offered call ends with exactly one. */
public enum CallOutcome {
  /** An agent answered and the caller was connected. */
  ANSWERED,
  /** The caller hung up while waiting. */
  ABANDONED,
  /** The caller pressed the voicemail key and left a message (capability 14). */
  VOICEMAIL,
  /** The caller pressed the callback key and asked to be called back (capability 15). */
  CALLBACK,
  /** The caller reached the queue's maximum wait. */
  TIMEOUT,
  /** The call never joined: see {@link NotQueuedReason}. */
  NOT_QUEUED,
  /**
   * The caller was waiting when the queue lost its last active agent (leave-when-empty) or was
   * removed; the caller continues in the IVR.
   */
  LEFT_EMPTY,
  /**
   * A kept-place callback whose customer could not be reached on any attempt of the queue's retry
   * policy ({@link QueueConfig#callbackAttempts()}): the engine gave the callback up. Not the
   * outcome of a {@link QueueEvent.CallerLeft} (the caller left with {@link #CALLBACK}): a call
   * record's outcome becomes this when the engine reports {@link QueueEvent.CallbackUnreached}
   * with no retry left.
   */
  UNREACHED
}
