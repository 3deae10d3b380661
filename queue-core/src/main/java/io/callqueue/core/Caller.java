package io.callqueue.core;

import io.callqueue.api.AgentId;
import io.callqueue.api.CallId;
import io.callqueue.api.CallOffer;
import io.callqueue.spi.Scheduler;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
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
    CONNECTED,
    /**
     * A kept-place callback whose customer was not reached, out of the queue until its retry
     * timer ({@link #retryTimer}) puts it back at its place.
     */
    CALLBACK_RETRY
  }

  final CallId id;
  final CallOffer offer;
  final QueueState queue;
  final int priority;
  final long seq;
  final long joinedMillis;
  Phase phase = Phase.WAITING;

  /**
   * Agents ringing for this caller now, in the order rung: {@code legs[0, legEnd)}, with null
   * where a leg has ended; {@link #liveLegs} counts the others. Each agent holds its slot
   * ({@link Agent#ringSlot}), so adding, ending and checking a leg cost O(1) and need no entry
   * object (ring-all rings hundreds at once); when the last leg ends the slots are reused. Null
   * until the first ring, so a waiting caller costs no array.
   */
  private Agent[] legs;
  private int legEnd;
  private int liveLegs;
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
  /** Attempts to reach the customer of a kept-place callback so far (agents who answered). */
  int callbackAttempts;

  Caller(CallOffer offer, QueueState queue, long seq, long joinedMillis) {
    this.id = offer.call();
    this.offer = offer;
    this.queue = queue;
    this.priority = offer.priority();
    this.seq = seq;
    this.joinedMillis = joinedMillis;
  }

  /** Orders callers across queues by who is served first: see {@link #better}. */
  static int compareService(Caller a, Caller b) {
    return a == b ? 0 : better(a, b) ? -1 : 1;
  }

  /** Whether {@code a} should be served before {@code b}: heavier queue, then priority, arrival. */
  static boolean better(Caller a, Caller b) {
    int wa = a.queue.config.weight();
    int wb = b.queue.config.weight();
    if (wa != wb) {
      return wa > wb;
    }
    if (a.priority != b.priority) {
      return a.priority > b.priority;
    }
    return a.seq < b.seq;
  }

  void addRinging(Agent agent) {
    if (isRinging(agent)) {
      return;
    }
    if (legs == null) {
      legs = new Agent[1];
    } else if (legEnd == legs.length) {
      legs = Arrays.copyOf(legs, legEnd * 2);
    }
    agent.ringSlot = legEnd;
    legs[legEnd++] = agent;
    liveLegs++;
  }

  /** Ends an agent's leg; returns whether it was ringing for this caller. */
  boolean removeRinging(Agent agent) {
    if (!isRinging(agent)) {
      return false;
    }
    legs[agent.ringSlot] = null;
    if (--liveLegs == 0) {
      legEnd = 0;
    }
    return true;
  }

  /** Whether {@code agent} rings for this caller now. */
  boolean isRinging(Agent agent) {
    int slot = agent == null ? -1 : agent.ringSlot;
    return slot >= 0 && slot < legEnd && legs[slot] == agent;
  }

  /** Whether no agent rings for this caller. */
  boolean ringsNobody() {
    return liveLegs == 0;
  }

  /** The agents ringing for this caller, in the order rung (a copy). */
  List<Agent> ringingAgents() {
    if (liveLegs == 0) {
      return List.of();
    }
    if (liveLegs == 1) {
      for (int i = 0; i < legEnd; i++) {
        if (legs[i] != null) {
          return List.of(legs[i]);
        }
      }
    }
    List<Agent> list = new ArrayList<>(liveLegs);
    for (int i = 0; i < legEnd; i++) {
      if (legs[i] != null) {
        list.add(legs[i]);
      }
    }
    return list;
  }

  boolean triedAgent(AgentId agent) {
    return tried != null && tried.contains(agent);
  }

  /** Whether this caller may ring {@code agent} in this round (it has not tried it). */
  boolean mayRing(AgentId agent) {
    return tried == null || !tried.contains(agent);
  }

  void markTried(AgentId agent) {
    if (tried == null) {
      tried = new HashSet<>(4);
    }
    tried.add(agent);
  }

  boolean inQueue() {
    return phase == Phase.WAITING || phase == Phase.RINGING || phase == Phase.RETRY;
  }

  @Override
  public String toString() {
    return id.value();
  }
}
