package io.callqueue.testkit.sim;

import io.callqueue.api.AgentId;
import io.callqueue.api.CallId;
import io.callqueue.api.CallOffer;
import io.callqueue.api.CallOutcome;
import io.callqueue.api.CallQueue;
import io.callqueue.api.OfferResult;
import io.callqueue.api.PromptSequence;
import io.callqueue.api.QueueId;
import io.callqueue.api.RingFailure;
import io.callqueue.api.VoicemailMessage;
import io.callqueue.spi.CallbackOrigination;
import io.callqueue.spi.RingRequest;
import io.callqueue.spi.Scheduler.Cancellable;
import io.callqueue.spi.TelephonyPort;
import io.callqueue.spi.VoicemailRequest;
import io.callqueue.testkit.ManualScheduler;
import io.callqueue.testkit.sim.AgentBehaviour.Reaction;
import io.callqueue.testkit.sim.SimCall.Ending;
import io.callqueue.testkit.sim.SimCall.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

/**
 * A {@link TelephonyPort} that plays the phone network in virtual time: agents' phones and callers
 * behave as told ({@link AgentBehaviour}, {@link CallerBehaviour}), and every outcome is reported
 * to the engine from a task on the {@link ManualScheduler}, so a simulated hour passes in one
 * {@code advance}.
 *
 * <p><b>Design.</b> The simulation keeps one record per caller (status: waiting, recording,
 * connected, calling back, gone) and one per agent leg (ringing, answered, connected), keyed by
 * (call, agent). A port call updates the records first and schedules the resulting report (never
 * reporting synchronously from inside a port call, so the engine is never re-entered); the
 * scheduled task re-checks the records when it fires, so a cancelled ring or a caller who has gone
 * produces no report. Specifically:
 * <ul>
 *   <li>{@code ringAgent} → {@code agentAnswered} / {@code agentFailed} per the agent's behaviour
 *       ({@code BUSY} whenever the agent's phone is already in a call); {@code cancelRing} ends the
 *       leg so it never reports; an answer for a caller who has gone drops the leg unreported;
 *   <li>{@code connect} → whisper to the agent (1 prompt length per prompt), then talk for the
 *       agent's talk time, then {@code callEnded}; the agent's phone is free again;
 *   <li>{@code play} → {@code promptFinished} after prompt length × prompts (a new play replaces
 *       the old one unreported; a key press interrupts it and reports it before the key);
 *   <li>{@code recordVoicemail} → intro, then the caller speaks, then {@code voicemailRecorded}
 *       with {@code sim://voicemail/<call>}; the finish key or hanging up ends it early;
 *   <li>{@code originateCallback} → the agent leg rings as above; on answer the customer is called
 *       and answers after {@link #customerAnswerDelay}, then talk, then {@code callEnded}; a
 *       customer made {@linkplain #unreachableCustomer unreachable} does not answer instead: after
 *       the same delay the agent's leg ends and {@code customerUnreached(NO_ANSWER)} is
 *       reported;
 *   <li>a ring that asks for a confirmation (issue 16) → on answer the agent hears the whisper
 *       and the confirm prompt (1 prompt length each), then does what its behaviour says
 *       ({@link AgentBehaviour#confirms}): 1 reports {@code agentAnswered}; another key, a hang-up
 *       or silence until the confirm timeout reports {@code agentFailed(UNCONFIRMED)}. A ring
 *       answered by the phone's voicemail ({@link AgentBehaviour#voicemailAnswers}) stays silent;
 *       without a confirmation it is bridged like a person and holds the caller
 *       {@link AgentBehaviour#VOICEMAIL_TALK_TIME}, counted by {@link #callsBridgedToVoicemail()};
 *   <li>{@code release} / {@code hangUp} → the caller is gone: no report about the call follows.
 * </ul>
 * The only deliberate race is {@link #cancelLatency}: while a cancel is "on the wire" the agent may
 * still answer, and that answer is reported. Engine commands that make no sense (ringing for a
 * caller who has gone, connecting an agent who was not rung, ...) are logged as
 * {@linkplain #anomalies() anomalies}, which property tests can assert to be empty.
 *
 * <p>Not thread-safe, like the {@link ManualScheduler}: drive it, the scheduler and the engine from
 * one thread (build the engine with an executor that runs on the calling thread).
 */
public final class SimulatedTelephony implements TelephonyPort {
  static final String REPORT = "-> engine: ";

  private final ManualScheduler scheduler;
  private final RandomGenerator random;
  private CallQueue engine;
  private Duration promptLength = Duration.ofSeconds(1);
  private Duration cancelLatency = Duration.ZERO;
  private Duration customerAnswerDelay = Duration.ofSeconds(3);
  private boolean keysInterruptPrompts = true;
  private AgentBehaviour defaultBehaviour = AgentBehaviour.answerAfter(Duration.ofSeconds(3));

