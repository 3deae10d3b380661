package io.callqueue.testkit.conformance;

import io.callqueue.api.AgentEndpoint;

/** An agent's phone on the far side of the adapter, as a {@link ConformanceFixture} provides it. */
public interface AgentPhone {

  /** Where the adapter reaches this phone (a registered SIP account or an external number). */
  AgentEndpoint endpoint();

  /** What the phone does with rings from now on. */
  void onRing(RingMode mode);

  /** Whether a call rings on this phone now. */
  boolean isRinging();

  /** Whether this phone is in an answered call now. */
  boolean isInCall();

  /** How a phone treats an incoming ring. */
  enum RingMode {
    /** Answer within a second and stay on the call until the other side hangs up. */
    ANSWER,
    /** Let it ring (until the adapter cancels it). */
    IGNORE,
    /** Decline it at once (SIP 603 or the platform's equivalent). */
    REJECT,
    /** Report busy (SIP 486 or the platform's equivalent). */
    BUSY
  }
}
