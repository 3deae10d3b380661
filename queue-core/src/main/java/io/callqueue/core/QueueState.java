package io.callqueue.core;

import io.callqueue.api.AgentId;
import io.callqueue.api.QueueConfig;
import io.callqueue.spi.CandidatePool;
import io.callqueue.spi.DistributionStrategy;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A queue's mutable state; owned by the engine thread. {@link #waiting} holds every caller in the
 * queue in service order (an order-statistic tree, so a position costs O(log n));
 * {@link #dispatchable} the subset that may be matched now (not ringing, not in retry).
 * {@link #pools} maps each priority tier to the pool of its available members.
 */
final class QueueState {
  QueueConfig config;
  DistributionStrategy strategy;
  io.callqueue.core.announce.Announcements announcements;
  io.callqueue.core.estimate.QueueHistory history;
  /** A sweep for improved positions is scheduled. */
  boolean improvementSweepPending;
  final Map<AgentId, Member> members = new LinkedHashMap<>();
  final TreeMap<Integer, CandidatePool> pools = new TreeMap<>();
  /** The values of {@link #pools} in tier order, for walks that should not allocate. */
  CandidatePool[] tiers = new CandidatePool[0];
  final CallerSet waiting = new CallerSet();
  final CallerSet dispatchable = new CallerSet();
  long nextMemberOrder;
  /** {@code strategy.ringsAll()}, kept with the strategy (read per leg and per dispatch). */
  boolean ringsAll;
  /** Members whose candidate is parked in a pool while they ring a ring-all round. */
  int parkedMembers;
  /** Members logged in and not paused. */
  int activeMembers;
  /** Members logged in (paused or not). */
  int loggedInMembers;

  QueueState(QueueConfig config, DistributionStrategy strategy,
      io.callqueue.core.announce.Announcements announcements) {
    this.config = config;
    this.strategy = strategy;
    this.ringsAll = strategy.ringsAll();
    this.announcements = announcements;
  }

  /** 1-based position of a caller in the queue (0 when the queue is empty): O(log n). */
  int positionOf(Caller c) {
    return waiting.isEmpty() ? 0 : waiting.countBefore(c) + 1;
  }

  /**
   * What a ring of this queue asks of an agent who must confirm the answer (issue 16): the
   * queue's {@code agent-confirm} prompt ("press 1 to take this call"), key 1 and its confirm
   * timeout. Built per ring (the config and prompts may have been updated), only for such rings.
   */
  io.callqueue.spi.AnswerConfirmation answerConfirmation() {
    return new io.callqueue.spi.AnswerConfirmation(announcements.confirmAnswer(), '1',
        config.confirmTimeout());
  }

  @Override
  public String toString() {
    return config.id().value();
  }
}
