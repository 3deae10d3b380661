package io.callqueue.api;

/**
 * When a call offered to a queue may join it (capability 7).
 */
public enum JoinPolicy {
  /**
   * Join only when at least one member is active: logged in and not paused (auto-activation runs
   * first). Otherwise the call is not queued, reason {@link NotQueuedReason#NO_ACTIVE_AGENT}, and
   * the caller continues in the IVR scenario. The default.
   */
  REQUIRE_ACTIVE_AGENT,
  /** Join only when at least one member is logged in, paused or not. */
  REQUIRE_LOGGED_IN_AGENT,
  /** Always join (until the queue is full), even with nobody logged in. */
  ALWAYS
}
