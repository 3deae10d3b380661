package io.callqueue.adapter.twilio.standin;

/** How a simulated phone behaves when the stand-in rings it (an API-created call to it). */
public enum Phone {
  /** Answers after a short ring: the call goes in-progress and fetches its {@code Url}. */
  ANSWER,
  /** Rings until cancelled or until the call's {@code Timeout} (then {@code no-answer}). */
  IGNORE,
  /** Busy at once ({@code CallStatus=busy}). */
  BUSY,
  /** Declines while ringing: Twilio reports a declined call as {@code busy}. */
  REJECT
}
