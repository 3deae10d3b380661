package io.callqueue.spi;

import io.callqueue.api.QueueId;
import java.util.random.RandomGenerator;

/**
 * A way of choosing which available agent(s) to ring for a caller (capability 3). The engine
 * applies priority tiers itself and asks the strategy only to order agents inside a tier, through
 * a {@link CandidatePool} per tier. Register custom strategies with the engine's builder and name
 * them in {@link io.callqueue.api.QueueConfig#strategy()}.
 */
public interface DistributionStrategy {

  /** The name queues use for it. */
  String name();

  /** Whether every candidate of the best tier is rung at once (as {@code ringall} does). */
  default boolean ringsAll() {
    return false;
  }

  /** A new, empty pool for one tier of one queue. */
  CandidatePool newPool(Context context);

  /**
   * What a pool may use.
   *
   * @param queue the queue
   * @param priority the tier
   * @param random the engine's seeded random source
   */
  record Context(QueueId queue, int priority, RandomGenerator random) {}
}
