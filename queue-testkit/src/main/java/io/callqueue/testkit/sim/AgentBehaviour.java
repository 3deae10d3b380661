package io.callqueue.testkit.sim;

import io.callqueue.api.RingFailure;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * How a simulated agent's phone reacts when rung, and how long the agent talks once connected.
 * Immutable; the {@code talkTime} methods return a copy.
 *
 * <pre>{@code
 * AgentBehaviour.answerAfter(Duration.ofSeconds(4)).talkTime(Duration.ofMinutes(3))
 * AgentBehaviour.answerWithProbability(0.7, Duration.ofSeconds(5)).talkTime(() -> draw())
 * AgentBehaviour.busy()
 * }</pre>
 */
public final class AgentBehaviour {
  /** The talk time unless one is set. */
  public static final Duration DEFAULT_TALK_TIME = Duration.ofSeconds(60);

  private enum Kind { ANSWER, NEVER, FAIL, MAYBE, MANUAL }

  private final Kind kind;
  private final Duration delay;
  private final RingFailure failure;
  private final double probability;
  private final Supplier<Duration> talk;
  private final String talkText;
  // ---- answer confirmation (issue 16)
  private Confirm confirm = Confirm.PRESS_1;
  private Duration confirmAfter = Duration.ofSeconds(1);
  private double voicemailShare;
  private Duration voicemailAfter = Duration.ZERO;

  private AgentBehaviour(Kind kind, Duration delay, RingFailure failure, double probability,
      Supplier<Duration> talk, String talkText) {
    this.kind = kind;
    this.delay = delay;
    this.failure = failure;
    this.probability = probability;
    this.talk = talk;
    this.talkText = talkText;
  }

  /** A copy with another talk time, keeping the reaction and the confirmation settings. */
  private AgentBehaviour withTalk(Supplier<Duration> newTalk, String newTalkText) {
    AgentBehaviour b = new AgentBehaviour(kind, delay, failure, probability, newTalk, newTalkText);
    b.confirm = confirm;
    b.confirmAfter = confirmAfter;
    b.voicemailShare = voicemailShare;
    b.voicemailAfter = voicemailAfter;
    return b;
  }

  /** What a person asked "press 1 to take this call" does (issue 16). */
  public enum Confirm {
    /** Presses 1: the answer counts. */
    PRESS_1,
    /** Presses another key: the ring is unconfirmed. */
    OTHER_KEY,
    /** Presses nothing (as a voicemail does): unconfirmed at the confirm timeout. */
    SILENT,
    /** Hangs up during the prompt: unconfirmed. */
    HANG_UP
  }

  private static AgentBehaviour of(Kind kind, Duration delay, RingFailure failure, double p) {
    Duration d = delay == null ? Duration.ZERO : delay;
    if (d.isNegative()) {
      throw new IllegalArgumentException("a reaction delay must not be negative, was " + d);
    }
    return new AgentBehaviour(kind, d, failure, p, () -> DEFAULT_TALK_TIME,
        "talks " + DEFAULT_TALK_TIME.toSeconds() + "s");
  }

  /** Answers every ring after {@code delay} (the engine may cancel the ring first). */
  public static AgentBehaviour answerAfter(Duration delay) {
    return of(Kind.ANSWER, delay, null, 1);
  }

  /** Lets the phone ring until the engine cancels it. */
  public static AgentBehaviour neverAnswer() {
    return of(Kind.NEVER, Duration.ZERO, null, 0);
  }

  /** The phone reports busy ({@link RingFailure#BUSY}) 200 ms after each ring. */
  public static AgentBehaviour busy() {
    return failWith(RingFailure.BUSY, Duration.ofMillis(200));
  }

  /** The agent declines ({@link RingFailure#REJECTED}) 2 s into each ring. */
  public static AgentBehaviour reject() {
    return reject(Duration.ofSeconds(2));
  }

  /** The agent declines ({@link RingFailure#REJECTED}) {@code after} into each ring. */
  public static AgentBehaviour reject(Duration after) {
    return failWith(RingFailure.REJECTED, after);
  }

  /** The phone cannot be reached ({@link RingFailure#UNREACHABLE}), reported after 100 ms. */
  public static AgentBehaviour unreachable() {
    return failWith(RingFailure.UNREACHABLE, Duration.ofMillis(100));
  }

  /** Each ring fails this way after {@code after}. */
  public static AgentBehaviour failWith(RingFailure failure, Duration after) {
    return of(Kind.FAIL, after, Objects.requireNonNull(failure, "failure"), 0);
  }

