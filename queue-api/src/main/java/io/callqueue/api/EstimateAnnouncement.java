package io.callqueue.api;

/** When a waiting caller hears the estimated wait (capability 13). */
public enum EstimateAnnouncement {
  /** Never. */
  OFF,
  /** With the first position announcement only. */
  ONCE,
  /** With every position announcement. */
  EVERY_TIME
}
