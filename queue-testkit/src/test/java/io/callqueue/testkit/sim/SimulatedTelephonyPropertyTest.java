package io.callqueue.testkit.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.callqueue.api.AgentEndpoint;
import io.callqueue.api.AgentId;
import io.callqueue.api.CallId;
import io.callqueue.api.CallOutcome;
import io.callqueue.api.PromptSequence;
import io.callqueue.api.QueueId;
import io.callqueue.spi.RingRequest;
import io.callqueue.spi.VoicemailRequest;
import io.callqueue.testkit.ManualScheduler;
import io.callqueue.testkit.property.Choices;
import io.callqueue.testkit.property.Gen;
import io.callqueue.testkit.property.Sequence;
import io.callqueue.testkit.property.StatefulProperty;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Drives the simulation with random but sensible engine commands (a naive engine) and random
 * caller actions, and checks every report the simulation makes against what the driver knows:
 * the simulation's mechanics hold whatever the interleaving.
 */
class SimulatedTelephonyPropertyTest {
  private static final QueueId Q = QueueId.of("q");
  private static final List<AgentId> AGENTS =
      IntStream.range(0, 3).mapToObj(i -> AgentId.of("a" + i)).toList();

  private enum Action {
    PLACE, RING, CANCEL, CONNECT, PLAY, MUSIC, VOICEMAIL, RELEASE, HANG_UP, CALLER_HANGS_UP,
    CALLER_PRESSES, ADVANCE
  }

  private static final Choices<Action> ACTIONS = Choices.<Action>builder()
      .add(4, Action.PLACE).add(6, Action.RING).add(2, Action.CANCEL).add(4, Action.CONNECT)
      .add(3, Action.PLAY).add(1, Action.MUSIC).add(1, Action.VOICEMAIL).add(1, Action.RELEASE)
      .add(1, Action.HANG_UP).add(1, Action.CALLER_HANGS_UP).add(2, Action.CALLER_PRESSES)
      .add(8, Action.ADVANCE).build();

  @Test
  void reportsAlwaysMatchWhatTheEngineAskedAndWhatTheCallerDid() {
    StatefulProperty.run("simulated telephony reports consistently", 200, 80, 20260105L,
        seq -> new Driver(seq).run());
  }

  private record Leg(CallId call, AgentId agent) {}

  /** A naive engine plus the model of what each call may report next. */
  private static final class Driver {
    final Sequence seq;
    final Gen gen;
    final ManualScheduler scheduler = new ManualScheduler();
    final SimulatedTelephony sim;
    final RecordingCallQueue engine = new RecordingCallQueue(scheduler);
    final List<CallId> live = new ArrayList<>();
    final Set<CallId> recording = new HashSet<>();
    final Set<CallId> playing = new HashSet<>();
    final Map<Leg, Boolean> legs = new LinkedHashMap<>(); // true: answered
    final Map<CallId, AgentId> connected = new HashMap<>();
    final Set<CallId> over = new HashSet<>();
    int calls;

    Driver(Sequence seq) {
      this.seq = seq;
      this.gen = seq.gen();
      sim = new SimulatedTelephony(scheduler, gen.nextLong()).attach(engine);
      for (AgentId a : AGENTS) {
        AgentBehaviour b = switch (gen.intIn(0, 4)) {
          case 0 -> AgentBehaviour.answerAfter(gen.secondsIn(0, 8));
          case 1 -> AgentBehaviour.neverAnswer();
          case 2 -> AgentBehaviour.busy();
          case 3 -> AgentBehaviour.reject(gen.secondsIn(0, 5));
          default -> AgentBehaviour.answerWithProbability(0.5, gen.secondsIn(1, 6));
        };
        b = gen.chance(0.3) ? b.talksUntilHungUp() : b.talkTime(gen.secondsIn(5, 120));
        sim.agent(a, b);
        seq.note(a + ": " + b);
      }
      if (gen.chance(0.3)) {
        sim.keysInterruptPrompts(false);
        seq.note("keys do not interrupt prompts");
      }
      engine.onReport(this::check);
    }

    void run() {
      for (int i = 0; i < seq.maxSteps(); i++) {
        step(gen.pick(ACTIONS));
        assertThat(sim.anomalies()).as("anomalies").isEmpty();
        assertThat(sim.ringingNow().values().stream().mapToInt(Set::size).sum())
            .as("legs ringing in the simulation vs the driver's unanswered legs")
            .isEqualTo(legs.values().stream().filter(answered -> !answered).count());
      }
      scheduler.advance(Duration.ofHours(2));
      assertThat(sim.anomalies()).as("anomalies").isEmpty();
    }

    List<CallId> waiting() {
      return live.stream().filter(c -> !connected.containsKey(c) && !recording.contains(c))
          .toList();
    }

    boolean idle(AgentId a) {
      return legs.keySet().stream().noneMatch(l -> l.agent.equals(a))
          && !connected.containsValue(a);
    }

