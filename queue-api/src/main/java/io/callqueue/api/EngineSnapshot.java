package io.callqueue.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An immutable picture of the whole engine at one instant: every queue with its waiting callers
 * and members, and every agent.
 *
 * @param at when it was taken (engine clock)
 * @param queues every queue by id
 * @param agents every agent by id
 */
public record EngineSnapshot(Instant at, Map<QueueId, QueueSnapshot> queues,
    Map<AgentId, AgentSnapshot> agents) {
  public EngineSnapshot {
    queues = Map.copyOf(queues);
    agents = Map.copyOf(agents);
  }

  /** The queue, or an exception naming it when there is none. */
  public QueueSnapshot queue(QueueId id) {
    QueueSnapshot q = queues.get(id);
    if (q == null) {
      throw new CallQueueException("no queue '" + id + "'");
    }
    return q;
  }

  /** The agent, or an exception naming it when there is none. */
  public AgentSnapshot agent(AgentId id) {
    AgentSnapshot a = agents.get(id);
    if (a == null) {
      throw new CallQueueException("no agent '" + id + "'");
    }
    return a;
  }

  /**
   * One queue.
   *
   * @param config its configuration
   * @param waiting its callers in service order (position 1 first)
   * @param members its members in membership order
   * @param estimatedWait the wait a caller joining now is estimated to have (the queue's
   *     estimator), or {@code null} when the estimator has no basis yet
   */
  public record QueueSnapshot(QueueConfig config, List<WaitingCaller> waiting,
      List<MemberSnapshot> members, Duration estimatedWait) {
    public QueueSnapshot {
      waiting = List.copyOf(waiting);
      members = List.copyOf(members);
    }

    /** The longest current wait, zero when nobody waits. */
    public Duration longestWait() {
      return waiting.stream().map(WaitingCaller::waited).max(Duration::compareTo)
          .orElse(Duration.ZERO);
    }

    /** How many members are in this state. */
    public long membersIn(AgentState state) {
      return members.stream().filter(m -> m.state() == state).count();
    }
  }

  /**
   * A caller waiting in a queue.
   *
   * @param position 1 = next to be served
   * @param ringing the agents being rung for this caller now
   */
  public record WaitingCaller(CallId call, String callerNumber, int priority, int position,
      Instant joinedAt, Duration waited, List<AgentId> ringing) {
    public WaitingCaller {
      ringing = List.copyOf(ringing);
    }
  }

  /** A queue member. */
  public record MemberSnapshot(AgentId agent, int priority, AgentState state) {}

  /**
   * An agent.
   *
   * @param since when it entered its current state
   * @param pauseReason why it is paused, or {@code null}
   * @param call the caller it is ringing for or talking to, or {@code null}
   * @param registered whether its SIP account is registered (false for external numbers)
   * @param callsAnswered answered calls since the engine started
   * @param callsMissed ring attempts that ended in no answer, busy, rejected or unreachable
   * @param talkTime total talk time of finished calls
   */
  public record AgentSnapshot(AgentConfig config, AgentState state, Instant since,
      String pauseReason, CallId call, boolean registered, int callsAnswered, int callsMissed,
      Duration talkTime) {}
}
