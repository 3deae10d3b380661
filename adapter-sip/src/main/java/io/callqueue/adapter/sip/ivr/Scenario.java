package io.callqueue.adapter.sip.ivr;

import java.time.Duration;
import java.util.Map;

/**
 * An IVR scenario (capability 19): the steps a call to one number goes through, by step id.
 *
 * @param number the called number it answers
 * @param start the first step's id
 * @param steps every step by id
 */
public record Scenario(String number, String start, Map<String, Step> steps) {

  /** One step of a scenario. */
  public sealed interface Step {
    /** The step's id. */
    String id();
  }

  /** Plays a prompt, then goes on to {@code next} (or hangs up when {@code null}). */
  public record Play(String id, String prompt, String next) implements Step {}

  /**
   * Plays a prompt and waits for a key: each key leads to a step; no key within the timeout (or a
   * key with no step) goes to {@code otherwise}.
   */
  public record Menu(String id, String prompt, Map<Character, String> choices, Duration timeout,
      String otherwise) implements Step {}

  /**
   * The "queue" action: offers the call to a queue; when the call is not queued (no active agent,
   * full) or leaves the queue unanswered (timeout, empty), the call continues at
   * {@code otherwise}.
   */
  public record Queue(String id, String queue, String otherwise) implements Step {}

  /** Records a voicemail for a queue, then hangs up. */
  public record Voicemail(String id, String queue) implements Step {}

  /** Hangs up. */
  public record HangUp(String id) implements Step {}
}
