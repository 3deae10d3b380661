package io.callqueue.core;

import io.callqueue.api.AgentId;
import io.callqueue.api.AgentState;
import io.callqueue.api.CallId;
import io.callqueue.api.EngineSnapshot;
import io.callqueue.api.QueueId;
import io.callqueue.spi.CandidatePool;
import io.callqueue.spi.EstimateInput;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's read side: the immutable {@link EngineSnapshot}, the wait-time estimator's input for
 * a waiting caller, and the check of the engine's invariants. Reads {@link EngineCore}'s state and
 * changes none of it; the core never calls it. Confined to the engine's writer thread.
 */
final class EngineReadSide {
  private static final Logger log = LoggerFactory.getLogger(CallQueueEngine.class);

  private final EngineCore core;

  EngineReadSide(EngineCore core) {
    this.core = core;
  }

  /** The estimator's input for a caller waiting in a queue now; empty for any other call. */
  Optional<EstimateInput> estimateInput(CallId call) {
    Caller c = core.calls.get(call);
    if (c == null || !c.inQueue() || !c.queue.waiting.contains(c)) {
      return Optional.empty();
    }
    return Optional.of(core.estimates.input(c, core.now()));
  }

  EngineSnapshot snapshot() {
    long now = core.now();
    Map<QueueId, EngineSnapshot.QueueSnapshot> qs = new LinkedHashMap<>();
    for (QueueState q : core.queues.values()) {
      List<EngineSnapshot.WaitingCaller> waiting = new ArrayList<>(q.waiting.size());
      int position = 1;
      for (Caller c : q.waiting) {
        List<Agent> legs = c.ringingAgents();
        List<AgentId> ringing = new ArrayList<>(legs.size());
        for (Agent a : legs) {
          ringing.add(a.config.id());
        }
        waiting.add(new EngineSnapshot.WaitingCaller(c.id, c.offer.callerNumber(), c.priority,
            position++, core.at(c.joinedMillis), Duration.ofMillis(now - c.joinedMillis), ringing));
      }
      List<EngineSnapshot.MemberSnapshot> members = new ArrayList<>(q.members.size());
      for (Member m : q.members.values()) {
        members.add(new EngineSnapshot.MemberSnapshot(m.agent.config.id(), m.priority,
            m.agent.state));
      }
      qs.put(q.config.id(), new EngineSnapshot.QueueSnapshot(q.config, waiting, members,
          core.estimates.estimateForNewCaller(q, now).orElse(null)));
    }
    Map<AgentId, EngineSnapshot.AgentSnapshot> as = new LinkedHashMap<>();
    for (Agent a : core.agents.values()) {
      if (a.removed) {
        continue;
      }
      String user = a.sipUser();
      as.put(a.config.id(), new EngineSnapshot.AgentSnapshot(a.config, a.state,
          core.at(a.sinceMillis), a.pauseReason, a.call == null ? null : a.call.id,
          user != null && core.registered.contains(user), a.callsAnswered, a.callsMissed,
          Duration.ofMillis(a.talkMillis)));
    }
    return new EngineSnapshot(core.at(now), qs, as);
  }

  /**
   * Checks the engine's internal invariants; throws {@link IllegalStateException} naming the
   * first one broken. For tests (property tests call it after every step); O(size of the engine).
   */
  void verifyInvariants() {
    for (Agent a : core.agents.values()) {
      check(a.state != AgentState.LOGGED_OUT || !core.autoActivatable(a),
          "agent " + a + " is registered with auto-activation but logged out");
      switch (a.state) {
        case RINGING -> {
          check(a.call != null && a.call.phase == Caller.Phase.RINGING
              && a.call.isRinging(a), "agent " + a + " RINGING without its caller ringing it");
          check(a.call.ringTimer != null, "agent " + a + " RINGING with no ring timer pending");
          check(core.calls.get(a.call.id) == a.call, "agent " + a + " rings for a gone caller");
        }
        case ON_CALL -> check(a.call != null && a.call.phase == Caller.Phase.CONNECTED
            && a.call.agent == a, "agent " + a + " ON_CALL without a connected caller");
        case WRAP_UP -> check(a.wrapUpTimer != null && a.call == null,
            "agent " + a + " in WRAP_UP with no wrap-up timer");
        default -> check(a.call == null, "agent " + a + " " + a.state + " holds a call");
      }
      for (Member m : a.memberships) {
        check((a.state == AgentState.AVAILABLE) == (m.candidate != null),
            "agent " + a + " " + a.state + " candidate presence wrong in queue " + m.queue);
        check(m.parked == null || (a.state == AgentState.RINGING && m.queue.strategy.ringsAll()),
            "agent " + a + " " + a.state + " parked in queue " + m.queue);
      }
    }
    for (QueueState q : core.queues.values()) {
      int active = 0;
      int loggedIn = 0;
      int parked = 0;
      for (Member m : q.members.values()) {
        parked += m.parked != null ? 1 : 0;
        active += m.agent.state.isActive() ? 1 : 0;
        loggedIn += m.agent.state != AgentState.LOGGED_OUT ? 1 : 0;
      }
      check(active == q.activeMembers && loggedIn == q.loggedInMembers,
          "queue " + q + " member counters wrong");
      check(parked == q.parkedMembers, "queue " + q + " parked member count wrong");
      for (Caller c : q.waiting) {
        check(core.calls.get(c.id) == c, "queue " + q + " holds gone caller " + c);
        check((c.phase == Caller.Phase.WAITING) == q.dispatchable.contains(c),
            "caller " + c + " dispatchable set membership wrong");
        if (c.phase == Caller.Phase.RINGING) {
          check(!c.ringsNobody() && c.ringTimer != null, "caller " + c + " RINGING nobody");
          for (Agent a : c.ringingAgents()) {
            check(a.call == c && a.state == AgentState.RINGING,
                "caller " + c + " rings " + a + " which is not ringing for it");
          }
        }
        if (c.phase == Caller.Phase.WAITING) {
          check(c.ringsNobody(), "waiting caller " + c + " has ringing legs");
          boolean candidate = false;
          for (CandidatePool pool : q.pools.values()) {
            // a parked candidate (an agent ringing a ring-all round) is not available
            if (pool.pick(id -> !c.triedAgent(id)
                && core.agents.get(id).state == AgentState.AVAILABLE) != null) {
              candidate = true;
            }
          }
          check(!candidate, "caller " + c + " waits while an agent it may ring is available");
          check(c.tried == null || c.tried.isEmpty() || c.retryTimer != null,
              "caller " + c + " finished a round with no retry pending");
        }
      }
      check(q.dispatchable.size() <= q.waiting.size(), "queue " + q + " dispatchable > waiting");
    }
    for (Caller c : core.calls.values()) {
      if (c.phase == Caller.Phase.CALLBACK_RETRY) {
        check(c.callback && c.retryTimer != null && c.agent == null
            && !c.queue.waiting.contains(c), "callback " + c + " waits to retry without a timer");
      }
    }
    check(core.readyCallers.isEmpty() && core.freedAgents.isEmpty(), "unsettled work left");
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new IllegalStateException("invariant broken: " + message);
    }
  }
}
