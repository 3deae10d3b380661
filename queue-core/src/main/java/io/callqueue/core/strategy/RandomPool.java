package io.callqueue.core.strategy;

import io.callqueue.api.AgentId;
import io.callqueue.spi.Candidate;
import io.callqueue.spi.CandidatePool;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * A uniformly random pick: candidates live in an array with an index map, so add and remove are
 * O(1) (swap with the last) and a pick is O(1) expected. When the random probes hit only
 * disallowed candidates, a scan from a random start finds an allowed one if any exists.
 */
final class RandomPool implements CandidatePool {
  private static final int PROBES = 8;

  private final List<Candidate> items = new ArrayList<>();
  private final Map<AgentId, Integer> index = new HashMap<>();
  private final RandomGenerator random;

  RandomPool(RandomGenerator random) {
    this.random = random;
  }

  @Override
  public void add(Candidate candidate) {
    if (index.containsKey(candidate.agent())) {
      remove(items.get(index.get(candidate.agent())));
    }
    index.put(candidate.agent(), items.size());
    items.add(candidate);
  }

  @Override
  public void remove(Candidate candidate) {
    Integer i = index.remove(candidate.agent());
    if (i == null) {
      return;
    }
    Candidate last = items.remove(items.size() - 1);
    if (i < items.size()) {
      items.set(i, last);
      index.put(last.agent(), i);
    }
  }

  @Override
  public Candidate pick(Predicate<AgentId> allowed) {
    int n = items.size();
    if (n == 0) {
      return null;
    }
    for (int k = 0; k < PROBES; k++) {
      Candidate c = items.get(random.nextInt(n));
      if (allowed.test(c.agent())) {
        return c;
      }
    }
    int start = random.nextInt(n);
    for (int k = 0; k < n; k++) {
      Candidate c = items.get((start + k) % n);
      if (allowed.test(c.agent())) {
        return c;
      }
    }
    return null;
  }

  @Override
  public void forEach(Consumer<Candidate> action) {
    items.forEach(action);
  }

  @Override
  public boolean isEmpty() {
    return items.isEmpty();
  }
}
