package io.callqueue.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.callqueue.api.AgentConfig;
import io.callqueue.api.AgentEndpoint;
import io.callqueue.api.AgentId;
import io.callqueue.api.AgentState;
import io.callqueue.api.CallId;
import io.callqueue.api.CallOffer;
import io.callqueue.api.JoinPolicy;
import io.callqueue.api.Membership;
import io.callqueue.api.QueueConfig;
import io.callqueue.api.QueueEvent;
import io.callqueue.api.QueueId;
import io.callqueue.api.RingFailure;
import io.callqueue.api.Strategy;
import io.callqueue.core.records.CallRecorder;
import io.callqueue.core.records.InMemoryCallRecordStore;
import io.callqueue.testkit.ManualScheduler;
import io.callqueue.testkit.RecordingTelephonyPort;
import io.callqueue.testkit.property.Sequence;
import io.callqueue.testkit.property.StatefulProperty;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * Random sequences of offers, hang-ups, answers, ring failures, call ends, registrations,
 * logins, pauses, membership changes and time advances, checked after every step against the
 * engine's own invariants and against a reference model folded from the events alone: no agent
 * rung for two callers; every offered call ends with exactly one outcome; a ring goes to the best
 * available tier; an agent is rung for the best caller that may use it (queue weight, caller
 * priority, arrival); wrap-up honoured. Replay a failing seed with {@code -Dcallqueue.seed=N}.
 */
class EnginePropertyTest {

  @Test
  void randomOperations_keepEveryInvariant() {
    StatefulProperty.run("engine invariants", 1500, 120, 20_261_126L,
        seq -> new Run(seq).execute());
  }

  /** One random sequence. */
  private static final class Run {
    private final RandomGenerator rnd;
    private final Sequence steps;
    private final ManualScheduler scheduler = new ManualScheduler();
    private final RecordingTelephonyPort port = new RecordingTelephonyPort();
    private final CallQueueEngine engine;
    private final Model model = new Model();
    private final List<QueueId> queueIds = new ArrayList<>();
    private final List<AgentId> agentIds = new ArrayList<>();
    private final Set<CallId> offered = new HashSet<>();
    private int nextCall;

    Run(Sequence seq) {
      this.rnd = seq.gen();
      this.steps = seq;
      this.engine = CallQueueEngine.builder().telephony(port)
          .scheduler(scheduler).executor(Runnable::run).randomSeed(rnd.nextLong()).build();
      engine.addListener(model::onEvent);
      recorder = CallRecorder.builder(store, scheduler).executor(Runnable::run).build();
      engine.addListener(recorder);
    }

    private final InMemoryCallRecordStore store = new InMemoryCallRecordStore();
    private final CallRecorder recorder;

    void execute() {
      setUp();
      int n = Math.min(steps.maxSteps(), 20 + rnd.nextInt(100));
      for (int i = 0; i < n; i++) {
        model.external = true;
        step();
        model.external = false;
        check();
      }
      // drain: everyone hangs up, time passes; every offered call must have exactly one outcome
      for (CallId call : new ArrayList<>(model.live())) {
        steps.step("drain: hang up " + call);
        engine.callerHungUp(call);
      }
      scheduler.advance(Duration.ofMinutes(10));
      check();
      recorder.flush();
      for (CallId call : offered) {
        assertThat(model.outcomes.getOrDefault(call, 0))
            .as("outcomes of call %s", call).isEqualTo(1);
        checkRecord(call);
      }
      assertThat(store.size()).isEqualTo(offered.size());
    }

