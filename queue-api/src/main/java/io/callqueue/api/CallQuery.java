package io.callqueue.api;

import java.time.Instant;

/**
 * A question to the call list: the calls offered in {@code [from, to)}, optionally only of one
 * queue, handled by one agent, or with one outcome. Results come in {@code offeredAt} order (then
 * call id, then record id): the matching records after skipping the first {@code offset} of them,
 * at most {@code limit} (a page of the call list).
 *
 * <pre>{@code
 * CallQuery.between(dayStart, dayEnd).withQueue(QueueId.of("support")).withLimit(500)
 * CallQuery.between(dayStart, dayEnd).withOffset(100).withLimit(50)   // the third page of 50
 * }</pre>
 *
 * @param from first instant included (on {@link CallRecord#offeredAt()})
 * @param to first instant excluded
 * @param queue only this queue, or {@code null} for all
 * @param agent only calls handled by this agent ({@link CallRecord#handledBy()}), or {@code null}
 * @param outcome only this outcome, or {@code null} for all
 * @param limit the most records returned, &gt; 0; {@link #NO_LIMIT} for all
 * @param offset how many of the matching records (in result order) to skip first, &gt;= 0
 */
public record CallQuery(Instant from, Instant to, QueueId queue, AgentId agent,
    CallOutcome outcome, int limit, int offset) {
  /** A limit meaning "every matching record". */
  public static final int NO_LIMIT = Integer.MAX_VALUE;

  public CallQuery {
    if (from == null || to == null) {
      throw new IllegalArgumentException("a call query needs from and to");
    }
    if (to.isBefore(from)) {
      throw new IllegalArgumentException(
          "call query: to (" + to + ") is before from (" + from + ")");
    }
    if (limit <= 0) {
      throw new IllegalArgumentException("call query: limit must be > 0, was " + limit);
    }
    if (offset < 0) {
      throw new IllegalArgumentException("call query: offset must be >= 0, was " + offset);
    }
  }

  /** A query from the first matching record on (offset 0). */
  public CallQuery(Instant from, Instant to, QueueId queue, AgentId agent, CallOutcome outcome,
      int limit) {
    this(from, to, queue, agent, outcome, limit, 0);
  }

  /** Every call offered in {@code [from, to)}. */
  public static CallQuery between(Instant from, Instant to) {
    return new CallQuery(from, to, null, null, null, NO_LIMIT);
  }

  public CallQuery withQueue(QueueId q) {
    return new CallQuery(from, to, q, agent, outcome, limit, offset);
  }

  public CallQuery withAgent(AgentId a) {
    return new CallQuery(from, to, queue, a, outcome, limit, offset);
  }

  public CallQuery withOutcome(CallOutcome o) {
    return new CallQuery(from, to, queue, agent, o, limit, offset);
  }

  public CallQuery withLimit(int n) {
    return new CallQuery(from, to, queue, agent, outcome, n, offset);
  }

  /** The same query skipping the first {@code n} matching records (paging). */
  public CallQuery withOffset(int n) {
    return new CallQuery(from, to, queue, agent, outcome, limit, n);
  }

  /** Whether a record matches every condition but the offset and the limit. */
  public boolean matches(CallRecord r) {
    return !r.offeredAt().isBefore(from)
        && r.offeredAt().isBefore(to)
        && (queue == null || queue.equals(r.queue()))
        && (agent == null || r.handledBy().filter(agent::equals).isPresent())
        && (outcome == null || outcome == r.outcome());
  }
}
