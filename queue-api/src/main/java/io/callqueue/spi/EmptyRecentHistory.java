package io.callqueue.spi;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;

/** {@link RecentHistory#empty()}. */
enum EmptyRecentHistory implements RecentHistory {
  INSTANCE;

  @Override
  public int answeredCount() {
    return 0;
  }

  @Override
  public int completedCount() {
    return 0;
  }

  @Override
  public int abandonedCount() {
    return 0;
  }

  @Override
  public double totalWaitSeconds() {
    return 0;
  }

  @Override
  public OptionalDouble meanHandleSeconds() {
    return OptionalDouble.empty();
  }

  @Override
  public OptionalDouble meanTalkSeconds() {
    return OptionalDouble.empty();
  }

  @Override
  public OptionalDouble meanWrapUpSeconds() {
    return OptionalDouble.empty();
  }

  @Override
  public OptionalDouble meanAnsweredWaitSeconds() {
    return OptionalDouble.empty();
  }

  @Override
  public OptionalDouble abandonRatePerSecond() {
    return OptionalDouble.empty();
  }

  @Override
  public OptionalDouble emaHoldSeconds() {
    return OptionalDouble.empty();
  }

  @Override
  public Optional<Duration> lastDelay() {
    return Optional.empty();
  }

  @Override
  public EmpiricalDistribution talkTimes() {
    return EmpiricalDistribution.empty();
  }
}
