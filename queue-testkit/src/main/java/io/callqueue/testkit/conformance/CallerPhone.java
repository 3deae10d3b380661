package io.callqueue.testkit.conformance;

/** A caller on the far side of the adapter, as a {@link ConformanceFixture} provides it. */
public interface CallerPhone {

  /** The caller hangs up now. */
  void hangUp();

  /** The caller presses a key now: {@code 0-9}, {@code *} or {@code #}. */
  void pressKey(char digit);

  /** Whether the caller is talking to an agent now. */
  boolean isConnected();

  /**
   * Whether the caller left the queue and went on with the IVR scenario (the call was not hung
   * up: it continues after the queue step).
   */
  boolean isReleasedToIvr();
}
