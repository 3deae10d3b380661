package io.callqueue.core.announce;

import io.callqueue.api.PromptSequence;
import io.callqueue.api.PromptSequence.Prompt;
import io.callqueue.api.QueueConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds what callers and agents of one queue hear, as {@link PromptSequence}s for
 * {@link io.callqueue.spi.TelephonyPort#play}, {@link io.callqueue.spi.RingRequest#whisper()} and
 * {@link io.callqueue.spi.VoicemailRequest#intro()}: position (capability 12), estimated wait
 * (13), the hold-time whisper to the agent (11), the callback acknowledgement (15), the voicemail
 * intro (14) and periodic prompts, each in the queue's language and with the queue's own
 * recordings where it has them (16).
 *
 * <p>Design note: the wording of numbers and the word order around the position belong to the
 * language's {@link Sayer}; this class composes whole sentences from them and fixed keys, then
 * maps every key to a {@link Prompt} whose {@code customFile} is the queue's override for that key
 * or {@code null} for the default recording. Pure functions of their arguments: immutable, cheap
 * (a few list copies), safe from any thread. Build one per queue configuration with
 * {@link #forQueue(QueueConfig)}; the sequences' language is the sayer's ({@code en} for a queue
 * in {@code en-GB}), the language of the default recordings.
 */
public final class Announcements {
  private final Sayer sayer;
  private final Map<String, Path> overrides;

  private Announcements(Sayer sayer, Map<String, Path> overrides) {
    this.sayer = sayer;
    this.overrides = Map.copyOf(overrides);
  }

  /**
   * The announcements of a queue: its {@link QueueConfig#language()} and
   * {@link QueueConfig#promptOverrides()}.
   *
   * @throws IllegalArgumentException when no sayer speaks the queue's language
   */
  public static Announcements forQueue(QueueConfig queue) {
    return of(queue.language(), queue.promptOverrides());
  }

  /**
   * Announcements in a language with the queue owner's recordings by prompt key.
   *
   * @throws IllegalArgumentException when no sayer speaks the language
   */
  public static Announcements of(String language, Map<String, Path> promptOverrides) {
    Objects.requireNonNull(promptOverrides, "promptOverrides");
    return new Announcements(Sayers.forLanguage(language), promptOverrides);
  }

  /** The sayer of this queue's language. */
  public Sayer sayer() {
    return sayer;
  }

  /**
   * "You are currently number N in the queue. Thank you for your patience." Positions count from
   * 1 (next to be served), up to {@link Sayer#MAX_NUMBER}.
   *
   * @throws IllegalArgumentException for a position outside 1..{@link Sayer#MAX_NUMBER}
   */
  public PromptSequence position(int position) {
    List<String> keys = new ArrayList<>(sayer.position(position));
    keys.add("queue-thankyou");
    return sequence(keys);
  }

  /**
   * The position followed by the estimated wait: "You are currently number N in the queue. Your
   * estimated waiting time is about M minutes. Thank you for your patience."
   */
  public PromptSequence position(int position, EstimateWording estimate) {
    List<String> keys = new ArrayList<>(sayer.position(position));
    keys.addAll(estimateKeys(estimate));
    keys.add("queue-thankyou");
    return sequence(keys);
  }

  /** The estimated wait alone: "Your estimated waiting time is about M minutes." */
  public PromptSequence estimate(EstimateWording estimate) {
    return sequence(estimateKeys(estimate));
  }

  private List<String> estimateKeys(EstimateWording estimate) {
    Objects.requireNonNull(estimate, "estimate");
    List<String> keys = new ArrayList<>();
    keys.add("queue-ewt");
    switch (estimate.kind()) {
      case LESS_THAN_A_MINUTE -> keys.add("queue-less-than-a-minute");
      case ABOUT_MINUTES -> {
        keys.add("queue-about");
        keys.addAll(sayer.quantity(estimate.minutes(), Sayer.Unit.MINUTE));
      }
      case MORE_THAN_AN_HOUR -> keys.add("queue-more-than-an-hour");
    }
    return keys;
  }

  /**
   * The whisper an agent hears on answer (capability 11): "The caller has waited 2 minutes and 10
   * seconds", rounded by {@link #roundHoldTime(Duration)}.
   */
  public PromptSequence holdTime(Duration waited) {
    long s = roundHoldTime(waited).toSeconds();
    int hours = (int) Math.min(s / 3600, Sayer.MAX_NUMBER);
    List<String> keys = new ArrayList<>();
    keys.add("agent-hold-time");
    keys.addAll(sayer.duration(hours, (int) (s / 60 % 60), (int) (s % 60)));
    return sequence(keys);
  }

  /**
   * The whole whisper an agent hears on answer: the queue's own recording of its name
   * ({@value PromptCatalog#QUEUE_NAME}, issue 16) when it has one, then the
   * {@linkplain #holdTime(Duration) hold time} when given. The name key has no default recording
   * ({@link PromptCatalog#isOverrideOnly(String)}), so without the queue's file it is left out
   * and no adapter is asked to play it.
   *
   * @param holdTime the hold time to say, or {@code null} to say none (the queue does not report
   *     it, or the caller waited under a second)
   * @return the whisper, or {@code null} when there is nothing to say
   */
  public PromptSequence agentWhisper(Duration holdTime) {
    List<Prompt> prompts = new ArrayList<>(queueName());
    if (holdTime != null) {
      prompts.addAll(holdTime(holdTime).prompts());
    }
    return prompts.isEmpty() ? null : new PromptSequence(sayer.language(), prompts);
  }

  /** The queue's name recording as a one-prompt list, or empty when the queue has none. */
  private List<Prompt> queueName() {
    Path own = overrides.get(PromptCatalog.QUEUE_NAME);
    return own == null ? List.of() : List.of(new Prompt(PromptCatalog.QUEUE_NAME, own));
  }

  /**
   * A hold time rounded to what an agent needs to hear: under a minute to the second, under ten
   * minutes to 10 seconds, then to the minute; halves up, a negative time as zero. The rounding is
   * applied once, so 59.6 s becomes one minute, and 9 min 55 s ten minutes.
   */
  static Duration roundHoldTime(Duration waited) {
    Objects.requireNonNull(waited, "waited");
    if (waited.isNegative()) {
      return Duration.ZERO;
    }
    long s = waited.plusMillis(500).toSeconds();
    if (s < 60) {
      return Duration.ofSeconds(s);
    }
    long step = s < 600 ? 10 : 60;
    return Duration.ofSeconds((s + step / 2) / step * step);
  }

  /**
   * The whisper an agent hears before a customer who asked for a callback is dialled, after the
   * queue's name recording when it has one (as in {@link #agentWhisper(Duration)}).
   */
  public PromptSequence callbackWhisper() {
    List<Prompt> prompts = new ArrayList<>(queueName());
    prompts.addAll(sequence(List.of("agent-callback")).prompts());
    return new PromptSequence(sayer.language(), prompts);
  }

  /**
   * "Press 1 to take this call": what an agent asked to confirm the answer hears after the
   * whisper (issue 16); replaceable per queue like every prompt ({@code agent-confirm}).
   */
  public PromptSequence confirmAnswer() {
    return sequence(List.of("agent-confirm"));
  }

  /** "We will call you back soon": played when the caller presses the callback key. */
  public PromptSequence callbackAck() {
    return sequence(List.of("queue-callback-ack"));
  }

  /**
   * "We cannot call you back, as your number is not available. Please stay on the line.": played
   * when the callback key is pressed but there is no number to call back; the caller keeps
   * waiting.
   */
  public PromptSequence callbackUnavailable() {
    return sequence(List.of("queue-callback-unavailable"));
  }

  /** "Please leave your message after the tone": the intro of a queue voicemail. */
  public PromptSequence voicemailIntro() {
    return sequence(List.of("queue-voicemail-intro"));
  }

  /** "No consultant is available at the moment." */
  public PromptSequence noAgent() {
    return sequence(List.of("queue-no-agent"));
  }

  /**
   * The caller's options while waiting: "To leave a message, press 0. To be called back, press
   * 1." A {@code null} key leaves its option out; both {@code null} give an empty sequence.
   */
  public PromptSequence options(Character voicemailKey, Character callbackKey) {
    List<String> keys = new ArrayList<>();
    if (voicemailKey != null) {
      keys.add("queue-option-voicemail");
      keys.addAll(sayer.key(voicemailKey));
    }
    if (callbackKey != null) {
      keys.add("queue-option-callback");
      keys.addAll(sayer.key(callbackKey));
    }
    return sequence(keys);
  }

  /**
   * The periodic prompts, by key ({@link QueueConfig#periodicPrompts()}), e.g.
   * {@code queue-periodic}. Keys are taken as they are; check them with {@link #canPlay(String)}
   * when the queue is configured.
   */
  public PromptSequence periodic(List<String> keys) {
    return sequence(keys);
  }

  /**
   * Whether a key has something to play in this queue: a default recording in the language's
   * {@link PromptCatalog} or the queue's own recording.
   */
  public boolean canPlay(String key) {
    return overrides.containsKey(key)
        || PromptCatalog.forLanguage(sayer.language()).containsKey(key);
  }

  /** Those of these keys that {@link #canPlay(String) cannot be played}, in order. */
  public List<String> unplayable(Collection<String> keys) {
    return keys.stream().filter(k -> !canPlay(k)).toList();
  }

  private PromptSequence sequence(List<String> keys) {
    List<Prompt> prompts = new ArrayList<>(keys.size());
    for (String key : keys) {
      prompts.add(new Prompt(key, overrides.get(key)));
    }
    return new PromptSequence(sayer.language(), prompts);
  }

  @Override
  public String toString() {
    return "Announcements[" + sayer.language() + ", overrides=" + overrides.keySet() + "]";
  }
}
