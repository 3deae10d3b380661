package io.callqueue.benchmarks.sim;

import io.callqueue.api.AgentId;
import io.callqueue.api.AgentState;
import io.callqueue.api.CallId;
import io.callqueue.api.QueueEvent;
import io.callqueue.api.QueueId;
import io.callqueue.spi.Scheduler.Cancellable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The little of the engine's state the simulator needs between events, rebuilt from the engine's
 * events: each agent's state and busy time (for occupancy), each queue's members and waiting
 * callers (to know whether a caller who joins finds an idle member, and whether a caller is still
 * waiting when it is re-estimated). What an estimator is given comes from the engine itself
 * ({@code CallQueueEngine.estimateInput}), not from here.
 *
 * <p>Assumes what the simulator guarantees: every agent is logged in before the first call and
 * never paused, memberships are fixed. Cost per event O(1).
 */
final class EngineMirror {

  /** One agent as the events describe it. */
  static final class AgentTrack {
    final AgentId id;
    final String name;
    AgentState state = AgentState.LOGGED_OUT;
    long sinceMillis;
    long busyMillis;
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
    final boolean measured;
    Cancellable reestimate;

    CallTrack(CallId id, QueueTrack queue, boolean measured) {
      this.id = id;
      this.queue = queue;
      this.measured = measured;
    }
  }

  /** One queue as the events describe it. */
  static final class QueueTrack {
    final int index;
    final QueueId id;
    final List<AgentTrack> members = new ArrayList<>();
    final Map<CallId, CallTrack> waiting = new HashMap<>();

    QueueTrack(int index, QueueId id) {
      this.index = index;
      this.id = id;
    }
  }

  final List<QueueTrack> queues = new ArrayList<>();
  final Map<QueueId, QueueTrack> queuesById = new HashMap<>();
  final List<AgentTrack> agents = new ArrayList<>();
  final Map<AgentId, AgentTrack> agentsById = new HashMap<>();

  QueueTrack addQueue(QueueId id) {
    QueueTrack q = new QueueTrack(queues.size(), id);
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

  /** Follows an agent's state change. */
  void onStateChanged(QueueEvent.AgentStateChanged e) {
    AgentTrack a = agentsById.get(e.agent());
    long at = e.at().toEpochMilli();
    if (a.busy()) {
      a.busyMillis += at - a.sinceMillis;
    }
    a.state = e.to();
    a.sinceMillis = at;
  }

  /** A caller joined its queue. */
  CallTrack onJoined(QueueEvent.CallerJoined e, boolean measured) {
    QueueTrack q = queuesById.get(e.queue());
    CallTrack c = new CallTrack(e.call(), q, measured);
    q.waiting.put(e.call(), c);
    return c;
  }

  /** A caller left; returns its track (null if it never joined). */
  CallTrack onLeft(QueueEvent.CallerLeft e) {
    QueueTrack q = queuesById.get(e.queue());
    return q == null ? null : q.waiting.remove(e.call());
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
