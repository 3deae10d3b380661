package io.callqueue.core.estimate;

import io.callqueue.api.CallId;
import io.callqueue.api.QueueId;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One announced estimate next to the wait that followed it.
 *
 * @param call the caller
 * @param queue the queue it waited in
 * @param estimator the estimator's name
 * @param announcedAt when the estimate was made
 * @param estimate the remaining wait estimated
 * @param actualWait the remaining wait the caller then had: from {@code announcedAt} until it was
 *     answered
 */
public record EstimateObservation(CallId call, QueueId queue, String estimator,
    Instant announcedAt, Duration estimate, Duration actualWait) {

  public EstimateObservation {
    Objects.requireNonNull(call, "call");
    Objects.requireNonNull(queue, "queue");
    Objects.requireNonNull(estimator, "estimator");
    Objects.requireNonNull(announcedAt, "announcedAt");
    Objects.requireNonNull(estimate, "estimate");
    Objects.requireNonNull(actualWait, "actualWait");
  }

  /** {@code estimate - actualWait} in seconds: positive when the estimate was too long. */
  public double errorSeconds() {
    return Seconds.of(estimate) - Seconds.of(actualWait);
  }
}
