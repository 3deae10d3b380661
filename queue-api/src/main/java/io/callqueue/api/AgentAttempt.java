package io.callqueue.api;

import java.time.Duration;
import java.time.Instant;

/**
 * One ring of one agent for a caller, as kept in a {@link CallRecord}.
 *
 * @param agent the agent rung
 * @param rungAt when ringing started
 * @param endedAt when ringing ended (answer, failure or cancellation)
 * @param result how it ended
 */
public record AgentAttempt(AgentId agent, Instant rungAt, Instant endedAt, Result result) {
  public AgentAttempt {
    if (agent == null || rungAt == null || endedAt == null || result == null) {
      throw new IllegalArgumentException(
          "an agent attempt needs agent, rungAt, endedAt and result");
    }
    if (endedAt.isBefore(rungAt)) {
      throw new IllegalArgumentException(
          "agent attempt of " + agent + " ended at " + endedAt + " before it was rung at "
              + rungAt);
    }
  }

  /** How long the agent's phone rang. */
  public Duration ringTime() {
    return Duration.between(rungAt, endedAt);
  }

  /** Whether the agent could have answered and did not (see {@link Result#missed()}). */
  public boolean missed() {
    return result.missed();
  }

  /** How an attempt ended. */
  public enum Result {
    /** The agent answered and was connected with the caller. */
    ANSWERED,
    /** The phone rang until the ring timeout (or the far end reported no answer). */
    NO_ANSWER,
    /** The agent's phone was busy. */
    BUSY,
    /** The agent declined the call. */
    REJECTED,
    /** The agent's phone could not be reached. */
    UNREACHABLE,
    /** The engine stopped the ring: another agent answered, the caller left, the agent left. */
    CANCELLED,
    /**
     * The agent's leg answered (often a voicemail) but the answer was not confirmed with the
     * confirm key: a missed ring (issue 16, {@link RingFailure#UNCONFIRMED}).
     */
    UNCONFIRMED;

    /** The attempt result of an engine ring result. */
    public static Result of(QueueEvent.RingResult ring) {
      return switch (ring) {
        case NO_ANSWER -> NO_ANSWER;
        case BUSY -> BUSY;
        case REJECTED -> REJECTED;
        case UNREACHABLE -> UNREACHABLE;
        case CANCELLED -> CANCELLED;
        case UNCONFIRMED -> UNCONFIRMED;
      };
    }

    /**
     * Whether this counts as a missed call of the agent: every result but {@code ANSWERED} and
     * {@code CANCELLED} (a cancelled ring is the engine's doing, not the agent's).
     */
    public boolean missed() {
      return this != ANSWERED && this != CANCELLED;
    }
  }
}
