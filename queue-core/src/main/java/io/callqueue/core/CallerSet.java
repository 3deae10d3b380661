package io.callqueue.core;

import io.callqueue.api.AgentId;
import io.callqueue.core.internal.RankedTree;
import java.util.Iterator;
import java.util.List;
import java.util.function.BiPredicate;

/**
 * Callers of one queue in service order: higher caller priority first, then arrival (the
 * engine's sequence number, unique). An order-statistic tree keyed by (−priority, sequence), so
 * adding, removing, finding a caller and its position all cost O(log n). Owned by the engine
 * thread.
 */
final class CallerSet implements Iterable<Caller> {
  private static final BiPredicate<Caller, AgentId> MAY_RING = (c, agent) -> !c.triedAgent(agent);

  private final RankedTree<Caller> tree = new RankedTree<>();

  boolean add(Caller c) {
    return tree.add(-(long) c.priority, c.seq, 0, c);
  }

  boolean remove(Caller c) {
    return tree.remove(-(long) c.priority, c.seq, 0) != null;
  }

  boolean contains(Caller c) {
    return tree.get(-(long) c.priority, c.seq, 0) == c;
  }

  /** The number of callers served before {@code c} (whether or not {@code c} is in the set). */
  int countBefore(Caller c) {
    return tree.rank(-(long) c.priority, c.seq, 0);
  }

  /** The first caller in service order that has not tried {@code agent} this round, or null. */
  Caller firstNotTried(AgentId agent) {
    return tree.firstMatching(MAY_RING, agent);
  }

  Caller first() {
    return tree.first();
  }

  Caller last() {
    return tree.last();
  }

  int size() {
    return tree.size();
  }

  boolean isEmpty() {
    return tree.isEmpty();
  }

  /** A copy in service order, for walks that change the set. */
  List<Caller> toList() {
    return tree.toList();
  }

  @Override
  public Iterator<Caller> iterator() {
    return tree.iterator();
  }

  @Override
  public String toString() {
    return tree.toString();
  }
}
