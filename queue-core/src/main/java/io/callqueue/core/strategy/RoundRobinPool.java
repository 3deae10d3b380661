package io.callqueue.core.strategy;

import io.callqueue.api.AgentId;
import io.callqueue.core.internal.RankedTree;
import io.callqueue.spi.Candidate;
import io.callqueue.spi.CandidatePool;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Round robin with memory (Asterisk's {@code rrmemory}): remembers the membership order of the
 * agent rung last and picks the first allowed candidate after it, wrapping around. A tree keyed by
 * membership order makes that a ceiling lookup, O(log n).
 */
final class RoundRobinPool implements CandidatePool {
  private static final BiPredicate<Candidate, Predicate<AgentId>> ALLOWED =
      (c, allowed) -> allowed.test(c.agent());

  private final RankedTree<Candidate> tree = new RankedTree<>();
  private long lastRungOrder = Long.MIN_VALUE;

  @Override
  public void add(Candidate candidate) {
    tree.add(candidate.memberOrder(), 0, 0, candidate);
  }

  @Override
  public void remove(Candidate candidate) {
    tree.remove(candidate.memberOrder(), 0, 0);
  }

  @Override
  public Candidate pick(Predicate<AgentId> allowed) {
    Candidate c = tree.firstMatchingAbove(lastRungOrder, 0, 0, ALLOWED, allowed);
    if (c == null) {
      // wrap around: nothing above the last rung passed, so the first that passes is at or below it
      c = tree.firstMatching(ALLOWED, allowed);
    }
    return c;
  }

  @Override
  public void rung(Candidate candidate) {
    lastRungOrder = candidate.memberOrder();
  }

  @Override
  public void forEach(Consumer<Candidate> action) {
    tree.forEach(action);
  }

  @Override
  public boolean isEmpty() {
    return tree.isEmpty();
  }
}
