package io.callqueue.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What the engine knows when it asks a {@link WaitTimeEstimator} about one waiting caller. Built by
 * the engine on its own thread; immutable.
 *
 * <p>Agents are counted among those serving the caller's queue: {@code agentsServing} (s) are the
 * members logged in and not paused. Each of them is idle ({@code agentsAvailable}), on a call (one
 * entry in {@code talkElapsed}), in wrap-up (one entry in {@code wrapUpRemaining}) or otherwise
 * engaged, e.g. being rung for a caller; so {@code agentsAvailable + talkElapsed.size() +
 * wrapUpRemaining.size() <= agentsServing}. An agent on a call from another queue counts as on a
 * call here too.
 *
 * @param now the engine time of the estimate
 * @param waited this caller's time in the queue so far
 * @param position the caller's position in its own queue, 1 = next
 * @param aheadInHeavierQueues callers waiting in higher-weight queues that share this queue's
 *     agents and will therefore be served first (capability 18); the engine computes it
 * @param agentsServing s: members of the queue logged in and not paused
 * @param agentsAvailable members idle now
 * @param talkElapsed one entry per member on a call now: the talk time elapsed so far
 * @param wrapUpRemaining one entry per member in wrap-up: the wrap-up time left
 * @param headOfLineWait the current wait of the caller at the head of this queue; zero if none
 * @param history the queue's recent history
 * @param heavierLoad the agents of this queue kept busy, on average, by callers of the heavier
 *     queues that share them, in erlangs: each heavier queue's carried load (the handle time of
 *     its recent calls per unit of time) times the share of its active members that also serve
 *     this queue. Callers of those queues who arrive while this caller waits are served first, so
 *     this much of the shared agents' capacity is not this queue's. Zero without heavier queues;
 *     the engine computes it
 */
public record EstimateInput(
    Instant now,
    Duration waited,
    int position,
    int aheadInHeavierQueues,
    int agentsServing,
    int agentsAvailable,
    List<Duration> talkElapsed,
    List<Duration> wrapUpRemaining,
    Duration headOfLineWait,
    RecentHistory history,
    double heavierLoad) {

  /**
   * Checks and copies the arguments.
   *
   * @throws IllegalArgumentException when a count or {@code heavierLoad} is negative,
   *     {@code heavierLoad} is not finite, {@code position < 1}, a duration is negative, or the
   *     agents do not add up (see the class comment)
   * @throws NullPointerException when an argument or list element is null
   */
  public EstimateInput {
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(history, "history");
    notNegative("waited", waited);
    notNegative("headOfLineWait", headOfLineWait);
    talkElapsed = List.copyOf(talkElapsed);
    wrapUpRemaining = List.copyOf(wrapUpRemaining);
    for (Duration d : talkElapsed) {
      notNegative("talkElapsed entry", d);
    }
    for (Duration d : wrapUpRemaining) {
      notNegative("wrapUpRemaining entry", d);
    }
    if (position < 1) {
      throw new IllegalArgumentException("position must be >= 1, was " + position);
    }
    if (aheadInHeavierQueues < 0) {
      throw new IllegalArgumentException(
          "aheadInHeavierQueues must be >= 0, was " + aheadInHeavierQueues);
    }
    if (agentsServing < 0) {
      throw new IllegalArgumentException("agentsServing must be >= 0, was " + agentsServing);
    }
    if (agentsAvailable < 0) {
      throw new IllegalArgumentException("agentsAvailable must be >= 0, was " + agentsAvailable);
    }
    if (!(heavierLoad >= 0) || Double.isInfinite(heavierLoad)) {
      throw new IllegalArgumentException("heavierLoad must be finite and >= 0, was " + heavierLoad);
    }
    long engaged = (long) agentsAvailable + talkElapsed.size() + wrapUpRemaining.size();
    if (engaged > agentsServing) {
      throw new IllegalArgumentException("agentsAvailable (" + agentsAvailable + ") + on a call ("
          + talkElapsed.size() + ") + in wrap-up (" + wrapUpRemaining.size()
          + ") must be <= agentsServing (" + agentsServing + ")");
    }
  }

  /** An input with no load from heavier queues ({@code heavierLoad} 0). */
  public EstimateInput(Instant now, Duration waited, int position, int aheadInHeavierQueues,
      int agentsServing, int agentsAvailable, List<Duration> talkElapsed,
      List<Duration> wrapUpRemaining, Duration headOfLineWait, RecentHistory history) {
    this(now, waited, position, aheadInHeavierQueues, agentsServing, agentsAvailable, talkElapsed,
        wrapUpRemaining, headOfLineWait, history, 0);
  }

  /**
   * The callers that will be served before this one: {@code position - 1 + aheadInHeavierQueues}.
   */
  public int callersAhead() {
    return position - 1 + aheadInHeavierQueues;
  }

  /**
   * Serving agents that are neither idle, on a call nor in wrap-up (for example being rung for a
   * caller ahead).
   */
  public int agentsOtherwiseEngaged() {
    return agentsServing - agentsAvailable - talkElapsed.size() - wrapUpRemaining.size();
  }

  private static void notNegative(String what, Duration d) {
    Objects.requireNonNull(d, what);
    if (d.isNegative()) {
      throw new IllegalArgumentException(what + " must be >= 0, was " + d);
    }
  }
}
