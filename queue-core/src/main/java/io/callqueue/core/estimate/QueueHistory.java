package io.callqueue.core.estimate;

import io.callqueue.api.CallOutcome;
import io.callqueue.api.QueueConfig;
import io.callqueue.api.QueueEvent;
import io.callqueue.spi.EmpiricalDistribution;
import io.callqueue.spi.QueueStats;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One queue's recent history, fed by the engine, read by wait-time estimators.
 *
 * <p>Design: three time-stamped sample rings (answered waits; completed calls' talk and wrap-up;
 * other ends of waiting, flagged when abandoned) with running sums, so every mean and the
 * abandonment rate cost O(1). The window slides on the timestamps passed in (no wall clock): a
 * sample stamped at or before {@code latest - window} is dropped, where {@code latest} is the
 * newest timestamp seen by an {@code on...} method or {@link #advanceTo(Instant)}. Each ring keeps
 * at most {@code maxSamples} samples (the most recent), so memory is bounded however busy the
 * queue. The talk-time distribution ({@link #talkTimes()}) is built lazily (O(k log k)) and cached
 * until the next change, so residual-talk queries cost O(log k).
 *
 * <p>The abandonment rate θ̂ is abandonments divided by the total waiting time of every caller
 * whose wait ended (the maximum-likelihood estimate for exponential patience: callers served or
 * leaving for another reason are censored observations). {@link #emaHoldSeconds()} reproduces
 * Asterisk's app_queue {@code recalc_holdtime}: on each answered call
 * {@code hold = (3 * hold + waited) >> 2} in whole seconds, starting from 0, over the queue's
 * whole life (not windowed).
 *
 * <p>Threading: confined to the engine's thread, like the rest of a queue's state.
 */
public final class QueueHistory implements QueueStats {
  /** The default cap on samples of each kind. */
  public static final int DEFAULT_MAX_SAMPLES = 2048;

  private static final Logger log = LoggerFactory.getLogger(QueueHistory.class);

  private final Duration window;
  private final long windowMillis;
  private final SampleRing answered;
  /** a = talk ms, b = wrap-up ms. */
  private final SampleRing completed;
  /** a = waited ms, b = 1 when abandoned. */
  private final SampleRing otherEnds;
  private long latestMillis = Long.MIN_VALUE;
  private boolean hasEma;
  private long emaHoldSeconds;
  private EmpiricalDistribution talkTimes;

  /** A history over this window with {@link #DEFAULT_MAX_SAMPLES}. */
  public QueueHistory(Duration window) {
    this(window, DEFAULT_MAX_SAMPLES);
  }

  /**
   * A history over this window keeping at most {@code maxSamples} samples of each kind.
   *
   * @throws IllegalArgumentException when the window is not positive or {@code maxSamples < 1}
   */
  public QueueHistory(Duration window, int maxSamples) {
    Objects.requireNonNull(window, "window");
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("window must be > 0, was " + window);
    }
    if (maxSamples < 1) {
      throw new IllegalArgumentException("maxSamples must be >= 1, was " + maxSamples);
    }
    this.window = window;
    this.windowMillis = window.toMillis();
    this.answered = new SampleRing(maxSamples);
    this.completed = new SampleRing(maxSamples);
    this.otherEnds = new SampleRing(maxSamples);
  }

  /** A history over the queue's {@link QueueConfig#historyWindow()}. */
  public static QueueHistory of(QueueConfig config) {
    return new QueueHistory(config.historyWindow());
  }

  /** The window's length. */
  public Duration window() {
    return window;
  }

  /**
   * Slides the window to {@code now}, dropping what fell out of it. The engine calls this before it
   * builds an estimate (the {@code on...} methods do it too).
   */
  public void advanceTo(Instant now) {
    long nowMillis = now.toEpochMilli();
    if (nowMillis <= latestMillis) {
      return;
    }
    latestMillis = nowMillis;
    long cutoff = nowMillis - windowMillis;
    answered.evictUpTo(cutoff);
    if (completed.evictUpTo(cutoff) > 0) {
      talkTimes = null;
    }
    otherEnds.evictUpTo(cutoff);
  }

  /** A waiting caller was answered after waiting {@code waited}. Also updates the EMA. */
  public void onAnswered(Instant at, Duration waited) {
    long w = millis("waited", waited);
    answered.add(stamp(at), w, 0);
    emaHoldSeconds = ((emaHoldSeconds << 2) - emaHoldSeconds + waited.getSeconds()) >> 2;
    hasEma = true;
  }

  /** An answered call ended after {@code talk}; the agent now has {@code wrapUp} of wrap-up. */
  public void onCompleted(Instant at, Duration talk, Duration wrapUp) {
    long t = millis("talk", talk);
    long u = millis("wrapUp", wrapUp);
    completed.add(stamp(at), t, u);
    talkTimes = null;
  }

  /** A waiting caller hung up after waiting {@code waited}. */
  public void onAbandoned(Instant at, Duration waited) {
    otherEnds.add(stamp(at), millis("waited", waited), 1);
  }

  /**
   * A waiting caller left for another reason (voicemail, callback, timeout, queue emptied) after
   * waiting {@code waited}; that waiting time still counts for θ̂.
   */
  public void onLeft(Instant at, Duration waited) {
    otherEnds.add(stamp(at), millis("waited", waited), 0);
  }

  /**
   * Records a caller's end of waiting by its outcome: {@code ANSWERED} → {@link #onAnswered},
   * {@code ABANDONED} → {@link #onAbandoned}, {@code NOT_QUEUED} → nothing (it never waited),
   * any other → {@link #onLeft}.
   */
  public void record(QueueEvent.CallerLeft left) {
    CallOutcome outcome = left.outcome();
    boolean waitedInQueue = switch (outcome) {
      case NOT_QUEUED -> false;
      case ANSWERED, ABANDONED, VOICEMAIL, CALLBACK, TIMEOUT, LEFT_EMPTY -> true;
    };
    if (!waitedInQueue) {
      advanceTo(left.at());
    } else if (outcome == CallOutcome.ANSWERED) {
      onAnswered(left.at(), left.waited());
    } else if (outcome == CallOutcome.ABANDONED) {
      onAbandoned(left.at(), left.waited());
    } else {
      onLeft(left.at(), left.waited());
    }
  }

  /** Records a completed call, whose agent then has {@code wrapUp} of wrap-up. */
  public void record(QueueEvent.CallCompleted done, Duration wrapUp) {
    onCompleted(done.at(), done.talkTime(), wrapUp);
  }

  @Override
  public int answeredCount() {
    return answered.size();
  }

  @Override
  public int completedCount() {
    return completed.size();
  }

  @Override
  public int abandonedCount() {
    return (int) otherEnds.sumB();
  }

  @Override
  public double totalWaitSeconds() {
    return (answered.sumA() + otherEnds.sumA()) / 1000.0;
  }

  @Override
  public OptionalDouble meanHandleSeconds() {
    int n = completed.size();
    return n == 0 ? OptionalDouble.empty()
        : OptionalDouble.of((completed.sumA() + completed.sumB()) / 1000.0 / n);
  }

  @Override
  public OptionalDouble meanTalkSeconds() {
    int n = completed.size();
    return n == 0 ? OptionalDouble.empty() : OptionalDouble.of(completed.sumA() / 1000.0 / n);
  }

  @Override
  public OptionalDouble meanWrapUpSeconds() {
    int n = completed.size();
    return n == 0 ? OptionalDouble.empty() : OptionalDouble.of(completed.sumB() / 1000.0 / n);
  }

  @Override
  public OptionalDouble meanAnsweredWaitSeconds() {
    int n = answered.size();
    return n == 0 ? OptionalDouble.empty() : OptionalDouble.of(answered.sumA() / 1000.0 / n);
  }

  @Override
  public OptionalDouble abandonRatePerSecond() {
    long exposureMillis = answered.sumA() + otherEnds.sumA();
    if (exposureMillis == 0) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(otherEnds.sumB() / (exposureMillis / 1000.0));
  }

  @Override
  public OptionalDouble emaHoldSeconds() {
    return hasEma ? OptionalDouble.of(emaHoldSeconds) : OptionalDouble.empty();
  }

  @Override
  public Optional<Duration> lastDelay() {
    return answered.size() == 0 ? Optional.empty()
        : Optional.of(Duration.ofMillis(answered.lastA()));
  }

  @Override
  public EmpiricalDistribution talkTimes() {
    EmpiricalDistribution d = talkTimes;
    if (d == null) {
      double[] seconds = new double[completed.size()];
      for (int i = 0; i < seconds.length; i++) {
        seconds[i] = completed.a(i) / 1000.0;
      }
      d = EmpiricalDistribution.of(seconds);
      talkTimes = d;
    }
    return d;
  }

  /** Moves the window to {@code at} and returns the timestamp to store (never decreasing). */
  private long stamp(Instant at) {
    long atMillis = at.toEpochMilli();
    if (atMillis < latestMillis) {
      log.debug("history event at {} is older than the newest seen; stamped as the newest", at);
      return latestMillis;
    }
    advanceTo(at);
    return atMillis;
  }

  private static long millis(String what, Duration d) {
    Objects.requireNonNull(d, what);
    if (d.isNegative()) {
      throw new IllegalArgumentException(what + " must be >= 0, was " + d);
    }
    return d.toMillis();
  }

  @Override
  public String toString() {
    return "QueueHistory[window=" + window + ", answered=" + answeredCount() + ", completed="
        + completedCount() + ", abandoned=" + abandonedCount() + ", meanHandle="
        + meanHandleSeconds() + ", θ=" + abandonRatePerSecond() + ", ema=" + emaHoldSeconds()
        + "]";
  }
}
