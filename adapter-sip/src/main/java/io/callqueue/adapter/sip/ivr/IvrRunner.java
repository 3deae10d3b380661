package io.callqueue.adapter.sip.ivr;

import io.callqueue.api.CallId;
import io.callqueue.api.CallOffer;
import io.callqueue.api.CallOutcome;
import io.callqueue.api.CallQueue;
import io.callqueue.api.PromptSequence;
import io.callqueue.api.QueueId;
import io.callqueue.api.VoicemailMessage;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs IVR scenarios. A call starts at its scenario's first step and moves on as each step ends:
 * a prompt when played, a menu by the key pressed (or {@code otherwise}), a queue step when the
 * engine releases the call ({@code TelephonyPort.release}: not queued, timeout, queue emptied —
 * then {@code otherwise}; a callback — then the call ends). Answered and voicemail calls are the
 * engine's from there on. A step with no continuation ends the call.
 *
 * <p>Thread-safe: legs report from any thread; each call's progress is a small state kept in a
 * concurrent map.
 */
public final class IvrRunner {
  private static final Logger log = LoggerFactory.getLogger(IvrRunner.class);
  /** Longest IVR voicemail (the voicemail step, not the queue's key 0). */
  public static final Duration VOICEMAIL_MAX = Duration.ofMinutes(2);

  private final CallQueue engine;
  private final BiFunction<String, String, PromptSequence> prompts;
  private final Consumer<IvrVoicemail> voicemails;
  private final Map<CallId, Running> running = new ConcurrentHashMap<>();

  /**
   * A voicemail left through a scenario's voicemail step.
   *
   * @param call the call
   * @param queue the queue it is for
   * @param callerNumber the caller's number
   * @param message the recording
   */
  public record IvrVoicemail(CallId call, QueueId queue, String callerNumber,
      VoicemailMessage message) {}

  /**
   * @param engine where queue steps offer calls
   * @param prompts makes the prompt sequence for (queue or null, prompt key) — a queue's language
   *     and recordings apply in its voicemail step; the default language elsewhere
   * @param voicemails receives voicemails left through a voicemail step
   */
  public IvrRunner(CallQueue engine, BiFunction<String, String, PromptSequence> prompts,
      Consumer<IvrVoicemail> voicemails) {
    this.engine = engine;
    this.prompts = prompts;
    this.voicemails = voicemails;
  }

  private record Running(IvrLeg leg, Scenario scenario, Scenario.Step step) {}

  /** Starts a call at its scenario's first step. */
  public void start(IvrLeg leg, Scenario scenario) {
    log.info("call {} from {} to {}: scenario starts", leg.id(), leg.callerNumber(),
        scenario.number());
    go(leg, scenario, scenario.start());
  }

  /**
   * The engine released the call from its queue with this outcome (the binding forwards
   * {@code TelephonyPort.release} here). Returns false when the call is not in a queue step.
   */
  public boolean released(CallId call, CallOutcome outcome) {
    Running r = running.get(call);
    if (r == null || !(r.step() instanceof Scenario.Queue q)) {
      return false;
    }
    log.info("call {} released from queue {}: {}", call, q.queue(), outcome);
    if (outcome == CallOutcome.CALLBACK) {
      end(r.leg());
    } else {
      go(r.leg(), r.scenario(), q.otherwise());
    }
    return true;
  }

  /** The call is over (the caller hung up, or the engine took it): forget it. */
  public void ended(CallId call) {
    running.remove(call);
  }

  /** Whether the call is running a scenario step. */
  public boolean isRunning(CallId call) {
    return running.containsKey(call);
  }

  /**
   * Whether keys the caller presses belong to the scenario (a prompt or menu step), rather than to
   * the engine (a queue step: the call is in the engine's care).
   */
  public boolean takesKeys(CallId call) {
    Running r = running.get(call);
    return r != null && !(r.step() instanceof Scenario.Queue);
  }

  private void go(IvrLeg leg, Scenario scenario, String stepId) {
    if (stepId == null) {
      end(leg);
      return;
    }
    Scenario.Step step = scenario.steps().get(stepId);
    if (step == null) {
      log.error("call {}: scenario {} has no step '{}'; hanging up", leg.id(), scenario.number(),
          stepId);
      end(leg);
      return;
    }
    running.put(leg.id(), new Running(leg, scenario, step));
    log.debug("call {}: step {}", leg.id(), step);
    if (step instanceof Scenario.Play p) {
      leg.play(prompts.apply(null, p.prompt()), () -> after(leg, step,
          () -> go(leg, scenario, p.next())));
    } else if (step instanceof Scenario.Menu m) {
      leg.play(prompts.apply(null, m.prompt()), () -> after(leg, step,
          () -> leg.collectKey(m.timeout(), key -> after(leg, step, () -> go(leg, scenario,
              key.map(k -> m.choices().getOrDefault(k, m.otherwise())).orElse(m.otherwise()))))));
    } else if (step instanceof Scenario.Queue q) {
      engine.offer(CallOffer.of(leg.id(), QueueId.of(q.queue()), leg.callerNumber()))
          .whenComplete((result, error) -> {
            if (error != null) {
              log.error("call {}: offering to queue {} failed; continuing", leg.id(), q.queue(),
                  error);
              after(leg, step, () -> go(leg, scenario, q.otherwise()));
            } else if (result.joined()) {
              log.info("call {} joined queue {}", leg.id(), q.queue());
            }
            // not joined: the engine releases the call, and released() continues it
          });
    } else if (step instanceof Scenario.Voicemail v) {
      leg.recordVoicemail(prompts.apply(v.queue(), "queue-voicemail-intro"), VOICEMAIL_MAX, '#',
          message -> {
            // a recording ended by the caller hanging up is a voicemail all the same
            message.ifPresent(msg -> voicemails.accept(
                new IvrVoicemail(leg.id(), QueueId.of(v.queue()), leg.callerNumber(), msg)));
            after(leg, step, () -> end(leg));
          });
    } else if (step instanceof Scenario.HangUp) {
      end(leg);
    }
  }

  /** Runs the continuation only if the call is still at that step (not hung up, not moved on). */
  private void after(IvrLeg leg, Scenario.Step step, Runnable next) {
    Running r = running.get(leg.id());
    if (r != null && r.step() == step) {
      next.run();
    }
  }

  private void end(IvrLeg leg) {
    running.remove(leg.id());
    leg.hangUp();
  }
}
