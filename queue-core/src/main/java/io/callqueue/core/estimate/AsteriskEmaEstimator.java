package io.callqueue.core.estimate;

import io.callqueue.spi.EstimateInput;
import io.callqueue.spi.WaitTimeEstimator;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * {@code asterisk-ema}: what Asterisk's app_queue announces, kept as the baseline.
 *
 * <p>app_queue keeps one number per queue, {@code holdtime}, updated on every answered call as
 * {@code holdtime = (3 * holdtime + waited) >> 2} ({@code recalc_holdtime}; here
 * {@link io.callqueue.spi.RecentHistory#emaHoldSeconds()}). When it announces the wait
 * ({@code say_position}) it says {@code avgholdmins = abs((holdtime + 30 - waited) / 60)} minutes
 * (C integer division, {@code waited} in whole seconds). This estimator returns
 * {@code max(0, |h + 30 - w| - 30)} seconds, which rounded to whole minutes (half up) is exactly
 * the number app_queue says, flaws included: it ignores the caller's position and the agents, and
 * because of the {@code abs} a caller who has waited more than a minute longer than the average
 * hears a wait that grows again ({@code w - h - 60}) instead of zero. It is never negative: where
 * app_queue would say nothing (zero minutes) it returns zero.
 *
 * <p>Cost O(1). Empty until the queue's first answered call.
 */
final class AsteriskEmaEstimator implements WaitTimeEstimator {

  @Override
  public String name() {
    return Estimators.ASTERISK_EMA;
  }

  @Override
  public Optional<Duration> estimate(EstimateInput in) {
    OptionalDouble hold = in.history().emaHoldSeconds();
    if (hold.isEmpty()) {
      return Optional.empty();
    }
    long waited = in.waited().getSeconds();
    double seconds = Math.abs(hold.getAsDouble() + 30 - waited) - 30;
    return Optional.of(Seconds.toDuration(seconds));
  }

  @Override
  public String toString() {
    return name();
  }
}
