package io.callqueue.adapter.sip;

import io.callqueue.adapter.sip.ivr.IvrLeg;
import io.callqueue.adapter.sip.ivr.IvrRunner;
import io.callqueue.adapter.sip.ivr.Scenario;
import io.callqueue.adapter.sip.media.MediaEngine;
import io.callqueue.adapter.sip.media.MediaSession;
import io.callqueue.adapter.sip.signalling.DialResult;
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
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
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
 * <p>Threading: the engine calls the port from its thread; signalling and media report from their
 * own callback threads. Per-call state lives in concurrent maps; nothing here blocks.
 */
public final class SipCallQueue implements TelephonyPort, IncomingCallListener,
    RegistrationListener, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SipCallQueue.class);
  private static final DateTimeFormatter FILE_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
  /** The engine owns the ring timeout; the dialer's own is a safety net a little later. */
  private static final Duration DIAL_GRACE = Duration.ofSeconds(3);

  private final SipConfig sipConfig;
  private final MediaEngine media;
  private final Function<String, Scenario> scenarios;
  private final Path voicemailDirectory;
  private final BiFunction<String, String, PromptSequence> ivrPrompts;
  private final Consumer<IvrRunner.IvrVoicemail> ivrVoicemails;
  private final Map<CallId, CallerLeg> callers = new ConcurrentHashMap<>();
  private final Map<String, AgentLeg> agents = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "callqueue-sip-timers");
    t.setDaemon(true);
    return t;
  });
  private final AtomicLong sdpVersion = new AtomicLong(1);
  private volatile CallQueue engine;
  private volatile IvrRunner runner;
  private SipServer sip;

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
   *     (called on the signalling callback thread: answer from memory)
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
    sip = new SipServer(sipConfig, this, this);
    sip.start();
  }

  /** The signalling server (registrations, for status pages and tests). */
  public SipServer sipServer() {
    return sip;
  }

  /** Calls in progress. */
  public int activeCalls() {
    return callers.size();
  }

  /** Diagnostics: what the server holds now, in every layer (see {@link SipDiagnostics}). */
  public CompletionStage<SipDiagnostics> diagnostics() {
    return SipDiagnostics.collect(sip, media, engine, callers.size(), agents.size());
  }

  @Override
  public synchronized void close() {
    if (sip != null) {
      sip.close();
    }
    media.close();
    timers.shutdownNow();
  }

  // ---- registrations ----------------------------------------------------------------------

  @Override
  public void registered(SipBinding binding) {
    log.info("{} registered at {}", binding.username(), binding.contact());
    engine.sipRegistered(binding.username());
  }

  @Override
  public void unregistered(String username, Reason reason) {
    log.info("{} unregistered ({})", username, reason);
    engine.sipUnregistered(username);
  }

  // ---- incoming calls -----------------------------------------------------------------------

  @Override
  public void incomingCall(IncomingCall call) {
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
    CallId id = callId(call.callId());
    MediaSession session;
    try {
      session = media.openSession(id.value());
    } catch (IOException e) {
      log.error("call {}: no media port free; 503", id, e);
      call.reject(503);
      return;
    }
    session.setRemote(offer.get().media(), offer.get().payloadType(),
        offer.get().telephoneEvent());
    CallerLeg leg = new CallerLeg(id, call, session);
    callers.put(id, leg);
    call.onKey(key -> {
      session.signalledDigit(key);
      digit(id.value(), key);
    });
    call.ended().whenComplete((end, error) -> callerGone(leg));
    call.answer(Sdp.answer(session.localAddress(), offer.get(), sdpVersion.getAndIncrement()))
        .whenComplete((ok, error) -> {
          if (error != null) {
            log.info("call {}: not established ({})", id, error.getMessage());
            callerGone(leg);
          } else {
            runner.start(leg, scenario);
          }
        });
  }

  private void callerGone(CallerLeg leg) {
    if (callers.remove(leg.id, leg)) {
      log.info("call {} ended", leg.id);
      runner.ended(leg.id);
      AgentLeg agent = leg.agent;
      // the caller ends a connected call, unless the agent's hang-up ended it (and reported it)
      boolean endsConnectedCall = agent != null && agents.remove(agent.key, agent);
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
        recording.whenComplete((done, error) -> engine.callerHungUp(leg.id));
      }
    }
  }

  private void digit(String sessionId, char digit) {
    if (sessionId.contains("/")) {
      return; // an agent's leg: its keys mean nothing to the queue
    }
    CallerLeg leg = callers.get(CallId.of(sessionId));
    if (leg == null) {
      return;
    }
    if (runner.takesKeys(leg.id)) {
      Consumer<Optional<Character>> waiter = leg.keyWaiter;
      if (waiter != null) {
        leg.keyWaiter = null;
        waiter.accept(Optional.of(digit));
      } else {
        leg.pendingKey = digit;
        leg.media.stopPlayback();
      }
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

  // ---- TelephonyPort --------------------------------------------------------------------------

  @Override
  public void ringAgent(RingRequest request) {
    dialAgent(request.call(), request.agent(), request.endpoint(), request.callerNumber(),
        request.ringTimeout(), request.whisper(), null);
  }

  private void dialAgent(CallId call, AgentId agent, AgentEndpoint endpoint, String callerNumber,
      Duration ringTimeout, PromptSequence whisper, CallbackOrigination callback) {
    String key = call.value() + "/" + agent.value();
    MediaSession session;
    try {
      session = media.openSession(key);
    } catch (IOException e) {
      log.error("no media port to ring {} for {}", agent, call, e);
      engine.agentFailed(call, agent, RingFailure.UNREACHABLE);
      return;
    }
    OutboundCall out = sip.dialer().dial(endpoint,
        callerNumber == null || callerNumber.isBlank() ? "anonymous" : callerNumber,
        Sdp.offer(session.localAddress(), sdpVersion.getAndIncrement()),
        ringTimeout.plus(DIAL_GRACE));
    AgentLeg leg = new AgentLeg(key, call, agent, out, session, whisper, callback);
    agents.put(key, leg);
    out.result().whenComplete((result, error) -> {
      if (leg.cancelled) {
        if (result instanceof DialResult.Answered) {
          out.hangUp();
        }
        session.close();
        return;
      }
      if (result instanceof DialResult.Answered answered) {
        Optional<Sdp.Offer> sdp = Sdp.parse(answered.remoteSdp());
        if (sdp.isEmpty()) {
          log.warn("agent {} answered {} with unusable SDP; hanging up that leg", agent, call);
          out.hangUp();
          fail(leg, RingFailure.UNREACHABLE);
          return;
        }
        session.setRemote(sdp.get().media(), sdp.get().payloadType(), sdp.get().telephoneEvent());
        leg.answered = true;
        engine.agentAnswered(call, agent);
        if (callback != null) {
          startCallback(leg);
        }
      } else if (result instanceof DialResult.Failed failed) {
        fail(leg, failed.failure());
      } else {
        agents.remove(key, leg);
        session.close();
      }
    });
    out.ended().whenComplete((end, error) -> {
      if (leg.answered && !leg.cancelled && agents.remove(key, leg)) {
        log.info("agent {} hung up {}", agent, call);
        session.close();
        engine.callEnded(call);
        CallerLeg caller = callers.get(call);
        if (caller != null) {
          caller.sip.hangUp();
        }
        if (leg.customer != null) {
          leg.customer.hangUp();
        }
      }
    });
  }

  private void fail(AgentLeg leg, RingFailure failure) {
    agents.remove(leg.key, leg);
    leg.media.close();
    engine.agentFailed(leg.callId, leg.agent, failure);
  }

  @Override
  public void cancelRing(CallId call, AgentId agent) {
    AgentLeg leg = agents.remove(call.value() + "/" + agent.value());
    if (leg != null) {
      leg.cancelled = true;
      leg.call.hangUp();
      leg.media.close();
    }
  }

  @Override
  public void connect(CallId call, AgentId agent) {
    CallerLeg caller = callers.get(call);
    AgentLeg leg = agents.get(call.value() + "/" + agent.value());
    if (caller == null || leg == null) {
      log.warn("connect {} to {}: a leg is gone", call, agent);
      if (leg != null) {
        cancelRing(call, agent);
      }
      engine.callEnded(call);
      return;
    }
    caller.agent = leg;
    caller.media.stopMusic();
    caller.media.stopPlayback();
    if (leg.whisper != null) {
      leg.media.play(leg.whisper).whenComplete((end, error) -> caller.media.bridge(leg.media));
    } else {
      caller.media.bridge(leg.media);
    }
    log.info("call {} connected to {}", call, agent);
  }

  @Override
  public void play(CallId call, PromptSequence prompts) {
    CallerLeg caller = callers.get(call);
    if (caller == null) {
      engine.promptFinished(call);
      return;
    }
    caller.media.stopMusic();
    caller.media.play(prompts).whenComplete((end, error) -> engine.promptFinished(call));
  }

  @Override
  public void startMusic(CallId call, String musicClass) {
    CallerLeg caller = callers.get(call);
    if (caller != null) {
      caller.media.startMusic(musicClass);
    }
  }

  @Override
  public void stopMusic(CallId call) {
    CallerLeg caller = callers.get(call);
    if (caller != null) {
      caller.media.stopMusic();
    }
  }

  @Override
  public void recordVoicemail(CallId call, VoicemailRequest request) {
    CallerLeg caller = callers.get(call);
    if (caller == null) {
      return;
    }
    caller.recordVoicemail(request.queue().value(), request.intro(), request.maxLength(),
        request.finishKey(), message -> {
          message.ifPresent(m -> engine.voicemailRecorded(call, m));
          caller.sip.hangUp();
        });
  }

  @Override
  public void release(CallId call, CallOutcome outcome) {
    if (!runner.released(call, outcome)) {
      hangUp(call);
    }
  }

  @Override
  public void hangUp(CallId call) {
    CallerLeg caller = callers.get(call);
    if (caller != null) {
      caller.sip.hangUp();
    }
  }

  @Override
  public void originateCallback(CallbackOrigination request) {
    dialAgent(request.call(), request.agent(), request.endpoint(), request.customerNumber(),
        request.ringTimeout(), request.whisper(), request);
  }

  /** The agent of a kept-place callback answered: whisper, then call the customer and bridge. */
  private void startCallback(AgentLeg leg) {
    CallbackOrigination request = leg.callback;
    AgentEndpoint customer;
    try {
      customer = new AgentEndpoint.ExternalNumber(request.customerNumber());
    } catch (IllegalArgumentException e) {
      log.error("callback {}: customer number '{}' cannot be dialled ({})", request.call(),
          request.customerNumber(), e.getMessage());
      leg.call.hangUp();
      return;
    }
    Runnable dialCustomer = () -> {
      if (agents.get(leg.key) != leg) {
        log.info("callback {}: {} hung up before the customer was dialled", request.call(),
            leg.agent);
        return;
      }
      MediaSession session;
      try {
        session = media.openSession(leg.key + "/customer");
      } catch (IOException e) {
        log.error("callback {}: no media port for the customer leg", request.call(), e);
        leg.call.hangUp();
        return;
      }
      OutboundCall out = sip.dialer().dial(customer, sipConfig.callbackCallerId(),
          Sdp.offer(session.localAddress(), sdpVersion.getAndIncrement()), Duration.ofSeconds(45));
      leg.customer = out;
      if (agents.get(leg.key) != leg) {
        out.hangUp(); // the agent hung up while we dialled
      }
      out.result().whenComplete((result, error) -> {
        if (result instanceof DialResult.Answered answered) {
          Sdp.parse(answered.remoteSdp()).ifPresent(o -> session.setRemote(o.media(),
              o.payloadType(), o.telephoneEvent()));
          leg.media.bridge(session);
          log.info("callback {}: {} connected to {}", request.call(), leg.agent,
              request.customerNumber());
        } else {
          log.info("callback {}: customer {} not reached ({}); ending the agent's leg",
              request.call(), request.customerNumber(), result);
          session.close();
          leg.call.hangUp();
        }
      });
      out.ended().whenComplete((end, error) -> {
        session.close();
        leg.call.hangUp();
      });
    };
    if (leg.whisper != null) {
      leg.media.play(leg.whisper).whenComplete((end, error) -> dialCustomer.run());
    } else {
      dialCustomer.run();
    }
  }

  // ---- legs --------------------------------------------------------------------------------

  /** A caller's leg: its SIP dialog, its media session, and the IVR's view of it. */
  private final class CallerLeg implements IvrLeg {
    final CallId id;
    final IncomingCall sip;
    final MediaSession media;
    volatile AgentLeg agent;
    volatile Consumer<Optional<Character>> keyWaiter;
    volatile Character pendingKey;
    /** Completes once a voicemail being recorded has been reported. */
    volatile CompletableFuture<Void> recordingDone;

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
      media.stopMusic();
      media.play(prompts).whenComplete((end, error) -> done.run());
    }

    @Override
    public void collectKey(Duration timeout, Consumer<Optional<Character>> key) {
      Character pending = pendingKey;
      if (pending != null) {
        pendingKey = null;
        key.accept(Optional.of(pending));
        return;
      }
      keyWaiter = key;
      timers.schedule(() -> {
        if (keyWaiter == key) {
          keyWaiter = null;
          key.accept(Optional.empty());
        }
      }, timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void recordVoicemail(PromptSequence intro, Duration maxLength, char finishKey,
        Consumer<Optional<VoicemailMessage>> recorded) {
      recordVoicemail("ivr", intro, maxLength, finishKey, recorded);
    }

    void recordVoicemail(String folder, PromptSequence intro, Duration maxLength, char finishKey,
        Consumer<Optional<VoicemailMessage>> recorded) {
      Path file = voicemailDirectory.resolve(folder).resolve(
          FILE_TIME.format(LocalDateTime.now()) + "-" + id.value().replace(':', '_') + ".wav");
      try {
        Files.createDirectories(file.getParent());
      } catch (IOException e) {
        log.error("call {}: cannot create voicemail folder {}", id, file.getParent(), e);
        recorded.accept(Optional.empty());
        return;
      }
      CompletableFuture<Void> done =
          new CompletableFuture<>();
      recordingDone = done;
      media.stopMusic();
      media.play(intro)
          .thenCompose(end -> media.recordVoicemail(file, maxLength, finishKey))
          .whenComplete((recording, error) -> {
            try {
              reportRecording(recording, error, recorded);
            } finally {
              done.complete(null);
            }
          });
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
      sip.hangUp();
    }
  }

  /** An agent's leg (or a callback's agent leg). */
  private static final class AgentLeg {
    final String key;
    final CallId callId;
    final AgentId agent;
    final OutboundCall call;
    final MediaSession media;
    final PromptSequence whisper;
    final CallbackOrigination callback;
    volatile boolean cancelled;
    volatile boolean answered;
    volatile OutboundCall customer;

    AgentLeg(String key, CallId callId, AgentId agent, OutboundCall call, MediaSession media,
        PromptSequence whisper, CallbackOrigination callback) {
      this.key = key;
      this.callId = callId;
      this.agent = agent;
      this.call = call;
      this.media = media;
      this.whisper = whisper;
      this.callback = callback;
    }
  }
}
