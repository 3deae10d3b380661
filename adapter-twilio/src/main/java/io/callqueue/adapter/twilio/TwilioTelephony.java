package io.callqueue.adapter.twilio;

import com.google.common.util.concurrent.MoreExecutors;
import com.google.common.util.concurrent.RateLimiter;
import com.twilio.exception.ApiException;
import com.twilio.exception.TwilioException;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Call;
import com.twilio.security.RequestValidator;
import com.twilio.type.Client;
import com.twilio.type.Endpoint;
import com.twilio.type.PhoneNumber;
import com.twilio.type.Sip;
import io.callqueue.api.AgentEndpoint;
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
import io.callqueue.prompts.HoldMusic;
import io.callqueue.prompts.PromptLibrary;
import io.callqueue.spi.AnswerConfirmation;
import io.callqueue.spi.CallbackOrigination;
import io.callqueue.spi.RingRequest;
import io.callqueue.spi.TelephonyPort;
import io.callqueue.spi.VoicemailRequest;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * callqueue on a Twilio number: the engine's {@link TelephonyPort}, and the webhook server Twilio
 * calls. The queue lives in the engine; Twilio carries media and legs.
 *
 * <ul>
 *   <li>A caller enters at {@code /cq/enter?queue=<q>&prio=<n>&continue=<url>} (the number's voice
 *       webhook, or a {@code <Redirect>} from the host's IVR) and is offered to the engine.
 *   <li>A waiting caller is parked in TwiML (music in a one-key {@code <Gather>}); keys arrive as
 *       Gather actions. Every URL carries the caller's epoch, so a stale action is redirected to
 *       the current state.
 *   <li>A command for a caller whose webhook is open answers it; otherwise the adapter pushes the
 *       TwiML with a REST call update.
 *   <li>Agents are rung with REST {@code calls.create}, paced by a token bucket at the account's
 *       calls-per-second; answering brings both legs into a per-caller {@code <Conference>}.
 *   <li>Every webhook's {@code X-Twilio-Signature} is checked; a missing or wrong one gets 403.
 * </ul>
 *
 * <p>REST calls for one caller (and its agent legs) run in order on that caller's own serial
 * lane, never on the SDK's shared async pool.
 */
public final class TwilioTelephony implements TelephonyPort, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TwilioTelephony.class);
  private static final Duration AGENT_WAIT = Duration.ofSeconds(5);
  /** How long a hang-up after a voicemail waits for the recording status callback. */
  private static final Duration RECORDING_WAIT = Duration.ofSeconds(30);
  private static final String XML = "application/xml";
  /** The ids {@link CallId} and {@link QueueId} accept (checked before constructing them). */
  private static final java.util.regex.Pattern ID =
      java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@+:\\-]{0,127}");

  private final TwilioConfig config;
  private final TwilioRestClient rest;
  private final RequestValidator validator;
  private final RateLimiter rings;
  private final ExecutorService lanes;
  private final AtomicLong legIds = new AtomicLong();
  private final Object lock = new Object();
  private final Map<CallId, Caller> callers = new HashMap<>();
  private final Map<Long, Leg> legs = new HashMap<>();
  private final PromptRoute prompts;
  private final ScheduledExecutorService timers;
  private volatile Duration recordingWait = RECORDING_WAIT;
  private volatile CallQueue engine;
  private Javalin app;

  /** An adapter playing the shipped prompt recordings ({@link PromptLibrary#shipped()}). */
  public TwilioTelephony(TwilioConfig config) {
    this(config, PromptLibrary.shipped());
  }

  /**
   * An adapter playing prompts from {@code library}, served from the webhook server under
   * content-hashed URLs (unless {@link TwilioConfig#promptBaseUrl()} points elsewhere).
   */
  public TwilioTelephony(TwilioConfig config, PromptLibrary library) {
    this.config = Objects.requireNonNull(config, "config");
    this.prompts = new PromptRoute(Objects.requireNonNull(library, "library"));
    this.rest = new TwilioRestClient.Builder(config.accountSid(), config.authToken())
        .httpClient(new TwilioHttpClient(config.apiBaseUrl(), config.backoff())).build();
    this.validator = new RequestValidator(config.authToken());
    this.rings = RateLimiter.create(config.callsPerSecond());
    this.lanes = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "twilio-rest");
      t.setDaemon(true);
      return t;
    });
    this.timers = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "twilio-timers");
      t.setDaemon(true);
      return t;
    });
  }

  /** Tests: how long a hang-up after a voicemail waits for the recording status callback. */
  void recordingWait(Duration wait) {
    this.recordingWait = Objects.requireNonNull(wait, "wait");
  }

  /** Connects the engine this adapter reports to; call before {@link #start()}. */
  public void attach(CallQueue engine) {
    this.engine = Objects.requireNonNull(engine, "engine");
  }

  /** Starts the webhook server. */
  public void start() throws IOException {
    if (engine == null) {
      throw new IllegalStateException("attach the engine before starting the Twilio adapter");
    }
    QueuedThreadPool threads = new QueuedThreadPool(200, 4);
    threads.setName("twilio-webhooks");
    threads.setDaemon(true);
    app = Javalin.create(c -> {
      c.startup.showJavalinBanner = false;
      c.startup.showOldJavalinVersionWarning = false;
      c.jetty.threadPool = threads;
      c.jetty.addConnector((server, httpConfig) -> {
        ServerConnector connector = new ServerConnector(server, 1, 1,
            new HttpConnectionFactory(httpConfig));
        connector.setHost(config.bindAddress());
        connector.setPort(config.port());
        return connector;
      });
      c.routes.post("/cq/{hook}", this::webhook);
      c.routes.get(PromptRoute.PREFIX + "{file}", prompts::serve);
      c.routes.exception(Exception.class, (e, ctx) -> {
        log.error("Twilio webhook {} failed", ctx.path(), e);
        ctx.status(200).contentType(XML).result(Twiml.empty());
      });
    });
    try {
      app.start();
    } catch (RuntimeException e) {
      app.stop();
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new IOException("cannot listen for Twilio webhooks on " + config.bindAddress() + ":"
          + config.port() + ": " + cause.getMessage(), e);
    }
    log.info("Twilio webhooks on {}:{}, public as {}", config.bindAddress(), port(),
        config.base());
  }

  /** The webhook server's port. */
  public int port() {
    return app.port();
  }

  @Override
  public void close() {
    if (app != null) {
      app.stop();
    }
    lanes.shutdownNow();
    timers.shutdownNow();
  }

  // ===== Webhooks =====================================================================

  private void webhook(Context ctx) {
    Map<String, String> form = new HashMap<>();
    ctx.formParamMap().forEach((k, v) -> form.put(k, v.isEmpty() ? "" : v.get(0)));
    String query = ctx.queryString();
    String url = config.base() + ctx.path() + (query == null || query.isEmpty() ? "" : "?" + query);
    String signature = ctx.header("X-Twilio-Signature");
    if (signature == null || !validator.validate(url, form, signature)) {
      log.warn("Twilio webhook {} refused: {} signature", ctx.path(),
          signature == null ? "no" : "wrong");
      ctx.status(403).result("signature required");
      return;
    }
    if (!config.accountSid().equals(form.get("AccountSid"))) {
      log.warn("Twilio webhook {} refused: account {} is not ours", ctx.path(),
          form.get("AccountSid"));
      ctx.status(403).result("wrong account");
      return;
    }
    String hook = ctx.pathParam("hook");
    String answer = switch (hook) {
      case "enter" -> enter(ctx, form);
      case "twiml" -> state(ctx);
      case "key" -> key(ctx, form, false);
      case "prompt-end" -> key(ctx, form, true);
      case "status" -> callerStatus(ctx, form);
      case "agent" -> agentAnswer(ctx);
      case "agent-confirm" -> agentConfirm(ctx, form);
      case "agent-status" -> agentStatus(ctx, form);
      case "recorded" -> recorded(ctx, form);
      case "rec-status" -> recordingStatus(ctx, form);
      case "dial-end" -> dialEnd(ctx, form);
      default -> null;
    };
    if (answer == null) {
      ctx.status(404).result("no such webhook " + ctx.path());
    } else {
      ctx.status(200).contentType(XML).result(answer);
    }
  }

  private String enter(Context ctx, Map<String, String> form) {
    String sid = form.get("CallSid");
    String queue = ctx.queryParam("queue");
    if (!validId(sid) || !validId(queue)) {
      log.warn("Twilio entry without a valid CallSid and queue ({}, {}): hung up", sid, queue);
      return Twiml.hangup();
    }
    int prio = parseInt(ctx.queryParam("prio"), 0);
    CallId id = new CallId(sid);
    Caller c;
    CompletableFuture<String> open = new CompletableFuture<>();
    synchronized (lock) {
      c = callers.get(id);
    }
    if (c != null) {
      return c.render(); // Twilio retried the entry: the current state
    }
    String music = musicUrl(HoldMusic.DEFAULT_CLASS);
    synchronized (lock) {
      c = callers.get(id);
      if (c != null) {
        return c.current();
      }
      c = new Caller(id, sid, ctx.queryParam("continue"),
          MoreExecutors.newSequentialExecutor(lanes), music);
      c.open = open;
      callers.put(id, c);
    }
    Caller caller = c;
    caller.lane.execute(() -> watchHangUp(caller));
    String from = form.getOrDefault("From", "");
    CompletionStage<OfferResult> offered = engine.offer(new CallOffer(id, new QueueId(queue),
        from, prio));
    offered.whenComplete((r, e) -> {
      if (e != null) {
        log.warn("offer of Twilio call {} to queue {} failed: {}", sid, queue, e.getMessage());
        release(id, CallOutcome.NOT_QUEUED);
      } else if (r instanceof OfferResult.Joined j) {
        log.info("Twilio call {} from {} joined {} at position {}", sid, from, queue,
            j.position());
      }
    });
    return await(caller, open, offered, config.webhookWait());
  }

  /**
   * Asks for the caller's status callback, so a hang-up during music is seen. A caller who hung
   * up before the update arrived (21220: the call has ended) is reported as hung up here.
   */
  private void watchHangUp(Caller c) {
    try {
      Call.updater(c.sid).setStatusCallback(url("/cq/status", "call", c.sid)).update(rest);
    } catch (ApiException e) {
      if (!Integer.valueOf(21220).equals(e.getCode())) {
        log.warn("cannot watch Twilio call {} for a hang-up: error {}: {}", c.sid, e.getCode(),
            e.getMessage());
        return;
      }
      boolean report;
      synchronized (lock) {
        report = callers.remove(c.id) != null && !c.released;
      }
      if (report) {
        log.info("Twilio caller {} hung up before its status callback was set", c.sid);
        engine.callerHungUp(c.id);
      }
    } catch (TwilioException e) {
      log.warn("cannot watch Twilio call {} for a hang-up: {}", c.sid, e.getMessage());
    }
  }

  private String state(Context ctx) {
    Caller c = caller(ctx);
    return c == null ? Twiml.hangup() : c.render();
  }

  private String key(Context ctx, Map<String, String> form, boolean promptEnd) {
    Caller c = caller(ctx);
    if (c == null) {
      return Twiml.hangup();
    }
    CompletableFuture<String> open = new CompletableFuture<>();
    synchronized (lock) {
      if (parseInt(ctx.queryParam("e"), -1) != c.epoch) {
        log.debug("stale Gather action for {} (epoch {}, now {})", c.sid, ctx.queryParam("e"),
            c.epoch);
        return Twiml.redirect(stateUrl(c.sid, c.epoch));
      }
      c.open = open;
    }
    String digits = form.getOrDefault("Digits", "");
    if (digits.length() == 1 && "0123456789*#".indexOf(digits.charAt(0)) >= 0) {
      engine.dtmf(c.id, digits.charAt(0));
    }
    if (promptEnd) {
      engine.promptFinished(c.id);
    }
    return await(c, open, engine.barrier(), config.webhookWait());
  }

  private String callerStatus(Context ctx, Map<String, String> form) {
    Caller c = caller(ctx);
    if (c == null || !terminal(form.get("CallStatus"))) {
      return Twiml.empty();
    }
    boolean report;
    boolean connected;
    synchronized (lock) {
      if (c.recording && !c.recordingDone) {
        // D2: the voicemail is reported before the hang-up, once the recording's status is in
        c.hungUp = true;
        timers.schedule(() -> recordingDone(c, null, "no recording status"),
            recordingWait.toMillis(), TimeUnit.MILLISECONDS);
        log.debug("Twilio caller {} hung up while recording; waiting for the recording status",
            c.sid);
        return Twiml.empty();
      }
      callers.remove(c.id);
      report = !c.released;
      connected = c.connected;
      for (Leg l : legs.values()) {
        if (l.call.equals(c.id) && !l.answered && l.sid == null) {
          l.cancelled = true; // not placed yet (waiting for the rate limiter): never place it
        }
      }
    }
    if (report) {
      log.info("Twilio caller {} ended ({})", c.sid, form.get("CallStatus"));
      if (connected) {
        engine.callEnded(c.id);
      } else {
        engine.callerHungUp(c.id);
      }
    }
    return Twiml.empty();
  }

  private String agentAnswer(Context ctx) {
    Leg leg = leg(ctx);
    CompletableFuture<String> open = new CompletableFuture<>();
    synchronized (lock) {
      if (leg == null || leg.cancelled
          || leg.customer == null && !callers.containsKey(leg.call)) {
        return Twiml.hangup();
      }
      if (leg.confirmation != null && leg.customer == null) {
        leg.confirming = true;
      } else {
        leg.answered = true;
        leg.open = open;
      }
    }
    if (leg.confirming) {
      return confirmPrompt(leg);
    }
    engine.agentAnswered(leg.call, leg.agent);
    if (leg.customer != null) {
      return Twiml.dialCustomer(urls(leg.whisper), config.callerId(), leg.customer,
          url("/cq/dial-end", "call", leg.call.value(), "leg", Long.toString(leg.id)));
    }
    return awaitConnect(leg, open);
  }

  /**
   * The answer TwiML of a leg whose answer must be confirmed (issue 16): whisper and prompt in a
   * one-key Gather whose action, and the redirect it falls through to without input, both go to
   * {@code /cq/agent-confirm}. Twilio's Gather timeout is whole seconds: rounded up.
   */
  private String confirmPrompt(Leg leg) {
    AnswerConfirmation confirm = leg.confirmation;
    int seconds = (int) Math.max(1, (confirm.timeout().toMillis() + 999) / 1000);
    String action = url("/cq/agent-confirm", "call", leg.call.value(), "agent",
        leg.agent.value(), "leg", Long.toString(leg.id));
    log.debug("agent {} answered for {}: asking for key {}", leg.agent, leg.call,
        confirm.acceptKey());
    return Twiml.agentConfirm(urls(leg.whisper), urls(confirm.prompt()), seconds, action, action);
  }

  /**
   * The confirm Gather's action (with {@code Digits}) or its fall-through redirect (without): the
   * accept key reports the answer and joins the conference; anything else reports
   * {@code UNCONFIRMED} and hangs the leg up. A cancelled leg is just hung up.
   */
  private String agentConfirm(Context ctx, Map<String, String> form) {
    Leg leg = leg(ctx);
    String digits = form.getOrDefault("Digits", "");
    CompletableFuture<String> open = new CompletableFuture<>();
    boolean accepted;
    synchronized (lock) {
      if (leg == null || !leg.confirming || leg.cancelled || !callers.containsKey(leg.call)) {
        return Twiml.hangup();
      }
      leg.confirming = false;
      accepted = digits.equals(String.valueOf(leg.confirmation.acceptKey()));
      if (accepted) {
        leg.answered = true;
        leg.confirmed = true;
        leg.open = open;
      } else {
        leg.unconfirmed = true;
      }
    }
    if (!accepted) {
      log.info("agent {} did not confirm the answer for {} ({}): hung up", leg.agent, leg.call,
          digits.isEmpty() ? "no key" : "key " + digits);
      engine.agentFailed(leg.call, leg.agent, RingFailure.UNCONFIRMED);
      return Twiml.hangup();
    }
    log.info("agent {} confirmed the answer for {}", leg.agent, leg.call);
    engine.agentAnswered(leg.call, leg.agent);
    return awaitConnect(leg, open);
  }

  /** Waits for the engine to connect an answered leg ({@code open}); hangs up otherwise. */
  private String awaitConnect(Leg leg, CompletableFuture<String> open) {
    try {
      // connect (or cancelRing, for a stale answer) runs in the engine task of agentAnswered
      CompletableFuture.anyOf(open, engine.barrier().toCompletableFuture())
          .get(AGENT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      if (open.isDone()) {
        return open.join();
      }
      log.warn("engine did not connect answered leg {} of {}: hung up", leg.agent, leg.call);
      return Twiml.hangup();
    } catch (TimeoutException | ExecutionException e) {
      log.warn("engine did not connect answered leg {} of {} in {}: hung up", leg.agent,
          leg.call, AGENT_WAIT);
      return Twiml.hangup();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Twiml.hangup();
    }
  }

  private String agentStatus(Context ctx, Map<String, String> form) {
    Leg leg = leg(ctx);
    String status = form.getOrDefault("CallStatus", "");
    if (leg == null) {
      log.debug("status {} of an unknown or finished agent leg {}: ignored", status,
          ctx.queryParam("leg"));
      return Twiml.empty();
    }
    if (!terminal(status)) {
      return Twiml.empty();
    }
    boolean failed;
    boolean ended;
    boolean confirming;
    synchronized (lock) {
      legs.remove(leg.id);
      Caller c = callers.get(leg.call);
      failed = !leg.cancelled && !leg.answered && !leg.unconfirmed;
      confirming = leg.confirming;
      ended = leg.answered && !leg.cancelled && (leg.customer != null ? !leg.unreached
          : c != null && c.connected && leg.agent.equals(c.agent));
      if (ended) {
        callers.remove(leg.call);
      }
    }
    if (failed) {
      // an answered leg hung up during the confirm prompt is an unconfirmed answer
      RingFailure f = confirming ? RingFailure.UNCONFIRMED : switch (status) {
        case "busy" -> RingFailure.BUSY;
        case "no-answer" -> RingFailure.NO_ANSWER;
        case "failed" -> "603".equals(form.get("SipResponseCode")) ? RingFailure.REJECTED
            : RingFailure.UNREACHABLE;
        default -> RingFailure.NO_ANSWER;
      };
      log.info("agent {} not reached for {}: {}", leg.agent, leg.call, status);
      engine.agentFailed(leg.call, leg.agent, f);
    } else if (ended) {
      engine.callEnded(leg.call);
    }
    return Twiml.empty();
  }

  /** The callback's {@code <Dial><Number>} ended: a customer not reached is reported. */
  private String dialEnd(Context ctx, Map<String, String> form) {
    Leg leg = leg(ctx);
    String status = form.getOrDefault("DialCallStatus", "");
    if (leg == null || leg.customer == null || status.equals("completed")
        || status.equals("answered")) {
      return Twiml.hangup();
    }
    synchronized (lock) {
      leg.unreached = true;
    }
    RingFailure f = switch (status) {
      case "busy" -> RingFailure.BUSY;
      case "no-answer" -> RingFailure.NO_ANSWER;
      default -> RingFailure.UNREACHABLE;
    };
    log.info("customer {} of callback {} not reached: {}", leg.customer, leg.call, status);
    engine.customerUnreached(leg.call, f);
    return Twiml.hangup();
  }

  /**
   * The Record action: the recording has ended, but its file may not exist yet (Twilio processes
   * it and then sends the recording status callback). Its URL and length are kept in case that
   * callback never comes; the caller is hung up.
   */
  private String recorded(Context ctx, Map<String, String> form) {
    Caller c = caller(ctx);
    VoicemailMessage m = voicemail(form);
    if (c != null && m != null) {
      synchronized (lock) {
        c.recordedByAction = m;
      }
    }
    return Twiml.hangup();
  }

  /**
   * The recording status callback: {@code completed} reports the voicemail (the file now exists),
   * {@code absent} (too short or silent) reports none; either ends the wait, and a hang-up held
   * back for it is reported after it (D2).
   */
  private String recordingStatus(Context ctx, Map<String, String> form) {
    Caller c = caller(ctx);
    String status = form.getOrDefault("RecordingStatus", "");
    if (c == null) {
      log.debug("recording status {} for an unknown Twilio call {}: ignored", status,
          ctx.queryParam("call"));
      return Twiml.empty();
    }
    switch (status) {
      case "completed" -> {
        VoicemailMessage m = voicemail(form);
        recordingDone(c, m, m == null ? "completed without a RecordingUrl" : "completed");
      }
      case "absent", "failed" -> recordingDone(c, null, status + " (error "
          + form.getOrDefault("ErrorCode", "-") + ")");
      default -> log.debug("recording status {} of {}: ignored", status, c.sid);
    }
    return Twiml.empty();
  }

  /**
   * The end of a voicemail: reports {@code message} (or, when the recording status never came,
   * what the Record action said), then a hang-up that was held back for it. Runs once per caller.
   */
  private void recordingDone(Caller c, VoicemailMessage message, String why) {
    VoicemailMessage report;
    boolean hungUp;
    synchronized (lock) {
      if (c.recordingDone) {
        return;
      }
      c.recordingDone = true;
      report = message != null ? message
          : why.equals("no recording status") ? c.recordedByAction : null;
      hungUp = c.hungUp;
      if (hungUp) {
        callers.remove(c.id);
      }
    }
    log.info("voicemail of Twilio call {}: {}{}", c.sid, why,
        report == null ? ", nothing recorded" : " " + report.reference());
    if (report != null) {
      engine.voicemailRecorded(c.id, report);
    }
    if (hungUp) {
      engine.callerHungUp(c.id);
    }
  }

  private static VoicemailMessage voicemail(Map<String, String> form) {
    String url = form.get("RecordingUrl");
    if (url == null || url.isEmpty()) {
      return null;
    }
    return new VoicemailMessage(url, Duration.ofSeconds(parseInt(form.get("RecordingDuration"),
        0)));
  }

  /**
   * Waits for the engine's next command for an open webhook, or for the engine to have reacted
   * (the offer's stage or {@link CallQueue#barrier()}) without sending one; then answers the
   * current state. {@code wait} caps it, should the engine be slow.
   */
  private String await(Caller c, CompletableFuture<String> open, CompletionStage<?> reacted,
      Duration wait) {
    try {
      CompletableFuture.anyOf(open, reacted.toCompletableFuture())
          .get(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      // fall through to the current state
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (open.isDone()) {
      return open.join();
    }
    IntFunction<String> state;
    int epoch;
    synchronized (lock) {
      if (c.open != open) {
        state = null; // a command took this webhook and is completing it
        epoch = 0;
      } else {
        c.open = null;
        state = c.state;
        epoch = c.epoch;
      }
    }
    if (state == null) {
      try {
        return open.get(AGENT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException | ExecutionException e) {
        return c.render();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return c.render();
      }
    }
    String now = state.apply(epoch);
    return open.complete(now) ? now : open.join();
  }

  // ===== Commands from the engine =========================================================

  @Override
  public void startMusic(CallId call, String musicClass) {
    String music = musicUrl(musicClass);
    synchronized (lock) {
      Caller c = callers.get(call);
      if (c != null) {
        c.music = music;
      }
    }
    deliver(call, e -> Twiml.hold(music, url("/cq/key", "call", call.value(), "e",
        Integer.toString(e)), stateUrl(call.value(), e)));
  }

  /** The configured music URL, else the shipped music of the class served by this adapter. */
  private String musicUrl(String musicClass) {
    return config.musicUrl() != null ? config.musicUrl()
        : config.base() + prompts.musicPath(musicClass == null ? HoldMusic.DEFAULT_CLASS
            : musicClass);
  }

  @Override
  public void stopMusic(CallId call) {
    deliver(call, e -> Twiml.hold("", url("/cq/key", "call", call.value(), "e",
        Integer.toString(e)), stateUrl(call.value(), e)));
  }

  @Override
  public void play(CallId call, PromptSequence prompts) {
    List<String> urls = urls(prompts);
    deliver(call, e -> Twiml.prompts(urls, url("/cq/prompt-end", "call", call.value(), "e",
        Integer.toString(e))));
  }

  @Override
  public void ringAgent(RingRequest r) {
    Caller c;
    Leg leg;
    synchronized (lock) {
      c = callers.get(r.call());
      if (c == null) {
        log.debug("ring of {} for a gone caller {}: dropped", r.agent(), r.call());
        return;
      }
      leg = new Leg(legIds.incrementAndGet(), r.call(), r.agent(), r.whisper());
      leg.confirmation = r.confirmation();
      legs.put(leg.id, leg);
    }
    placeLeg(leg, c.sid, endpoint(r.endpoint()), r.ringTimeout(), c.lane);
  }

  /** calls.create for an agent leg on {@code lane}, after the rate limiter's permit. */
  private void placeLeg(Leg leg, String sid, Endpoint to, Duration ringTimeout, Executor lane) {
    String legId = Long.toString(leg.id);
    String agent = leg.agent.value();
    int timeout = (int) Math.max(5, Math.min(600, ringTimeout.toSeconds() + 5));
    lane.execute(() -> {
      if (dropIfCancelled(leg)) {
        return;
      }
      if (!rings.tryAcquire()) {
        log.info("ring of agent {} for {} delayed by the {} calls/s limit", agent, sid,
            config.callsPerSecond());
        rings.acquire();
      }
      if (dropIfCancelled(leg)) {
        return;
      }
      try {
        Call created = Call.creator(to, new PhoneNumber(config.callerId()),
                URI.create(url("/cq/agent", "call", sid, "agent", agent, "leg", legId)))
            .setStatusCallback(url("/cq/agent-status", "call", sid, "agent", agent,
                "leg", legId))
            .setStatusCallbackEvent(List.of("initiated", "ringing", "answered", "completed"))
            .setTimeout(timeout).create(rest);
        boolean hangUp;
        synchronized (lock) {
          leg.sid = created.getSid();
          hangUp = leg.cancelled;
        }
        log.debug("agent {} rung for {} as {}", agent, sid, created.getSid());
        if (hangUp) {
          complete(leg.sid);
        }
      } catch (TwilioException e) {
        log.warn("cannot ring agent {} for {}: {}", agent, sid, e.getMessage());
        synchronized (lock) {
          legs.remove(leg.id);
        }
        if (!cancelled(leg)) {
          engine.agentFailed(leg.call, leg.agent, RingFailure.UNREACHABLE);
        }
      }
    });
  }

  @Override
  public void cancelRing(CallId call, AgentId agent) {
    List<Leg> stop = new ArrayList<>();
    Caller c;
    synchronized (lock) {
      c = callers.get(call);
      for (Leg l : legs.values()) {
        if (l.call.equals(call) && l.agent.equals(agent) && !l.cancelled) {
          l.cancelled = true;
          stop.add(l);
        }
      }
    }
    for (Leg l : stop) {
      if (l.open != null && l.open.complete(Twiml.hangup())) {
        continue;
      }
      if (l.sid != null) {
        Executor lane = c != null ? c.lane : l.lane != null ? l.lane : lanes;
        lane.execute(() -> complete(l.sid));
      }
    }
  }

  @Override
  public void connect(CallId call, AgentId agent) {
    Leg leg = null;
    Caller c;
    synchronized (lock) {
      c = callers.get(call);
      for (Leg l : legs.values()) {
        if (l.call.equals(call) && l.agent.equals(agent) && l.answered && !l.cancelled) {
          leg = l;
        }
      }
      if (c == null || leg == null) {
        log.warn("connect of {} to {}: no answered leg or caller", agent, call);
        return;
      }
      c.connected = true;
      c.agent = agent;
    }
    String room = "cq-" + call.value();
    List<String> whisper = leg.confirmed ? List.of() : urls(leg.whisper); // heard when confirming
    String music = c.music;
    leg.open.complete(Twiml.agentConference(whisper, room));
    deliver(call, e -> Twiml.callerConference(room, music));
  }

  @Override
  public void recordVoicemail(CallId call, VoicemailRequest request) {
    List<String> intro = urls(request.intro());
    int max = (int) Math.max(1, Math.min(14400, request.maxLength().toSeconds()));
    synchronized (lock) {
      Caller c = callers.get(call);
      if (c != null) {
        c.recording = true;
      }
    }
    deliver(call, e -> Twiml.voicemail(intro, max, request.finishKey(), url("/cq/recorded",
        "call", call.value(), "e", Integer.toString(e)), url("/cq/rec-status", "call",
        call.value())));
  }

  @Override
  public void release(CallId call, CallOutcome outcome) {
    String target;
    synchronized (lock) {
      Caller c = callers.get(call);
      if (c == null) {
        return;
      }
      c.released = true;
      target = c.continueUrl;
    }
    if (outcome == CallOutcome.CALLBACK || target == null || target.isEmpty()) {
      deliver(call, e -> Twiml.hangup());
    } else {
      String sep = target.contains("?") ? "&" : "?";
      String to = target + sep + "CallqueueOutcome=" + outcome.name();
      deliver(call, e -> Twiml.redirect(to));
    }
    synchronized (lock) {
      callers.remove(call);
    }
  }

  @Override
  public void hangUp(CallId call) {
    deliver(call, e -> Twiml.hangup());
  }

  /**
   * Kept-place callback: the agent's leg first (calls.create, paced like any ring); its answer
   * TwiML is the whisper, then {@code <Dial callerId><Number>customer</Number></Dial>}, which is
   * not CPS-limited. The Dial's action reports a customer not reached.
   */
  @Override
  public void originateCallback(CallbackOrigination r) {
    Leg leg = new Leg(legIds.incrementAndGet(), r.call(), r.agent(), r.whisper());
    leg.customer = r.customerNumber();
    Executor lane = MoreExecutors.newSequentialExecutor(lanes);
    leg.lane = lane;
    synchronized (lock) {
      legs.put(leg.id, leg);
    }
    placeLeg(leg, r.call().value(), endpoint(r.endpoint()), r.ringTimeout(), lane);
  }

  // ===== Plumbing ===================================================================

  /** The next state of a caller: answers its open webhook, else pushes it by REST. */
  private void deliver(CallId call, IntFunction<String> state) {
    Caller c;
    int epoch;
    CompletableFuture<String> open;
    synchronized (lock) {
      c = callers.get(call);
      if (c == null) {
        log.debug("command for an unknown Twilio call {}: dropped", call);
        return;
      }
      c.epoch++;
      c.state = state;
      epoch = c.epoch;
      open = c.open; // taken: only this command completes it now
      c.open = null;
    }
    String twiml = state.apply(epoch); // rendered outside the lock every webhook needs
    if (open != null && open.complete(twiml)) {
      return;
    }
    synchronized (lock) {
      if (c.epoch != epoch) {
        return; // a newer command replaced this one before it was pushed
      }
      String sid = c.sid;
      c.lane.execute(() -> rest("TwiML for " + sid, () ->
          Call.updater(sid).setTwiml(twiml).update(rest)));
    }
  }

  private void complete(String sid) {
    rest("hang-up of " + sid, () -> Call.updater(sid).setStatus(Call.UpdateStatus.COMPLETED)
        .update(rest));
  }

  private void rest(String what, Runnable call) {
    try {
      call.run();
    } catch (ApiException e) {
      if (Integer.valueOf(21220).equals(e.getCode())) {
        log.debug("{}: the call has already ended", what);
      } else {
        log.warn("{} failed: Twilio error {}: {}", what, e.getCode(), e.getMessage());
      }
    } catch (TwilioException e) {
      log.warn("{} failed: {}", what, e.getMessage());
    }
  }

  /** A leg cancelled before it was placed is forgotten (no status callback will come). */
  private boolean dropIfCancelled(Leg leg) {
    synchronized (lock) {
      if (leg.cancelled) {
        legs.remove(leg.id);
      }
      return leg.cancelled;
    }
  }

  private boolean cancelled(Leg leg) {
    synchronized (lock) {
      return leg.cancelled;
    }
  }

  private Caller caller(Context ctx) {
    String call = ctx.queryParam("call");
    if (!validId(call)) {
      return null;
    }
    synchronized (lock) {
      return callers.get(new CallId(call));
    }
  }

  private Leg leg(Context ctx) {
    long id = parseInt(ctx.queryParam("leg"), -1);
    synchronized (lock) {
      return legs.get(id);
    }
  }

  private Endpoint endpoint(AgentEndpoint e) {
    if (e instanceof AgentEndpoint.ExternalNumber n) {
      return new PhoneNumber(n.e164());
    }
    String user = ((AgentEndpoint.SipAccount) e).username();
    return config.sipDomain() == null ? new Client("client:" + user)
        : new Sip("sip:" + user + "@" + config.sipDomain());
  }

  private List<String> urls(PromptSequence prompts) {
    List<String> urls = new ArrayList<>();
    if (prompts != null) {
      for (PromptSequence.Prompt p : prompts.prompts()) {
        String u = promptUrl(prompts.language(), p);
        if (u != null) {
          urls.add(u);
        }
      }
    }
    return urls;
  }

  /** {@code <promptBaseUrl>/<lang>/<key>.wav} if configured, else our own hashed URL. */
  private String promptUrl(String language, PromptSequence.Prompt p) {
    String b = config.promptBaseUrl();
    if (b != null) {
      return (b.endsWith("/") ? b : b + "/") + language + "/" + p.key() + ".wav";
    }
    String path = this.prompts.path(language, p);
    return path == null ? null : config.base() + path;
  }

  private String stateUrl(String sid, int epoch) {
    return url("/cq/twiml", "call", sid, "e", Integer.toString(epoch));
  }

  private String url(String path, String... kv) {
    StringBuilder s = new StringBuilder(config.base()).append(path);
    for (int i = 0; i < kv.length; i += 2) {
      s.append(i == 0 ? '?' : '&').append(kv[i]).append('=')
          .append(URLEncoder.encode(kv[i + 1], StandardCharsets.UTF_8));
    }
    return s.toString();
  }

  private static boolean validId(String s) {
    return s != null && ID.matcher(s).matches();
  }

  private static boolean terminal(String status) {
    return status != null && switch (status) {
      case "completed", "busy", "failed", "no-answer", "canceled" -> true;
      default -> false;
    };
  }

  private static int parseInt(String s, int otherwise) {
    try {
      return s == null ? otherwise : Integer.parseInt(s);
    } catch (NumberFormatException e) {
      return otherwise;
    }
  }

  /** A caller's state; guarded by {@code lock}. */
  private final class Caller {
    final CallId id;
    final String sid;
    final String continueUrl;
    final Executor lane;
    int epoch;
    IntFunction<String> state;
    CompletableFuture<String> open;
    boolean released;
    boolean connected;
    AgentId agent;
    /** A voicemail was asked for: a hang-up waits for the recording's status (D2). */
    boolean recording;
    boolean recordingDone;
    boolean hungUp;
    VoicemailMessage recordedByAction;
    /** The URL of the hold music last asked for (also the conference's wait music). */
    volatile String music;

    Caller(CallId id, String sid, String continueUrl, Executor lane, String music) {
      this.id = id;
      this.sid = sid;
      this.continueUrl = continueUrl;
      this.lane = lane;
      this.music = music;
      this.state = e -> Twiml.hold(music, url("/cq/key", "call", sid, "e",
          Integer.toString(e)), stateUrl(sid, e));
    }

    /** The current state's TwiML; call under {@code lock}. */
    String current() {
      return state.apply(epoch);
    }

    /** The current state's TwiML, rendered outside {@code lock}. */
    String render() {
      IntFunction<String> s;
      int e;
      synchronized (lock) {
        s = state;
        e = epoch;
      }
      return s.apply(e);
    }
  }

  /** One agent leg (calls.create); keyed by our own id, carried in its URLs. */
  private static final class Leg {
    final long id;
    final CallId call;
    final AgentId agent;
    final PromptSequence whisper;
    String sid;
    boolean cancelled;
    boolean answered;
    CompletableFuture<String> open;
    /** The customer to dial after the agent answers (a kept-place callback), or null. */
    String customer;
    Executor lane;
    boolean unreached;
    /** What the ring asks before the answer counts (issue 16), or null. */
    AnswerConfirmation confirmation;
    /** Answered, and the confirm Gather runs: no report yet. */
    boolean confirming;
    /** The agent pressed the accept key (and has heard the whisper). */
    boolean confirmed;
    /** The answer was not confirmed and reported so: the end of the leg reports nothing. */
    boolean unconfirmed;

    Leg(long id, CallId call, AgentId agent, PromptSequence whisper) {
      this.id = id;
      this.call = call;
      this.agent = agent;
      this.whisper = whisper;
    }
  }
}
