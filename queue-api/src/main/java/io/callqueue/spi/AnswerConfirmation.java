package io.callqueue.spi;

import io.callqueue.api.PromptSequence;
import java.time.Duration;

/**
 * What a ring asks of the agent's leg before its answer counts (issue 16, "press 1 to take this
 * call"): a mobile switched off or out of range is answered by the carrier's voicemail within
 * seconds, and without a confirmation that machine would be bridged to the caller.
 *
 * <h2>Where the confirmation lives: in the adapter</h2>
 * The engine asks for it through the ring request ({@link RingRequest#confirmation()}); the
 * adapter collects the key before it reports {@code agentAnswered}. When the agent's leg answers,
 * the adapter plays the ring's whisper (the hold time) and then {@link #prompt()} on that leg,
 * and waits for one key:
 * <ul>
 *   <li>{@link #acceptKey()} (a {@code 1}): report {@code agentAnswered} now. The agent has heard
 *       the whisper, so {@link TelephonyPort#connect} bridges at once without playing it again.
 *   <li>any other key, no key within {@link #timeout()} after the prompt ended, or the far end
 *       hanging up: hang the leg up and report {@code agentFailed} with
 *       {@link io.callqueue.api.RingFailure#UNCONFIRMED}.
 * </ul>
 * The caller hears nothing of this: their music and announcements go on, and the other legs of a
 * ring-all round keep ringing until one of them confirms.
 *
 * <p>Why the adapter and not the engine: the key arrives in the agent leg's media (RFC 4733, SIP
 * INFO, Asterisk's {@code ChannelDtmfReceived}, a Twilio {@code <Gather>} in the agent's answer
 * TwiML), which only the adapter sees; the engine never handles agent-leg media and keeps one
 * report per outcome. With the confirmation in the adapter, {@code agentAnswered} keeps its
 * meaning ("the answer counts": the engine bridges and stops the other legs), no agent state
 * "answered but not confirmed" is added to the engine, and adapters that do not support it
 * simply never receive a confirmation unless the host configured one. The engine keeps owning
 * the ring's timer: it runs until the confirmation ({@code agentAnswered}) or the failure, and
 * for a round in which some leg must confirm it runs the queue's ring timeout plus the confirm
 * timeout, so that a person who picks up on the last ring still has the timeout to press the key
 * (choose a ring timeout that also leaves room for the whisper and the prompt). When that timer
 * passes first the engine cancels the ring as usual ({@link TelephonyPort#cancelRing} hangs up
 * an answered leg).
 *
 * @param prompt what the agent hears after the whisper, e.g. "press 1 to take this call"
 * @param acceptKey the key that accepts the call, one of {@code 0-9 * #}
 * @param timeout how long the adapter waits for a key after the prompt has ended
 */
public record AnswerConfirmation(PromptSequence prompt, char acceptKey, Duration timeout) {
  /** The confirm timeout the issue's users expect by default. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  public AnswerConfirmation {
    if (prompt == null) {
      throw new IllegalArgumentException("an answer confirmation needs a prompt");
    }
    if ("0123456789*#".indexOf(acceptKey) < 0) {
      throw new IllegalArgumentException(
          "the accept key must be one of 0-9, * or #, was '" + acceptKey + "'");
    }
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException(
          "the confirm timeout must be > 0, was " + timeout);
    }
  }
}
