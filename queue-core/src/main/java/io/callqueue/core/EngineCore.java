package io.callqueue.core;

import io.callqueue.api.AgentId;
import io.callqueue.api.AgentState;
import io.callqueue.api.CallId;
import io.callqueue.api.CallOffer;
import io.callqueue.api.CallOutcome;
import io.callqueue.api.HungUpBy;
import io.callqueue.api.NotQueuedReason;
import io.callqueue.api.OfferResult;
import io.callqueue.api.QueueConfig;
import io.callqueue.api.QueueEvent;
import io.callqueue.api.QueueEvent.RingResult;
import io.callqueue.api.QueueId;
import io.callqueue.api.RingFailure;
import io.callqueue.api.PromptSequence;
import io.callqueue.core.announce.EstimateWording;
import io.callqueue.core.announce.Sayer;
import io.callqueue.spi.CallbackOrigination;
import io.callqueue.spi.Candidate;
import io.callqueue.spi.CandidatePool;
import io.callqueue.spi.DistributionStrategy;
import io.callqueue.spi.AnswerConfirmation;
import io.callqueue.spi.RingRequest;
import io.callqueue.spi.Scheduler;
import io.callqueue.spi.TelephonyPort;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's state and rules: matching, ringing, leaving and the caller's announcement timers,
 * which schedule each other. {@link CallQueueEngine} is the public face; this is its
 * implementation note (the layout of Caffeine, whose public {@code Caffeine} documents use and
 * whose package-private {@code BoundedLocalCache} documents the design).
 *
 * <h2>Threading</h2>
 * One writer. Every inbound call ({@link io.callqueue.api.CallQueue} methods, timer expiries) is
 * turned into a task on a serial executor and runs there, one at a time, in submission order; the
 * state is touched by nothing else, so it needs no locks (the single-writer principle of LMAX
 * Disruptor; Netty confines a channel to its event loop the same way). {@link #settle()} runs after
 * each task to finish the matching it caused. Timers ({@link #after}) schedule a task on the same
 * executor. Only the listener array is shared ({@link EventListeners}, copy-on-write).
 *
 * <h2>Data structures and cost</h2>
 * Per queue: a balanced tree of waiting callers in service order (caller priority, then
 * arrival) that also counts its subtrees, so a caller's position costs O(log n), and a second tree
 * of the subset that may be matched now; per queue and priority tier, a candidate pool of the
 * available members kept in the order the queue's strategy prefers (a tree keyed by last-call
 * time, answered calls, talk time or membership order, compared as primitives; an indexed array
 * for random); see {@link io.callqueue.core.internal.RankedTree}. (Ring-all pools also keep the
 * agents ringing a round, so a cancelled leg does not re-enter them: see {@code parks}.) An
 * agent becoming available is
 * inserted into the pools of its m queues, O(m log n), and looks at the head of each queue's
 * matchable callers, O(m log n); a caller becoming matchable
 * takes the first allowed candidate of the best non-empty tier, O(t + log n) for t tiers. There is
 * no polling: Asterisk's app_queue wakes every waiting caller once a second and scans every member
 * with a metric of penalty × 1,000,000; here each event does one indexed match.
 *
 * <h2>Matching</h2>
 * The core invariant, checked by {@link EngineReadSide#verifyInvariants()}: after every command,
 * no caller that waits without ringing ("dispatchable") has an available agent it may ring. A
 * caller may ring an agent of its queue that is available and not yet tried in the current round;
 * among those, the best (lowest) priority tier, ordered inside the tier by the queue's strategy.
 * Matching is event-driven: a caller that becomes dispatchable picks from its queue's tier pools
 * ({@link #dispatch}); an agent that becomes available looks at the first dispatchable caller of
 * each of its queues and takes the best of those by (queue weight, caller priority, arrival)
 * ({@link #serveFreedAgents}). Because of the invariant, an agent that becomes available is the
 * only candidate of any dispatchable caller, so the greedy step keeps it.
 *
 * <h2>Layout</h2>
 * Split along one-way seams: {@link EngineSetup} (configuration and registrations),
 * {@link EngineReadSide} (snapshot, estimate input, invariants) and {@link CallerKeys} (keys 0 and
 * 1, the callback's retries) act on this class's state through its package-private moves; this
 * class calls none of them.
 */
final class EngineCore {
  private static final Logger log = LoggerFactory.getLogger(CallQueueEngine.class);
  /** "ring ended: no_answer" and so on: the reason of a move after a failed leg, by result. */
  private static final String[] RING_ENDED = ringEndedReasons();

  private static String[] ringEndedReasons() {
    RingResult[] results = RingResult.values();
    String[] reasons = new String[results.length];
    for (RingResult r : results) {
      reasons[r.ordinal()] = "ring ended: " + r.name().toLowerCase(java.util.Locale.ROOT);
    }
    return reasons;
  }

  /** {@link AgentState#canMoveTo} as a table indexed by ordinals (no set look-up per move). */
  private static final boolean[][] LEGAL = legalMoves();

  private static boolean[][] legalMoves() {
    AgentState[] states = AgentState.values();
    boolean[][] legal = new boolean[states.length][states.length];
    for (AgentState from : states) {
      for (AgentState to : states) {
        legal[from.ordinal()][to.ordinal()] = from.canMoveTo(to);
      }
    }
    return legal;
  }

  /** Admits every agent: the pick of a caller that has tried nobody this round. */
  private static final java.util.function.Predicate<AgentId> ANY_AGENT = id -> true;

  /** The shortest wait between rounds, so a phone that fails at once is not rung in a loop. */
  static final Duration MIN_RETRY = Duration.ofSeconds(1);

  final TelephonyPort port;
  private final Clock clock;
  private final Scheduler scheduler;
  private final Executor serial;
  private final RandomGenerator random;
  final Map<String, DistributionStrategy> strategies;

  final Map<QueueId, QueueState> queues = new LinkedHashMap<>();
  final Map<AgentId, Agent> agents = new LinkedHashMap<>();
  final Map<String, List<Agent>> agentsBySipUser = new HashMap<>();
  final Set<String> registered = new HashSet<>();
  final Map<CallId, Caller> calls = new HashMap<>();
  final EventListeners listeners = new EventListeners();
  private long nextCallerSeq;

  final java.util.PriorityQueue<Caller> readyCallers =
      new java.util.PriorityQueue<>(Caller::compareService);
  /** Agents made available by the current command, in order; swapped with the next field. */
  ArrayList<Agent> freedAgents = new ArrayList<>();
  /** The list {@link #serveFreedAgents} works through (kept to be reused, empty between uses). */
  private ArrayList<Agent> servingAgents = new ArrayList<>();
  /** The agents a ring-all dispatch rings (kept to be reused, empty between uses). */
  private final ArrayList<Agent> ringAllPicks = new ArrayList<>();
  /** Callers who left for voicemail, until the recording is reported. */
  final Map<CallId, Caller> voicemailPending = new HashMap<>();
  /** Callers hearing a last prompt (callback acknowledgement), released when it finishes. */
  final Map<CallId, Caller> acknowledging = new HashMap<>();
  final Set<QueueState> emptiedQueues = new LinkedHashSet<>();
  final WaitEstimates estimates;
  /** The last instant made by {@link #at}, and its engine time. */
  private Instant lastInstant;
  private long lastInstantMillis;

  EngineCore(TelephonyPort port, Scheduler scheduler, Executor serial,
      RandomGenerator random, Map<String, DistributionStrategy> strategies,
      io.callqueue.core.estimate.Estimators estimators) {
    this.port = port;
    this.clock = scheduler.clock();
    this.scheduler = scheduler;
    this.serial = serial;
    this.random = random;
    this.strategies = strategies;
    this.estimates = new WaitEstimates(estimators);
  }

  // ---- plumbing ---------------------------------------------------------------------------------

  long now() {
    return clock.millis();
  }

  /**
   * The instant of an engine time. A command's events share its time, so the last instant is
   * kept and reused (an {@code Instant} is immutable) instead of allocating one per event.
   */
  Instant at(long millis) {
    Instant last = lastInstant;
    if (last == null || lastInstantMillis != millis) {
      last = Instant.ofEpochMilli(millis);
      lastInstant = last;
      lastInstantMillis = millis;
    }
    return last;
  }

  void emit(QueueEvent event) {
    estimates.observe(this, event);
    listeners.publish(event);
  }

  /**
   * Schedules engine work: the task runs on the serial executor, which settles after each task.
   */
  Scheduler.Cancellable after(Duration delay, Runnable task) {
    return scheduler.schedule(delay, () -> serial.execute(task));
  }

  static void cancel(Scheduler.Cancellable c) {
    if (c != null) {
      c.cancel();
    }
  }

  /**
   * Finishes the matching the last command made possible. Agents freed by the command come
   * first: among the callers that may use any of them, the best (queue weight, caller priority,
   * arrival) picks by its strategy, and so on until no freed agent can be used. Then callers made
   * ready by the command, best first, pick among the agents still free. This order keeps the
   * rule that no caller is passed over for an agent by a worse caller, even when one command frees
   * several agents (a ring-all round ending, say).
   */
  void settle() {
    while (true) {
      if (!freedAgents.isEmpty()) {
        serveFreedAgents();
        continue;
      }
      Caller c = readyCallers.poll();
      if (c != null) {
        if (c.phase == Caller.Phase.WAITING && calls.get(c.id) == c) {
          dispatch(c);
        }
        continue;
      }
      if (!emptiedQueues.isEmpty()) {
        List<QueueState> emptied = new ArrayList<>(emptiedQueues);
        emptiedQueues.clear();
        for (QueueState q : emptied) {
          if (q.config.leaveWhenEmpty() && q.activeMembers == 0
              && queues.get(q.config.id()) == q) {
            for (Caller w : q.waiting.toList()) {
              if (!w.callback) {
                leave(w, CallOutcome.LEFT_EMPTY, true);
              }
            }
          }
        }
        continue;
      }
      return;
    }
  }

  /**
   * Matches the freed agents: repeatedly the best caller that may use one of them dispatches
   * (picking by its own strategy and tiers). Each round rings at least one agent, so this ends.
   * Usually one agent is freed and this is one look at the head of each of its queues.
   */
  private void serveFreedAgents() {
    ArrayList<Agent> freed = freedAgents;
    freedAgents = servingAgents;
    servingAgents = freed;
    try {
      while (true) {
        Caller best = null;
        for (int i = 0; i < freed.size(); i++) {
          Agent a = freed.get(i);
          if (a.state != AgentState.AVAILABLE || a.dropped) {
            continue;
          }
          AgentId id = a.config.id();
          List<Member> memberships = a.memberships;
          for (int j = 0; j < memberships.size(); j++) {
            CallerSet dispatchable = memberships.get(j).queue.dispatchable;
            // nobody waiting to be matched (a ring-all round released its agents, say): O(1)
            Caller c = dispatchable.isEmpty() ? null : dispatchable.firstNotTried(id);
            if (c != null && (best == null || Caller.better(c, best))) {
              best = c;
            }
          }
        }
        if (best == null) {
          return;
        }
        dispatch(best);
        if (best.phase == Caller.Phase.WAITING) {
          throw new IllegalStateException("bug: caller " + best + " could not use a free agent");
        }
        // agents freed while dispatching (none expected) join this round
        freed.addAll(freedAgents);
        freedAgents.clear();
      }
    } finally {
      freed.clear();
    }
  }

  // ---- agent lifecycle --------------------------------------------------------------------------

  /** The one place an agent's state changes; checks the transition table. */
  void move(Agent a, AgentState to, String reason) {
    AgentState from = a.state;
    if (from == to) {
      return;
    }
    if (!LEGAL[from.ordinal()][to.ordinal()]) {
      throw new IllegalStateException(
          "bug: agent '" + a + "' cannot move from " + from + " to " + to + " (" + reason + ")");
    }
    List<Member> memberships = a.memberships;
    if (from == AgentState.AVAILABLE) {
      boolean park = to == AgentState.RINGING && parks(a);
      for (int i = 0; i < memberships.size(); i++) {
        Member m = memberships.get(i);
        if (park) {
          m.parked = m.candidate;
          m.candidate = null;
          m.queue.parkedMembers++;
        } else {
          removeCandidate(m);
        }
      }
    } else if (from == AgentState.RINGING && to != AgentState.AVAILABLE) {
      for (int i = 0; i < memberships.size(); i++) {
        evictParked(memberships.get(i));
      }
    }
    a.state = to;
    a.sinceMillis = now();
    if (to != AgentState.PAUSED) {
      a.pauseReason = null;
    }
    int active = (to.isActive() ? 1 : 0) - (from.isActive() ? 1 : 0);
    int loggedIn = (to != AgentState.LOGGED_OUT ? 1 : 0) - (from != AgentState.LOGGED_OUT ? 1 : 0);
    // ringing and answering change no counter: no walk of the memberships for those
    for (int i = 0; (active != 0 || loggedIn != 0 || to == AgentState.AVAILABLE)
        && i < memberships.size(); i++) {
      Member m = memberships.get(i);
      m.queue.activeMembers += active;
      m.queue.loggedInMembers += loggedIn;
      if (active < 0 && m.queue.activeMembers == 0) {
        emptiedQueues.add(m.queue);
      }
      if (to == AgentState.AVAILABLE) {
        addCandidate(m);
      }
    }
    if (to == AgentState.AVAILABLE) {
      freedAgents.add(a);
    }
    if (log.isDebugEnabled()) { // varargs and boxing cost even when the level is off
      log.debug("agent {}: {} -> {} ({})", a, from, to, reason);
    }
    emit(new QueueEvent.AgentStateChanged(at(a.sinceMillis), a.config.id(), from, to, reason));
  }

  /** The pool of the member's tier, kept in the member until its tier or the strategy changes. */
  CandidatePool pool(Member m) {
    CandidatePool pool = m.pool;
    if (pool != null) {
      return pool;
    }
    QueueState q = m.queue;
    pool = q.pools.get(m.priority);
    if (pool == null) {
      pool = q.strategy.newPool(new DistributionStrategy.Context(q.config.id(), m.priority,
          random));
      q.pools.put(m.priority, pool);
      q.tiers = q.pools.values().toArray(new CandidatePool[0]);
    }
    m.pool = pool;
    return pool;
  }

  void addCandidate(Member m) {
    Candidate cand = m.agent.candidate(m.order, m.lastCandidate);
    if (m.parked != null && m.parked == cand && m.pool != null) {
      // back from a ring-all leg with the same figures: still in its pool, where it belongs
      m.parked = null;
      m.queue.parkedMembers--;
    } else {
      evictParked(m);
      pool(m).add(cand);
    }
    m.candidate = cand;
    m.lastCandidate = cand;
  }

  void removeCandidate(Member m) {
    evictParked(m);
    if (m.candidate != null) {
      pool(m).remove(m.candidate);
      m.candidate = null;
    }
  }

  /** Takes a parked candidate (see {@link Member#parked}) out of its pool. */
  void evictParked(Member m) {
    if (m.parked != null) {
      pool(m).remove(m.parked);
      m.parked = null;
      m.queue.parkedMembers--;
    }
  }

  /**
   * Whether an agent that starts ringing keeps its candidates in its pools (parks them) instead of
   * leaving them: when every queue it belongs to rings all. A ring-all round rings every available
   * agent of a tier and cancels all but one leg, so leaving and re-entering the pools was most of
   * its cost (O(legs × m log n)); parked, a cancelled leg costs O(m). Only ring-all pools hold
   * parked candidates, and {@link #dispatch} walks those with {@code forEach} and skips agents
   * that are not available, so the other strategies' {@code pick} never meets one.
   */
  private static boolean parks(Agent a) {
    List<Member> memberships = a.memberships;
    for (int i = 0; i < memberships.size(); i++) {
      if (!memberships.get(i).queue.ringsAll) {
        return false;
      }
    }
    return true;
  }

  /**
   * The agent's ring or call is over: it becomes available, unless a logout, pause or removal
   * is pending.
   */
  void releaseAgent(Agent a, String reason) {
    a.call = null;
    if (a.removed) {
      move(a, AgentState.LOGGED_OUT, "removed");
      agents.remove(a.config.id());
      a.dropped = true;
      unindexSip(a);
    } else if (a.pendingLogout) {
      a.pendingLogout = false;
      a.pendingPause = false;
      move(a, AgentState.LOGGED_OUT, "logout after call");
    } else if (a.pendingPause) {
      a.pendingPause = false;
      move(a, AgentState.PAUSED, a.pendingPauseReason);
      a.pauseReason = a.pendingPauseReason;
    } else {
      makeAvailable(a, reason);
    }
  }

  /**
   * The agent becomes available, unless the wrap-up of its last call has not run out (it logged
   * out and in again, or was paused, during it): then it finishes the wrap-up first.
   */
  void makeAvailable(Agent a, String reason) {
    long remaining = a.wrapUpEndsMillis - now();
    if (remaining > 0 && a.wrapUpTimer == null) {
      move(a, AgentState.WRAP_UP, reason + "; wrap-up continues");
      a.wrapUpTimer = after(Duration.ofMillis(remaining), () -> wrapUpOver(a));
    } else {
      move(a, AgentState.AVAILABLE, reason);
    }
  }

  void activate(Agent a, String reason) {
    if (a.state == AgentState.LOGGED_OUT) {
      makeAvailable(a, reason);
    }
  }

  boolean autoActivatable(Agent a) {
    String user = a.sipUser();
    return a.config.autoActivate() && user != null && registered.contains(user)
        && !a.manualLogout;
  }

  /** Stops ringing this agent: the leg is cancelled, the caller looks for others. */
  void cancelLegOf(Agent a) {
    Caller c = a.call;
    port.cancelRing(c.id, a.config.id());
    endLeg(c, a, RingResult.CANCELLED);
    afterLegEnded(c);
  }

  // ---- calls -------------------------------------------------------------------------------------

  OfferResult offer(CallOffer o) {
    if (calls.containsKey(o.call())) {
      log.warn("call {} offered to queue {} is already in the engine's care; ignored", o.call(),
          o.queue());
      return new OfferResult.NotQueued(NotQueuedReason.DUPLICATE_CALL);
    }
    QueueState q = queues.get(o.queue());
    if (q == null) {
      log.warn("call {} offered to unknown queue '{}'; continuing its IVR", o.call(), o.queue());
      return notQueued(o, NotQueuedReason.UNKNOWN_QUEUE);
    }
    // Capability 6 asks that an auto-activating agent whose SIP account is registered be active
    // when a call arrives. Registration activates such an agent at once (and adding or updating
    // it does too), so that already holds here: verifyInvariants() checks it after every step,
    // and an offer costs no scan of the members.
    boolean mayJoin = switch (q.config.joinPolicy()) {
      case ALWAYS -> true;
      case REQUIRE_ACTIVE_AGENT -> q.activeMembers > 0;
      case REQUIRE_LOGGED_IN_AGENT -> q.loggedInMembers > 0;
    };
    if (!mayJoin) {
      return notQueued(o, NotQueuedReason.NO_ACTIVE_AGENT);
    }
    if (q.config.maxLength().isPresent() && q.waiting.size() >= q.config.maxLength().getAsInt()) {
      return notQueued(o, NotQueuedReason.FULL);
    }
    long now = now();
    Caller c = new Caller(o, q, nextCallerSeq++, now);
    calls.put(c.id, c);
    q.waiting.add(c);
    q.dispatchable.add(c);
    int position = q.positionOf(c);
    if (log.isDebugEnabled()) { // varargs and boxing cost even when the level is off
      log.debug("call {} joined queue {} at position {}", c, q, position);
    }
    emit(new QueueEvent.CallerJoined(at(now), c.id, q.config.id(), o.callerNumber(),
        o.priority(), position));
    port.startMusic(c.id, q.config.musicClass());
    q.config.maxWait().ifPresent(d -> c.maxWaitTimer = after(d, () -> maxWaitReached(c)));
    if (q.config.announcePosition()) {
      c.announceTimer = after(q.config.positionFirstAfter(), () -> announceDue(c));
    }
    if (!q.config.periodicPrompts().isEmpty()) {
      c.periodicTimer = after(q.config.periodicEvery(), () -> periodicDue(c));
    }
    readyCallers.add(c);
    return new OfferResult.Joined(position);
  }

  private OfferResult notQueued(CallOffer o, NotQueuedReason reason) {
    log.debug("call {} not queued in {}: {}", o.call(), o.queue(), reason);
    emit(new QueueEvent.CallerLeft(at(now()), o.call(), o.queue(), o.callerNumber(),
        CallOutcome.NOT_QUEUED, null,
        reason, Duration.ZERO, 0));
    port.release(o.call(), CallOutcome.NOT_QUEUED);
    return new OfferResult.NotQueued(reason);
  }

  /** Rings the best candidate(s) for a dispatchable caller, or arranges the retry. */
  private void dispatch(Caller c) {
    QueueState q = c.queue;
    boolean ringsAll = q.ringsAll;
    for (CandidatePool pool : q.tiers) {
      if (pool.isEmpty()) {
        continue;
      }
      if (ringsAll) {
        ArrayList<Agent> picks = ringAllPicks;
        pool.forEach(cand -> {
          if (!c.triedAgent(cand.agent())) {
            Agent a = agents.get(cand.agent());
            // a parked candidate: its agent rings a ring-all round (see parks)
            if (a.state == AgentState.AVAILABLE) {
              picks.add(a);
            }
          }
        });
        if (!picks.isEmpty()) {
          try {
            startRinging(c, picks);
          } finally {
            picks.clear();
          }
          return;
        }
      } else {
        Candidate cand = pool.pick(c.tried == null ? ANY_AGENT : c::mayRing);
        if (cand != null) {
          pool.rung(cand);
          startRinging(c, agents.get(cand.agent()));
          return;
        }
      }
    }
    if (c.tried != null && !c.tried.isEmpty() && c.retryTimer == null) {
      Duration delay = q.config.retryDelay().compareTo(MIN_RETRY) < 0
          ? MIN_RETRY : q.config.retryDelay();
      emit(new QueueEvent.RetryScheduled(at(now()), c.id, q.config.id(), delay));
      c.retryTimer = after(delay, () -> retryDue(c));
    }
  }

  /** Rings one agent for a caller: a round of one leg. */
  private void startRinging(Caller c, Agent agent) {
    long now = now();
    Duration holdTime = beginRound(c, now);
    boolean confirms = ringLeg(c, agent, now, holdTime,
        c.callback ? null : whisper(c.queue, holdTime), "ringing for " + c.id);
    startRingTimer(c, confirms);
  }

  /** Rings every agent of {@code picks} at once for a caller (ring-all). */
  private void startRinging(Caller c, List<Agent> picks) {
    long now = now();
    Duration holdTime = beginRound(c, now);
    // the same whisper and reason for every leg (built once, not per leg)
    PromptSequence whisper = c.callback ? null : whisper(c.queue, holdTime);
    String reason = "ringing for " + c.id;
    boolean confirms = false;
    for (int i = 0; i < picks.size(); i++) {
      confirms |= ringLeg(c, picks.get(i), now, holdTime, whisper, reason);
    }
    startRingTimer(c, confirms);
  }

  /** The caller stops being dispatchable and starts ringing; returns its hold time so far. */
  private Duration beginRound(Caller c, long now) {
    c.queue.dispatchable.remove(c);
    c.phase = Caller.Phase.RINGING;
    ++c.ringGeneration;
    return Duration.ofMillis(now - c.joinedMillis);
  }

  /** Rings one leg; returns whether its answer must be confirmed (issue 16). */
  private boolean ringLeg(Caller c, Agent a, long now, Duration holdTime, PromptSequence whisper,
      String reason) {
    QueueState q = c.queue;
    move(a, AgentState.RINGING, reason);
    a.call = c;
    c.addRinging(a);
    c.attempts++;
    emit(new QueueEvent.AgentRung(at(now), c.id, q.config.id(), a.config.id(), c.attempts));
    if (c.callback) {
      port.originateCallback(new CallbackOrigination(c.id, q.config.id(), a.config.id(),
          a.config.endpoint(), c.offer.callerNumber(), q.config.ringTimeout(),
          q.announcements.callbackWhisper()));
      return false;
    }
    AnswerConfirmation confirmation =
        a.config.confirmsAnswerIn(q.config) ? q.answerConfirmation() : null;
    port.ringAgent(new RingRequest(c.id, q.config.id(), a.config.id(), a.config.endpoint(),
        c.offer.callerNumber(), q.config.ringTimeout(), holdTime, whisper, confirmation));
    return confirmation != null;
  }

  /**
   * The round's ring timeout (a later round's timer finds a new generation and does nothing). The
   * engine owns it until the answer counts: when a leg of the round must confirm its answer
   * (issue 16), the adapter reports {@code agentAnswered} only after the key, so the round runs the
   * confirm timeout longer, the time a person who picks up on the last ring has to press it.
   */
  private void startRingTimer(Caller c, boolean confirms) {
    long gen = c.ringGeneration;
    Duration timeout = c.queue.config.ringTimeout();
    if (confirms) {
      timeout = timeout.plus(c.queue.config.confirmTimeout());
    }
    c.ringTimer = after(timeout, () -> ringTimedOut(c, gen));
  }

  /**
   * The whisper for the agent: the queue's name recording when it has one (issue 16), then the
   * hold time (capability 11) when the queue reports hold time and the caller waited at least a
   * second (nobody needs to hear "zero seconds"); {@code null} when there is nothing to say. The
   * confirm prompt of a ring that must be confirmed follows this whisper, so it too comes after
   * the name.
   */
  private static PromptSequence whisper(QueueState q, Duration holdTime) {
    boolean sayHoldTime =
        q.config.reportHoldTime() && holdTime.compareTo(Duration.ofSeconds(1)) >= 0;
    return q.announcements.agentWhisper(sayHoldTime ? holdTime : null);
  }

  private void ringTimedOut(Caller c, long gen) {
    if (calls.get(c.id) != c || c.phase != Caller.Phase.RINGING || c.ringGeneration != gen) {
      return;
    }
    c.ringTimer = null;
    List<Agent> legs = c.ringingAgents();
    for (int i = 0; i < legs.size(); i++) {
      Agent a = legs.get(i);
      port.cancelRing(c.id, a.config.id());
      endLeg(c, a, RingResult.NO_ANSWER);
    }
    afterLegEnded(c);
  }

  /**
   * One agent leg of a ringing caller ended without a connection. A failure marks the agent tried
   * for this round; the agent is released (or auto-paused) unless the caller of this method moves it
   * itself (logout, pause: {@code a.call} is then cleared by the caller).
   */
  private void endLeg(Caller c, Agent a, RingResult result) {
    c.removeRinging(a);
    emit(new QueueEvent.AgentRingEnded(at(now()), c.id, c.queue.config.id(), a.config.id(),
        result));
    if (result == RingResult.CANCELLED) {
      return;
    }
    a.callsMissed++;
    c.markTried(a.config.id());
    // an unconfirmed answer (a voicemail answering a phone that is off) pauses like no answer
    if ((result == RingResult.NO_ANSWER || result == RingResult.UNCONFIRMED)
        && c.queue.config.autoPause() && !a.pendingLogout) {
      a.pendingPause = true;
      a.pendingPauseReason = "auto-paused: did not answer";
    }
    releaseAgent(a, RING_ENDED[result.ordinal()]);
  }

  /** After a leg ended: when none rings any more, the caller waits and looks for agents again. */
  private void afterLegEnded(Caller c) {
    if (c.phase == Caller.Phase.RINGING && c.ringsNobody()) {
      cancel(c.ringTimer);
      c.ringTimer = null;
      c.phase = Caller.Phase.WAITING;
      c.queue.dispatchable.add(c);
      readyCallers.add(c);
    }
  }

  private void retryDue(Caller c) {
    if (calls.get(c.id) != c || !c.inQueue()) {
      return;
    }
    c.retryTimer = null;
    c.tried = null;
    if (c.phase == Caller.Phase.WAITING) {
      readyCallers.add(c);
    }
  }

  private void maxWaitReached(Caller c) {
    if (calls.get(c.id) == c && c.inQueue()) {
      c.maxWaitTimer = null;
      leave(c, CallOutcome.TIMEOUT, true);
    }
  }

  void agentAnswered(CallId call, AgentId agentId) {
    Caller c = calls.get(call);
    Agent a = agents.get(agentId);
    if (c == null || a == null || c.phase != Caller.Phase.RINGING || !c.isRinging(a)) {
      log.info("agent {} answered call {} after it stopped ringing there; hanging up that leg",
          agentId, call);
      port.cancelRing(call, agentId);
      return;
    }
    QueueState q = c.queue;
    cancel(c.ringTimer);
    c.ringTimer = null;
    c.removeRinging(a);
    List<Agent> legs = c.ringingAgents();
    for (int i = 0; i < legs.size(); i++) {
      Agent other = legs.get(i);
      port.cancelRing(c.id, other.config.id());
      endLeg(c, other, RingResult.CANCELLED);
      releaseAgent(other, "another agent answered");
    }
    long now = now();
    int position = q.positionOf(c);
    leaveQueue(c);
    c.phase = Caller.Phase.CONNECTED;
    c.agent = a;
    c.answeredMillis = now;
    a.callsAnswered++;
    move(a, AgentState.ON_CALL, "answered " + c.id);
    a.call = c;
    if (c.callback) {
      c.callbackAttempts++;
      log.debug("callback {} taken by {} (attempt {})", c, a, c.callbackAttempts);
      emit(new QueueEvent.CallbackStarted(at(now), c.id, q.config.id(), a.config.id(),
          c.offer.callerNumber(), at(c.callbackRequestedMillis)));
      return;
    }
    if (log.isDebugEnabled()) { // varargs and boxing cost even when the level is off
      log.debug("call {} answered by {} after {} ms", c, a, now - c.joinedMillis);
    }
    emit(new QueueEvent.CallerLeft(at(now), c.id, q.config.id(), c.offer.callerNumber(),
        CallOutcome.ANSWERED,
        a.config.id(), null, Duration.ofMillis(now - c.joinedMillis), position));
    port.connect(c.id, a.config.id());
  }

  void agentFailed(CallId call, AgentId agentId, RingFailure failure) {
    Caller c = calls.get(call);
    Agent a = agents.get(agentId);
    if (c == null || a == null || c.phase != Caller.Phase.RINGING || !c.isRinging(a)) {
      log.debug("stale ring failure {} for agent {} on call {}; ignored", failure, agentId, call);
      return;
    }
    endLeg(c, a, RingResult.of(failure));
    afterLegEnded(c);
  }

  void callerHungUp(CallId call) {
    hungUp(call, HungUpBy.CALLER);
  }

  /** A side hung up: a connected call completes, any other call is abandoned. */
  void hungUp(CallId call, HungUpBy side) {
    if (voicemailPending.remove(call) != null || acknowledging.remove(call) != null) {
      log.debug("call {} hung up after leaving its queue", call);
      return;
    }
    Caller c = calls.get(call);
    if (c == null) {
      log.debug("hang-up of unknown call {}; ignored", call);
      return;
    }
    if (c.phase == Caller.Phase.CONNECTED) {
      completeCall(c, side);
    } else if (c.callback) {
      log.debug("customer of kept-place callback {} hung up; the request keeps its place", call);
    } else {
      leave(c, CallOutcome.ABANDONED, false);
    }
  }

  void callEnded(CallId call) {
    hungUp(call, HungUpBy.UNKNOWN);
  }

  private void completeCall(Caller c, HungUpBy side) {
    calls.remove(c.id);
    Agent a = c.agent;
    long now = now();
    long talk = now - c.answeredMillis;
    a.talkMillis += talk;
    a.lastCallEndedMillis = now;
    emit(new QueueEvent.CallCompleted(at(now), c.id, c.queue.config.id(), a.config.id(),
        Duration.ofMillis(talk), side));
    a.call = null;
    Duration wrap = c.queue.config.wrapUpTime();
    a.wrapUpEndsMillis = now + wrap.toMillis();
    if (wrap.isZero() || a.removed || a.pendingLogout) {
      releaseAgent(a, "call ended");
    } else {
      move(a, AgentState.WRAP_UP, "call ended");
      a.wrapUpTimer = after(wrap, () -> wrapUpOver(a));
    }
  }

  private void wrapUpOver(Agent a) {
    if (a.state == AgentState.WRAP_UP) {
      a.wrapUpTimer = null;
      releaseAgent(a, "wrap-up over");
    }
  }

  /** The caller leaves the queue unanswered with this outcome. */
  void leave(Caller c, CallOutcome outcome, boolean releaseToIvr) {
    QueueState q = c.queue;
    if (c.callback) {
      // the customer is not on the line and already has the CALLBACK outcome
      stopRinging(c, "callback request dropped");
      leaveQueue(c);
      calls.remove(c.id);
      log.warn("kept-place callback for {} in queue {} dropped ({}); call the customer by hand",
          c.offer.callerNumber(), q, outcome);
      return;
    }
    exitQueue(c, outcome, "caller left");
    if (releaseToIvr) {
      port.release(c.id, outcome);
    }
  }

  /**
   * The caller's time in the queue ends unanswered: its rings are cancelled, it leaves the queue
   * and the engine's care, and its {@code CallerLeft} is published with its last position.
   */
  void exitQueue(Caller c, CallOutcome outcome, String why) {
    QueueState q = c.queue;
    int position = q.positionOf(c);
    stopRinging(c, why);
    leaveQueue(c);
    calls.remove(c.id);
    long now = now();
    if (log.isDebugEnabled()) { // varargs and boxing cost even when the level is off
      log.debug("call {} left queue {}: {}", c, q, outcome);
    }
    emit(new QueueEvent.CallerLeft(at(now), c.id, q.config.id(), c.offer.callerNumber(),
        outcome, null, null, Duration.ofMillis(now - c.joinedMillis), position));
  }

  void leaveQueue(Caller c) {
    QueueState q = c.queue;
    boolean wasLast = !q.waiting.isEmpty() && q.waiting.last() == c;
    q.waiting.remove(c);
    q.dispatchable.remove(c);
    cancel(c.maxWaitTimer);
    cancel(c.retryTimer);
    cancel(c.announceTimer);
    cancel(c.periodicTimer);
    c.maxWaitTimer = null;
    c.retryTimer = null;
    c.announceTimer = null;
    c.periodicTimer = null;
    if (!wasLast && q.config.announcePosition() && q.config.announceOnImprovement()
        && !q.improvementSweepPending && !q.waiting.isEmpty()
        && queues.get(q.config.id()) == q) {
      q.improvementSweepPending = true;
      after(IMPROVEMENT_SWEEP_DELAY, () -> improvementSweep(q));
    }
  }

  /** Cancels every ringing leg of a caller who is leaving or changing course. */
  void stopRinging(Caller c, String why) {
    if (c.phase != Caller.Phase.RINGING) {
      return;
    }
    cancel(c.ringTimer);
    c.ringTimer = null;
    List<Agent> legs = c.ringingAgents();
    for (int i = 0; i < legs.size(); i++) {
      Agent a = legs.get(i);
      port.cancelRing(c.id, a.config.id());
      endLeg(c, a, RingResult.CANCELLED);
      releaseAgent(a, why);
    }
    c.phase = Caller.Phase.WAITING;
    c.queue.dispatchable.add(c);
  }

  void promptFinished(CallId call) {
    Caller ack = acknowledging.remove(call);
    if (ack != null) {
      ack.playing = false;
      port.release(call, CallOutcome.CALLBACK);
      return;
    }
    Caller c = calls.get(call);
    if (c == null || !c.inQueue() || c.callback || !c.playing) {
      log.debug("prompt finished for call {} not waiting; ignored", call);
      return;
    }
    c.playing = false;
    if (c.announcePending) {
      c.announcePending = false;
      announce(c);
    } else if (c.periodicPending) {
      c.periodicPending = false;
      playTo(c, c.queue.announcements.periodic(c.queue.config.periodicPrompts()));
    } else {
      port.startMusic(c.id, c.queue.config.musicClass());
    }
  }

  // ---- announcements (capabilities 12, 13, 17) --------------------------------------------------

  /** How soon after someone leaves the queue improved positions are announced (batched). */
  static final Duration IMPROVEMENT_SWEEP_DELAY = Duration.ofSeconds(1);

  void playTo(Caller c, PromptSequence prompts) {
    c.playing = true;
    emit(new QueueEvent.PromptPlayed(at(now()), c.id, c.queue.config.id(), prompts));
    port.play(c.id, prompts);
  }

  private boolean announcing(Caller c) {
    return calls.get(c.id) == c && c.inQueue() && !c.callback;
  }

  private void announceDue(Caller c) {
    c.announceTimer = null;
    if (!announcing(c)) {
      return;
    }
    QueueConfig config = c.queue.config;
    long now = now();
    long gap = config.announceMinGap().toMillis();
    if (c.lastAnnouncedMillis != Long.MIN_VALUE && now - c.lastAnnouncedMillis < gap) {
      c.announceTimer = after(Duration.ofMillis(c.lastAnnouncedMillis + gap - now),
          () -> announceDue(c));
      return;
    }
    if (c.playing) {
      c.announcePending = true;
    } else {
      announce(c);
    }
    c.announceTimer = after(config.positionEvery(), () -> announceDue(c));
  }

  private void periodicDue(Caller c) {
    c.periodicTimer = null;
    if (!announcing(c)) {
      return;
    }
    if (c.playing) {
      c.periodicPending = true;
    } else {
      playTo(c, c.queue.announcements.periodic(c.queue.config.periodicPrompts()));
    }
    c.periodicTimer = after(c.queue.config.periodicEvery(), () -> periodicDue(c));
  }

  /** Plays the position (and, per configuration, the estimated wait) to a caller now. */
  private void announce(Caller c) {
    QueueState q = c.queue;
    int position = Math.min(q.positionOf(c), Sayer.MAX_NUMBER);
    long now = now();
    boolean withEstimate = switch (q.config.estimateAnnouncement()) {
      case OFF -> false;
      case ONCE -> !c.estimateAnnounced;
      case EVERY_TIME -> true;
    };
    PromptSequence prompts = null;
    if (withEstimate) {
      Optional<Duration> estimate = estimates.estimate(this, c, now);
      if (estimate.isPresent()) {
        EstimateWording wording = EstimateWording.of(estimate.get());
        c.estimateAnnounced = true;
        log.debug("call {} position {}: estimated wait {} ({})", c, position, estimate.get(),
            wording.describe());
        emit(new QueueEvent.WaitEstimated(at(now), c.id, q.config.id(),
            q.config.estimator(), position, Duration.ofMillis(now - c.joinedMillis),
            estimate.get()));
        prompts = q.announcements.position(position, wording);
      }
    }
    if (prompts == null) {
      prompts = q.announcements.position(position);
    }
    c.lastAnnouncedMillis = now;
    c.lastAnnouncedPosition = position;
    playTo(c, prompts);
  }

  /**
   * Announces the new position to callers whose position improved since their last
   * announcement, unless that was less than the minimum gap ago (they hear it when the gap has
   * passed). One walk of the queue: O(n).
   */
  private void improvementSweep(QueueState q) {
    q.improvementSweepPending = false;
    if (queues.get(q.config.id()) != q || !q.config.announceOnImprovement()) {
      return;
    }
    long now = now();
    long gap = q.config.announceMinGap().toMillis();
    long earliestLater = Long.MAX_VALUE;
    int position = 0;
    for (Caller c : q.waiting) {
      position++;
      if (c.callback || c.lastAnnouncedPosition == 0 || position >= c.lastAnnouncedPosition) {
        continue;
      }
      long due = c.lastAnnouncedMillis + gap;
      if (due <= now) {
        if (c.playing) {
          c.announcePending = true;
        } else {
          announce(c);
        }
      } else {
        earliestLater = Math.min(earliestLater, due);
      }
    }
    if (earliestLater != Long.MAX_VALUE) {
      q.improvementSweepPending = true;
      after(Duration.ofMillis(earliestLater - now), () -> improvementSweep(q));
    }
  }

  void indexSip(Agent a) {
    String user = a.sipUser();
    if (user != null) {
      agentsBySipUser.computeIfAbsent(user, u -> new ArrayList<>(1)).add(a);
    }
  }

  void unindexSip(Agent a) {
    String user = a.sipUser();
    if (user != null) {
      List<Agent> list = agentsBySipUser.get(user);
      if (list != null) {
        list.remove(a);
        if (list.isEmpty()) {
          agentsBySipUser.remove(user);
        }
      }
    }
  }

}