  /**
   * Answers a ring after {@code delay} with probability {@code p} (drawn per ring from the
   * simulation's seeded random), otherwise lets it ring until the engine cancels it.
   */
  public static AgentBehaviour answerWithProbability(double p, Duration delay) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException("a probability must be in [0, 1], was " + p);
    }
    return of(Kind.MAYBE, delay, null, p);
  }

  /**
   * Rings until the test acts: {@link SimulatedTelephony#answer}, {@link SimulatedTelephony#reject}
   * or {@link SimulatedTelephony#fail}.
   */
  public static AgentBehaviour manual() {
    return of(Kind.MANUAL, Duration.ZERO, null, 0);
  }

  /** The same reaction; every answered call lasts {@code talkTime}. */
  public AgentBehaviour talkTime(Duration talkTime) {
    if (talkTime.isNegative()) {
      throw new IllegalArgumentException("a talk time must not be negative, was " + talkTime);
    }
    return withTalk(() -> talkTime, "talks " + talkTime.toMillis() + "ms");
  }

  /** The same reaction; each answered call lasts a talk time drawn from {@code talkTimes}. */
  public AgentBehaviour talkTime(Supplier<Duration> talkTimes) {
    return withTalk(Objects.requireNonNull(talkTimes, "talkTimes"), "talk time drawn");
  }

  /** The same reaction; a call lasts until the caller or the test hangs up. */
  public AgentBehaviour talksUntilHungUp() {
    return withTalk(null, "talks until hung up");
  }

  /**
   * The same behaviour; when a ring asks the agent to confirm the answer (issue 16), the person
   * does {@code how}, {@code after} the prompt has ended (for {@link Confirm#HANG_UP}: after the
   * answer). A key later than the ring's confirm timeout counts as silence. Default: presses 1
   * after 1 s.
   */
  public AgentBehaviour confirms(Confirm how, Duration after) {
    AgentBehaviour b = withTalk(talk, talkText);
    b.confirm = Objects.requireNonNull(how, "how");
    if (after == null || after.isNegative()) {
      throw new IllegalArgumentException("a confirm delay must be >= 0, was " + after);
    }
    b.confirmAfter = after;
    return b;
  }

  /**
   * The same behaviour, except that a share of the rings (drawn per ring) is answered by the
   * phone's voicemail {@code after} into the ring, as a mobile that is off or out of range is:
   * the machine never presses a key, and bridged to a caller it takes a message for
   * {@link #VOICEMAIL_TALK_TIME}.
   */
  public AgentBehaviour voicemailAnswers(double share, Duration after) {
    if (!(share >= 0 && share <= 1)) {
      throw new IllegalArgumentException("a share must be in [0, 1], was " + share);
    }
    if (after == null || after.isNegative()) {
      throw new IllegalArgumentException("a voicemail's answer delay must be >= 0, was " + after);
    }
    AgentBehaviour b = withTalk(talk, talkText);
    b.voicemailShare = share;
    b.voicemailAfter = after;
    return b;
  }

  /** How long a caller bridged to an agent's voicemail stays (greeting and message). */
  public static final Duration VOICEMAIL_TALK_TIME = Duration.ofSeconds(30);

  /** What the person does when asked to confirm. */
  Confirm confirm() {
    return confirm;
  }

  /** When the person acts on the confirm prompt. */
  Duration confirmAfter() {
    return confirmAfter;
  }

  /** What the phone does with one ring. */
  Reaction react(RandomGenerator random) {
    if (voicemailShare > 0 && random.nextDouble() < voicemailShare) {
      return new Reaction.Answer(voicemailAfter, true);
    }
    return switch (kind) {
      case ANSWER -> new Reaction.Answer(delay);
      case NEVER, MANUAL -> new Reaction.Ring();
      case FAIL -> new Reaction.Fail(failure, delay);
      case MAYBE -> random.nextDouble() < probability ? new Reaction.Answer(delay)
          : new Reaction.Ring();
    };
  }

  /** The talk time of one answered call; empty: until someone hangs up. */
  Optional<Duration> drawTalkTime() {
    if (talk == null) {
      return Optional.empty();
    }
    Duration d = Objects.requireNonNull(talk.get(), "the talk time supplier returned null");
    return Optional.of(d.isNegative() ? Duration.ZERO : d);
  }

  @Override
  public String toString() {
    String what = switch (kind) {
      case ANSWER -> "answers after " + delay.toMillis() + "ms";
      case NEVER -> "never answers";
      case FAIL -> "fails " + failure + " after " + delay.toMillis() + "ms";
      case MAYBE -> "answers with p=" + probability + " after " + delay.toMillis() + "ms";
      case MANUAL -> "rings until told";
    };
    String confirmation = (confirm == Confirm.PRESS_1 && confirmAfter.equals(Duration.ofSeconds(1))
        ? "" : ", confirms " + confirm + " after " + confirmAfter.toMillis() + "ms")
        + (voicemailShare == 0 ? "" : ", voicemail answers " + voicemailShare + " of rings after "
            + voicemailAfter.toMillis() + "ms");
    return what + ", " + talkText + confirmation;
  }

  /** One ring's fate. */
  sealed interface Reaction {
    /** Answered after a while; {@code machine}: by the phone's voicemail, not the person. */
    record Answer(Duration after, boolean machine) implements Reaction {
      Answer(Duration after) {
        this(after, false);
      }
    }

    record Fail(RingFailure failure, Duration after) implements Reaction {}

    /** Rings on: the engine's timeout or a manual action ends it. */
    record Ring() implements Reaction {}
  }
}