  private final Map<AgentId, AgentBehaviour> behaviours = new HashMap<>();
  /** Numbers whose next callbacks fail, with how many more fail. */
  private final Map<String, Integer> unreachable = new HashMap<>();
  private final Map<CallId, Caller> callers = new LinkedHashMap<>();
  private final Map<LegKey, Leg> legs = new LinkedHashMap<>();
  private final List<SimEvent> log = new ArrayList<>();
  private final List<String> anomalies = new ArrayList<>();
  private final Set<CallId> bridgedToVoicemail = new LinkedHashSet<>();

  /** A simulation on this scheduler, random draws seeded with 0. */
  public SimulatedTelephony(ManualScheduler scheduler) {
    this(scheduler, 0L);
  }

  /** A simulation on this scheduler whose random draws (answer probabilities) use this seed. */
  public SimulatedTelephony(ManualScheduler scheduler, long seed) {
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.random = new SplittableRandom(seed);
  }

  // ---- setup --------------------------------------------------------------------------------

  /** Connects the simulation to the engine it reports to; call once the engine is built. */
  public SimulatedTelephony attach(CallQueue engine) {
    this.engine = Objects.requireNonNull(engine, "engine");
    return this;
  }

  /** How long one prompt plays (default 1 s). */
  public SimulatedTelephony promptLength(Duration perPrompt) {
    this.promptLength = notNegative("promptLength", perPrompt);
    return this;
  }

  /**
   * How long a {@code cancelRing} takes to reach the agent's phone (default zero). While it
   * travels the phone may still answer or fail, and that is reported to the engine: a deliberate
   * race the engine must resolve (an answered leg is hung up when the cancel arrives).
   */
  public SimulatedTelephony cancelLatency(Duration latency) {
    this.cancelLatency = notNegative("cancelLatency", latency);
    return this;
  }

  /** How long a called-back customer takes to answer (default 3 s). */
  public SimulatedTelephony customerAnswerDelay(Duration delay) {
    this.customerAnswerDelay = notNegative("customerAnswerDelay", delay);
    return this;
  }

  /**
   * The next {@code attempts} callbacks to this number do not reach the customer (no answer);
   * {@link Integer#MAX_VALUE} for every one, 0 to make it reachable again.
   */
  public SimulatedTelephony unreachableCustomer(String number, int attempts) {
    Objects.requireNonNull(number, "number");
    if (attempts < 0) {
      throw new IllegalArgumentException("attempts must be >= 0, was " + attempts);
    }
    if (attempts == 0) {
      unreachable.remove(number);
    } else {
      unreachable.put(number, attempts);
    }
    return this;
  }

  /** Whether a key pressed during prompts interrupts them (default true). */
  public SimulatedTelephony keysInterruptPrompts(boolean b) {
    this.keysInterruptPrompts = b;
    return this;
  }

  /** The behaviour of agents not given one (default: answer after 3 s, talk 60 s). */
  public SimulatedTelephony defaultAgentBehaviour(AgentBehaviour behaviour) {
    this.defaultBehaviour = Objects.requireNonNull(behaviour, "behaviour");
    return this;
  }

  /** Sets (or changes, from the next ring on) how this agent's phone behaves. */
  public SimulatedTelephony agent(AgentId agent, AgentBehaviour behaviour) {
    behaviours.put(Objects.requireNonNull(agent, "agent"),
        Objects.requireNonNull(behaviour, "behaviour"));
    return this;
  }

  /** Shorthand for {@code agent(AgentId.of(agent), behaviour)}. */
  public SimulatedTelephony agent(String agent, AgentBehaviour behaviour) {
    return agent(AgentId.of(agent), behaviour);
  }

  /** The behaviour this agent's phone has now. */
  public AgentBehaviour behaviourOf(AgentId agent) {
    return behaviours.getOrDefault(agent, defaultBehaviour);
  }

  // ---- the outside world acting ---------------------------------------------------------------

  /** A caller dials in and the adapter offers the call to {@code queue} (default priority). */
  public CompletionStage<OfferResult> placeCall(CallId call, QueueId queue, String callerNumber,
      CallerBehaviour behaviour) {
    return placeCall(call, queue, callerNumber, 0, behaviour);
  }

