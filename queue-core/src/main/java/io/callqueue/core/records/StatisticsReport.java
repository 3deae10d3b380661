package io.callqueue.core.records;

import io.callqueue.api.AgentId;
import io.callqueue.api.QueueId;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Statistics of the calls offered in {@code [from, to)}: per queue, all queues together, and per
 * agent.
 *
 * @param from first instant included
 * @param to first instant excluded
 * @param queues every queue that was offered a call, by id
 * @param allQueues the queues together (its {@code queue} is {@code null})
 * @param agents every agent that was rung or handled a call, by id
 */
public record StatisticsReport(Instant from, Instant to, SortedMap<QueueId, QueueStats> queues,
    QueueStats allQueues, SortedMap<AgentId, AgentStats> agents) {
  public StatisticsReport {
    queues = Collections.unmodifiableSortedMap(new TreeMap<>(queues));
    agents = Collections.unmodifiableSortedMap(new TreeMap<>(agents));
  }

  /** The queue's statistics; all zero when it was offered no call. */
  public QueueStats queue(QueueId id) {
    QueueStats s = queues.get(id);
    return s != null ? s : CallStatistics.empty(id);
  }

  /** The agent's statistics; all zero when it was neither rung nor handled a call. */
  public AgentStats agent(AgentId id) {
    AgentStats s = agents.get(id);
    return s != null ? s : new AgentStats(id, 0, 0, 0, 0, Duration.ZERO);
  }
}
