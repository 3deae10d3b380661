package io.callqueue.core;

import io.callqueue.spi.Candidate;
import io.callqueue.spi.CandidatePool;

/** An agent's membership in a queue; holds its candidate while the agent is available. */
final class Member {
  final QueueState queue;
  final Agent agent;
  int priority;
  final long order;
  /** The agent's entry in the queue's tier pool while it is available, else null. */
  Candidate candidate;
  /** The last candidate made for this membership; reused while the agent's figures are the same. */
  Candidate lastCandidate;
  /**
   * The agent's candidate left in the tier pool while it rings a ring-all round (the agent is not
   * available; {@link #candidate} is null), so a cancelled leg need not re-enter the pool; null
   * otherwise. See {@code EngineCore#parks}.
   */
  Candidate parked;
  /** The pool of this member's tier, once looked up; null after the tier or strategy changes. */
  CandidatePool pool;

  Member(QueueState queue, Agent agent, int priority, long order) {
    this.queue = queue;
    this.agent = agent;
    this.priority = priority;
    this.order = order;
  }
}
