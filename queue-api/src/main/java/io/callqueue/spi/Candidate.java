package io.callqueue.spi;

import io.callqueue.api.AgentId;

/**
 * An available agent as a distribution strategy sees it: fixed while the agent stays available
 * (the engine replaces it when the agent becomes available again), so a pool may key an ordered
 * index on its fields.
 *
 * @param agent the agent
 * @param memberOrder the membership's position in the queue (added earlier = smaller); unique
 *     within a queue
 * @param lastCallEndedMillis engine time (ms) the agent's last answered call ended, or
 *     {@link Long#MIN_VALUE} when it has had none
 * @param callsAnswered answered calls since the engine started
 * @param talkTimeMillis total talk time since the engine started
 */
public record Candidate(AgentId agent, long memberOrder, long lastCallEndedMillis,
    int callsAnswered, long talkTimeMillis) {}
