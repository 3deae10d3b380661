package io.callqueue.adapter.sip.ivr;

import io.callqueue.api.CallId;
import io.callqueue.api.PromptSequence;
import io.callqueue.api.VoicemailMessage;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What a scenario needs of a call: the SIP binding implements it over a real call leg. Every method
 * starts an action and returns at once; completions come back through the callbacks, on any
 * thread.
 */
public interface IvrLeg {

  /** The call's id, the same the engine knows it by. */
  CallId id();

  /** The caller's number as presented. */
  String callerNumber();

  /** Plays prompts; {@code done} runs when they end or a key interrupts them. */
  void play(PromptSequence prompts, Runnable done);

  /** Waits for one key; {@code key} gets it, or empty when the timeout passes first. */
  void collectKey(Duration timeout, Consumer<Optional<Character>> key);

  /**
   * Plays the intro, then records the caller until the finishing key, the maximum length or a
   * hang-up; {@code recorded} gets the message (empty when nothing was recorded).
   */
  void recordVoicemail(PromptSequence intro, Duration maxLength, char finishKey,
      Consumer<Optional<VoicemailMessage>> recorded);

  /** Ends the call. */
  void hangUp();
}