    /** Every offered call has one record whose timeline agrees with itself and the events. */
    private void checkRecord(CallId call) {
      List<io.callqueue.api.CallRecord> records = store.findByCall(call);
      assertThat(records).as("records of call %s", call).hasSize(1);
      io.callqueue.api.CallRecord r = records.get(0);
      assertThat(r.outcome()).as("record outcome of %s", call)
          .isEqualTo(model.outcomeOf.get(call));
      assertThat(r.offeredAt()).isBeforeOrEqualTo(r.leftAt());
      if (r.queued()) {
        assertThat(r.joinedAt()).isEqualTo(r.offeredAt());
        assertThat(r.waited()).isEqualTo(Duration.between(r.joinedAt(), r.leftAt()));
        assertThat(r.positionOnEntry()).isPositive();
      } else {
        assertThat(r.outcome()).isEqualTo(io.callqueue.api.CallOutcome.NOT_QUEUED);
        assertThat(r.attempts()).isEmpty();
      }
      Instant last = r.offeredAt();
      for (io.callqueue.api.AgentAttempt a : r.attempts()) {
        assertThat(a.rungAt()).as("attempts of %s in order", call).isAfterOrEqualTo(last);
        assertThat(a.endedAt()).isAfterOrEqualTo(a.rungAt());
        last = a.rungAt();
      }
      if (r.outcome() == io.callqueue.api.CallOutcome.ANSWERED) {
        assertThat(r.agent()).isNotNull();
        assertThat(r.answeredAt()).isEqualTo(r.leftAt());
        assertThat(r.attempts()).anySatisfy(a -> {
          assertThat(a.agent()).isEqualTo(r.agent());
          assertThat(a.result()).isEqualTo(io.callqueue.api.AgentAttempt.Result.ANSWERED);
        });
        if (r.completedAt() != null) {
          assertThat(r.completedAt()).isAfterOrEqualTo(r.answeredAt());
          assertThat(r.talkTime()).isEqualTo(Duration.between(r.answeredAt(), r.completedAt()));
        }
      } else {
        assertThat(r.answeredAt()).isNull();
      }
      if (r.outcome() == io.callqueue.api.CallOutcome.CALLBACK) {
        assertThat(r.callback()).isNotNull();
      }
    }

    private void setUp() {
      int queues = 1 + rnd.nextInt(3);
      for (int i = 0; i < queues; i++) {
        Strategy s = Strategy.values()[rnd.nextInt(Strategy.values().length)];
        QueueConfig.Builder b = QueueConfig.builder("q" + i).strategy(s)
            .weight(rnd.nextInt(3))
            .ringTimeout(Duration.ofSeconds(5 + rnd.nextInt(16)))
            .retryDelay(Duration.ofSeconds(rnd.nextInt(7)))
            .wrapUpTime(Duration.ofSeconds(rnd.nextInt(3) * 5L))
            .joinPolicy(JoinPolicy.values()[rnd.nextInt(JoinPolicy.values().length)])
            .autoPause(rnd.nextInt(5) == 0)
            .leaveWhenEmpty(rnd.nextInt(5) == 0);
        if (rnd.nextInt(4) == 0) {
          b.maxWait(Duration.ofSeconds(30 + rnd.nextInt(120)));
        }
        if (rnd.nextInt(4) == 0) {
          b.maxLength(1 + rnd.nextInt(4));
        }
        b.callbackKeepsPlace(rnd.nextBoolean())
            .positionFirstAfter(Duration.ofSeconds(rnd.nextInt(20)))
            .positionEvery(Duration.ofSeconds(10 + rnd.nextInt(50)))
            .announceMinGap(Duration.ofSeconds(rnd.nextInt(20)))
            .estimateAnnouncement(io.callqueue.api.EstimateAnnouncement.values()[rnd.nextInt(3)])
            .periodicPrompts(rnd.nextInt(3) == 0 ? List.of("queue-periodic") : List.of());
        if (rnd.nextInt(6) == 0) {
          b.voicemailKey(null);
        }
        QueueConfig config = b.build();
        steps.step("add " + config);
        join(engine.addQueue(config));
        queueIds.add(config.id());
        model.queues.put(config.id(), config);
      }
      int agents = 1 + rnd.nextInt(6);
      for (int i = 0; i < agents; i++) {
        AgentId id = AgentId.of("a" + i);
        boolean auto = rnd.nextBoolean();
        steps.step("add agent " + id + " autoActivate=" + auto);
        join(engine.addAgent(new AgentConfig(id, new AgentEndpoint.SipAccount("u" + i), auto)));
        agentIds.add(id);
        for (QueueId q : queueIds) {
          if (rnd.nextInt(3) > 0) {
            int priority = rnd.nextInt(3);
            steps.step("member " + id + " of " + q + " priority " + priority);
            model.priority.put(key(q, id), priority);
            join(engine.addMembership(new Membership(q, id, priority)));
          }
        }
        if (rnd.nextBoolean()) {
          steps.step("login " + id);
          join(engine.login(id));
        }
      }
    }

