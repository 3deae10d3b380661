package io.callqueue.core;

import io.callqueue.api.AgentId;
import io.callqueue.api.CallId;
import io.callqueue.api.CallOffer;
import io.callqueue.spi.Scheduler;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;

/** A call in the engine's care, from joining a queue until its conversation ends. */
final class Caller {
  /** Service order inside a queue: higher caller priority first, then arrival. */
  static final Comparator<Caller> ORDER =
      Comparator.comparingLong((Caller c) -> -(long) c.priority).thenComparingLong(c -> c.seq);

  enum Phase {
    /** In the queue with no agent ringing: may be matched with an agent. */
    WAITING,
    /** In the queue with one or more agents ringing. */
    RINGING,
    /** In the queue, waiting the retry delay after a full unanswered round. */
    RETRY,
    /** Connected to an agent; no longer in the queue. */
    CONNECTED
  }

  final CallId id;
  final CallOffer offer;
  final QueueState queue;
  final int priority;
  final long seq;
  final long joinedMillis;
  Phase phase = Phase.WAITING;

  /**
   * Agents ringing for this caller now (several for ring-all); the shared empty set until the
   * first ring, so a waiting caller costs no set of its own.
   */
  Set<Agent> ringing = Collections.emptySet();
  /** Agents that failed for this caller in the current round; null until one does. */
  Set<AgentId> tried;
  int attempts;
  long ringGeneration;

  Scheduler.Cancellable ringTimer;
  Scheduler.Cancellable retryTimer;
  Scheduler.Cancellable maxWaitTimer;

  Agent agent;
  long answeredMillis;

  // caller experience
  Scheduler.Cancellable announceTimer;
  Scheduler.Cancellable periodicTimer;
  /** A prompt sequence is playing (music is off until it finishes). */
  boolean playing;
  /** An announcement fell due while a prompt played; it runs when that prompt finishes. */
  boolean announcePending;
  boolean periodicPending;
  long lastAnnouncedMillis = Long.MIN_VALUE;
  int lastAnnouncedPosition;
  boolean estimateAnnounced;
  /** A kept-place callback request: the customer hung up and waits to be called back. */
  boolean callback;
  long callbackRequestedMillis;

  Caller(CallOffer offer, QueueState queue, long seq, long joinedMillis) {
    this.id = offer.call();
    this.offer = offer;
    this.queue = queue;
    this.priority = offer.priority();
    this.seq = seq;
    this.joinedMillis = joinedMillis;
  }

  void addRinging(Agent agent) {
    if (ringing.isEmpty()) {
      ringing = new LinkedHashSet<>(2);
    }
    ringing.add(agent);
  }

  boolean triedAgent(AgentId agent) {
    return tried != null && tried.contains(agent);
  }

  void markTried(AgentId agent) {
    if (tried == null) {
      tried = new HashSet<>(4);
    }
    tried.add(agent);
  }

  boolean inQueue() {
    return phase != Phase.CONNECTED;
  }

  @Override
  public String toString() {
    return id.value();
  }
}