  /**
   * A caller dials in and the adapter offers the call to {@code queue}; the caller then behaves as
   * told (patience and key presses count from now).
   *
   * @return the engine's answer to the offer
   */
  public CompletionStage<OfferResult> placeCall(CallId call, QueueId queue, String callerNumber,
      int priority, CallerBehaviour behaviour) {
    requireEngine();
    Objects.requireNonNull(behaviour, "behaviour");
    Caller old = callers.get(call);
    if (old != null && old.status != Status.GONE) {
      throw new IllegalStateException("call " + call + " is already live in the simulation");
    }
    Caller c = new Caller(call, queue, callerNumber == null ? "" : callerNumber, behaviour);
    callers.put(call, c);
    log(call, null, "calls queue " + queue + " from '" + c.number + "' (" + behaviour + ")");
    behaviour.patience().ifPresent(p -> c.patience = scheduler.schedule(p, () -> {
      if (c.status == Status.WAITING) {
        log(call, null, "runs out of patience after " + p.toMillis() + "ms");
        callerHangsUp(c);
      }
    }));
    for (CallerBehaviour.KeyPress k : behaviour.keyPresses()) {
      c.timers.add(scheduler.schedule(k.after(), () -> press(c, k.digit())));
    }
    CompletionStage<OfferResult> result =
        report(call, null, "offer", q -> q.offer(new CallOffer(call, queue, c.number, priority)));
    result.whenComplete((r, e) -> log(call, null, e == null ? "offer answered: " + r
        : "offer failed: " + e));
    return result;
  }

  /** The caller hangs up now: while waiting, recording a voicemail, or talking. */
  public void callerHangsUp(CallId call) {
    callerHangsUp(known(call));
  }

  /** The caller presses a key now. */
  public void callerPresses(CallId call, char digit) {
    CallerBehaviour.checkDigit(digit);
    press(known(call), digit);
  }

  /** The agent answers the leg ringing on their phone now (whatever the behaviour). */
  public void agentAnswers(AgentId agent) {
    Leg leg = ringingLeg(agent);
    cancel(leg.pending);
    legAnswers(leg);
  }

  /** The agent declines the leg ringing on their phone now. */
  public void agentRejects(AgentId agent) {
    agentFails(agent, RingFailure.REJECTED);
  }

  /** The leg ringing on the agent's phone fails now, this way. */
  public void agentFails(AgentId agent, RingFailure failure) {
    Leg leg = ringingLeg(agent);
    cancel(leg.pending);
    legFails(leg, Objects.requireNonNull(failure, "failure"));
  }

  /** The agent hangs up the call they are talking on now. */
  public void agentHangsUp(AgentId agent) {
    Leg leg = legs.values().stream()
        .filter(l -> l.agent.equals(agent) && l.state == LegState.CONNECTED).findFirst()
        .orElseThrow(() -> new IllegalStateException("agent " + agent + " is not in a call"));
    endTalk(leg, "agent hung up");
  }

  /** A SIP account registers with the PBX (capability 6). */
  public void registerSip(String username) {
    report(null, null, "sipRegistered(" + username + ")", q -> {
      q.sipRegistered(username);
      return null;
    });
  }

  /** A SIP account's registration ends. */
  public void unregisterSip(String username) {
    report(null, null, "sipUnregistered(" + username + ")", q -> {
      q.sipUnregistered(username);
      return null;
    });
  }

  // ---- TelephonyPort ----------------------------------------------------------------------------

  @Override
  public void ringAgent(RingRequest r) {
    Caller c = callers.get(r.call());
    if (c == null) {
      c = implicitCaller(r.call(), r.queue(), r.callerNumber());
    } else if (c.status == Status.GONE) {
      anomaly(r.call(), r.agent(), "ringAgent for a call that is already gone (" + c.ending + ")");
    }
    Leg leg = new Leg(r.call(), r.agent(), false, r.whisper());
    leg.confirmation = r.confirmation();
    startLeg(leg, "rings (timeout " + r.ringTimeout().toMillis() + "ms, hold "
        + r.holdTime().toMillis() + "ms" + (r.confirms() ? ", must confirm" : "") + ")");
  }

  @Override
  public void cancelRing(CallId call, AgentId agent) {
    Leg leg = legs.get(new LegKey(call, agent));
    if (leg == null) {
      log(call, agent, "cancelRing: no live leg (already ended)");
      return;
    }
    if (leg.state == LegState.CONNECTED) {
      anomaly(call, agent, "cancelRing for a connected call");
      return;
    }
    if (leg.cancelling) {
      return;
    }
    log(call, agent, "engine cancels the ring");
    if (cancelLatency.isZero()) {
      endLeg(leg);
    } else {
      leg.cancelling = true;
      leg.cancelTimer = scheduler.schedule(cancelLatency, () -> endLeg(leg));
    }
  }

  @Override
  public void connect(CallId call, AgentId agent) {
    Caller c = callers.get(call);
    if (c == null || c.status == Status.GONE) {
      anomaly(call, agent, "connect for a call that is " + (c == null ? "unknown" : "gone"));
      return;
    }
    Leg leg = legs.get(new LegKey(call, agent));
    if (leg == null) {
      anomaly(call, agent, "connect to an agent whose leg is not live");
      return;
    }
    if (leg.state != LegState.ANSWERED) {
      anomaly(call, agent, "connect while the agent's leg is " + leg.state);
      if (leg.state == LegState.CONNECTED) {
        return;
      }
    }
    if (leg.cancelling) { // the engine connects after all: its pending cancel is void
      cancel(leg.cancelTimer);
      leg.cancelling = false;
    }
    connectLeg(leg);
  }

