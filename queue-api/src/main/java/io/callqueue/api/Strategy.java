package io.callqueue.api;

import java.util.Locale;

/**
 * The built-in distribution strategies (capability 3). Each is a named
 * {@link io.callqueue.spi.DistributionStrategy}; a queue names its strategy by {@link #id()}, so a
 * user-registered strategy is named the same way.
 *
 * <p>Every strategy first restricts the candidates to the best (lowest) membership priority tier
 * that has an available agent not yet tried for this caller in the current round; the rules below
 * order the agents inside that tier. Ties end on the membership order (the order in which members
 * were added to the queue).
 */
public enum Strategy {
  /** Ring every candidate of the best tier at once; the first to answer gets the caller. */
  RING_ALL("ringall"),
  /** Ring one agent at a time in membership order, each round from the top. */
  LINEAR("linear"),
  /** The agent whose last call ended longest ago (never called: first); tie: membership order. */
  LEAST_RECENT("leastrecent"),
  /** The agent with the fewest answered calls; tie: least recent, then membership order. */
  FEWEST_CALLS("fewestcalls"),
  /** The agent with the least total talk time; tie: fewest calls, then membership order. */
  LEAST_TALK_TIME("leasttalktime"),
  /** A uniformly random candidate (seeded: an engine built with a seed repeats its choices). */
  RANDOM("random"),
  /** Round robin with queue-wide memory: the next member after the one rung last, wrapping. */
  ROUND_ROBIN("rrmemory");

  private final String id;

  Strategy(String id) {
    this.id = id;
  }

  /** The name a queue configuration uses for this strategy, e.g. {@code "ringall"}. */
  public String id() {
    return id;
  }

  /**
   * The built-in strategy with this id or enum name (case-insensitive), or {@code null} when none.
   */
  public static Strategy byName(String name) {
    if (name == null) {
      return null;
    }
    String n = name.trim().toLowerCase(Locale.ROOT);
    for (Strategy s : values()) {
      if (s.id.equals(n) || s.name().toLowerCase(Locale.ROOT).equals(n)) {
        return s;
      }
    }
    return null;
  }
}
