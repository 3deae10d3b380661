package io.callqueue.api;

/** Why ringing an agent did not connect, as an adapter reports it. */
public enum RingFailure {
  /** The phone rang until the ring timeout, or the far end reported no answer (SIP 408/480). */
  NO_ANSWER,
  /** The agent's phone is busy (SIP 486/600). */
  BUSY,
  /** The agent declined the call (SIP 603). */
  REJECTED,
  /** The agent's phone could not be reached: not registered, transport error, 404, 5xx. */
  UNREACHABLE,
  /**
   * The agent's leg answered but the answer was not confirmed: the ring asked for a confirmation
   * ({@link io.callqueue.spi.RingRequest#confirmation()}) and the far end pressed another key, sent
   * no key within the confirm timeout, or hung up during the prompt. Typically a mobile's
   * voicemail or a carrier's announcement answering for a phone that is off. The adapter has hung
   * the leg up; the caller never heard it.
   */
  UNCONFIRMED
}
