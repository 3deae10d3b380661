package io.callqueue.core;

import io.callqueue.spi.Candidate;

/** An agent's membership in a queue; holds its candidate while the agent is available. */
final class Member {
  final QueueState queue;
  final Agent agent;
  int priority;
  final long order;
  /** The agent's entry in the queue's tier pool while it is available, else null. */
  Candidate candidate;

  Member(QueueState queue, Agent agent, int priority, long order) {
    this.queue = queue;
    this.agent = agent;
    this.priority = priority;
    this.order = order;
  }
}
