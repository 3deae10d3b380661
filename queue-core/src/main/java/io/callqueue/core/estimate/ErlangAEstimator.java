package io.callqueue.core.estimate;

import io.callqueue.spi.EstimateInput;
import io.callqueue.spi.WaitTimeEstimator;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * {@code erlang-a}: the queue-length estimator with abandonment (QL_m) of Ibrahim and Whitt,
 * "Real-Time Delay Estimation in Overloaded Multiserver Queues with Abandonments", Management
 * Science 55(10):1729-1742, 2009. In the M/M/s+M (Erlang-A) queue with every agent busy, while
 * {@code k} callers are ahead the next one leaves the line (served or abandoning) at rate
 * {@code s μ̂ + k θ̂}, so the mean remaining wait with {@code n} ahead is
 * {@code Σ_{k=0..n} 1 / (s μ̂ + k θ̂)}. θ̂ is
 * {@link io.callqueue.spi.RecentHistory#abandonRatePerSecond()} (zero when unknown, where this
 * reduces to {@link QueueLengthEstimator}).
 *
 * <p>Cost O(n). Empty when no call has completed within the history window or no agent serves.
 */
final class ErlangAEstimator implements WaitTimeEstimator {

  @Override
  public String name() {
    return Estimators.ERLANG_A;
  }

  @Override
  public Optional<Duration> estimate(EstimateInput in) {
    OptionalDouble handle = in.history().meanHandleSeconds();
    int s = in.agentsServing();
    if (handle.isEmpty() || s == 0) {
      return Optional.empty();
    }
    if (handle.getAsDouble() <= 0) {
      return Optional.of(Duration.ZERO);
    }
    double serviceRate = s / handle.getAsDouble();
    double theta = in.history().abandonRatePerSecond().orElse(0);
    return Optional.of(Seconds.toDuration(erlangA(in.callersAhead(), serviceRate, theta)));
  }

  /** {@code Σ_{k=0..n} 1 / (rate + k θ)}. */
  static double erlangA(long n, double rate, double theta) {
    if (theta <= 0) {
      return (n + 1) / rate;
    }
    double sum = 0;
    for (long k = 0; k <= n; k++) {
      sum += 1 / (rate + k * theta);
    }
    return sum;
  }

  @Override
  public String toString() {
    return name();
  }
}
