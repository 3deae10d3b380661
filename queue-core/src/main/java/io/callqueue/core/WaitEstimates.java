package io.callqueue.core;

import java.time.Duration;
import java.util.Optional;

/** Computes a waiting caller's estimated remaining wait with its queue's estimator. */
final class WaitEstimates {
  Optional<Duration> estimate(EngineCore core, Caller c, long nowMillis) {
    return Optional.empty();
  }
}