    private void step() {
      int choice = rnd.nextInt(100);
      if (choice < 22) {
        QueueId q = rnd.nextInt(20) == 0 ? QueueId.of("nowhere") : pick(queueIds);
        CallId call = CallId.of("c" + nextCall++);
        int priority = rnd.nextInt(4) == 0 ? 1 : 0;
        steps.step("offer " + call + " to " + q + " priority " + priority);
        offered.add(call);
        join(engine.offer(new CallOffer(call, q, "+48" + (600000000 + nextCall), priority)));
      } else if (choice < 36) {
        Map<CallId, Set<AgentId>> ringing = port.ringingNow();
        if (!ringing.isEmpty()) {
          CallId call = pick(new ArrayList<>(ringing.keySet()));
          AgentId agent = pick(new ArrayList<>(ringing.get(call)));
          steps.step("answer " + call + " by " + agent);
          port.legEnded(call, agent);
          engine.agentAnswered(call, agent);
        } else if (!offered.isEmpty() && !agentIds.isEmpty()) {
          CallId call = pick(new ArrayList<>(offered));
          AgentId agent = pick(agentIds);
          steps.step("stale answer " + call + " by " + agent);
          engine.agentAnswered(call, agent);
        }
      } else if (choice < 44) {
        Map<CallId, Set<AgentId>> ringing = port.ringingNow();
        if (!ringing.isEmpty()) {
          CallId call = pick(new ArrayList<>(ringing.keySet()));
          AgentId agent = pick(new ArrayList<>(ringing.get(call)));
          RingFailure failure = RingFailure.values()[rnd.nextInt(RingFailure.values().length)];
          steps.step("fail " + call + " at " + agent + " " + failure);
          port.legEnded(call, agent);
          engine.agentFailed(call, agent, failure);
        }
      } else if (choice < 52) {
        List<CallId> live = new ArrayList<>(model.live());
        if (!live.isEmpty()) {
          CallId call = pick(live);
          steps.step("caller hangs up " + call);
          engine.callerHungUp(call);
        }
      } else if (choice < 60) {
        List<CallId> talking = new ArrayList<>(model.connected);
        if (!talking.isEmpty()) {
          CallId call = pick(talking);
          steps.step("call ends " + call);
          engine.callEnded(call);
        }
      } else if (choice < 62) {
        List<CallId> waitingNow = new ArrayList<>(model.waiting.keySet());
        if (!waitingNow.isEmpty()) {
          CallId call = pick(waitingNow);
          char key = "015".charAt(rnd.nextInt(3));
          steps.step("caller " + call + " presses " + key);
          engine.dtmf(call, key);
        }
      } else if (choice < 64) {
        List<io.callqueue.testkit.PortCommand.Play> plays =
            port.commands(io.callqueue.testkit.PortCommand.Play.class);
        if (!plays.isEmpty()) {
          CallId call = pick(plays).call();
          steps.step("prompt finished for " + call);
          engine.promptFinished(call);
        }
        List<io.callqueue.testkit.PortCommand.RecordVoicemail> vms =
            port.commands(io.callqueue.testkit.PortCommand.RecordVoicemail.class);
        if (!vms.isEmpty() && rnd.nextBoolean()) {
          CallId call = pick(vms).call();
          steps.step("voicemail recorded for " + call);
          engine.voicemailRecorded(call,
              new io.callqueue.api.VoicemailMessage("mem://" + call, Duration.ofSeconds(7)));
        }
      } else if (choice < 66) {
        AgentId a = pick(agentIds);
        String user = "u" + a.value().substring(1);
        if (rnd.nextBoolean()) {
          steps.step("register " + user);
          engine.sipRegistered(user);
        } else {
          steps.step("unregister " + user);
          engine.sipUnregistered(user);
        }
      } else if (choice < 76) {
        AgentId a = pick(agentIds);
        int op = rnd.nextInt(4);
        steps.step(new String[] {"login", "logout", "pause", "unpause"}[op] + " " + a);
        var stage = switch (op) {
          case 0 -> engine.login(a);
          case 1 -> engine.logout(a);
          case 2 -> engine.pause(a, "break");
          default -> engine.unpause(a);
        };
        stage.toCompletableFuture().handle((v, e) -> null).join();
      } else if (choice < 79) {
        QueueId q = pick(queueIds);
        AgentId a = pick(agentIds);
        int priority = rnd.nextInt(3);
        if (model.priority.containsKey(key(q, a))) {
          if (rnd.nextBoolean()) {
            steps.step("membership " + a + " in " + q + " -> priority " + priority);
            model.priority.put(key(q, a), priority);
            join(engine.updateMembership(new Membership(q, a, priority)));
          } else {
            steps.step("remove membership " + a + " from " + q);
            model.priority.remove(key(q, a));
            join(engine.removeMembership(q, a));
          }
        } else {
          steps.step("add membership " + a + " to " + q + " priority " + priority);
          model.priority.put(key(q, a), priority);
          join(engine.addMembership(new Membership(q, a, priority)));
        }
      } else {
        long ms = rnd.nextInt(4) == 0 ? rnd.nextInt(60_000) : rnd.nextInt(6_000);
        steps.step("advance " + ms + " ms");
        model.external = false;
        scheduler.advance(Duration.ofMillis(ms));
      }
    }

