package io.callqueue.spi;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A queue's recent history, as wait-time estimators see it: what happened within a sliding window
 * (see {@link io.callqueue.api.QueueConfig#historyWindow()}), except {@link #emaHoldSeconds()},
 * which is a running average over all answered calls as Asterisk keeps it. Values in seconds are
 * doubles; an empty optional means the window holds nothing to base the value on.
 *
 * <p>Read on the engine's thread only (the engine's implementation is not thread-safe).
 */
public interface RecentHistory {

  /** Callers answered within the window. */
  int answeredCount();

  /** Answered calls that ended within the window (the samples of talk and handle time). */
  int completedCount();

  /** Callers who hung up while waiting, within the window. */
  int abandonedCount();

  /**
   * The waiting time, in seconds, of all callers whose wait ended within the window, whatever the
   * reason (answered, abandoned, voicemail, callback, timeout, ...): the exposure that
   * {@link #abandonRatePerSecond()} divides by.
   */
  double totalWaitSeconds();

  /** Mean handle time (talk plus wrap-up) of completed calls; the service rate is its inverse. */
  OptionalDouble meanHandleSeconds();

  /** Mean talk time of completed calls. */
  OptionalDouble meanTalkSeconds();

  /** Mean wrap-up time of completed calls. */
  OptionalDouble meanWrapUpSeconds();

  /** Mean wait of answered callers (the average speed of answer). */
  OptionalDouble meanAnsweredWaitSeconds();

  /**
   * θ̂, the abandonment rate of a waiting caller: abandonments divided by {@link
   * #totalWaitSeconds()} (the maximum-likelihood estimate for exponential patience, where callers
   * who did not abandon are censored observations). Zero when callers waited and none abandoned;
   * empty when no waiting time was observed.
   */
  OptionalDouble abandonRatePerSecond();

  /**
   * Asterisk's running average of the hold time: on each answered call {@code hold = (3 * hold +
   * waited) / 4} in whole seconds (app_queue's {@code recalc_holdtime}). Not windowed; empty until
   * the first answered call.
   */
  OptionalDouble emaHoldSeconds();

  /**
   * The wait of the last caller to enter service within the window (the "last to enter service"
   * delay, LES, of Ibrahim &amp; Whitt).
   */
  Optional<Duration> lastDelay();

  /** The talk times of completed calls within the window, in seconds. */
  EmpiricalDistribution talkTimes();

  /** The talk-time samples in seconds, ascending; a copy. */
  default double[] talkSamplesSeconds() {
    return talkTimes().toArray();
  }

  /**
   * The mean remaining talk time of a call that has lasted {@code elapsed}: the mean of {@code T -
   * elapsed} over the talk samples {@code T > elapsed}; empty when no sample is that long.
   */
  default OptionalDouble meanResidualTalkSeconds(Duration elapsed) {
    return talkTimes().meanResidual(elapsed.toNanos() / 1e9);
  }

  /**
   * The talk times of completed calls, in seconds, since the last detected change in the calls'
   * mean handle time: the longest recent span over which handle times look alike, at least the
   * window and at most the history's sample limit. A window of an hour holds a few hundred calls,
   * too few for a precise mean handle time; estimators that need the handle-time distribution
   * learn from this span instead, and still follow a real change once it shows in the window.
   * Defaults to the window's {@link #talkTimes()}.
   */
  default EmpiricalDistribution talkTimesSinceChange() {
    return talkTimes();
  }

  /** The mean handle time (talk plus wrap-up) over the span of {@link #talkTimesSinceChange()}. */
  default OptionalDouble meanHandleSecondsSinceChange() {
    return meanHandleSeconds();
  }

  /** The mean wrap-up time over the span of {@link #talkTimesSinceChange()}. */
  default OptionalDouble meanWrapUpSecondsSinceChange() {
    return meanWrapUpSeconds();
  }

  /** History with nothing in it. */
  static RecentHistory empty() {
    return EmptyRecentHistory.INSTANCE;
  }
}
