package io.callqueue.benchmarks.jmh;

/**
 * The facade the dispatch benchmark drives: one routing decision plus whatever brings the router
 * back to a comparable state, so that every operation is measured in the same steady state.
 * Agents, queues and call slots are the indexes of a {@link Topology}.
 *
 * <p>Each router is built for one {@link Scenario}; the other operation is not valid on it.
 */
interface Router {

  /** The steady state a router is built in. */
  enum Scenario {
    /**
     * Every agent is on a call and callers wait in every staffed queue (a fixed number per queue,
     * with mixed caller priorities). {@link #agentFree} is the operation.
     */
    BUSY_AGENTS,
    /**
     * Every agent is logged in, about half of them paused (as {@link Topology#paused}), the others
     * available, and no caller waits. {@link #callArrives} is the operation.
     */
    IDLE_AGENTS
  }

  /**
   * Scenario {@link Scenario#BUSY_AGENTS}. The call of {@code agent} ends; the router chooses
   * which waiting caller the freed agent serves (among the agent's queues: heavier queue first,
   * then higher caller priority, then earlier arrival) and rings the agent for it. The agent
   * answers, so the chosen caller leaves its queue; then a new caller with the chosen caller's
   * priority arrives at the chosen caller's queue (reusing the ended call's slot) and waits, as
   * no agent is free. Queue lengths and the priority mix are therefore unchanged.
   *
   * @return the slot of the caller chosen
   */
  int agentFree(int agent);

  /**
   * Scenario {@link Scenario#IDLE_AGENTS}. A caller of {@code priority} arrives at {@code queue};
   * the router chooses the agent(s) to ring by the queue's strategy within the best membership
   * tier that has an available agent (all of that tier for ring-all) and rings them. The first
   * agent rung answers (any others are cancelled), the call lasts one clock tick and ends, so the
   * agent is available again with one more call and a later last-call time.
   *
   * @return the agent that took the call, or -1 when no agent could be rung (the caller then
   *     hangs up)
   */
  int callArrives(int queue, int priority);

  /** Creates the router named {@code kind} ("engine" or "scan"). */
  static Router create(String kind, Topology topology, String strategy, Scenario scenario,
      int waitingPerQueue, long seed) {
    return switch (kind) {
      case "engine" -> new EngineRouter(topology, strategy, scenario, waitingPerQueue, seed);
      case "scan" -> new ScanRouter(topology, strategy, scenario, waitingPerQueue, seed);
      default -> throw new IllegalArgumentException("unknown router '" + kind
          + "'; known: engine, scan");
    };
  }
}
