package io.callqueue.core.estimate;

import io.callqueue.api.CallOutcome;
import io.callqueue.api.QueueConfig;
import io.callqueue.api.QueueEvent;
import io.callqueue.spi.EmpiricalDistribution;
import io.callqueue.spi.RecentHistory;
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
 * queue. The talk times are also kept sorted as calls come and go (a binary search and one array
 * shift each), so the talk-time distribution ({@link #talkTimes()}) is rebuilt in O(k) after a
 * change and residual-talk queries cost O(log k).
 *
 * <p><b>Since the last change.</b> An hour's window holds a few hundred calls, and the mean of a
 * few hundred handle times is off by several percent (its standard error is CV/√k). In a
 * simulated M/M/10 queue at ρ = 0.95 that error makes the queue-length estimator's RMSE 15% worse
 * than with twelve hours of calls, and it is biased: the queue is long precisely after a run of
 * long calls, when the window's mean is too high. So the history also keeps the calls of the last
 * {@value #SPAN_WINDOWS} windows (at most {@code maxSamples}) for {@link #talkTimesSinceChange()}
 * and the means beside it, and drops the part older than the window as soon as the two disagree:
 * after each completed call it compares the window's mean handle time with that of the older
 * calls (Welch's statistic) and when they differ by more than {@value #CHANGE_Z} standard errors
 * (each side with at least {@value #MIN_SIDE} calls) the older calls go, and for one window length
 * the span is the window (the calls that leave the window then are from before the change). This
 * is the two-window test of adaptive windowing (Bifet &amp; Gavaldà, "Learning from Time-Changing
 * Data with Adaptive Windowing", SDM 2007) with one split, at the window's edge. Measured with 180
 * exponential calls an hour and a one-hour window: a doubling of the mean handle time is detected
 * after a median 31 minutes, a halving to two thirds after 46 minutes, a rise by half after 51
 * minutes (9 times in 50 not before the older calls age out of the four windows); a rise by a
 * third is mostly too small to tell from the window's noise, and the four-window limit is what
 * bounds its staleness. Stationary runs raise a false alarm once in 150 to 550 hours, which costs
 * a return to the window's own figures until the span grows again.
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
public final class QueueHistory implements RecentHistory {
  /** The default cap on samples of each kind. */
  public static final int DEFAULT_MAX_SAMPLES = 2048;
  /** Standard errors between the window's mean handle time and the older calls' that mean a change. */
  static final double CHANGE_Z = 4;
  /** Calls each side needs before they are compared. */
  static final int MIN_SIDE = 20;
  /** How many windows back the span since the last change reaches at most. */
  static final int SPAN_WINDOWS = 4;

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
  /** The window's talk times (ms), sorted. */
  private final SortedMillis windowTalk = new SortedMillis();
  /** The last completed calls, back to the last detected change. */
  private final HandleSpan span;
  private long firstMillis = Long.MIN_VALUE;
  /** Until then the span follows the window: a change was detected less than a window ago. */
  private long followWindowUntilMillis = Long.MIN_VALUE;
  /** The span covers no time before this: the window's start when it was last cut to it. */
  private long spanFromMillis = Long.MIN_VALUE;

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
    this.span = new HandleSpan(maxSamples);
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
    if (latestMillis == Long.MIN_VALUE) {
      firstMillis = nowMillis;
    }
    latestMillis = nowMillis;
    long cutoff = nowMillis - windowMillis;
    answered.evictUpTo(cutoff);
    completed.evictUpTo(cutoff, windowTalk::remove);
    otherEnds.evictUpTo(cutoff);
    span.evictUpTo(nowMillis - SPAN_WINDOWS * windowMillis);
    if (nowMillis < followWindowUntilMillis) {
      span.dropOldest(span.size() - completed.size());
      spanFromMillis = cutoff;
    }
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
    long stamp = stamp(at);
    if (completed.isFull()) {
      windowTalk.remove(completed.a(0));
    }
    completed.add(stamp, t, u);
    windowTalk.add(t);
    span.add(stamp, t, u);
    dropSpanOnChange();
  }

  /**
   * Drops the calls older than the window from the span when their mean handle time differs from
   * the window's by more than {@link #CHANGE_Z} standard errors, and keeps the span to the window
   * for one window length after that (until the window holds only calls that ended after the
   * change was seen). The window's calls are the span's newest {@code completed.size()} (both
   * take every completed call and have the same cap).
   */
  private void dropSpanOnChange() {
    int recent = completed.size();
    int old = span.size() - recent;
    if (latestMillis < followWindowUntilMillis) {
      span.dropOldest(old);
      spanFromMillis = latestMillis - windowMillis;
      return;
    }
    if (recent < MIN_SIDE || old < MIN_SIDE) {
      return;
    }
    double sumRecent = completed.sumA() + completed.sumB();
    double sumOld = span.sumHandleMillis() - sumRecent;
    double meanRecent = sumRecent / recent;
    double meanOld = sumOld / old;
    double varRecent = variance(completed.sumSquares(), meanRecent, recent);
    double varOld = variance(span.sumSquaresMillis() - completed.sumSquares(), meanOld, old);
    double d = meanRecent - meanOld;
    if (d * d > CHANGE_Z * CHANGE_Z * (varRecent / recent + varOld / old)) {
      log.debug("mean handle time changed: {} ms over the window's {} calls, {} ms over the {}"
          + " before; forgetting those", Math.round(meanRecent), recent, Math.round(meanOld),
          old);
      span.dropOldest(old);
      spanFromMillis = latestMillis - windowMillis;
      followWindowUntilMillis = latestMillis + windowMillis;
    }
  }

  private static double variance(double sumSquares, double mean, int n) {
    return Math.max(0, (sumSquares - n * mean * mean) / (n - 1));
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
      case NOT_QUEUED, UNREACHED -> false; // UNREACHED is a call record's, never a CallerLeft's
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
    return windowTalk.seconds();
  }

  @Override
  public EmpiricalDistribution talkTimesSinceChange() {
    return span.talkSeconds();
  }

  @Override
  public OptionalDouble meanHandleSecondsSinceChange() {
    return span.meanHandleSeconds();
  }

  @Override
  public OptionalDouble meanWrapUpSecondsSinceChange() {
    return span.meanWrapUpSeconds();
  }

  /** Completed calls in the span of {@link #talkTimesSinceChange()}. */
  public int completedCountSinceChange() {
    return span.size();
  }

  /**
   * The load this queue's calls put on its agents, in erlangs: the handle time (talk plus wrap-up)
   * of the calls completed over the span of {@link #talkTimesSinceChange()} divided by the time
   * that span covers (up to {@value #SPAN_WINDOWS} windows; less at first, after a detected change
   * in handle times, or when the sample cap is reached). Abandoned calls take no agent time, so
   * this is the carried load. The longer span matters: a heavier queue's load over one window is
   * off by its Poisson noise (about 1 / √k for k calls), and the lighter queue's callers wait long
   * precisely after a run of heavier-queue calls, when it is too high. Empty before any time has
   * passed.
   */
  public OptionalDouble loadErlangs() {
    if (latestMillis == Long.MIN_VALUE) {
      return OptionalDouble.empty();
    }
    long from = Math.max(Math.max(firstMillis, spanFromMillis),
        latestMillis - SPAN_WINDOWS * windowMillis);
    if (span.isFull()) {
      from = Math.max(from, span.oldestAt());
    }
    long covered = latestMillis - from;
    return covered <= 0 ? OptionalDouble.empty()
        : OptionalDouble.of(span.sumHandleMillis() / (double) covered);
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
        + meanHandleSeconds() + ", sinceChange=" + span + ", θ=" + abandonRatePerSecond()
        + ", ema=" + emaHoldSeconds() + "]";
  }
}