  @Override
  public void play(CallId call, PromptSequence prompts) {
    Caller c = liveCaller(call, "play");
    if (c == null) {
      return;
    }
    if (c.prompt != null) {
      cancel(c.prompt);
      log(call, null, "prompts replaced before they finished");
    }
    boolean hadMusic = c.music;
    c.music = false;
    c.heard.add(prompts.keys());
    log(call, null, "hears " + prompts.keys() + (hadMusic ? " (music stops)" : ""));
    c.prompt = scheduler.schedule(promptLength.multipliedBy(prompts.prompts().size()), () -> {
      c.prompt = null;
      if (c.status != Status.GONE) {
        report(call, null, "promptFinished", q -> {
          q.promptFinished(call);
          return null;
        });
      }
    });
  }

  @Override
  public void startMusic(CallId call, String musicClass) {
    Caller c = liveCaller(call, "startMusic");
    if (c != null) {
      c.music = true;
      log(call, null, "music on (" + musicClass + ")");
    }
  }

  @Override
  public void stopMusic(CallId call) {
    Caller c = callers.get(call);
    if (c != null && c.music) {
      c.music = false;
      log(call, null, "music off");
    }
  }

  @Override
  public void recordVoicemail(CallId call, VoicemailRequest request) {
    Caller c = liveCaller(call, "recordVoicemail");
    if (c == null) {
      return;
    }
    cancel(c.prompt);
    c.prompt = null;
    c.music = false;
    cancel(c.patience);
    c.status = Status.RECORDING_VOICEMAIL;
    c.voicemailRequest = request;
    Duration intro = promptLength.multipliedBy(request.intro().prompts().size());
    Duration speech = min(c.behaviour.voicemailLength(), request.maxLength());
    c.heard.add(request.intro().keys());
    c.recordingFrom = scheduler.now().plus(intro);
    log(call, null, "hears " + request.intro().keys() + ", the beep, and records a voicemail for "
        + request.queue());
    c.recording = scheduler.schedule(intro.plus(speech), () -> finishVoicemail(c, "done speaking"));
  }

  @Override
  public void release(CallId call, CallOutcome outcome) {
    Caller c = callers.get(call);
    if (c == null) {
      c = implicitCaller(call, null, "");
    }
    if (c.status == Status.GONE) {
      if (c.ending == Ending.HUNG_UP_WAITING) {
        log(call, null, "released (" + outcome + "): the caller had already hung up");
      } else {
        anomaly(call, null, "release(" + outcome + ") for a call that is already gone ("
            + c.ending + ")");
      }
      return;
    }
    if (outcome == CallOutcome.ANSWERED || outcome == CallOutcome.VOICEMAIL) {
      anomaly(call, null, "release with " + outcome + ", which the port contract excludes");
    }
    end(c, Ending.RELEASED);
    c.releasedWith = outcome;
    log(call, null, outcome == CallOutcome.CALLBACK
        ? "released (CALLBACK): the call ends after the acknowledgement"
        : "released (" + outcome + "): continues in the IVR");
  }

  @Override
  public void hangUp(CallId call) {
    Caller c = callers.get(call);
    if (c == null) {
      log(call, null, "hangUp for a call the simulation does not know");
      return;
    }
    if (c.status == Status.GONE) {
      if (c.ending != Ending.HUNG_UP_WAITING) {
        anomaly(call, null, "hangUp for a call that is already gone (" + c.ending + ")");
      }
      return;
    }
    if (c.status == Status.RECORDING_VOICEMAIL) {
      log(call, null, "the recording is discarded");
    }
    end(c, Ending.HUNG_UP_BY_QUEUE);
    log(call, null, "hung up by the queue");
  }

  @Override
  public void originateCallback(CallbackOrigination r) {
    Caller c = callers.get(r.call());
    if (c == null) {
      c = new Caller(r.call(), r.queue(), r.customerNumber(), CallerBehaviour.patient());
      callers.put(r.call(), c);
    } else if (c.status != Status.GONE) {
      anomaly(r.call(), r.agent(), "originateCallback for a call that is still " + c.status);
      return;
    }
    c.status = Status.CALLING_BACK;
    c.connectedTo = null;
    Leg leg = new Leg(r.call(), r.agent(), true, r.whisper());
    leg.customerNumber = r.customerNumber();
    startLeg(leg, "callback: rings for customer '" + r.customerNumber() + "'");
  }

  // ---- looking at it ----------------------------------------------------------------------------

  /** What this caller went through so far. */
  public SimCall call(CallId call) {
    return known(call).snapshot();
  }

  /** Every caller the simulation has seen, in the order they first appeared. */
  public List<SimCall> calls() {
    return callers.values().stream().map(Caller::snapshot).toList();
  }

