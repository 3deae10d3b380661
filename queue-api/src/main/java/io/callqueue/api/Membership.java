package io.callqueue.api;

/**
 * An agent's membership in a queue (capabilities 2 and 5).
 *
 * @param queue the queue
 * @param agent the agent
 * @param priority the tier: lower is better. Agents of the best tier that have an available agent
 *     are tried first; a worse tier only when no better agent is available for the caller. 0 is the
 *     default; must be 0..1000.
 */
public record Membership(QueueId queue, AgentId agent, int priority) {
  /** Highest allowed priority number (the worst tier). */
  public static final int MAX_PRIORITY = 1000;

  public Membership {
    if (queue == null || agent == null) {
      throw new IllegalArgumentException("membership needs a queue and an agent");
    }
    if (priority < 0 || priority > MAX_PRIORITY) {
      throw new IllegalArgumentException(
          "membership of agent '" + agent + "' in queue '" + queue + "': priority must be 0.."
              + MAX_PRIORITY + ", was " + priority);
    }
  }

  /** A membership of the best tier (priority 0). */
  public static Membership of(QueueId queue, AgentId agent) {
    return new Membership(queue, agent, 0);
  }
}
