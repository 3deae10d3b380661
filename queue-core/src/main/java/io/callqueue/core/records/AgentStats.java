package io.callqueue.core.records;

import io.callqueue.api.AgentId;
import java.time.Duration;
import java.util.Optional;

/**
 * Call statistics of one agent over a time range, over all queues.
 *
 * @param agent the agent
 * @param answered queue calls the agent answered
 * @param callbacks kept-place callbacks the agent made
 * @param missedAttempts rings the agent did not answer: no answer, busy, rejected or unreachable
 *     (a ring the engine cancelled is not missed)
 * @param talkCount conversations (answered calls and callbacks) whose end is known
 * @param totalTalk their summed talk time
 */
public record AgentStats(AgentId agent, int answered, int callbacks, int missedAttempts,
    int talkCount, Duration totalTalk) {

  /** Average talk time of the agent's ended conversations. */
  public Optional<Duration> averageTalk() {
    return QueueStats.average(totalTalk, talkCount);
  }
}
