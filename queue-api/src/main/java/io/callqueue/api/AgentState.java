package io.callqueue.api;

import java.util.EnumSet;
import java.util.Set;

/**
 * An agent's lifecycle. An agent has one state across all its queues. The legal transitions are
 * the table in {@link #next()}; the engine treats any other as a bug and throws.
 *
 * <pre>
 * LOGGED_OUT → AVAILABLE → RINGING → ON_CALL → WRAP_UP → AVAILABLE
 *                 ↕ PAUSED (from any logged-in state once its call is over)
 * </pre>
 *
 * <p>An agent that logs in or is unpaused before the wrap-up of its last call has run out goes to
 * {@code WRAP_UP} for the rest of it, so wrap-up is honoured whatever happens in between.
 */
public enum AgentState {
  /** Not active in any queue: never offered a call. */
  LOGGED_OUT,
  /** Active and idle: may be rung. */
  AVAILABLE,
  /** Being rung for exactly one caller. */
  RINGING,
  /** Talking to a caller the queue connected. */
  ON_CALL,
  /** After an answered call, for the queue's wrap-up time (capability 10). */
  WRAP_UP,
  /** Logged in but taking no calls. */
  PAUSED;

  /** The states this state may move to (an unmodifiable set). */
  public Set<AgentState> next() {
    return Transitions.NEXT.get(ordinal());
  }

  private Set<AgentState> computeNext() {
    return switch (this) {
      case LOGGED_OUT -> EnumSet.of(AVAILABLE, WRAP_UP, PAUSED);
      case AVAILABLE -> EnumSet.of(RINGING, PAUSED, LOGGED_OUT);
      case RINGING -> EnumSet.of(ON_CALL, AVAILABLE, PAUSED, LOGGED_OUT);
      case ON_CALL -> EnumSet.of(WRAP_UP, AVAILABLE, PAUSED, LOGGED_OUT);
      case WRAP_UP -> EnumSet.of(AVAILABLE, PAUSED, LOGGED_OUT);
      case PAUSED -> EnumSet.of(AVAILABLE, WRAP_UP, LOGGED_OUT);
    };
  }

  /** Whether moving from this state to {@code target} is legal. */
  public boolean canMoveTo(AgentState target) {
    return Transitions.NEXT.get(ordinal()).contains(target);
  }

  /** The table, built once (an enum's constants cannot read a static field of their own). */
  private static final class Transitions {
    static final java.util.List<Set<AgentState>> NEXT = build();

    private static java.util.List<Set<AgentState>> build() {
      java.util.List<Set<AgentState>> table = new java.util.ArrayList<>();
      for (AgentState s : values()) {
        table.add(java.util.Collections.unmodifiableSet(s.computeNext()));
      }
      return java.util.List.copyOf(table);
    }
  }

  /** Logged in and not paused: counts as an active member for {@link JoinPolicy}. */
  public boolean isActive() {
    return this != LOGGED_OUT && this != PAUSED;
  }
}