    void step(Action action) {
      List<CallId> waiting = waiting();
      switch (action) {
        case PLACE -> {
          CallId c = CallId.of("c" + (++calls));
          CallerBehaviour b = gen.chance(0.5) ? CallerBehaviour.patient()
              : CallerBehaviour.hangUpAfter(gen.secondsIn(1, 90));
          if (gen.chance(0.3)) {
            b = b.pressKey(gen.oneOf('0', '5', '#'), gen.secondsIn(0, 30));
          }
          seq.step("place %s %s", c, b);
          live.add(c);
          sim.placeCall(c, Q, "+48" + calls, b);
        }
        case RING -> {
          List<AgentId> idle = AGENTS.stream().filter(this::idle).toList();
          if (waiting.isEmpty() || idle.isEmpty()) {
            return;
          }
          CallId c = gen.oneOf(waiting);
          AgentId a = gen.oneOf(idle);
          seq.step("ring %s for %s", a, c);
          legs.put(new Leg(c, a), false);
          sim.ringAgent(new RingRequest(c, Q, a, new AgentEndpoint.SipAccount(a.value()), "",
              Duration.ofSeconds(15), Duration.ZERO,
              gen.chance(0.3) ? prompts(gen.intIn(1, 3)) : null));
        }
        case CANCEL -> {
          if (legs.isEmpty()) {
            return;
          }
          Leg l = gen.oneOf(List.copyOf(legs.keySet()));
          seq.step("cancel ring %s for %s", l.agent, l.call);
          legs.remove(l);
          sim.cancelRing(l.call, l.agent);
        }
        case CONNECT -> {
          List<Leg> answered = legs.entrySet().stream().filter(Map.Entry::getValue)
              .map(Map.Entry::getKey).filter(l -> waiting.contains(l.call)).toList();
          if (answered.isEmpty()) {
            return;
          }
          Leg l = gen.oneOf(answered);
          seq.step("connect %s to %s", l.call, l.agent);
          cancelLegsOf(l.call, l);
          legs.remove(l);
          connected.put(l.call, l.agent);
          playing.remove(l.call);
          sim.connect(l.call, l.agent);
        }
        case PLAY -> {
          if (waiting.isEmpty()) {
            return;
          }
          CallId c = gen.oneOf(waiting);
          int n = gen.intIn(0, 3);
          seq.step("play %d prompts to %s", n, c);
          playing.add(c);
          sim.play(c, prompts(n));
        }
        case MUSIC -> {
          if (waiting.isEmpty()) {
            return;
          }
          CallId c = gen.oneOf(waiting);
          seq.step("music for %s", c);
          sim.startMusic(c, "default");
        }
        case VOICEMAIL -> {
          if (waiting.isEmpty()) {
            return;
          }
          CallId c = gen.oneOf(waiting);
          seq.step("record voicemail from %s", c);
          cancelLegsOf(c, null);
          recording.add(c);
          playing.remove(c);
          sim.recordVoicemail(c, new VoicemailRequest(Q, "", prompts(1),
              gen.secondsIn(1, 60), '#'));
        }
        case RELEASE, HANG_UP -> {
          if (waiting.isEmpty()) {
            return;
          }
          CallId c = gen.oneOf(waiting);
          seq.step("%s %s", action == Action.RELEASE ? "release" : "hang up", c);
          cancelLegsOf(c, null);
          finish(c);
          if (action == Action.RELEASE) {
            sim.release(c, gen.oneOf(CallOutcome.TIMEOUT, CallOutcome.CALLBACK,
                CallOutcome.LEFT_EMPTY));
          } else {
            sim.hangUp(c);
          }
        }
        case CALLER_HANGS_UP -> {
          if (live.isEmpty()) {
            return;
          }
          CallId c = gen.oneOf(live);
          seq.step("caller %s hangs up", c);
          sim.callerHangsUp(c);
        }
        case CALLER_PRESSES -> {
          if (live.isEmpty()) {
            return;
          }
          CallId c = gen.oneOf(live);
          char d = gen.oneOf('1', '#');
          seq.step("caller %s presses %s", c, d);
          sim.callerPresses(c, d);
        }
        case ADVANCE -> {
          Duration d = gen.durationIn(Duration.ZERO, Duration.ofSeconds(20));
          seq.step("advance %d ms", d.toMillis());
          scheduler.advance(d);
        }
      }
    }

    /** Checks one report against the model, then reacts as a naive engine would. */
    void check(RecordingCallQueue.Report r) {
      seq.note("report at " + r.at().toMillis() + "ms: " + r.what());
      CallId c = r.call();
      String kind = r.what().split(" ")[0];
      if (kind.equals("offer")) {
        return;
      }
      assertThat(over).as("calls already over, reported again: " + r.what()).doesNotContain(c);
      assertThat(live).as("live calls, for " + r.what()).contains(c);
      switch (kind) {
        case "agentAnswered", "agentFailed" -> {
          Leg l = new Leg(c, AgentId.of(r.what().split(" ")[2]));
          assertThat(legs.get(l)).as("leg " + l + " is rung and unanswered").isFalse();
          if (kind.equals("agentAnswered")) {
            legs.put(l, true);
          } else {
            legs.remove(l);
          }
        }
        case "callerHungUp" -> {
          assertThat(waiting()).as("waiting callers").contains(c);
          cancelLegsOf(c, null);
          finish(c);
        }
        case "callEnded" -> {
          assertThat(connected).as("connected calls").containsKey(c);
          finish(c);
        }
        case "voicemailRecorded" -> {
          assertThat(recording).as("recording calls").contains(c);
          assertThat(r.what()).contains("sim://voicemail/" + c);
          finish(c);
        }
        case "promptFinished" -> {
          assertThat(playing).as("calls hearing prompts").contains(c);
          playing.remove(c);
        }
        case "dtmf" -> assertThat(waiting()).as("waiting callers").contains(c);
        default -> throw new AssertionError("unexpected report " + r.what());
      }
    }

    void cancelLegsOf(CallId c, Leg except) {
      for (Leg l : List.copyOf(legs.keySet())) {
        if (l.call.equals(c) && !l.equals(except)) {
          legs.remove(l);
          sim.cancelRing(l.call, l.agent);
        }
      }
    }

    void finish(CallId c) {
      live.remove(c);
      recording.remove(c);
      playing.remove(c);
      connected.remove(c);
      over.add(c);
    }

    static PromptSequence prompts(int n) {
      return new PromptSequence("en", IntStream.range(0, n)
          .mapToObj(i -> PromptSequence.Prompt.of("p" + i)).toList());
    }
  }
}