    private void check() {
      join(engine.verifyInvariants());
      Map<AgentId, CallId> ringingAgent = new HashMap<>();
      port.ringingNow().forEach((call, agents) -> {
        for (AgentId a : agents) {
          CallId other = ringingAgent.put(a, call);
          assertThat(other).as("agent %s rung for two callers", a).isNull();
        }
      });
      assertThat(model.violations).isEmpty();
      for (Map.Entry<CallId, Integer> e : model.outcomes.entrySet()) {
        assertThat(e.getValue()).as("outcomes of %s", e.getKey()).isEqualTo(1);
      }
    }

    private <T> T join(java.util.concurrent.CompletionStage<T> stage) {
      return stage.toCompletableFuture().join();
    }

    private <T> T pick(List<T> list) {
      return list.get(rnd.nextInt(list.size()));
    }

    /** The reference model: folded from events only, checks each ring as it happens. */
    private final class Model {
      final Map<QueueId, QueueConfig> queues = new LinkedHashMap<>();
      final Map<String, Integer> priority = new HashMap<>();
      final Map<AgentId, AgentState> state = new HashMap<>();
      final Map<CallId, ShadowCaller> waiting = new LinkedHashMap<>();
      final Set<CallId> connected = new HashSet<>();
      final Set<CallId> keptCallbacks = new HashSet<>();
      final Map<CallId, Integer> outcomes = new HashMap<>();
      final Map<CallId, io.callqueue.api.CallOutcome> outcomeOf = new HashMap<>();
      final Map<AgentId, Instant> wrapUpEnds = new HashMap<>();
      final Map<CallId, QueueId> queueOfCall = new HashMap<>();
      final List<String> violations = new ArrayList<>();
      long seq;

      Set<CallId> live() {
        Set<CallId> s = new HashSet<>(waiting.keySet());
        s.addAll(connected);
        return s;
      }

      final java.util.ArrayDeque<QueueEvent> recent = new java.util.ArrayDeque<>();

      final List<QueueEvent> all = new ArrayList<>();

      void onEvent(QueueEvent e) {
        all.add(e);
        recent.addLast(e);
        if (recent.size() > 30) {
          recent.removeFirst();
        }
        int before = violations.size();
        fold(e);
        if (violations.size() > before) {
          StringBuilder sb = new StringBuilder(violations.remove(violations.size() - 1));
          sb.append("\n  recent events:");
          for (QueueEvent r : recent) {
            sb.append("\n    ").append(r);
          }
          violations.add(sb.toString());
        }
      }

