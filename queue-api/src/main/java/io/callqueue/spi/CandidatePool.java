package io.callqueue.spi;

import io.callqueue.api.AgentId;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The available agents of one priority tier of one queue, indexed in the order a strategy prefers
 * them. The engine adds a candidate when the agent becomes available and removes it (the same
 * instance) when it stops being available. Called only on the engine's thread.
 *
 * <p>One exception, for strategies that {@linkplain DistributionStrategy#ringsAll() ring all}: an
 * agent whose every queue rings all keeps its candidate in the pools while it rings a round, and
 * is removed only if it does not come back available with the same figures (it answered, was
 * paused, changed tier). A cancelled leg then costs no remove and add. Such a pool may therefore
 * visit, in {@link #forEach} and {@link #pick}, candidates of agents that are ringing; the engine
 * skips them. Pools of other strategies hold available agents only.
 *
 * <p>Implementations should make {@link #add}, {@link #remove} and {@link #pick} O(log n).
 */
public interface CandidatePool {

  void add(Candidate candidate);

  void remove(Candidate candidate);

  /**
   * The candidate this strategy rings next among those {@code allowed} admits (agents already
   * tried for the caller in this round are not allowed), or {@code null} when none is.
   */
  Candidate pick(Predicate<AgentId> allowed);

  /** Visits every candidate (used by ring-all strategies). */
  void forEach(Consumer<Candidate> action);

  /** Whether the pool holds no candidate. */
  boolean isEmpty();

  /** Told when a picked candidate is rung; round-robin strategies remember it here. */
  default void rung(Candidate candidate) {}
}
