package io.callqueue.core.strategy;

import io.callqueue.api.AgentId;
import io.callqueue.core.internal.RankedTree;
import io.callqueue.spi.Candidate;
import io.callqueue.spi.CandidatePool;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A pool ordered by a strategy's key (a balanced tree): add, remove and pick cost O(log n); pick
 * skips candidates not allowed for the caller (those already tried this round), so its cost grows
 * with the number skipped, which the engine bounds by the size of one round.
 *
 * <p>The key is the strategy's fields of the {@link Candidate} as up to three {@code long}s,
 * always ending on the membership order (unique within a queue), compared as primitives inside
 * the tree: no comparator objects, so a compare costs a few instructions.
 */
final class OrderedPool implements CandidatePool {
  /** The strategy's order: which candidate fields, most significant first. */
  enum Key {
    /** Membership order (ringall, linear). */
    MEMBER_ORDER,
    /** Last call ended, then membership order (leastrecent). */
    LEAST_RECENT,
    /** Calls answered, last call ended, then membership order (fewestcalls). */
    FEWEST_CALLS,
    /** Talk time, calls answered, then membership order (leasttalktime). */
    LEAST_TALK_TIME
  }

  private static final BiPredicate<Candidate, Predicate<AgentId>> ALLOWED =
      (c, allowed) -> allowed.test(c.agent());

  private final Key key;
  private final RankedTree<Candidate> tree = new RankedTree<>();

  OrderedPool(Key key) {
    this.key = key;
  }

  @Override
  public void add(Candidate c) {
    switch (key) {
      case MEMBER_ORDER -> tree.add(c.memberOrder(), 0, 0, c);
      case LEAST_RECENT -> tree.add(c.lastCallEndedMillis(), c.memberOrder(), 0, c);
      case FEWEST_CALLS -> tree.add(c.callsAnswered(), c.lastCallEndedMillis(), c.memberOrder(), c);
      case LEAST_TALK_TIME -> tree.add(c.talkTimeMillis(), c.callsAnswered(), c.memberOrder(), c);
    }
  }

  @Override
  public void remove(Candidate c) {
    switch (key) {
      case MEMBER_ORDER -> tree.remove(c.memberOrder(), 0, 0);
      case LEAST_RECENT -> tree.remove(c.lastCallEndedMillis(), c.memberOrder(), 0);
      case FEWEST_CALLS -> tree.remove(c.callsAnswered(), c.lastCallEndedMillis(), c.memberOrder());
      case LEAST_TALK_TIME -> tree.remove(c.talkTimeMillis(), c.callsAnswered(), c.memberOrder());
    }
  }

  @Override
  public Candidate pick(Predicate<AgentId> allowed) {
    return tree.firstMatching(ALLOWED, allowed);
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
