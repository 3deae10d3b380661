package io.callqueue.spi;

import io.callqueue.api.AgentId;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The available agents of one priority tier of one queue, indexed in the order a strategy prefers
 * them. The engine adds a candidate when the agent becomes available and removes it (the same
 * instance) when it stops being available. Called only on the engine's thread.
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
