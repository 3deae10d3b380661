package io.callqueue.core.strategy;

import io.callqueue.api.AgentId;
import io.callqueue.spi.Candidate;
import io.callqueue.spi.CandidatePool;
import java.util.Comparator;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Round robin with memory (Asterisk's {@code rrmemory}): remembers the membership order of the
 * agent rung last and picks the first allowed candidate after it, wrapping around. A tree keyed by
 * membership order makes that a ceiling lookup, O(log n).
 */
final class RoundRobinPool implements CandidatePool {
  private final TreeSet<Candidate> set =
      new TreeSet<>(Comparator.comparingLong(Candidate::memberOrder));
  private long lastRungOrder = Long.MIN_VALUE;

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
    Candidate probe = new Candidate(null, lastRungOrder, 0, 0, 0);
    for (Candidate c : set.tailSet(probe, false)) {
      if (allowed.test(c.agent())) {
        return c;
      }
    }
    for (Candidate c : set.headSet(probe, true)) {
      if (allowed.test(c.agent())) {
        return c;
      }
    }
    return null;
  }

  @Override
  public void rung(Candidate candidate) {
    lastRungOrder = candidate.memberOrder();
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
