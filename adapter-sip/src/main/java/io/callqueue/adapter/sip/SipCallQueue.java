package io.callqueue.adapter.sip;

import io.callqueue.adapter.sip.ivr.IvrLeg;
import io.callqueue.adapter.sip.ivr.IvrRunner;
import io.callqueue.adapter.sip.ivr.Scenario;
import io.callqueue.adapter.sip.media.MediaEngine;
import io.callqueue.adapter.sip.media.MediaSession;
import io.callqueue.adapter.sip.signalling.DialResult;
import io.callqueue.adapter.sip.signalling.Dialer;
import io.callqueue.adapter.sip.signalling.IncomingCall;
import io.callqueue.adapter.sip.signalling.IncomingCallListener;
import io.callqueue.adapter.sip.signalling.OutboundCall;
import io.callqueue.adapter.sip.signalling.RegistrationListener;
import io.callqueue.adapter.sip.signalling.SipBinding;
import io.callqueue.adapter.sip.signalling.SipConfig;
import io.callqueue.adapter.sip.signalling.SipServer;
import io.callqueue.api.AgentEndpoint;
import io.callqueue.api.AgentId;
import io.callqueue.api.CallId;
import io.callqueue.api.CallOutcome;
import io.callqueue.api.CallQueue;
import io.callqueue.api.PromptSequence;
import io.callqueue.api.RingFailure;
import io.callqueue.api.VoicemailMessage;
import io.callqueue.spi.AnswerConfirmation;
import io.callqueue.spi.CallbackOrigination;
import io.callqueue.spi.RingRequest;
import io.callqueue.spi.TelephonyPort;
import io.callqueue.spi.VoicemailRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The standalone SIP server's binding: the engine's {@link TelephonyPort} on top of the signalling
 * ({@link SipServer}) and media ({@link MediaEngine}) layers, plus the IVR ({@link IvrRunner}).
 *
 * <p>An incoming call admitted by the signalling layer (trunk or account) is answered with an SDP
 * answer for a media session of its own and runs its number's scenario; a scenario's queue step
 * offers it to the engine, which then drives it through this port: music, prompts, agents rung
 * with an SDP offer each (the server stays in the media path: a B2BUA), the whisper and the
 * bridge, voicemail recordings written under the voicemail folder, and the release back to the
 * scenario. Registrations become {@code sipRegistered}/{@code sipUnregistered}; DTMF from RTP (RFC
 * 4733) reaches the IVR or the engine.
 *
 * <p><b>Threading: one writer.</b> Everything this binding knows about calls (the caller legs, the
 * agent legs, a caller's pending key and key waiter, a callback's customer leg) lives on one serial
 * lane, a single-threaded scheduled executor, as {@code SignallingCore}'s loop holds the SIP state
 * and the engine's serial executor its queues. Every entry point only enqueues a task on the lane
 * and returns: the {@link TelephonyPort} methods (called on the engine's thread), the signalling
 * callbacks ({@link #incomingCall}, registrations, stage completions of SIP legs, SIP INFO keys),
 * the media callbacks (RFC 4733 keys, the end of a prompt or a recording), the {@link IvrLeg}
 * methods (called by the {@link IvrRunner} from the lane or the engine's thread) and this
 * binding's own timers (a menu's key timeout), which run on the lane too. So per-call state is in
 * plain fields and maps, read and written on the lane only, and the tasks of one call happen in
 * the order they were enqueued: a key and a key timeout are decided once, by whichever runs first.
 * An agent's leg that must confirm its answer ({@link RingRequest#confirmation()}, issue 16) hears
 * the whisper and the confirm prompt, and its first key (RFC 4733 or SIP INFO, looked up among the
 * confirming agent legs) or the confirm timeout decides it on the lane the same way: {@code 1}
 * reports {@code agentAnswered}, anything else hangs the leg up and reports
 * {@link RingFailure#UNCONFIRMED}. The caller is not touched meanwhile (music goes on).
 * Nothing on the lane blocks: the engine, the signalling and the media layer take commands
 * asynchronously. Agent legs and caller legs are different types in different maps; a key from an
 * agent's leg (or a callback's customer leg) is never taken for the caller's.
 */
public final class SipCallQueue implements TelephonyPort, IncomingCallListener,
    RegistrationListener, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SipCallQueue.class);
  private static final DateTimeFormatter FILE_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
  /** The engine owns the ring timeout; the dialer's own is a safety net a little later. */
  private static final Duration DIAL_GRACE = Duration.ofSeconds(3);
  /** How long a callback's customer is rung. */
  private static final Duration CUSTOMER_RING = Duration.ofSeconds(45);
  /** E.164, as {@code AgentEndpoint.ExternalNumber} takes it: {@code +}, 2-15 digits, not 0 first. */
  private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{1,14}");

  private final SipConfig sipConfig;
  private final MediaEngine media;
  private final Function<String, Scenario> scenarios;
  private final Path voicemailDirectory;
  private final BiFunction<String, String, PromptSequence> ivrPrompts;
  private final Consumer<IvrRunner.IvrVoicemail> ivrVoicemails;
  /** The lane: runs every task and timer of this binding, one at a time, in order. */
  private final ScheduledThreadPoolExecutor lane;
  /** Stage dependents run on the lane through this. */
  private final Executor onLane = this::onLane;

  // ---- confined to the lane
  private final Map<CallId, CallerLeg> callers = new HashMap<>();
  /** The caller legs by their media session's id: where RFC 4733 keys are looked up. */
  private final Map<String, CallerLeg> callersByMedia = new HashMap<>();
  private final Map<AgentLegId, AgentLeg> agents = new HashMap<>();
  /** Agent legs asked to confirm their answer, by media session id: where their keys go. */
  private final Map<String, AgentLeg> confirmingByMedia = new HashMap<>();
  private long sdpVersion = 1;

  /** {@code callers.size()}, published for other threads. */
  private volatile int activeCalls;
  private volatile CallQueue engine;
  private volatile IvrRunner runner;
  private volatile SipServer sip;
  /** Test seam: wraps the signalling server's dialer (identity in production). */
  volatile UnaryOperator<Dialer> dialers = UnaryOperator.identity();

  /**
   * @param sip the signalling configuration (its offer check is set here)
   * @param media a media engine builder (its DTMF listener is set here)
   * @param scenarios IVR scenarios by the number they answer
   * @param voicemailDirectory where voicemails are written ({@code <queue>/<time>-<call>.wav})
   * @param ivrPrompts the prompts a scenario step plays: (queue or null, key) → sequence
   * @param ivrVoicemails receives voicemails left through a scenario's voicemail step
   */
  public SipCallQueue(SipConfig.Builder sip, MediaEngine.Builder media,
      Map<String, Scenario> scenarios, Path voicemailDirectory,
      BiFunction<String, String, PromptSequence> ivrPrompts,
      Consumer<IvrRunner.IvrVoicemail> ivrVoicemails) {
    this(sip, media, Map.copyOf(scenarios)::get, voicemailDirectory, ivrPrompts, ivrVoicemails);
  }

  /**
   * As {@link #SipCallQueue(SipConfig.Builder, MediaEngine.Builder, Map, Path, BiFunction,
   * Consumer)}, with the scenarios looked up per incoming call, so they may change while the
   * server runs (a reloaded configuration, or queues created at run time).
   *
   * @param scenarios the scenario for a dialled number, or {@code null} when none answers it
   *     (called on this binding's lane: answer from memory)
   */
  public SipCallQueue(SipConfig.Builder sip, MediaEngine.Builder media,
      Function<String, Scenario> scenarios, Path voicemailDirectory,
      BiFunction<String, String, PromptSequence> ivrPrompts,
      Consumer<IvrRunner.IvrVoicemail> ivrVoicemails) {
    this.sipConfig = sip.offerCheck(sdp -> Sdp.parse(sdp).isPresent()).build();
    this.media = media.onDigit(this::digit).build();
    this.scenarios = Objects.requireNonNull(scenarios, "scenarios");
    this.voicemailDirectory = voicemailDirectory;
    this.ivrPrompts = ivrPrompts;
    this.ivrVoicemails = ivrVoicemails;
    ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "callqueue-sip-lane");
      t.setDaemon(true);
      return t;
    });
    executor.setRemoveOnCancelPolicy(true);
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    // the lane's thread is made here, in the constructing thread's group: made lazily by the
    // first task, it would join the group of the signalling thread that submitted it, whose
    // leftovers the SIP server interrupts when it stops
    executor.prestartAllCoreThreads();
    this.lane = executor;
  }

  /** Connects the engine (build the engine with this port first, then attach it). */
  public void attach(CallQueue engine) {
    this.engine = engine;
    this.runner = new IvrRunner(engine, ivrPrompts, ivrVoicemails);
  }

  /** Starts media, then SIP. */
  public synchronized void start() throws IOException {
    if (engine == null) {
      throw new IllegalStateException("attach the engine before starting");
    }
    media.start();
    SipServer server = new SipServer(sipConfig, this, this);
    sip = server;
    server.start();
  }

  /** The signalling server (registrations, for status pages and tests). */
  public SipServer sipServer() {
    return sip;
  }

  /** Calls in progress. */
  public int activeCalls() {
    return activeCalls;
  }

  /**
   * Diagnostics: what the server holds now, in every layer (see {@link SipDiagnostics}). The
   * binding's own counts are read on the lane (directly once the lane has stopped).
   */
  public CompletionStage<SipDiagnostics> diagnostics() {
    CompletableFuture<int[]> counts = new CompletableFuture<>();
    try {
      lane.execute(() -> counts.complete(new int[] {callers.size(), agents.size()}));
    } catch (RejectedExecutionException e) {
      counts.complete(new int[] {callers.size(), agents.size()}); // closed: no writer is left
    }
    return counts.thenCompose(c -> SipDiagnostics.collect(sip, media, engine, c[0], c[1]));
  }

  /**
   * Stops SIP and media; what they report while stopping still runs on the lane, then the lane
   * stops (timers not yet due are dropped).
   */
  @Override
  public synchronized void close() {
    if (sip != null) {
      sip.close();
    }
    media.close();
    lane.shutdown();
  }

  // ---- the lane -----------------------------------------------------------------------------

  /** Enqueues the task on the lane (behind what is there, never nested); dropped once closed. */
  private void onLane(Runnable task) {
    try {
      lane.execute(() -> guarded(task));
    } catch (RejectedExecutionException e) {
      log.debug("SIP binding closed; dropped a task");
    }
  }

  /** Runs the task on the lane after the delay; null once closed. */
  private Future<?> onLaneAfter(Duration delay, Runnable task) {
    try {
      return lane.schedule(() -> guarded(task), delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      log.debug("SIP binding closed; dropped a timer");
      return null;
    }
  }

  private static void guarded(Runnable task) {
    try {
      task.run();
    } catch (RuntimeException | Error e) {
      log.error("SIP binding task failed; the binding carries on", e);
    }
  }

  private long nextSdpVersion() {
    return sdpVersion++;
  }

  private void addCaller(CallerLeg leg) {
    callers.put(leg.id, leg);
    callersByMedia.put(leg.media.id(), leg);
    activeCalls = callers.size();
  }

  /** Forgets the leg if it is still the current one for its call; false if it was gone. */
  private boolean removeCaller(CallerLeg leg) {
    if (!callers.remove(leg.id, leg)) {
      return false;
    }
    callersByMedia.remove(leg.media.id(), leg);
    activeCalls = callers.size();
    return true;
  }

  // ---- registrations ----------------------------------------------------------------------

  @Override
  public void registered(SipBinding binding) {
    onLane(() -> {
      log.info("{} registered at {}", binding.username(), binding.contact());
      engine.sipRegistered(binding.username());
    });
  }

  @Override
  public void unregistered(String username, Reason reason) {
    onLane(() -> {
      log.info("{} unregistered ({})", username, reason);
      engine.sipUnregistered(username);
    });
  }

  // ---- incoming calls -----------------------------------------------------------------------

  @Override
  public void incomingCall(IncomingCall call) {
    onLane(() -> admit(call));
  }

  private void admit(IncomingCall call) {
    Scenario scenario = scenarios.apply(call.number());
    if (scenario == null) {
      log.info("call {} from {} to {}: no scenario for that number; 404", call.callId(),
          call.caller(), call.number());
      call.reject(404);
      return;
    }
    Optional<Sdp.Offer> offer = Sdp.parse(call.remoteSdp());
    if (offer.isEmpty()) {
      call.reject(488);
      return;
    }
    CallId id = liveUniqueCallId(call.callId());
    MediaSession session;
    try {
      session = media.openSession(id.value());
    } catch (IOException | IllegalStateException e) {
      log.warn("call {}: no media port free ({}); 503", id, e.getMessage());
      call.reject(503);
      return;
    }
    session.setRemote(offer.get().media(), offer.get().payloadType(),
        offer.get().telephoneEvent());
    CallerLeg leg = new CallerLeg(id, call, session);
    addCaller(leg);
    call.onKey(key -> onLane(() -> {
      session.signalledDigit(key);
      key(leg, key);
    }));
    call.ended().whenCompleteAsync((end, error) -> callerGone(leg), onLane);
    call.answer(Sdp.answer(session.localAddress(), offer.get(), nextSdpVersion()))
        .whenCompleteAsync((ok, error) -> {
          if (error != null) {
            log.info("call {}: not established ({})", id, error.getMessage());
            callerGone(leg);
          } else if (callers.get(id) == leg) {
            runner.start(leg, scenario);
          }
        }, onLane);
  }

  private void callerGone(CallerLeg leg) {
    if (!removeCaller(leg)) {
      return;
    }
    log.info("call {} ended", leg.id);
    runner.ended(leg.id);
    leg.cancelKeyWait();
    AgentLeg agent = leg.agent;
    // the caller ends a connected call, unless the agent's hang-up ended it (and reported it)
    boolean endsConnectedCall = agent != null && agents.remove(agent.id, agent);
    if (agent != null) {
      agent.call.hangUp();
      agent.media.close();
    }
    // closing the media ends a recording in progress; its voicemail is reported before the
    // hang-up, as the engine expects
    CompletableFuture<Void> recording = leg.recordingDone;
    leg.media.close();
    if (agent != null) {
      if (endsConnectedCall) {
        engine.callEnded(leg.id);
      }
    } else if (recording == null) {
      engine.callerHungUp(leg.id);
    } else {
      recording.whenCompleteAsync((done, error) -> engine.callerHungUp(leg.id), onLane);
    }
  }

  /**
   * The media layer's DTMF listener (RFC 4733 keys of every media session): only a caller leg's
   * keys mean something; an agent's or a customer's leg is not among the caller legs.
   */
  void digit(String mediaSessionId, char digit) {
    onLane(() -> {
      CallerLeg leg = callersByMedia.get(mediaSessionId);
      if (leg != null) {
        key(leg, digit);
        return;
      }
      AgentLeg agent = confirmingByMedia.get(mediaSessionId);
      if (agent != null) {
        confirmKey(agent, digit);
      }
    });
  }

  /** On the lane: a caller pressed a key (in RTP or by SIP INFO). */
  private void key(CallerLeg leg, char digit) {
    if (callers.get(leg.id) != leg) {
      return; // the call is over
    }
    if (runner.takesKeys(leg.id)) {
      leg.ivrKey(digit);
    } else {
      leg.media.stopPlayback();
      engine.dtmf(leg.id, digit);
    }
  }

  /** SIP Call-IDs become engine call ids: characters outside the id alphabet become '_'. */
  static CallId callId(String sipCallId) {
    String s = sipCallId.replaceAll("[^A-Za-z0-9._@+:\\-]", "_");
    if (!Character.isLetterOrDigit(s.charAt(0))) {
      s = "c" + s;
    }
    return CallId.of(s.length() > 128 ? s.substring(0, 128) : s);
  }

  /**
   * The engine's id for a new caller: {@link #callId} of its SIP Call-ID, with {@code +2},
   * {@code +3} … appended while a live caller has that id. Two SIP Call-IDs can map to one id
   * ("a b" and "a_b", or the same first 128 characters), and a peer can send a second INVITE
   * with a live Call-ID: the engine would refuse the second as a duplicate and this binding would
   * lose track of the first caller's media. Lane only.
   */
  private CallId liveUniqueCallId(String sipCallId) {
    CallId base = callId(sipCallId);
    CallId id = base;
    for (int n = 2; callers.containsKey(id); n++) {
      String suffix = "+" + n;
      String b = base.value();
      id = CallId.of((b.length() + suffix.length() > 128
          ? b.substring(0, 128 - suffix.length()) : b) + suffix);
    }
    return id;
  }

  /** Test seam: the IVR's view of a caller's leg, read on the lane (null when there is none). */
  IvrLeg ivrLeg(CallId call) {
    CompletableFuture<IvrLeg> leg = new CompletableFuture<>();
    onLane(() -> leg.complete(callers.get(call)));
    return leg.orTimeout(5, TimeUnit.SECONDS).join();
  }

  // ---- TelephonyPort --------------------------------------------------------------------------

  @Override
  public void ringAgent(RingRequest request) {
    onLane(() -> dialAgent(request.call(), request.agent(), request.endpoint(),
        request.callerNumber(), request.ringTimeout(), request.whisper(), null,
        request.confirmation()));
  }

  @Override
  public void originateCallback(CallbackOrigination request) {
    onLane(() -> dialAgent(request.call(), request.agent(), request.endpoint(),
        request.customerNumber(), request.ringTimeout(), request.whisper(), request, null));
  }

  /**
   * What this binding can really call back, narrowing the default rule (capability 15): one of its
   * SIP accounts, rung through the registrar at its newest registration; or an E.164 number, when
   * a gateway is configured to dial it through. Any other number the default accepts (a trunk
   * caller's SIP user such as {@code alice} that is no account here, a national number without
   * {@code +}, an E.164 number with no gateway) has nowhere to go, so the key is refused instead
   * of every attempt failing as unreachable. Called on the engine's thread: it reads only the
   * fixed configuration and the account store (which answers from memory), never the lane's
   * state, and changes nothing.
   */
  @Override
  public boolean canCallBack(String number) {
    return TelephonyPort.super.canCallBack(number) && callbackTarget(number).isPresent();
  }

  /**
   * Where a callback to {@code number} is dialled: the account of that name (a caller who came in
   * as one of our accounts is rung at its phone; an account wins over the gateway), else the
   * E.164 number through the gateway; empty when neither can be dialled. Any thread.
   */
  private Optional<AgentEndpoint> callbackTarget(String number) {
    if (SipConfig.isSipUser(number) && sipConfig.accounts().password(number).isPresent()) {
      return Optional.of(new AgentEndpoint.SipAccount(number));
    }
    if (sipConfig.gatewayUri() != null && number != null && E164.matcher(number).matches()) {
      return Optional.of(new AgentEndpoint.ExternalNumber(number));
    }
    return Optional.empty();
  }

  private Dialer dialer() {
    return dialers.apply(sip.dialer());
  }

  private void dialAgent(CallId call, AgentId agent, AgentEndpoint endpoint, String callerNumber,
      Duration ringTimeout, PromptSequence whisper, CallbackOrigination callback,
      AnswerConfirmation confirmation) {
    AgentLegId id = new AgentLegId(call, agent);
    MediaSession session;
    try {
      session = media.openSession(call.value() + " agent " + agent.value());
    } catch (IOException | IllegalStateException e) {
      log.warn("no media port to ring {} for {} ({})", agent, call, e.getMessage());
      engine.agentFailed(call, agent, RingFailure.UNREACHABLE);
      return;
    }
    // a caller number the From cannot carry is shown as anonymous rather than failing the ring
    String shown = SipConfig.isSipUser(callerNumber) ? callerNumber : "anonymous";
    OutboundCall out;
    try {
      out = dialer().dial(endpoint, shown,
          Sdp.offer(session.localAddress(), nextSdpVersion()), ringTimeout.plus(DIAL_GRACE));
    } catch (RuntimeException e) {
      log.warn("ringing {} for {} failed ({}); unreachable", agent, call, e.getMessage());
      session.close();
      engine.agentFailed(call, agent, RingFailure.UNREACHABLE);
      return;
    }
    AgentLeg leg = new AgentLeg(id, out, session, whisper, callback, confirmation);
    AgentLeg replaced = agents.put(id, leg);
    if (replaced != null) {
      log.warn("{} rung again for {} while a ring was up; hanging up the older leg", agent, call);
      dropAgentLeg(replaced);
    }
    out.result().whenCompleteAsync((result, error) -> ringEnded(leg, result), onLane);
    out.ended().whenCompleteAsync((end, error) -> agentGone(leg), onLane);
  }

  /** On the lane: the agent's phone answered, failed, or the ring was cancelled. */
  private void ringEnded(AgentLeg leg, DialResult result) {
    if (leg.cancelled) {
      if (result instanceof DialResult.Answered) {
        leg.call.hangUp();
      }
      leg.media.close();
      return;
    }
    if (result instanceof DialResult.Answered answered) {
      Optional<Sdp.Offer> sdp = Sdp.parse(answered.remoteSdp());
      if (sdp.isEmpty()) {
        log.warn("agent {} answered {} with unusable SDP; hanging up that leg", leg.id.agent(),
            leg.id.call());
        leg.call.hangUp();
        fail(leg, RingFailure.UNREACHABLE);
        return;
      }
      leg.media.setRemote(sdp.get().media(), sdp.get().payloadType(),
          sdp.get().telephoneEvent());
      leg.answered = true;
      if (leg.confirmation != null) {
        askToConfirm(leg);
        return;
      }
      engine.agentAnswered(leg.id.call(), leg.id.agent());
      if (leg.callback != null) {
        startCallback(leg);
      }
    } else if (result instanceof DialResult.Failed failed) {
      fail(leg, failed.failure());
    } else {
      agents.remove(leg.id, leg);
      leg.media.close();
    }
  }

  // ---- answer confirmation (issue 16) --------------------------------------------------------

  /**
   * On the lane: the leg of an agent who must confirm answered. It hears the whisper and the
   * confirm prompt; its keys (RFC 4733 through the media listener, SIP INFO through the leg)
   * reach {@link #confirmKey}; silence for the confirm timeout after the prompt is unconfirmed.
   */
  private void askToConfirm(AgentLeg leg) {
    leg.confirming = true;
    confirmingByMedia.put(leg.media.id(), leg);
    leg.call.onKey(key -> onLane(() -> confirmKey(leg, key)));
    AnswerConfirmation confirmation = leg.confirmation;
    PromptSequence prompt = confirmation.prompt();
    if (leg.whisper != null) {
      List<PromptSequence.Prompt> both = new ArrayList<>(leg.whisper.prompts());
      both.addAll(prompt.prompts());
      prompt = new PromptSequence(prompt.language(), both);
    }
    log.info("agent {} answered {}; asking to press {}", leg.id.agent(), leg.id.call(),
        confirmation.acceptKey());
    leg.media.play(prompt).whenCompleteAsync((end, error) -> {
      if (leg.confirming && agents.get(leg.id) == leg && leg.confirmTimer == null) {
        leg.confirmTimer = onLaneAfter(confirmation.timeout(),
            () -> unconfirmed(leg, "no key within " + confirmation.timeout().toMillis() + " ms"));
      }
    }, onLane);
  }

  /** On the lane: a key from a confirming agent's leg decides it, once. */
  private void confirmKey(AgentLeg leg, char key) {
    if (!leg.confirming || agents.get(leg.id) != leg) {
      return;
    }
    if (key != leg.confirmation.acceptKey()) {
      unconfirmed(leg, "pressed " + key);
      return;
    }
    stopConfirming(leg);
    leg.whisperHeard = true;
    leg.media.stopPlayback();
    log.info("agent {} confirmed {}", leg.id.agent(), leg.id.call());
    engine.agentAnswered(leg.id.call(), leg.id.agent());
  }

  /** On the lane: the answer was not confirmed; the leg is hung up and the ring reported failed. */
  private void unconfirmed(AgentLeg leg, String why) {
    if (!leg.confirming || agents.get(leg.id) != leg) {
      return;
    }
    log.info("agent {} did not confirm {} ({}); hanging up that leg", leg.id.agent(),
        leg.id.call(), why);
    stopConfirming(leg);
    agents.remove(leg.id, leg);
    leg.cancelled = true;
    leg.call.hangUp();
    leg.media.close();
    engine.agentFailed(leg.id.call(), leg.id.agent(), RingFailure.UNCONFIRMED);
  }

  private void stopConfirming(AgentLeg leg) {
    leg.confirming = false;
    confirmingByMedia.remove(leg.media.id(), leg);
    if (leg.confirmTimer != null) {
      leg.confirmTimer.cancel(false);
      leg.confirmTimer = null;
    }
  }

  /** On the lane: the agent's leg is over (after an answer: the conversation ends). */
  private void agentGone(AgentLeg leg) {
    if (leg.confirming) {
      unconfirmed(leg, "hung up");
      return;
    }
    if (!leg.answered || leg.cancelled || !agents.remove(leg.id, leg)) {
      return;
    }
    CallId call = leg.id.call();
    log.info("agent {} hung up {}", leg.id.agent(), call);
    leg.media.close();
    engine.agentHungUp(call);
    CallerLeg caller = callers.get(call);
    if (caller != null) {
      caller.sip.hangUp();
    }
    leg.hangUpCustomer();
  }

  private void fail(AgentLeg leg, RingFailure failure) {
    agents.remove(leg.id, leg);
    leg.media.close();
    engine.agentFailed(leg.id.call(), leg.id.agent(), failure);
  }

  /** Stops a leg this binding no longer wants; its result and end are then ignored. */
  private void dropAgentLeg(AgentLeg leg) {
    stopConfirming(leg);
    leg.cancelled = true;
    leg.call.hangUp();
    leg.media.close();
    leg.hangUpCustomer();
  }

  @Override
  public void cancelRing(CallId call, AgentId agent) {
    onLane(() -> {
      AgentLeg leg = agents.remove(new AgentLegId(call, agent));
      if (leg != null) {
        dropAgentLeg(leg);
      }
    });
  }

  @Override
  public void connect(CallId call, AgentId agent) {
    onLane(() -> {
      CallerLeg caller = callers.get(call);
      AgentLeg leg = agents.get(new AgentLegId(call, agent));
      if (caller == null || leg == null) {
        log.warn("connect {} to {}: a leg is gone", call, agent);
        if (leg != null) {
          agents.remove(leg.id, leg);
          dropAgentLeg(leg);
        }
        engine.callEnded(call);
        return;
      }
      caller.agent = leg;
      caller.media.stopMusic();
      caller.media.stopPlayback();
      if (leg.whisper != null && !leg.whisperHeard) {
        leg.media.play(leg.whisper).whenCompleteAsync((end, error) -> {
          if (callers.get(call) == caller && agents.get(leg.id) == leg) {
            caller.media.bridge(leg.media);
          }
        }, onLane);
      } else {
        caller.media.bridge(leg.media);
      }
      log.info("call {} connected to {}", call, agent);
    });
  }

  @Override
  public void play(CallId call, PromptSequence prompts) {
    onLane(() -> {
      CallerLeg caller = callers.get(call);
      if (caller == null) {
        engine.promptFinished(call);
        return;
      }
      caller.media.stopMusic();
      caller.media.play(prompts)
          .whenCompleteAsync((end, error) -> engine.promptFinished(call), onLane);
    });
  }

  @Override
  public void startMusic(CallId call, String musicClass) {
    onLane(() -> {
      CallerLeg caller = callers.get(call);
      if (caller != null) {
        caller.media.startMusic(musicClass);
      }
    });
  }

  @Override
  public void stopMusic(CallId call) {
    onLane(() -> {
      CallerLeg caller = callers.get(call);
      if (caller != null) {
        caller.media.stopMusic();
      }
    });
  }

  @Override
  public void recordVoicemail(CallId call, VoicemailRequest request) {
    onLane(() -> {
      CallerLeg caller = callers.get(call);
      if (caller == null) {
        return;
      }
      caller.recordVoicemailOnLane(request.queue().value(), request.intro(),
          request.maxLength(), request.finishKey(), message -> {
            message.ifPresent(m -> engine.voicemailRecorded(call, m));
            caller.sip.hangUp();
          });
    });
  }

  @Override
  public void release(CallId call, CallOutcome outcome) {
    onLane(() -> {
      if (!runner.released(call, outcome)) {
        hangUpCaller(call);
      }
    });
  }

  @Override
  public void hangUp(CallId call) {
    onLane(() -> hangUpCaller(call));
  }

  private void hangUpCaller(CallId call) {
    CallerLeg caller = callers.get(call);
    if (caller != null) {
      caller.sip.hangUp();
    }
  }

  /** The agent of a kept-place callback answered: whisper, then call the customer and bridge. */
  private void startCallback(AgentLeg leg) {
    if (leg.whisper != null) {
      leg.media.play(leg.whisper).whenCompleteAsync((end, error) -> dialCustomer(leg), onLane);
    } else {
      dialCustomer(leg);
    }
  }

  /**
   * On the lane: dials a callback's customer from the answered agent's leg. Whatever stops the
   * customer from being dialled (a number that cannot be dialled, no media port, the dialer
   * refusing) hangs up the agent's leg, so no leg is left up.
   */
  private void dialCustomer(AgentLeg leg) {
    CallbackOrigination request = leg.callback;
    if (agents.get(leg.id) != leg) {
      log.info("callback {}: {} hung up before the customer was dialled", request.call(),
          leg.id.agent());
      return;
    }
    MediaSession session = null;
    OutboundCall out;
    try {
      AgentEndpoint customer = callbackTarget(request.customerNumber()).orElseThrow(
          () -> new IllegalArgumentException("no account and no gateway to dial it through"));
      session = media.openSession(request.call().value() + " customer");
      out = dialer().dial(customer, sipConfig.callbackCallerId(),
          Sdp.offer(session.localAddress(), nextSdpVersion()), CUSTOMER_RING);
    } catch (IOException | RuntimeException e) {
      log.warn("callback {}: the customer {} cannot be dialled ({}); hanging up {}'s leg",
          request.call(), request.customerNumber(), e.getMessage(), leg.id.agent());
      if (session != null) {
        session.close();
      }
      engine.customerUnreached(request.call(), RingFailure.UNREACHABLE);
      leg.call.hangUp();
      return;
    }
    MediaSession customerMedia = session;
    leg.customer = out;
    out.result().whenCompleteAsync((result, error) -> {
      if (agents.get(leg.id) != leg) {
        out.hangUp(); // the agent hung up while the customer was rung
        customerMedia.close();
      } else if (result instanceof DialResult.Answered answered) {
        Sdp.parse(answered.remoteSdp()).ifPresent(o -> customerMedia.setRemote(o.media(),
            o.payloadType(), o.telephoneEvent()));
        leg.media.bridge(customerMedia);
        log.info("callback {}: {} connected to {}", request.call(), leg.id.agent(),
            request.customerNumber());
      } else {
        log.info("callback {}: customer {} not reached ({}); ending the agent's leg",
            request.call(), request.customerNumber(), result);
        engine.customerUnreached(request.call(), result instanceof DialResult.Failed f
            ? f.failure() : RingFailure.UNREACHABLE);
        customerMedia.close();
        leg.call.hangUp();
      }
    }, onLane);
    out.ended().whenCompleteAsync((end, error) -> {
      customerMedia.close();
      leg.call.hangUp();
    }, onLane);
  }

  // ---- legs --------------------------------------------------------------------------------

  /** Which agent leg: one per (call, agent) ring. */
  private record AgentLegId(CallId call, AgentId agent) {}

  /**
   * A caller's leg: its SIP dialog, its media session, and the IVR's view of it. The fields are
   * the lane's; the {@link IvrLeg} methods are entry points and hop onto it.
   */
  private final class CallerLeg implements IvrLeg {
    final CallId id;
    final IncomingCall sip;
    final MediaSession media;
    AgentLeg agent;
    /** The IVR's {@link #collectKey} waiting for a key, and its timeout. */
    Consumer<Optional<Character>> keyWaiter;
    Future<?> keyTimeout;
    /** A key pressed for the IVR while nothing waited for one. */
    Character pendingKey;
    /** Completes once a voicemail being recorded has been reported. */
    CompletableFuture<Void> recordingDone;

    CallerLeg(CallId id, IncomingCall sip, MediaSession media) {
      this.id = id;
      this.sip = sip;
      this.media = media;
    }

    @Override
    public CallId id() {
      return id;
    }

    @Override
    public String callerNumber() {
      return sip.caller();
    }

    @Override
    public void play(PromptSequence prompts, Runnable done) {
      onLane(() -> {
        media.stopMusic();
        media.play(prompts).whenCompleteAsync((end, error) -> done.run(), onLane);
      });
    }

    @Override
    public void collectKey(Duration timeout, Consumer<Optional<Character>> key) {
      onLane(() -> {
        Character pending = pendingKey;
        if (pending != null) {
          pendingKey = null;
          key.accept(Optional.of(pending));
          return;
        }
        cancelKeyWait();
        keyWaiter = key;
        keyTimeout = onLaneAfter(timeout, () -> {
          if (keyWaiter == key) {
            keyWaiter = null;
            keyTimeout = null;
            key.accept(Optional.empty());
          }
        });
      });
    }

    /** On the lane: a key for the IVR goes to the waiting collectKey, or waits for the next. */
    void ivrKey(char digit) {
      Consumer<Optional<Character>> waiter = keyWaiter;
      if (waiter != null) {
        cancelKeyWait();
        waiter.accept(Optional.of(digit));
      } else {
        pendingKey = digit;
        media.stopPlayback();
      }
    }

    /** On the lane: forgets the waiting collectKey (it gets nothing) and its timer. */
    void cancelKeyWait() {
      keyWaiter = null;
      if (keyTimeout != null) {
        keyTimeout.cancel(false);
        keyTimeout = null;
      }
    }

    @Override
    public void recordVoicemail(PromptSequence intro, Duration maxLength, char finishKey,
        Consumer<Optional<VoicemailMessage>> recorded) {
      onLane(() -> recordVoicemailOnLane("ivr", intro, maxLength, finishKey, recorded));
    }

    void recordVoicemailOnLane(String folder, PromptSequence intro, Duration maxLength,
        char finishKey, Consumer<Optional<VoicemailMessage>> recorded) {
      Path file = voicemailDirectory.resolve(folder).resolve(
          FILE_TIME.format(LocalDateTime.now()) + "-" + id.value().replace(':', '_') + ".wav");
      try {
        Files.createDirectories(file.getParent());
      } catch (IOException e) {
        log.error("call {}: cannot create voicemail folder {}", id, file.getParent(), e);
        recorded.accept(Optional.empty());
        return;
      }
      CompletableFuture<Void> done = new CompletableFuture<>();
      recordingDone = done;
      media.stopMusic();
      media.play(intro).whenCompleteAsync((end, error) -> {
        if (callers.get(id) != this || media.isClosed()) {
          hungUpDuringIntro(recorded, done);
          return;
        }
        CompletionStage<MediaSession.Recording> recording;
        try {
          recording = media.recordVoicemail(file, maxLength, finishKey);
        } catch (IllegalStateException closed) {
          hungUpDuringIntro(recorded, done); // closed by the media engine stopping
          return;
        }
        recording.whenCompleteAsync((result, failure) -> {
          try {
            reportRecording(result, failure, recorded);
          } finally {
            done.complete(null);
          }
        }, onLane);
      }, onLane);
    }

    /** The caller hung up before the recording began: a normal end, nothing recorded. */
    private void hungUpDuringIntro(Consumer<Optional<VoicemailMessage>> recorded,
        CompletableFuture<Void> done) {
      log.info("call {}: the caller hung up during the voicemail prompt; nothing recorded", id);
      try {
        recorded.accept(Optional.empty());
      } finally {
        done.complete(null);
      }
    }

    private void reportRecording(MediaSession.Recording recording, Throwable error,
        Consumer<Optional<VoicemailMessage>> recorded) {
      if (error != null || recording == null || recording.duration().isZero()) {
        if (error != null) {
          log.error("call {}: voicemail recording failed", id, error);
        }
        recorded.accept(Optional.empty());
      } else {
        log.info("voicemail from {} saved: {} ({} s)", callerNumber(), recording.file(),
            recording.duration().toSeconds());
        recorded.accept(Optional.of(new VoicemailMessage(recording.file().toString(),
            recording.duration())));
      }
    }

    @Override
    public void hangUp() {
      onLane(sip::hangUp);
    }
  }

  /** An agent's leg (or a callback's agent leg); its fields are the lane's. */
  private static final class AgentLeg {
    final AgentLegId id;
    final OutboundCall call;
    final MediaSession media;
    final PromptSequence whisper;
    final CallbackOrigination callback;
    /** What the answer needs before it counts, or null (issue 16). */
    final AnswerConfirmation confirmation;
    boolean cancelled;
    boolean answered;
    /** Answered, waiting for the confirm key. */
    boolean confirming;
    Future<?> confirmTimer;
    /** The whisper was played while confirming: connect does not play it again. */
    boolean whisperHeard;
    /** A callback's customer leg, once dialled. */
    OutboundCall customer;

    AgentLeg(AgentLegId id, OutboundCall call, MediaSession media, PromptSequence whisper,
        CallbackOrigination callback, AnswerConfirmation confirmation) {
      this.id = id;
      this.confirmation = confirmation;
      this.call = call;
      this.media = media;
      this.whisper = whisper;
      this.callback = callback;
    }

    void hangUpCustomer() {
      if (customer != null) {
        customer.hangUp();
      }
    }
  }
}
