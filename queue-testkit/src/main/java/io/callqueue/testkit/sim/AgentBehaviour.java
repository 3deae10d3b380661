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

  private AgentBehaviour(Kind kind, Duration delay, RingFailure failure, double probability,
      Supplier<Duration> talk, String talkText) {
    this.kind = kind;
    this.delay = delay;
    this.failure = failure;
    this.probability = probability;
    this.talk = talk;
    this.talkText = talkText;
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
    return new AgentBehaviour(kind, delay, failure, probability, () -> talkTime,
        "talks " + talkTime.toMillis() + "ms");
  }

  /** The same reaction; each answered call lasts a talk time drawn from {@code talkTimes}. */
  public AgentBehaviour talkTime(Supplier<Duration> talkTimes) {
    return new AgentBehaviour(kind, delay, failure, probability,
        Objects.requireNonNull(talkTimes, "talkTimes"), "talk time drawn");
  }

  /** The same reaction; a call lasts until the caller or the test hangs up. */
  public AgentBehaviour talksUntilHungUp() {
    return new AgentBehaviour(kind, delay, failure, probability, null, "talks until hung up");
  }

  /** What the phone does with one ring. */
  Reaction react(RandomGenerator random) {
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
    return what + ", " + talkText;
  }

  /** One ring's fate. */
  sealed interface Reaction {
    record Answer(Duration after) implements Reaction {}

    record Fail(RingFailure failure, Duration after) implements Reaction {}

    /** Rings on: the engine's timeout or a manual action ends it. */
    record Ring() implements Reaction {}
  }
}
