package io.callqueue.api;

/** Which side ended a connected call, as the adapter reported it. */
public enum HungUpBy {
  /** The caller (or a callback's customer) hung up: {@link CallQueue#callerHungUp}. */
  CALLER,
  /** The agent hung up: {@link CallQueue#agentHungUp}. */
  AGENT,
  /** The adapter did not say: {@link CallQueue#callEnded}. */
  UNKNOWN
}
