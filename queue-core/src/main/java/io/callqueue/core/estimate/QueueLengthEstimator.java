package io.callqueue.core.estimate;

import io.callqueue.spi.EstimateInput;
import io.callqueue.spi.WaitTimeEstimator;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * {@code queue-length} (QL): the queue-length-based estimator of Ibrahim and Whitt, "Real-Time
 * Delay Estimation Based on Delay History", M&amp;SOM 11:397-415, 2009
 * (doi:10.1287/msom.1080.0223). With {@code n} callers ahead (in this queue and in heavier queues
 * sharing its agents), {@code s} agents serving and service rate μ̂ = 1 / mean handle time, the
 * remaining wait is {@code (n + 1) / (s μ̂)}: the exact conditional mean in an M/M/s queue when
 * every agent is busy. Idle agents, elapsed talk and wrap-up are ignored.
 *
 * <p>Cost O(1). Empty when no call has completed within the history window or no agent serves.
 */
final class QueueLengthEstimator implements WaitTimeEstimator {

  @Override
  public String name() {
    return Estimators.QUEUE_LENGTH;
  }

  @Override
  public Optional<Duration> estimate(EstimateInput in) {
    OptionalDouble handle = in.history().meanHandleSeconds();
    int s = in.agentsServing();
    if (handle.isEmpty() || s == 0) {
      return Optional.empty();
    }
    double n = in.callersAhead();
    return Optional.of(Seconds.toDuration((n + 1) * handle.getAsDouble() / s));
  }

  @Override
  public String toString() {
    return name();
  }
}
