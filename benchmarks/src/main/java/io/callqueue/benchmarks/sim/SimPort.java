package io.callqueue.benchmarks.sim;

import io.callqueue.api.AgentId;
import io.callqueue.api.CallId;
import io.callqueue.api.CallOutcome;
import io.callqueue.api.CallQueue;
import io.callqueue.api.PromptSequence;
import io.callqueue.spi.CallbackOrigination;
import io.callqueue.spi.RingRequest;
import io.callqueue.spi.Scheduler.Cancellable;
import io.callqueue.spi.TelephonyPort;
import io.callqueue.spi.VoicemailRequest;
import io.callqueue.testkit.ManualScheduler;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.DoubleSupplier;
import java.util.random.RandomGenerator;

/**
 * The phone network of the simulator: a {@link TelephonyPort} that plays callers and agents'
 * phones on the {@link ManualScheduler} and reports to the engine from scheduled tasks (never from
 * inside a port call).
 *
 * <p>Design: one small record per live caller (talk time and patience drawn when it arrived, so
 * the call population does not depend on what the engine does) and one per ringing agent leg,
 * indexed by agent (an agent rings for one caller at a time). A ring draws "answers?" and the ring
 * delay from the ring stream; an agent who does not answer lets it ring until the engine's ring
 * timeout cancels it. Connect schedules {@code callEnded} after the caller's talk time; patience
 * schedules {@code callerHungUp} unless the caller is connected first. Prompts (only when the
 * engine announces) last one second each. Everything is O(1) per port call, with no log kept —
 * unlike the testkit's {@code SimulatedTelephony}, which records a transcript of every action and
 * scans its legs on each ring (see the module README for the measured difference).
 *
 * <p>Single-threaded, like the scheduler and the engine it drives.
 */
final class SimPort implements TelephonyPort {
  private static final Duration PROMPT = Duration.ofSeconds(1);

  private final ManualScheduler scheduler;
  private final RandomGenerator ringRandom;
  private final DoubleSupplier ringDelay;
  private final double noAnswer;
  private final Map<CallId, Call> calls = new HashMap<>();
  private final Map<AgentId, Leg> legs = new HashMap<>();
  private CallQueue engine;
  private long anomalies;

  SimPort(ManualScheduler scheduler, RandomGenerator ringRandom, Distribution ringDelay,
      double noAnswerProbability) {
    this.scheduler = scheduler;
    this.ringRandom = ringRandom;
    this.ringDelay = ringDelay.sampler(ringRandom);
    this.noAnswer = noAnswerProbability;
  }

  void attach(CallQueue engine) {
    this.engine = engine;
  }

  /** Engine commands the simulation did not expect (voicemail, callbacks, unknown calls). */
  long anomalies() {
    return anomalies;
  }

  /** Calls the network still carries (waiting or talking). */
  int liveCalls() {
    return calls.size();
  }

  /**
   * A caller arrives: it talks {@code talkMillis} once connected and hangs up after
   * {@code patienceMillis} of waiting (negative: never). The caller must be offered to the engine
   * right after.
   */
  void arrive(CallId id, long talkMillis, long patienceMillis) {
    Call c = new Call(id, talkMillis);
    calls.put(id, c);
    if (patienceMillis >= 0) {
      c.patience = scheduler.schedule(Duration.ofMillis(patienceMillis), () -> {
        if (calls.get(id) == c && !c.connected) {
          calls.remove(id);
          engine.callerHungUp(id);
        }
      });
    }
  }

  @Override
  public void ringAgent(RingRequest r) {
    AgentId agent = r.agent();
    Leg old = legs.get(agent);
    if (old != null) {
      anomalies++;
      cancel(old.answer);
    }
    Leg leg = new Leg(r.call());
    legs.put(agent, leg);
    boolean answers = ringRandom.nextDouble() >= noAnswer;
    long delay = Math.round(ringDelay.getAsDouble() * 1000);
    if (answers) {
      leg.answer = scheduler.schedule(Duration.ofMillis(delay), () -> {
        if (legs.get(agent) == leg) {
          legs.remove(agent);
          engine.agentAnswered(leg.call, agent);
        }
      });
    }
  }

  @Override
  public void cancelRing(CallId call, AgentId agent) {
    Leg leg = legs.get(agent);
    if (leg != null && leg.call.equals(call)) {
      legs.remove(agent);
      cancel(leg.answer);
    }
  }

  @Override
  public void connect(CallId call, AgentId agent) {
    Call c = calls.get(call);
    if (c == null) {
      anomalies++;
      return;
    }
    c.connected = true;
    cancel(c.patience);
    cancel(c.prompt);
    scheduler.schedule(Duration.ofMillis(c.talkMillis), () -> {
      calls.remove(call);
      engine.callEnded(call);
    });
  }

  @Override
  public void play(CallId call, PromptSequence prompts) {
    Call c = calls.get(call);
    if (c == null) {
      return;
    }
    cancel(c.prompt);
    c.prompt = scheduler.schedule(PROMPT.multipliedBy(prompts.prompts().size()), () -> {
      if (calls.get(call) == c && !c.connected) {
        c.prompt = null;
        engine.promptFinished(call);
      }
    });
  }

  @Override
  public void startMusic(CallId call, String musicClass) {
    // music plays; nothing to simulate
  }

  @Override
  public void stopMusic(CallId call) {
    // nothing to simulate
  }

  @Override
  public void recordVoicemail(CallId call, VoicemailRequest request) {
    anomalies++;
    gone(call);
  }

  @Override
  public void release(CallId call, CallOutcome outcome) {
    gone(call);
  }

  @Override
  public void hangUp(CallId call) {
    gone(call);
  }

  @Override
  public void originateCallback(CallbackOrigination request) {
    anomalies++;
  }

  private void gone(CallId call) {
    Call c = calls.remove(call);
    if (c != null) {
      cancel(c.patience);
      cancel(c.prompt);
    }
  }

  private static void cancel(Cancellable c) {
    if (c != null) {
      c.cancel();
    }
  }

  /** A caller in the network. */
  private static final class Call {
    final CallId id;
    final long talkMillis;
    boolean connected;
    Cancellable patience;
    Cancellable prompt;

    Call(CallId id, long talkMillis) {
      this.id = id;
      this.talkMillis = talkMillis;
    }

    @Override
    public String toString() {
      return id.toString();
    }
  }

  /** An agent's phone ringing for a caller. */
  private static final class Leg {
    final CallId call;
    Cancellable answer;

    Leg(CallId call) {
      this.call = call;
    }
  }
}