      private void fold(QueueEvent e) {
        if (e instanceof QueueEvent.CallerJoined j) {
          waiting.put(j.call(), new ShadowCaller(j.queue(), j.priority(), seq++));
          queueOfCall.put(j.call(), j.queue());
        } else if (e instanceof QueueEvent.CallbackRequested cb) {
          if (cb.keepsPlace()) {
            keptCallbacks.add(cb.call());
            ShadowCaller c = waiting.get(cb.call());
            // a kept-place request starts a fresh round (its agent legs are new outbound calls)
            c.tried.clear();
            c.unknown.clear();
            c.addedExternally.clear();
            c.clearAt = null;
          }
        } else if (e instanceof QueueEvent.CallbackStarted cb) {
          waiting.remove(cb.call());
          connected.add(cb.call());
        } else if (e instanceof QueueEvent.CallerLeft l) {
          outcomes.merge(l.call(), 1, Integer::sum);
          outcomeOf.put(l.call(), l.outcome());
          if (!keptCallbacks.contains(l.call())) {
            waiting.remove(l.call());
          }
          if (l.outcome() == io.callqueue.api.CallOutcome.ANSWERED) {
            connected.add(l.call());
          }
        } else if (e instanceof QueueEvent.AgentRung r) {
          onRung(r);
        } else if (e instanceof QueueEvent.AgentRingEnded r) {
          ShadowCaller c = waiting.get(r.call());
          if (c != null) {
            refreshTried(c, r.at());
            c.ringing.remove(r.agent());
            if (r.result() != QueueEvent.RingResult.CANCELLED) {
              c.tried.put(r.agent(), r.at());
              c.lastFailed = r.agent();
              if (external) {
                c.addedExternally.add(r.agent());
              }
            }
          }
        } else if (e instanceof QueueEvent.RetryScheduled r) {
          ShadowCaller c = waiting.get(r.call());
          if (c != null) {
            if (c.clearAt != null && !c.clearAt.isAfter(r.at())) {
              // the engine schedules a retry only when none is pending: the last one has fired,
              // before the failure that led to this one
              if (c.lastFailed != null) {
                c.addedExternally.add(c.lastFailed);
              }
              boolean was = external;
              external = true;
              refreshTried(c, r.at());
              external = was;
            }
            if (c.clearAt == null) {
              c.clearAt = r.at().plus(r.delay());
            }
          }
        } else if (e instanceof QueueEvent.CallCompleted done) {
          connected.remove(done.call());
          Duration wrap = queues.get(done.queue()) == null ? Duration.ZERO
              : queues.get(done.queue()).wrapUpTime();
          wrapUpEnds.put(done.agent(), done.at().plus(wrap));
        } else if (e instanceof QueueEvent.AgentStateChanged s) {
          state.put(s.agent(), s.to());
          if (s.to() == AgentState.AVAILABLE && s.from() == AgentState.WRAP_UP) {
            Instant end = wrapUpEnds.get(s.agent());
            if (end != null && s.at().isBefore(end)) {
              violations.add("agent " + s.agent() + " left wrap-up early at " + s.at());
            }
          }
        }
      }

      /**
       * Whether the current events come from a step of the test rather than a timer: then every
       * timer due by now has run, retries due exactly now included.
       */
      boolean external;

      private void refreshTried(ShadowCaller c, Instant now) {
        if (c.clearAt != null && (now.isAfter(c.clearAt) || external && now.equals(c.clearAt))) {
          c.unknown.clear();
          for (Map.Entry<AgentId, Instant> t : new ArrayList<>(c.tried.entrySet())) {
            if (t.getValue().isBefore(c.clearAt)) {
              c.tried.remove(t.getKey());
            } else if (t.getValue().equals(c.clearAt) && !c.addedExternally.contains(t.getKey())) {
              // a timer failed this ring at the very instant the retry fired: either order is
              // possible, so this agent's standing with this caller is unknown until next round
              c.tried.remove(t.getKey());
              c.unknown.add(t.getKey());
            }
          }
          c.addedExternally.clear();
          c.clearAt = null;
        }
      }