  /** Whether a leg rings on this agent's phone now. */
  public boolean isRinging(AgentId agent) {
    return legs.values().stream()
        .anyMatch(l -> l.agent.equals(agent) && l.state == LegState.RINGING);
  }

  /** Whether this agent's phone is in a connected call now. */
  public boolean isTalking(AgentId agent) {
    return legs.values().stream()
        .anyMatch(l -> l.agent.equals(agent) && l.state == LegState.CONNECTED);
  }

  /** Every call with agent legs ringing now, with those agents. */
  public Map<CallId, Set<AgentId>> ringingNow() {
    Map<CallId, Set<AgentId>> out = new LinkedHashMap<>();
    for (Leg l : legs.values()) {
      if (l.state == LegState.RINGING) {
        out.computeIfAbsent(l.call, k -> new LinkedHashSet<>()).add(l.agent);
      }
    }
    out.replaceAll((k, v) -> Set.copyOf(v));
    return out;
  }

  /** Every agent whose phone rings now. */
  public Set<AgentId> ringingAgents() {
    return legs.values().stream().filter(l -> l.state == LegState.RINGING).map(l -> l.agent)
        .collect(Collectors.toCollection(LinkedHashSet::new));
  }

  /** The whole log, in order. */
  public List<SimEvent> log() {
    return List.copyOf(log);
  }

  /** Only the reports made to the engine, in order. */
  public List<SimEvent> reports() {
    return log.stream().filter(SimEvent::isReport).toList();
  }

  /** The log as text, one line per event. */
  public String transcript() {
    return log.stream().map(SimEvent::toString).collect(Collectors.joining("\n"));
  }

  /** Engine commands that made no sense in the simulation's state; empty when all went well. */
  public List<String> anomalies() {
    return List.copyOf(anomalies);
  }

  // ---- legs -------------------------------------------------------------------------------------

  private void startLeg(Leg leg, String what) {
    LegKey key = leg.key();
    Leg old = legs.remove(key);
    if (old != null) {
      anomaly(leg.call, leg.agent, "rung again while its previous leg for this call is "
          + old.state);
      cancel(old.pending);
      cancel(old.cancelTimer);
    }
    for (Leg other : legs.values()) {
      if (other.agent.equals(leg.agent) && other.state == LegState.RINGING) {
        anomaly(leg.call, leg.agent, "rung while already ringing for " + other.call);
      }
    }
    boolean inCall = legs.values().stream().anyMatch(
        l -> l.agent.equals(leg.agent) && l.state != LegState.RINGING);
    legs.put(key, leg);
    AgentBehaviour b = behaviourOf(leg.agent);
    Reaction reaction = inCall ? new Reaction.Fail(RingFailure.BUSY, Duration.ofMillis(200))
        : b.react(random);
    log(leg.call, leg.agent, what + (inCall ? "; the phone is in a call" : "; " + b));
    if (reaction instanceof Reaction.Answer a) {
      leg.machine = a.machine();
      leg.pending = scheduler.schedule(a.after(), () -> legAnswers(leg));
    } else if (reaction instanceof Reaction.Fail f) {
      leg.pending = scheduler.schedule(f.after(), () -> legFails(leg, f.failure()));
    }
  }

  private void legAnswers(Leg leg) {
    if (legs.get(leg.key()) != leg || leg.state != LegState.RINGING) {
      return;
    }
    leg.pending = null;
    Caller c = callers.get(leg.call);
    if (c != null && c.status == Status.GONE && !leg.cancelling) {
      legs.remove(leg.key());
      log(leg.call, leg.agent, "answers, but the caller has gone: the leg is dropped");
      return;
    }
    leg.state = LegState.ANSWERED;
    log(leg.call, leg.agent, (leg.machine ? "the voicemail answers" : "answers")
        + (leg.cancelling ? " while the cancel is on its way" : ""));
    if (leg.confirmation != null) {
      askToConfirm(leg);
      return;
    }
    report(leg.call, leg.agent, "agentAnswered", q -> {
      q.agentAnswered(leg.call, leg.agent);
      return null;
    });
    if (leg.callback && legs.get(leg.key()) == leg && leg.state == LegState.ANSWERED) {
      log(leg.call, leg.agent, "calls the customer back");
      leg.pending = scheduler.schedule(customerAnswerDelay, () -> {
        if (legs.get(leg.key()) == leg && leg.state == LegState.ANSWERED) {
          if (takeUnreachable(leg.customerNumber)) {
            customerNotReached(leg);
          } else {
            log(leg.call, leg.agent, "the customer answers");
            connectLeg(leg);
          }
        }
      });
    }
  }

