package io.callqueue.core.strategy;

import io.callqueue.api.Strategy;
import io.callqueue.spi.CandidatePool;
import io.callqueue.spi.DistributionStrategy;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The built-in {@link DistributionStrategy} for each {@link Strategy}. Tie-breaks (documented on
 * {@link Strategy}) always end on membership order, so a choice is deterministic except for
 * {@code random}, which uses the engine's seeded generator.
 */
public final class BuiltInStrategies {
  private BuiltInStrategies() {}

  /** The implementation of a built-in strategy. */
  public static DistributionStrategy of(Strategy strategy) {
    return switch (strategy) {
      case RING_ALL -> new Ordered(strategy, OrderedPool.Key.MEMBER_ORDER, true);
      case LINEAR -> new Ordered(strategy, OrderedPool.Key.MEMBER_ORDER, false);
      case LEAST_RECENT -> new Ordered(strategy, OrderedPool.Key.LEAST_RECENT, false);
      case FEWEST_CALLS -> new Ordered(strategy, OrderedPool.Key.FEWEST_CALLS, false);
      case LEAST_TALK_TIME -> new Ordered(strategy, OrderedPool.Key.LEAST_TALK_TIME, false);
      case RANDOM -> new DistributionStrategy() {
        @Override
        public String name() {
          return Strategy.RANDOM.id();
        }

        @Override
        public CandidatePool newPool(Context context) {
          return new RandomPool(context.random());
        }
      };
      case ROUND_ROBIN -> new DistributionStrategy() {
        @Override
        public String name() {
          return Strategy.ROUND_ROBIN.id();
        }

        @Override
        public CandidatePool newPool(Context context) {
          return new RoundRobinPool();
        }
      };
    };
  }

  /** Every built-in strategy by its id. */
  public static Map<String, DistributionStrategy> all() {
    Map<String, DistributionStrategy> m = new LinkedHashMap<>();
    for (Strategy s : Strategy.values()) {
      m.put(s.id(), of(s));
    }
    return m;
  }

  private record Ordered(Strategy strategy, OrderedPool.Key key, boolean ringsAll)
      implements DistributionStrategy {
    @Override
    public String name() {
      return strategy.id();
    }

    @Override
    public CandidatePool newPool(Context context) {
      return new OrderedPool(key);
    }
  }
}
