package io.callqueue.core.estimate;

import io.callqueue.spi.EmpiricalDistribution;
import io.callqueue.spi.RecentHistory;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Queue statistics fixed by a test, for cases a real history cannot produce (a mean talk time with
 * no samples: the memoryless model).
 */
record FixedStats(double meanTalk, double meanWrapUp, double theta, EmpiricalDistribution talk,
    double ema) implements RecentHistory {

  /** Calls of mean talk {@code meanTalk}, no wrap-up, no talk samples, no abandonment. */
  static FixedStats memoryless(double meanTalk) {
    return new FixedStats(meanTalk, 0, 0, EmpiricalDistribution.empty(), 30);
  }

  /** Only Asterisk's moving average of the hold time, {@code ema} seconds, is of interest. */
  static FixedStats ema(double ema) {
    return new FixedStats(100, 0, 0, EmpiricalDistribution.empty(), ema);
  }

  FixedStats withTheta(double t) {
    return new FixedStats(meanTalk, meanWrapUp, t, talk, ema);
  }

  FixedStats withWrapUp(double w) {
    return new FixedStats(meanTalk, w, theta, talk, ema);
  }

  @Override
  public int answeredCount() {
    return 100;
  }

  @Override
  public int completedCount() {
    return 100;
  }

  @Override
  public int abandonedCount() {
    return 0;
  }

  @Override
  public double totalWaitSeconds() {
    return 1000;
  }

  @Override
  public OptionalDouble meanHandleSeconds() {
    return OptionalDouble.of(meanTalk + meanWrapUp);
  }

  @Override
  public OptionalDouble meanTalkSeconds() {
    return OptionalDouble.of(meanTalk);
  }

  @Override
  public OptionalDouble meanWrapUpSeconds() {
    return OptionalDouble.of(meanWrapUp);
  }

  @Override
  public OptionalDouble meanAnsweredWaitSeconds() {
    return OptionalDouble.of(30);
  }

  @Override
  public OptionalDouble abandonRatePerSecond() {
    return OptionalDouble.of(theta);
  }

  @Override
  public OptionalDouble emaHoldSeconds() {
    return OptionalDouble.of(ema);
  }

  @Override
  public Optional<Duration> lastDelay() {
    return Optional.of(Duration.ofSeconds(30));
  }

  @Override
  public EmpiricalDistribution talkTimes() {
    return talk;
  }
}