  /**
   * The answered leg of an agent who must confirm: whisper and prompt, then the person's (or the
   * machine's) reaction decides, reported as a confirmed answer or an unconfirmed ring.
   */
  private void askToConfirm(Leg leg) {
    int prompts = leg.confirmation.prompt().prompts().size()
        + (leg.whisper == null ? 0 : leg.whisper.prompts().size());
    Duration heard = promptLength.multipliedBy(prompts);
    Duration timeout = leg.confirmation.timeout();
    AgentBehaviour b = behaviourOf(leg.agent);
    AgentBehaviour.Confirm how = leg.machine ? AgentBehaviour.Confirm.SILENT : b.confirm();
    Duration after = b.confirmAfter();
    if (how != AgentBehaviour.Confirm.HANG_UP && how != AgentBehaviour.Confirm.SILENT
        && after.compareTo(timeout) > 0) {
      how = AgentBehaviour.Confirm.SILENT; // too late: the timeout passes first
    }
    leg.whisperHeard = true;
    log(leg.call, leg.agent, "hears the prompts (" + heard.toMillis() + "ms) and is asked to"
        + " press " + leg.confirmation.acceptKey());
    switch (how) {
      case PRESS_1 -> leg.pending = scheduler.schedule(heard.plus(after), () -> {
        if (legs.get(leg.key()) == leg && leg.state == LegState.ANSWERED) {
          leg.pending = null;
          log(leg.call, leg.agent, "presses " + leg.confirmation.acceptKey());
          report(leg.call, leg.agent, "agentAnswered", q -> {
            q.agentAnswered(leg.call, leg.agent);
            return null;
          });
        }
      });
      case OTHER_KEY -> leg.pending = scheduler.schedule(heard.plus(after),
          () -> unconfirmed(leg, "presses another key"));
      case HANG_UP -> leg.pending = scheduler.schedule(after,
          () -> unconfirmed(leg, "hangs up during the prompt"));
      case SILENT -> leg.pending = scheduler.schedule(heard.plus(timeout),
          () -> unconfirmed(leg, "presses nothing within " + timeout.toMillis() + "ms"));
    }
  }

  /** The answer was not confirmed: the adapter hangs the leg up and reports the ring failed. */
  private void unconfirmed(Leg leg, String why) {
    if (legs.get(leg.key()) != leg || leg.state != LegState.ANSWERED) {
      return;
    }
    legs.remove(leg.key());
    leg.pending = null;
    log(leg.call, leg.agent, why + "; the leg is hung up");
    report(leg.call, leg.agent, "agentFailed(UNCONFIRMED)", q -> {
      q.agentFailed(leg.call, leg.agent, RingFailure.UNCONFIRMED);
      return null;
    });
  }

  /** The calls connected to an agent's voicemail (a machine answered, nobody asked for a key). */
  public Set<CallId> callsBridgedToVoicemail() {
    return Set.copyOf(bridgedToVoicemail);
  }

  /** Whether the customer at this number is not reached this time (counts the attempt). */
  private boolean takeUnreachable(String number) {
    Integer left = number == null ? null : unreachable.get(number);
    if (left == null) {
      return false;
    }
    if (left != Integer.MAX_VALUE) {
      unreachable.compute(number, (n, k) -> k == null || k <= 1 ? null : k - 1);
    }
    return true;
  }

  private void customerNotReached(Leg leg) {
    legs.remove(leg.key());
    leg.pending = null;
    Caller c = callers.get(leg.call);
    if (c != null && c.status == Status.CALLING_BACK) {
      c.status = Status.GONE;
    }
    log(leg.call, leg.agent, "the customer does not answer; the agent's leg is hung up");
    report(leg.call, leg.agent, "customerUnreached(NO_ANSWER)", q -> {
      q.customerUnreached(leg.call, RingFailure.NO_ANSWER);
      return null;
    });
  }

  private void legFails(Leg leg, RingFailure failure) {
    if (legs.get(leg.key()) != leg || leg.state != LegState.RINGING) {
      return;
    }
    legs.remove(leg.key());
    cancel(leg.cancelTimer);
    Caller c = callers.get(leg.call);
    if (c != null && c.status == Status.GONE && !leg.cancelling) {
      log(leg.call, leg.agent, "ring fails (" + failure + "); the caller has gone: not reported");
      return;
    }
    log(leg.call, leg.agent, "ring fails: " + failure);
    if (leg.callback && c != null && c.status == Status.CALLING_BACK) {
      c.status = Status.GONE;
    }
    report(leg.call, leg.agent, "agentFailed(" + failure + ")", q -> {
      q.agentFailed(leg.call, leg.agent, failure);
      return null;
    });
  }

  private void endLeg(Leg leg) {
    if (legs.get(leg.key()) != leg) {
      return;
    }
    legs.remove(leg.key());
    cancel(leg.pending);
    log(leg.call, leg.agent, leg.state == LegState.ANSWERED ? "the answered leg is hung up"
        : "stops ringing");
  }

