package io.callqueue.core.strategy;

import io.callqueue.api.AgentId;
import io.callqueue.spi.Candidate;
import io.callqueue.spi.CandidatePool;
import java.util.Comparator;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A pool ordered by a strategy's key (a red-black tree): add, remove and pick cost O(log n); pick
 * skips candidates not allowed for the caller (those already tried this round), so its cost grows
 * with the number skipped, which the engine bounds by the size of one round.
 */
final class OrderedPool implements CandidatePool {
  private final TreeSet<Candidate> set;

  OrderedPool(Comparator<Candidate> order) {
    this.set = new TreeSet<>(order.thenComparingLong(Candidate::memberOrder));
  }

  @Override
  public void add(Candidate candidate) {
    set.add(candidate);
  }

  @Override
  public void remove(Candidate candidate) {
    set.remove(candidate);
  }

  @Override
  public Candidate pick(Predicate<AgentId> allowed) {
    for (Candidate c : set) {
      if (allowed.test(c.agent())) {
        return c;
      }
    }
    return null;
  }

  @Override
  public void forEach(Consumer<Candidate> action) {
    set.forEach(action);
  }

  @Override
  public boolean isEmpty() {
    return set.isEmpty();
  }
}
