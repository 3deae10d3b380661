package io.callqueue.core;

import io.callqueue.api.AgentConfig;
import io.callqueue.api.AgentId;
import io.callqueue.api.AgentState;
import io.callqueue.api.CallOutcome;
import io.callqueue.api.CallQueueException;
import io.callqueue.api.ConfigException;
import io.callqueue.api.Membership;
import io.callqueue.api.QueueConfig;
import io.callqueue.api.QueueId;
import io.callqueue.core.announce.Announcements;
import io.callqueue.core.estimate.QueueHistory;
import io.callqueue.spi.CandidatePool;
import io.callqueue.spi.DistributionStrategy;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Configuration and registrations: queues, agents and memberships added, changed and removed at
 * run time, SIP registrations, login, logout, pause, and the engine's shutdown. Each command
 * changes {@link EngineCore}'s state through the core's own moves and leaves the matching it makes
 * possible to {@link EngineCore#settle()}; the core never calls back here. Confined to the engine's
 * writer thread.
 */
final class EngineSetup {
  private static final Logger log = LoggerFactory.getLogger(CallQueueEngine.class);

  private final EngineCore core;

  EngineSetup(EngineCore core) {
    this.core = core;
  }

  // ---- registrations and agents -----------------------------------------------------------------

  void sipRegistered(String user) {
    core.registered.add(user);
    for (Agent a : core.agentsBySipUser.getOrDefault(user, List.of())) {
      a.manualLogout = false;
      if (a.config.autoActivate()) {
        a.pendingLogout = false;
        core.activate(a, "auto-activated: SIP account registered");
      }
    }
  }

  void sipUnregistered(String user) {
    core.registered.remove(user);
    for (Agent a : core.agentsBySipUser.getOrDefault(user, List.of())) {
      if (a.config.autoActivate()) {
        logoutAgent(a, "SIP account unregistered", false);
      }
    }
  }

  private Agent agent(AgentId id) {
    Agent a = core.agents.get(id);
    if (a == null || a.removed) {
      throw new CallQueueException("no agent '" + id + "'");
    }
    return a;
  }

  private QueueState queue(QueueId id) {
    QueueState q = core.queues.get(id);
    if (q == null) {
      throw new CallQueueException("no queue '" + id + "'");
    }
    return q;
  }

  void login(AgentId id) {
    Agent a = agent(id);
    a.manualLogout = false;
    a.pendingLogout = false;
    core.activate(a, "login");
  }

  void logout(AgentId id) {
    logoutAgent(agent(id), "logout", true);
  }

  void pause(AgentId id, String reason) {
    Agent a = agent(id);
    String why = reason == null || reason.isBlank() ? "paused" : reason;
    switch (a.state) {
      case LOGGED_OUT -> throw new CallQueueException(
          "agent '" + id + "' is logged out; log in before pausing");
      case AVAILABLE -> {
        core.move(a, AgentState.PAUSED, why);
        a.pauseReason = why;
      }
      case PAUSED -> a.pauseReason = why;
      case RINGING -> {
        core.cancelLegOf(a);
        a.call = null;
        core.move(a, AgentState.PAUSED, why);
        a.pauseReason = why;
      }
      case ON_CALL, WRAP_UP -> {
        a.pendingPause = true;
        a.pendingPauseReason = why;
      }
    }
  }

  void unpause(AgentId id) {
    Agent a = agent(id);
    a.pendingPause = false;
    if (a.state == AgentState.PAUSED) {
      core.makeAvailable(a, "unpaused");
    }
  }

  private void logoutAgent(Agent a, String reason, boolean manual) {
    if (manual) {
      a.manualLogout = true;
    }
    if (a.state != AgentState.ON_CALL) {
      // a logout ends any pause asked for during wrap-up: the next login starts afresh
      a.pendingPause = false;
    }
    switch (a.state) {
      case LOGGED_OUT -> a.pendingLogout = false;
      case AVAILABLE, PAUSED -> core.move(a, AgentState.LOGGED_OUT, reason);
      case WRAP_UP -> {
        EngineCore.cancel(a.wrapUpTimer);
        a.wrapUpTimer = null;
        core.move(a, AgentState.LOGGED_OUT, reason);
      }
      case RINGING -> {
        core.cancelLegOf(a);
        a.call = null;
        core.move(a, AgentState.LOGGED_OUT, reason);
      }
      case ON_CALL -> a.pendingLogout = true;
    }
  }

  // ---- configuration ----------------------------------------------------------------------------

  private DistributionStrategy strategyFor(QueueConfig config) {
    DistributionStrategy s = core.strategies.get(config.strategy());
    if (s == null) {
      io.callqueue.api.Strategy builtIn = io.callqueue.api.Strategy.byName(config.strategy());
      s = builtIn == null ? null : core.strategies.get(builtIn.id());
    }
    if (s == null) {
      throw new ConfigException("queue '" + config.id() + "': unknown strategy '"
          + config.strategy() + "'; known: " + String.join(", ", core.strategies.keySet()));
    }
    return s;
  }

  private static Announcements announcementsFor(QueueConfig config) {
    Announcements a;
    try {
      a = Announcements.forQueue(config);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("queue '" + config.id() + "': " + e.getMessage());
    }
    List<String> unplayable = a.unplayable(config.periodicPrompts());
    if (!unplayable.isEmpty()) {
      throw new ConfigException("queue '" + config.id() + "': periodicPrompts " + unplayable
          + " have no default recording in language '" + config.language()
          + "' and no promptOverrides file");
    }
    return a;
  }

  void addQueue(QueueConfig config) {
    if (core.queues.containsKey(config.id())) {
      throw new CallQueueException(
          "queue '" + config.id() + "' already exists; use updateQueue to change it");
    }
    core.estimates.check(config);
    QueueState q = new QueueState(config, strategyFor(config), announcementsFor(config));
    q.history = QueueHistory.of(config);
    core.queues.put(config.id(), q);
    log.info("queue {} added ({})", config.id(), config.strategy());
  }

  void updateQueue(QueueConfig config) {
    QueueState q = queue(config.id());
    DistributionStrategy s = strategyFor(config);
    Announcements announcements = announcementsFor(config);
    core.estimates.check(config);
    if (!config.historyWindow().equals(q.config.historyWindow())) {
      q.history = QueueHistory.of(config);
    }
    boolean rebuild = s != q.strategy;
    q.config = config;
    q.announcements = announcements;
    if (rebuild) {
      for (Member m : q.members.values()) {
        core.evictParked(m);
        if (m.candidate != null) {
          core.pool(m).remove(m.candidate);
        }
      }
      q.pools.clear();
      q.tiers = new CandidatePool[0];
      q.strategy = s;
      q.ringsAll = s.ringsAll();
      for (Member m : q.members.values()) {
        m.pool = null;
        if (m.candidate != null) {
          core.pool(m).add(m.candidate);
        }
      }
    }
    if (config.leaveWhenEmpty() && q.activeMembers == 0) {
      core.emptiedQueues.add(q);
    }
    for (Caller c : q.dispatchable) {
      core.readyCallers.add(c);
    }
    log.info("queue {} updated", config.id());
  }

  void removeQueue(QueueId id) {
    QueueState q = queue(id);
    for (Caller c : q.waiting.toList()) {
      core.leave(c, CallOutcome.LEFT_EMPTY, true);
    }
    for (Member m : new ArrayList<>(q.members.values())) {
      dropMembership(m);
    }
    core.queues.remove(id);
    log.info("queue {} removed", id);
  }

  void addAgent(AgentConfig config) {
    Agent existing = core.agents.get(config.id());
    if (existing != null && existing.removed) {
      // removed while on a call, added again before the call ended: it stays, with the new config
      core.unindexSip(existing);
      existing.removed = false;
      existing.config = config;
      core.indexSip(existing);
      log.info("agent {} added again while finishing its last call ({})", config.id(),
          config.endpoint());
      return;
    }
    if (existing != null) {
      throw new CallQueueException(
          "agent '" + config.id() + "' already exists; use updateAgent to change it");
    }
    Agent a = new Agent(config, core.now());
    core.agents.put(config.id(), a);
    core.indexSip(a);
    log.info("agent {} added ({})", config.id(), config.endpoint());
    if (core.autoActivatable(a)) {
      core.activate(a, "auto-activated: SIP account registered");
    }
  }

  void updateAgent(AgentConfig config) {
    Agent a = agent(config.id());
    core.unindexSip(a);
    a.config = config;
    core.indexSip(a);
    if (a.state == AgentState.LOGGED_OUT && core.autoActivatable(a)) {
      core.activate(a, "auto-activated: SIP account registered");
    }
    log.info("agent {} updated ({})", config.id(), config.endpoint());
  }

  void removeAgent(AgentId id) {
    Agent a = agent(id);
    if (a.state == AgentState.RINGING) {
      core.cancelLegOf(a);
      a.call = null;
      core.move(a, AgentState.LOGGED_OUT, "removed");
    }
    for (Member m : new ArrayList<>(a.memberships)) {
      dropMembership(m);
    }
    if (a.state == AgentState.ON_CALL) {
      a.removed = true;
    } else {
      EngineCore.cancel(a.wrapUpTimer);
      a.wrapUpTimer = null;
      core.move(a, AgentState.LOGGED_OUT, "removed");
      core.agents.remove(id);
      a.dropped = true;
      core.unindexSip(a);
    }
    log.info("agent {} removed", id);
  }

  void addMembership(Membership membership) {
    QueueState q = queue(membership.queue());
    Agent a = agent(membership.agent());
    if (q.members.containsKey(a.config.id())) {
      throw new CallQueueException("agent '" + a + "' is already a member of queue '" + q
          + "'; use updateMembership to change its priority");
    }
    Member m = new Member(q, a, membership.priority(), q.nextMemberOrder++);
    q.members.put(a.config.id(), m);
    a.memberships.add(m);
    if (a.state.isActive()) {
      q.activeMembers++;
    }
    if (a.state != AgentState.LOGGED_OUT) {
      q.loggedInMembers++;
    }
    if (a.state == AgentState.AVAILABLE) {
      core.addCandidate(m);
      core.freedAgents.add(a);
    }
  }

  void updateMembership(Membership membership) {
    QueueState q = queue(membership.queue());
    Member m = member(q, membership.agent());
    if (m.priority == membership.priority()) {
      return;
    }
    boolean available = m.candidate != null;
    core.removeCandidate(m);
    m.priority = membership.priority();
    m.pool = null;
    if (available) {
      core.addCandidate(m);
      core.freedAgents.add(m.agent);
    }
  }

  void removeMembership(QueueId queueId, AgentId agentId) {
    QueueState q = queue(queueId);
    dropMembership(member(q, agentId));
  }

  private Member member(QueueState q, AgentId agentId) {
    Member m = q.members.get(agentId);
    if (m == null) {
      throw new CallQueueException("agent '" + agentId + "' is not a member of queue '" + q + "'");
    }
    return m;
  }

  private void dropMembership(Member m) {
    Agent a = m.agent;
    QueueState q = m.queue;
    if (a.state == AgentState.RINGING && a.call.queue == q) {
      core.cancelLegOf(a);
      core.releaseAgent(a, "membership removed");
    }
    core.removeCandidate(m);
    q.members.remove(a.config.id());
    a.memberships.remove(m);
    if (a.state.isActive()) {
      q.activeMembers--;
      if (q.activeMembers == 0) {
        core.emptiedQueues.add(q);
      }
    }
    if (a.state != AgentState.LOGGED_OUT) {
      q.loggedInMembers--;
    }
  }

  /** Releases every waiting caller and cancels every timer (engine shutdown). */
  void shutdown() {
    for (QueueState q : core.queues.values()) {
      for (Caller c : q.waiting.toList()) {
        core.leave(c, CallOutcome.LEFT_EMPTY, true);
      }
    }
    for (Caller c : core.calls.values()) {
      if (c.phase == Caller.Phase.CALLBACK_RETRY) {
        EngineCore.cancel(c.retryTimer);
        log.warn("kept-place callback for {} in queue {} dropped (engine stopped); call the"
            + " customer by hand", c.offer.callerNumber(), c.queue);
      }
    }
    for (Agent a : core.agents.values()) {
      EngineCore.cancel(a.wrapUpTimer);
    }
    core.readyCallers.clear();
    core.freedAgents.clear();
    core.emptiedQueues.clear();
  }
}