  private void connectLeg(Leg leg) {
    cancel(leg.pending);
    leg.pending = null;
    Caller c = callers.get(leg.call);
    if (c != null) {
      cancel(c.prompt);
      c.prompt = null;
      if (c.music) {
        c.music = false;
        log(leg.call, null, "music off");
      }
      cancel(c.patience);
      c.status = Status.CONNECTED;
      c.connectedTo = leg.agent;
    }
    leg.state = LegState.CONNECTED;
    Duration whisper = Duration.ZERO;
    if (leg.whisper != null && !leg.whisper.prompts().isEmpty() && !leg.whisperHeard) {
      whisper = promptLength.multipliedBy(leg.whisper.prompts().size());
      log(leg.call, leg.agent, "the agent hears " + leg.whisper.keys());
    }
    leg.talkFrom = scheduler.now().plus(whisper);
    log(leg.call, leg.agent, "connected");
    Optional<Duration> talk = behaviourOf(leg.agent).drawTalkTime();
    if (leg.machine) {
      bridgedToVoicemail.add(leg.call);
      log(leg.call, leg.agent, "the caller is bridged to the agent's voicemail");
      talk = Optional.of(AgentBehaviour.VOICEMAIL_TALK_TIME);
    }
    if (talk.isPresent()) {
      leg.pending = scheduler.schedule(whisper.plus(talk.get()),
          () -> endTalk(leg, "agent hung up"));
    }
  }

  private void endTalk(Leg leg, String who) {
    if (legs.get(leg.key()) != leg || leg.state != LegState.CONNECTED) {
      return;
    }
    legs.remove(leg.key());
    cancel(leg.pending);
    Duration talked = Duration.between(leg.talkFrom, scheduler.now());
    log(leg.call, leg.agent, "call ends after " + Math.max(0, talked.toMillis()) + "ms (" + who
        + ")");
    Caller c = callers.get(leg.call);
    if (c != null) {
      end(c, Ending.TALKED);
    }
    report(leg.call, leg.agent, "callEnded", q -> {
      q.callEnded(leg.call);
      return null;
    });
  }

  private Leg ringingLeg(AgentId agent) {
    Leg found = null;
    for (Leg l : legs.values()) {
      if (l.agent.equals(agent) && l.state == LegState.RINGING) {
        found = l;
      }
    }
    if (found == null) {
      throw new IllegalStateException("agent " + agent + " has no ringing leg");
    }
    return found;
  }

  // ---- callers ----------------------------------------------------------------------------------

  private void callerHangsUp(Caller c) {
    switch (c.status) {
      case WAITING -> {
        end(c, Ending.HUNG_UP_WAITING);
        log(c.call, null, "hangs up while waiting");
        report(c.call, null, "callerHungUp", q -> {
          q.callerHungUp(c.call);
          return null;
        });
      }
      case RECORDING_VOICEMAIL -> finishVoicemail(c, "caller hung up");
      case CONNECTED -> {
        for (Leg l : List.copyOf(legs.values())) {
          if (l.call.equals(c.call) && l.state == LegState.CONNECTED) {
            endTalk(l, "caller hung up");
            return;
          }
        }
      }
      case CALLING_BACK -> log(c.call, null, "hang-up ignored: the customer is not on the line");
      case GONE -> log(c.call, null, "hang-up ignored: the call is already over");
    }
  }

  private void press(Caller c, char digit) {
    switch (c.status) {
      case WAITING -> {
        log(c.call, null, "presses " + digit);
        if (c.prompt != null && keysInterruptPrompts) {
          cancel(c.prompt);
          c.prompt = null;
          report(c.call, null, "promptFinished (interrupted)", q -> {
            q.promptFinished(c.call);
            return null;
          });
        }
        if (c.status == Status.WAITING) {
          report(c.call, null, "dtmf(" + digit + ")", q -> {
            q.dtmf(c.call, digit);
            return null;
          });
        }
      }
      case RECORDING_VOICEMAIL -> {
        if (c.voicemailRequest != null && digit == c.voicemailRequest.finishKey()) {
          log(c.call, null, "presses " + digit + " to finish the recording");
          finishVoicemail(c, "finish key");
        } else {
          log(c.call, null, "presses " + digit + " while recording (ignored)");
        }
      }
      default -> log(c.call, null, "presses " + digit + " (nobody listens)");
    }
  }

  private void finishVoicemail(Caller c, String why) {
    if (c.status != Status.RECORDING_VOICEMAIL) {
      return;
    }
    Duration spoken = Duration.between(c.recordingFrom, scheduler.now());
    spoken = spoken.isNegative() ? Duration.ZERO : min(spoken, c.voicemailRequest.maxLength());
    String ref = "sim://voicemail/" + c.call;
    end(c, Ending.VOICEMAIL);
    c.voicemail = ref;
    log(c.call, null, "voicemail recorded: " + ref + ", " + spoken.toMillis() + "ms (" + why + ")");
    VoicemailMessage message = new VoicemailMessage(ref, spoken);
    report(c.call, null, "voicemailRecorded", q -> {
      q.voicemailRecorded(c.call, message);
      return null;
    });
  }

