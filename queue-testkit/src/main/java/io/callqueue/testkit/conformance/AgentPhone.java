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

  /**
   * What this phone does when a ring it answers asks "press 1 to take this call" (issue 16), from
   * now on; it still answers only in {@link RingMode#ANSWER}. The kit calls it only when the
   * fixture {@linkplain ConformanceFixture#supportsConfirmAnswer() supports confirmation}; the
   * default refuses.
   */
  default void onConfirmPrompt(Confirm how) {
    throw new UnsupportedOperationException(this + " cannot act on a confirm prompt: a fixture"
        + " whose phones cannot must leave ConformanceFixture.supportsConfirmAnswer() false");
  }

  /** What a phone asked to confirm its answer does. */
  enum Confirm {
    /** Presses 1 (RFC 4733, SIP INFO or the platform's key event) within a second or two. */
    PRESS_1,
    /** Presses another key (2). */
    OTHER_KEY,
    /** Presses nothing: a voicemail or an announcement answered the phone. */
    SILENT
  }

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
