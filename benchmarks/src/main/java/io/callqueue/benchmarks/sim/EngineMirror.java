package io.callqueue.benchmarks.sim;

import io.callqueue.api.AgentId;
import io.callqueue.api.AgentState;
import io.callqueue.api.CallId;
import io.callqueue.api.QueueEvent;
import io.callqueue.api.QueueId;
import io.callqueue.core.estimate.QueueHistory;
import io.callqueue.spi.EstimateInput;
import io.callqueue.spi.Scheduler.Cancellable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the engine's wait-time estimator would see, rebuilt from the engine's events: each agent's
 * state (with when its talk started and when its wrap-up ends), each queue's waiting callers in
 * service order, and each queue's {@link QueueHistory} fed exactly as the engine feeds its own
 * (answered, abandoned and other ends of waiting from {@code CallerLeft}; talk and wrap-up from
 * {@code CallCompleted}), and whom each ringing agent rings for. From that it builds an
 * {@link EstimateInput} for any waiting caller at any moment, the way the engine's
 * {@code WaitEstimates} does (a ringing agent is free when it rings for this caller, "otherwise
 * engaged" when it rings for a caller ahead, and starting a call when it rings for anyone else),
 * so every estimator can be asked
 * about the same caller at the same moment. (The engine exposes no hook for an input of a caller
 * it does not announce to; the simulator checks this mirror against the engine's own announced
 * estimates when {@link Scenario#announceEvery()} is set.)
 *
 * <p>Also integrates each agent's busy time (on a call or in wrap-up) for occupancy.
 *
 * <p>Assumes what the simulator guarantees: every caller has priority 0 (service order is arrival
 * order), every agent is logged in before the first call and never paused, memberships are fixed.
 * Cost per event O(1); an input costs O(members) plus O(position) for a re-estimate.
 */
final class EngineMirror {

  /** One agent as the events describe it. */
  static final class AgentTrack {
    final AgentId id;
    final String name;
    AgentState state = AgentState.LOGGED_OUT;
    long sinceMillis;
    long busyMillis;
    long answeredMillis;
    long wrapEndsMillis;
    /** The caller this agent rings for (RINGING only), else null. */
    CallTrack ringingFor;
    final List<QueueTrack> queues = new ArrayList<>(2);

    AgentTrack(AgentId id) {
      this.id = id;
      this.name = id.value();
    }

    boolean busy() {
      return state == AgentState.ON_CALL || state == AgentState.WRAP_UP;
    }

    /** Busy time up to {@code nowMillis}. */
    long busyUntil(long nowMillis) {
      return busyMillis + (busy() ? nowMillis - sinceMillis : 0);
    }
  }

  /** One waiting caller. */
  static final class CallTrack {
    final CallId id;
    final QueueTrack queue;
    final long joinedMillis;
    final long seq;
    final boolean measured;
    Cancellable reestimate;

    CallTrack(CallId id, QueueTrack queue, long joinedMillis, long seq, boolean measured) {
      this.id = id;
      this.queue = queue;
      this.joinedMillis = joinedMillis;
      this.seq = seq;
      this.measured = measured;
    }
  }

  /** One queue as the events describe it. */
  static final class QueueTrack {
    final int index;
    final QueueId id;
    final int weight;
    final long wrapUpMillis;
    final QueueHistory history;
    final List<AgentTrack> members = new ArrayList<>();
    final List<QueueTrack> heavierSharing = new ArrayList<>();
    final LinkedHashMap<CallId, CallTrack> waiting = new LinkedHashMap<>();

    QueueTrack(int index, QueueId id, int weight, Duration wrapUp, Duration historyWindow) {
      this.index = index;
      this.id = id;
      this.weight = weight;
      this.wrapUpMillis = wrapUp.toMillis();
      this.history = new QueueHistory(historyWindow);
    }

    /** The caller's position, 1 = next: a walk from the head, O(position). */
    int positionOf(CallTrack c) {
      int p = 1;
      for (Iterator<CallTrack> it = waiting.values().iterator(); it.hasNext(); p++) {
        if (it.next() == c) {
          return p;
        }
      }
      throw new IllegalStateException("caller " + c.id + " is not waiting in " + id);
    }

    long headJoinedMillis() {
      return waiting.isEmpty() ? Long.MIN_VALUE : waiting.values().iterator().next().joinedMillis;
    }
  }

  final List<QueueTrack> queues = new ArrayList<>();
  final Map<QueueId, QueueTrack> queuesById = new HashMap<>();
  final List<AgentTrack> agents = new ArrayList<>();
  final Map<AgentId, AgentTrack> agentsById = new HashMap<>();
  private long nextSeq;

  QueueTrack addQueue(QueueId id, int weight, Duration wrapUp, Duration historyWindow) {
    QueueTrack q = new QueueTrack(queues.size(), id, weight, wrapUp, historyWindow);
    queues.add(q);
    queuesById.put(id, q);
    return q;
  }

  AgentTrack addAgent(AgentId id) {
    AgentTrack a = new AgentTrack(id);
    agents.add(a);
    agentsById.put(id, a);
    return a;
  }

  void addMember(QueueTrack q, AgentTrack a) {
    q.members.add(a);
    a.queues.add(q);
  }

  /** Call once the memberships are set: finds the heavier queues that share each queue's agents. */
  void sealMemberships() {
    for (QueueTrack q : queues) {
      q.heavierSharing.clear();
      for (QueueTrack other : queues) {
        if (other == q || other.weight <= q.weight) {
          continue;
        }
        boolean shares = false;
        for (AgentTrack a : q.members) {
          shares |= a.queues.contains(other);
        }
        if (shares) {
          q.heavierSharing.add(other);
        }
      }
    }
  }

  /** Follows an agent's state change. */
  void onStateChanged(QueueEvent.AgentStateChanged e) {
    AgentTrack a = agentsById.get(e.agent());
    long at = e.at().toEpochMilli();
    if (a.busy()) {
      a.busyMillis += at - a.sinceMillis;
    }
    a.state = e.to();
    a.sinceMillis = at;
    if (e.to() != AgentState.RINGING) {
      a.ringingFor = null;
    }
    if (e.to() == AgentState.ON_CALL) {
      a.answeredMillis = at;
    }
  }

  /** An agent is rung for a caller (the state change to RINGING came just before). */
  void onRung(QueueEvent.AgentRung e) {
    QueueTrack q = queuesById.get(e.queue());
    agentsById.get(e.agent()).ringingFor = q == null ? null : q.waiting.get(e.call());
  }

  /** A call ended: the queue's history learns it, the agent's wrap-up end is known. */
  void onCompleted(QueueEvent.CallCompleted e) {
    QueueTrack q = queuesById.get(e.queue());
    q.history.record(e, Duration.ofMillis(q.wrapUpMillis));
    agentsById.get(e.agent()).wrapEndsMillis = e.at().toEpochMilli() + q.wrapUpMillis;
  }

  /** A caller joined: it waits at the end of its queue (every caller has the same priority). */
  CallTrack onJoined(QueueEvent.CallerJoined e, boolean measured) {
    QueueTrack q = queuesById.get(e.queue());
    CallTrack c = new CallTrack(e.call(), q, e.at().toEpochMilli(), nextSeq++, measured);
    q.waiting.put(e.call(), c);
    if (e.position() != q.waiting.size()) {
      throw new IllegalStateException("mirror out of step: " + e.call() + " joined " + e.queue()
          + " at position " + e.position() + " but " + q.waiting.size() + " wait there");
    }
    return c;
  }

  /** A caller left: its queue's history learns it; returns its track (null if it never joined). */
  CallTrack onLeft(QueueEvent.CallerLeft e) {
    QueueTrack q = queuesById.get(e.queue());
    if (q == null) {
      return null;
    }
    if (e.outcome() != io.callqueue.api.CallOutcome.NOT_QUEUED) {
      q.history.record(e);
    }
    return q.waiting.remove(e.call());
  }

  /**
   * The input the engine would give its estimator for this waiting caller now (see the engine's
   * {@code WaitEstimates}): position, callers of heavier queues sharing the agents, the members
   * idle / on a call (elapsed talk) / in wrap-up (time left), the head-of-line wait and the
   * queue's history slid to now.
   */
  EstimateInput inputFor(CallTrack c, int position, long nowMillis) {
    QueueTrack q = c.queue;
    q.history.advanceTo(Instant.ofEpochMilli(nowMillis));
    int serving = 0;
    int available = 0;
    List<Duration> talk = new ArrayList<>(q.members.size());
    List<Duration> wrap = new ArrayList<>(2);
    for (AgentTrack a : q.members) {
      if (a.state.isActive()) {
        serving++;
      }
      switch (a.state) {
        case AVAILABLE -> available++;
        case RINGING -> {
          // as the engine: free when it rings for this caller; about to serve a caller ahead
          // (left to the estimator) when it rings for one; otherwise as starting a call
          CallTrack f = a.ringingFor;
          if (f == c) {
            available++;
          } else if (f != null && (f.queue != q || f.seq > c.seq)) {
            talk.add(Duration.ZERO);
          }
        }
        case ON_CALL -> talk.add(Duration.ofMillis(Math.max(0, nowMillis - a.answeredMillis)));
        case WRAP_UP -> wrap.add(Duration.ofMillis(Math.max(0, a.wrapEndsMillis - nowMillis)));
        case LOGGED_OUT, PAUSED -> {
          // not serving
        }
      }
    }
    int heavier = 0;
    for (QueueTrack h : q.heavierSharing) {
      heavier += h.waiting.size();
    }
    long head = q.headJoinedMillis();
    Duration headOfLine = head == Long.MIN_VALUE ? Duration.ZERO
        : Duration.ofMillis(Math.max(0, nowMillis - head));
    return new EstimateInput(Instant.ofEpochMilli(nowMillis),
        Duration.ofMillis(nowMillis - c.joinedMillis), position, heavier, serving, available, talk,
        wrap, headOfLine, q.history);
  }

  /** Members of the caller's queue idle now. */
  static int idleMembers(QueueTrack q) {
    int n = 0;
    for (AgentTrack a : q.members) {
      if (a.state == AgentState.AVAILABLE) {
        n++;
      }
    }
    return n;
  }
}