      private boolean allowed(ShadowCaller c, AgentId a, Instant now) {
        return !c.tried.containsKey(a) && !c.unknown.contains(a) && !ambiguous(c, now);
      }

      private boolean ambiguous(ShadowCaller c, Instant now) {
        return !external && c.clearAt != null && c.clearAt.equals(now);
      }

      private void onRung(QueueEvent.AgentRung r) {
        ShadowCaller c = waiting.get(r.call());
        if (c == null) {
          violations.add("rang " + r.agent() + " for " + r.call() + " which is not waiting");
          return;
        }
        Instant now = r.at();
        Instant wrapEnd = wrapUpEnds.get(r.agent());
        if (wrapEnd != null && now.isBefore(wrapEnd)) {
          violations.add("agent " + r.agent() + " rung during wrap-up");
        }
        refreshTried(c, now);
        Integer tier = priority.get(key(c.queue, r.agent()));
        if (tier == null) {
          violations.add("agent " + r.agent() + " rung for queue " + c.queue + " it is not in");
          return;
        }
        if (c.tried.containsKey(r.agent()) && !ambiguous(c, now)) {
          violations.add("agent " + r.agent() + " re-rung for " + r.call() + " in the same round");
        }
        // tier: no better-tier member available and untried for this caller
        for (Map.Entry<AgentId, AgentState> s : state.entrySet()) {
          Integer p = priority.get(key(c.queue, s.getKey()));
          if (p != null && p < tier && s.getValue() == AgentState.AVAILABLE
              && allowed(c, s.getKey(), now)) {
            violations.add("rang " + r.agent() + " (tier " + tier + ") for " + r.call()
                + " while " + s.getKey() + " (tier " + p + ") was available");
          }
        }
        // caller choice: no waiting caller better than this one may use this agent
        if (c.ringing.isEmpty()) {
          for (Map.Entry<CallId, ShadowCaller> e : waiting.entrySet()) {
            ShadowCaller o = e.getValue();
            if (o == c || !o.ringing.isEmpty()) {
              continue;
            }
            refreshTried(o, now);
            if (!priority.containsKey(key(o.queue, r.agent())) || !allowed(o, r.agent(), now)) {
              continue;
            }
            if (better(o, c)) {
              Caller inner = engine.core().calls.get(e.getKey());
              violations.add("rang " + r.agent() + " for " + r.call() + " while better caller "
                  + e.getKey() + " could use it (engine: phase " + inner.phase + ", tried "
                  + inner.tried + ", shadow tried " + o.tried + ")"
                  + all.stream().filter(x -> x.toString().contains("call=" + e.getKey() + ","))
                      .map(x -> "\n      " + x).reduce("", String::concat));
            }
          }
        }
        c.ringing.add(r.agent());
      }

      private boolean better(ShadowCaller a, ShadowCaller b) {
        int wa = queues.get(a.queue).weight();
        int wb = queues.get(b.queue).weight();
        if (wa != wb) {
          return wa > wb;
        }
        if (a.priority != b.priority) {
          return a.priority > b.priority;
        }
        return a.seq < b.seq;
      }
    }

    private static String key(QueueId q, AgentId a) {
      return q.value() + "/" + a.value();
    }

    private static final class ShadowCaller {
      final QueueId queue;
      final int priority;
      final long seq;
      final Set<AgentId> ringing = new HashSet<>();
      /** Agents tried this round, with when their ring ended. */
      final Map<AgentId, Instant> tried = new HashMap<>();
      final Set<AgentId> addedExternally = new HashSet<>();
      final Set<AgentId> unknown = new HashSet<>();
      AgentId lastFailed;
      Instant clearAt;

      ShadowCaller(QueueId queue, int priority, long seq) {
        this.queue = queue;
        this.priority = priority;
        this.seq = seq;
      }
    }
  }
}