  /** The call is over for the caller: stop every timer and drop its connected leg, unreported. */
  private void end(Caller c, Ending ending) {
    c.status = Status.GONE;
    c.ending = ending;
    c.music = false;
    cancel(c.prompt);
    cancel(c.patience);
    cancel(c.recording);
    c.prompt = null;
    c.timers.forEach(SimulatedTelephony::cancel);
    c.timers.clear();
    for (Leg l : List.copyOf(legs.values())) {
      if (l.call.equals(c.call) && l.state == LegState.CONNECTED) {
        legs.remove(l.key());
        cancel(l.pending);
        if (ending != Ending.TALKED) {
          log(l.call, l.agent, "the agent's side is hung up");
        }
      }
    }
  }

  private Caller known(CallId call) {
    Caller c = callers.get(call);
    if (c == null) {
      throw new IllegalArgumentException("the simulation knows no call " + call);
    }
    return c;
  }

  private Caller liveCaller(CallId call, String what) {
    Caller c = callers.get(call);
    if (c == null) {
      return implicitCaller(call, null, "");
    }
    if (c.status == Status.GONE) {
      anomaly(call, null, what + " for a call that is already gone (" + c.ending + ")");
      return null;
    }
    return c;
  }

  private Caller implicitCaller(CallId call, QueueId queue, String number) {
    Caller c = new Caller(call, queue, number == null ? "" : number, CallerBehaviour.patient());
    callers.put(call, c);
    log(call, null, "appears without placeCall (offered to the engine directly)");
    return c;
  }

  // ---- plumbing ---------------------------------------------------------------------------------

  private <T> T report(CallId call, AgentId agent, String what,
      Function<CallQueue, T> action) {
    requireEngine();
    log(call, agent, REPORT + what);
    return action.apply(engine);
  }

  private void requireEngine() {
    if (engine == null) {
      throw new IllegalStateException("attach(engine) the simulation before using it");
    }
  }

  private void log(CallId call, AgentId agent, String text) {
    log.add(new SimEvent(scheduler.now(), call, agent, text));
  }

  private void anomaly(CallId call, AgentId agent, String text) {
    SimEvent e = new SimEvent(scheduler.now(), call, agent, "ANOMALY: " + text);
    log.add(e);
    anomalies.add(e.toString());
  }

  private static void cancel(Cancellable c) {
    if (c != null) {
      c.cancel();
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static Duration notNegative(String what, Duration d) {
    if (d == null || d.isNegative()) {
      throw new IllegalArgumentException(what + " must be >= 0, was " + d);
    }
    return d;
  }

  private enum LegState { RINGING, ANSWERED, CONNECTED }

  private record LegKey(CallId call, AgentId agent) {}

  private static final class Leg {
    final CallId call;
    final AgentId agent;
    final boolean callback;
    final PromptSequence whisper;
    LegState state = LegState.RINGING;
    boolean cancelling;
    Cancellable pending;
    Cancellable cancelTimer;
    Instant talkFrom;
    /** The number a callback's agent leg calls once answered; null for other legs. */
    String customerNumber;
    /** What the answer needs before it counts (issue 16), or null. */
    io.callqueue.spi.AnswerConfirmation confirmation;
    /** Answered by the phone's voicemail, not the person. */
    boolean machine;
    /** The whisper was heard while confirming: connect does not play it again. */
    boolean whisperHeard;

    Leg(CallId call, AgentId agent, boolean callback, PromptSequence whisper) {
      this.call = call;
      this.agent = agent;
      this.callback = callback;
      this.whisper = whisper;
    }

    LegKey key() {
      return new LegKey(call, agent);
    }
  }

  private final class Caller {
    final CallId call;
    final QueueId queue;
    final String number;
    final CallerBehaviour behaviour;
    final List<Cancellable> timers = new ArrayList<>();
    final List<List<String>> heard = new ArrayList<>();
    Status status = Status.WAITING;
    Cancellable patience;
    Cancellable prompt;
    Cancellable recording;
    Instant recordingFrom;
    VoicemailRequest voicemailRequest;
    boolean music;
    AgentId connectedTo;
    Ending ending;
    CallOutcome releasedWith;
    String voicemail;

    Caller(CallId call, QueueId queue, String number, CallerBehaviour behaviour) {
      this.call = call;
      this.queue = queue;
      this.number = number;
      this.behaviour = behaviour;
    }

    SimCall snapshot() {
      List<SimEvent> lines = log.stream().filter(e -> call.equals(e.call())).toList();
      return new SimCall(call, queue, number, status, heard, music, connectedTo,
          status == Status.GONE ? ending : null, releasedWith, voicemail, lines);
    }
  }
}
