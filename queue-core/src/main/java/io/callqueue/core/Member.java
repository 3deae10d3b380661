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
  /** The pool of this member's tier, once looked up; null after the tier or strategy changes. */
  CandidatePool pool;

  Member(QueueState queue, Agent agent, int priority, long order) {
    this.queue = queue;
    this.agent = agent;
    this.priority = priority;
    this.order = order;
  }
}
