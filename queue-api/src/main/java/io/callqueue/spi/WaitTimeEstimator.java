package io.callqueue.spi;

import java.time.Duration;
import java.util.Optional;

/**
 * Estimates how much longer one waiting caller will wait (capability 13). The engine asks when it
 * announces the estimate (see {@link io.callqueue.api.QueueConfig#estimateAnnouncement()}), on its
 * own thread, with everything it knows in an {@link EstimateInput}; the queue's
 * {@link io.callqueue.api.QueueConfig#estimator()} names the estimator. Implementations are
 * stateless (the history is in {@link EstimateInput#history()}), so one instance serves every
 * queue.
 *
 * <p>An estimate must be cheap: at most linear in the callers ahead, typically linear in the
 * agents serving the queue.
 */
public interface WaitTimeEstimator {

  /** The name queues use for it, e.g. {@code "default"}. */
  String name();

  /**
   * The remaining wait (not the total) of the caller described by {@code in}.
   *
   * @return a non-negative duration, or empty when the estimator has no basis for an estimate (no
   *     history yet, no agent serving); the engine then announces no estimate
   */
  Optional<Duration> estimate(EstimateInput in);
}
