package io.callqueue.adapter.asterisk;

import com.fasterxml.jackson.databind.JsonNode;
import io.callqueue.adapter.asterisk.ari.AriClient;
import io.callqueue.adapter.asterisk.ari.AriEvent;
import io.callqueue.adapter.asterisk.ari.AriException;
import io.callqueue.api.AgentEndpoint;
import io.callqueue.api.AgentId;
import io.callqueue.api.CallId;
import io.callqueue.api.CallOffer;
import io.callqueue.api.CallOutcome;
import io.callqueue.api.CallQueue;
import io.callqueue.api.PromptSequence;
import io.callqueue.api.QueueId;
import io.callqueue.api.RingFailure;
import io.callqueue.api.VoicemailMessage;
import io.callqueue.prompts.PromptLibrary;
import io.callqueue.spi.AnswerConfirmation;
import io.callqueue.spi.CallbackOrigination;
import io.callqueue.spi.RingRequest;
import io.callqueue.spi.TelephonyPort;
import io.callqueue.spi.VoicemailRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * callqueue's telephony on Asterisk, over ARI. The dialplan hands a caller over with
 * {@code Stasis(<app>,<queue>[,<priority>])}; the caller's ARI channel id is its {@link CallId}.
 * Agents are rung with {@code channels/create} + {@code dial} on legs whose ids we choose
 * ({@code cq-<instance>-<n>-<agent>}), so every later event of a leg is known by its id and the late events of
 * a cancelled leg are dropped. An answered leg and the caller meet in a mixing bridge; a caller the
 * engine releases goes back to the dialplan ({@code continue}, the priority after
 * {@code Stasis()}) with {@code CALLQUEUE_OUTCOME} set to the outcome's name.
 *
 * <p>Threading: one adapter event thread (a serial lane) owns all call and leg state and is the
 * only thread that calls the engine. The engine's commands and the websocket's events are both put
 * on it; neither the engine's thread nor the websocket's ever blocks. The REST calls for one caller
 * (its own channel and its agent legs) are chained: each starts when the previous one has been
 * answered, so {@code play} → {@code startMusic} reach Asterisk in the engine's order.
 *
 * <p>Ring failures come from the leg's Q.850 hang-up cause, not from the dial status (which maps
 * 21 to NOANSWER): 17 busy, 21 rejected, 18/19 no answer, anything else unreachable. Presence:
 * the application subscribes to {@code endpoint:PJSIP}; an endpoint going {@code online} is
 * {@code sipRegistered}, {@code offline} {@code sipUnregistered} (initial state read at start).
 *
 * <p>Voicemail: {@code POST /channels/{id}/record} (wav, Asterisk's beep, the finish key as
 * {@code terminateOn}); {@code RecordingFinished} is {@code voicemailRecorded} with the stored
 * recording's ARI URI and length, then the caller is hung up. A caller who hangs up mid-recording
 * is reported after the recording's end (design D2), or after 3 s without it.
 *
 * <p>Prompts: the adapter serves the recordings of its {@link PromptLibrary} over HTTP itself
 * ({@code /prompts/<sha256>.wav}) and plays a sequence as one ARI playback of
 * {@code sound:http://…} media (res_http_media_cache fetches them); its {@code PlaybackFinished}
 * is {@code promptFinished}. A key stops it (then finished); a new {@code play}, {@code connect},
 * voicemail or release stops it silently. The engine restarts the music itself.
 *
 * <p>Confirmed answers (issue 16, {@link RingRequest#confirmation()}): an answered leg is not
 * reported yet; it hears the whisper and the confirm prompt (one playback on the leg, which is in
 * Stasis), then the adapter waits the confirm timeout for a {@code ChannelDtmfReceived} on it. The
 * accept key (also during the playback, which it stops) reports {@code agentAnswered} and
 * {@code connect} bridges without a second whisper; another key, the timeout or the leg hanging
 * up reports {@code agentFailed(UNCONFIRMED)} and hangs the leg up. The caller keeps its music.
 *
 * <p>Whisper: an answered agent hears the ring request's whisper (the hold time) on its own leg
 * before the bridge; the caller keeps its music meanwhile. Voicemail: the request's intro is
 * played to the caller first, then the recording starts.
 *
 * <p>Kept-place callbacks (capability 15, only with {@link AsteriskConfig#callbackDial}): the agent
 * is rung like any agent; on answer the agent hears the callback whisper, then the customer is
 * dialled ({@code channels/create} + {@code dial} from the agent's leg, e.g.
 * {@code PJSIP/<number>@trunk}) and both meet in a bridge. A customer who does not answer is
 * {@code customerUnreached} (the cause mapped as for agents) and the agent's leg is hung up; either
 * side hanging up after the answer is {@code callEnded}.
 *
 * <p>Ring-in-use (as app_queue's {@code ringinuse=no}, unless {@link AsteriskConfig#ringInUse}):
 * before a PJSIP agent is rung, {@code GET /endpoints/PJSIP/<user>} lists the endpoint's channels;
 * one that is not ours (a call outside the queue) makes the ring fail {@code BUSY} without an
 * INVITE. The channel list rather than {@code deviceStates}: device state is updated
 * asynchronously (a call that just ended may still read {@code INUSE}) and counts our own legs.
 */
public final class AsteriskTelephonyPort implements TelephonyPort, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AsteriskTelephonyPort.class);
  /** The prefix of the agent legs' channel ids: the channels we created. */
  static final String LEG_PREFIX = "cq-";
  /** The dialplan variable that carries the outcome of a released caller. */
  public static final String OUTCOME_VARIABLE = "CALLQUEUE_OUTCOME";
  /** How much longer than the engine's ring timeout Asterisk's own dial timeout is. */
  private static final Duration DIAL_GRACE = Duration.ofSeconds(3);
  /** How long after a caller's hang-up its recording's end is awaited. */
  private static final Duration RECORDING_GRACE = Duration.ofSeconds(3);
  /** How long a called-back customer's phone may ring. */
  private static final Duration CUSTOMER_RING = Duration.ofSeconds(30);

  private final AsteriskConfig config;
  private final AriClient ari;
  private final ExecutorService lane = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "callqueue-asterisk-events");
    t.setDaemon(true);
    return t;
  });
  private volatile CallQueue engine;

  // ---- lane-confined state ----
  private final Map<String, Caller> callersByChannel = new HashMap<>();
  private final Map<String, Leg> legs = new HashMap<>();
  private final Map<String, Boolean> endpointsOnline = new HashMap<>();
  private final Map<String, Caller> recordings = new HashMap<>();
  /** Kept-place callbacks being dialled or talking, by the callback's id. */
  private final Map<CallId, Caller> callbacks = new HashMap<>();
  /** Callbacks by their customer channel's id ({@code cq-<instance>-cust-<n>}). */
  private final Map<String, Caller> customers = new HashMap<>();
  /**
   * Playbacks the engine did not ask for as prompts (an agent's whisper, the voicemail intro), by
   * id: what follows when each ends (done, stopped or failed).
   */
  private final Map<String, Runnable> afterPlayback = new HashMap<>();
  /** Playbacks in progress, by their ids ({@code cq-pb-<instance>-<n>}). */
  private final Map<String, Caller> playbacks = new HashMap<>();
  private long playbackCounter;
  private final List<String> finishedPlaybacks = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final PromptLibrary prompts;
  private final PromptServer promptServer;
  private long legCounter;
  /**
   * This adapter instance's part of its leg ids: Asterisk refuses a channel id that a live channel
   * has, and a restarted adapter finds the channels of its predecessor still there.
   */
  private final String instance =
      Long.toString(java.util.concurrent.ThreadLocalRandom.current().nextLong(1L << 40), 36);

  /**
   * A waiting or connected caller: its channel and the legs rung for it. A kept-place callback is
   * one too: {@code callback} set, {@code channel} the customer's channel (ours, dialled once the
   * agent has answered).
   */
  private static final class Caller {
    final CallId call;
    final String channel;
    final CallbackOrigination callback;
    boolean up;
    /** The music class the caller hears while nothing else plays, or null. */
    String music;
    /** Whether the voicemail's recording (after the intro) has been asked of Asterisk. */
    boolean recordingStarted;
    boolean released;
    boolean gone;
    Leg connected;
    String bridge;
    final Map<AgentId, Leg> ringing = new LinkedHashMap<>();
    /** The voicemail being recorded (its stored-recording name), or null. */
    String recording;
    /** The playback in progress (its id), or null. */
    String playback;
    CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);

    Caller(CallId call, String channel, boolean up, CallbackOrigination callback) {
      this.call = call;
      this.channel = channel;
      this.up = up;
      this.callback = callback;
    }
  }

  /** An agent leg: a channel we created and dialled. */
  private static final class Leg {
    final String id;
    final Caller caller;
    final AgentId agent;
    /** What the agent hears on answer before the bridge (or the customer's dialling), or null. */
    final PromptSequence whisper;
    boolean answered;
    boolean cancelled;
    boolean bridged;
    /** What the ring asks before the answer counts (issue 16), or null. */
    AnswerConfirmation confirmation;
    /** Answered, the whisper and the confirm prompt play or the key is awaited: no report yet. */
    boolean confirming;
    /** The agent pressed the accept key (and has heard the whisper). */
    boolean confirmed;
    /** The confirm playback in progress on the leg, or null. */
    String confirmPlayback;

    Leg(String id, Caller caller, AgentId agent, PromptSequence whisper) {
      this.id = id;
      this.caller = caller;
      this.agent = agent;
      this.whisper = whisper;
    }
  }

  /** The shipped prompt recordings, served on 127.0.0.1 at a free port. */
  public AsteriskTelephonyPort(AsteriskConfig config) {
    this(config, PromptLibrary.shipped(),
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
  }

  /**
   * @param prompts where the recordings come from
   * @param promptBind where the adapter serves them to Asterisk over HTTP (an address Asterisk
   *     reaches; port 0 picks a free one)
   */
  public AsteriskTelephonyPort(AsteriskConfig config, PromptLibrary prompts,
      InetSocketAddress promptBind) {
    this.config = config;
    this.prompts = prompts;
    this.promptServer = new PromptServer(promptBind);
    this.ari = new AriClient(config.ariUri(), config.user(), config.password(), config.app(),
        event -> lane.execute(() -> handle(event)));
    ari.onReconnect(() -> lane.execute(this::resync));
  }

  /** Sets the engine to report to; call before {@link #start()}. */
  public void attach(CallQueue queue) {
    this.engine = queue;
  }

  /**
   * Connects to ARI (retrying an unreachable Asterisk with backoff, failing at once on wrong
   * credentials), subscribes to the PJSIP endpoints and reports the ones online. Completes when
   * callers can be taken.
   */
  public CompletableFuture<Void> start() {
    if (engine == null) {
      throw new IllegalStateException("attach(engine) before start()");
    }
    return ari.connect().thenCompose(v -> ari.subscribe("endpoint:PJSIP"))
        .thenCompose(v -> readEndpoints());
  }

  private CompletableFuture<Void> readEndpoints() {
    return ari.endpoints("PJSIP").thenAcceptAsync(list -> {
      for (JsonNode endpoint : list) {
        presence(endpoint.path("resource").asText(""), endpoint.path("state").asText(""));
      }
    }, lane);
  }

  /** The ARI client (for hosts and tests that need Asterisk's view). */
  public AriClient ari() {
    return ari;
  }

  @Override
  public void close() {
    ari.close();
    promptServer.close();
    lane.shutdown();
    try {
      lane.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ---- events (on the lane) -----------------------------------------------------------------

  private void handle(AriEvent event) {
    if (!(event instanceof AriEvent.Other)) {
      log.debug("ARI event {}", event);
    }
    try {
      dispatch(event);
    } catch (RuntimeException e) {
      log.error("ARI event {} failed", event, e);
    }
  }

  private void dispatch(AriEvent event) {
    if (event instanceof AriEvent.StasisStart e) {
      if (!e.channel().id().startsWith(LEG_PREFIX)) {
        arrived(e.channel(), e.args());
      }
    } else if (event instanceof AriEvent.StasisEnd e) {
      Caller caller = callersByChannel.get(e.channel().id());
      if (caller != null) {
        callerGone(caller);
      }
    } else if (event instanceof AriEvent.ChannelDestroyed e) {
      Caller caller = callersByChannel.get(e.channel().id());
      Caller callback = customers.remove(e.channel().id());
      if (caller != null) {
        callerGone(caller);
      } else if (callback != null) {
        customerGone(callback, e.cause());
      } else {
        Leg leg = legs.remove(e.channel().id());
        if (leg != null) {
          legGone(leg, e.cause());
        }
      }
    } else if (event instanceof AriEvent.ChannelStateChange e) {
      if ("Up".equals(e.channel().state())) {
        Leg leg = legs.get(e.channel().id());
        if (leg != null) {
          legAnswered(leg);
        }
        Caller caller = callersByChannel.get(e.channel().id());
        if (caller != null) {
          caller.up = true;
        }
        Caller callback = customers.get(e.channel().id());
        if (callback != null) {
          customerAnswered(callback);
        }
      }
    } else if (event instanceof AriEvent.Dial e) {
      Leg leg = legs.get(e.peer().id());
      if (leg != null && "ANSWER".equals(e.dialStatus())) {
        legAnswered(leg);
      }
    } else if (event instanceof AriEvent.ChannelDtmfReceived e) {
      Caller caller = callersByChannel.get(e.channel().id());
      Leg confirming = legs.get(e.channel().id());
      if (confirming != null && confirming.confirming) {
        confirmKey(confirming, e.digit());
      } else if (caller != null && !caller.released) {
        engine.dtmf(caller.call, e.digit());
        if (caller.playback != null) {
          // A key interrupts the prompts: their PlaybackFinished reports promptFinished.
          String playback = caller.playback;
          chain(caller, "stopping playback " + playback, () -> ari.stopPlayback(playback));
        }
      }
    } else if (event instanceof AriEvent.RecordingFinished e) {
      Caller caller = recordings.remove(e.name());
      if (caller != null) {
        voicemailDone(caller, e.name(), Duration.ofSeconds(e.durationSeconds()));
      }
    } else if (event instanceof AriEvent.RecordingFailed e) {
      Caller caller = recordings.remove(e.name());
      if (caller != null) {
        log.warn("voicemail of caller {} not recorded: {}", caller.call, e.cause());
        caller.recording = null;
        if (caller.gone) {
          engine.callerHungUp(caller.call);
        } else {
          chain(caller, "hanging up " + caller.channel,
              () -> ari.hangUp(caller.channel, "normal"));
        }
      }
    } else if (event instanceof AriEvent.PlaybackFinished e) {
      Caller caller = playbacks.remove(e.playbackId());
      if (caller != null) {
        playbackEnded(caller, e.playbackId(), e.state());
      }
      Runnable next = afterPlayback.remove(e.playbackId());
      if (next != null) {
        finishedPlaybacks.add(e.playbackId() + ":" + e.state());
        next.run();
      }
    } else if (event instanceof AriEvent.EndpointStateChange e) {
      if ("PJSIP".equals(e.technology())) {
        presence(e.resource(), e.state());
      }
    }
  }

  /** {@code Stasis(app,queue[,priority])}: offer the caller, or send it back when the args are bad. */
  private void arrived(AriEvent.Channel channel, List<String> args) {
    String queue = args.isEmpty() ? "" : args.get(0).trim();
    int priority = 0;
    String problem = null;
    if (args.size() > 1 && !args.get(1).isBlank()) {
      try {
        priority = Integer.parseInt(args.get(1).trim());
      } catch (NumberFormatException e) {
        problem = "priority '" + args.get(1) + "' is not a whole number";
      }
    }
    CallId call;
    QueueId queueId;
    try {
      call = CallId.of(channel.id());
      queueId = QueueId.of(queue);
    } catch (IllegalArgumentException e) {
      problem = problem != null ? problem : e.getMessage();
      call = null;
      queueId = null;
    }
    if (problem != null || queue.isEmpty()) {
      String why = queue.isEmpty() ? "no queue named (dialplan: Stasis(" + config.app()
          + ",<queue>[,<priority>]))" : problem;
      log.warn("caller {} on {} not queued: {}; back to the dialplan with {}=NOT_QUEUED",
          channel.id(), channel.name(), why, OUTCOME_VARIABLE);
      String id = channel.id();
      ari.setVariable(id, OUTCOME_VARIABLE, CallOutcome.NOT_QUEUED.name())
          .thenCompose(v -> ari.continueInDialplan(id))
          .whenComplete((v, t) -> failed("sending back " + id, t));
      return;
    }
    Caller caller = new Caller(call, channel.id(), "Up".equals(channel.state()), null);
    callersByChannel.put(channel.id(), caller);
    CallId offered = call;
    engine.offer(new CallOffer(call, queueId, channel.callerNumber(), priority))
        .whenComplete((result, t) -> {
          if (t != null) {
            log.error("offer of caller {} to queue '{}' failed", offered, queue, t);
          } else {
            log.info("caller {} ({}) offered to queue '{}': {}", offered, channel.name(), queue,
                result);
          }
        });
  }

  private void callerGone(Caller caller) {
    if (caller.gone) {
      return;
    }
    caller.gone = true;
    callersByChannel.remove(caller.channel);
    dropPlayback(caller);
    for (Leg leg : caller.ringing.values()) {
      leg.cancelled = true;
      chain(caller, "hanging up leg " + leg.id, () -> ari.hangUp(leg.id, "normal"));
    }
    caller.ringing.clear();
    if (caller.connected != null) {
      Leg leg = caller.connected;
      leg.cancelled = true;
      chain(caller, "hanging up agent leg " + leg.id, () -> ari.hangUp(leg.id, "normal"));
    }
    if (caller.bridge != null) {
      String bridge = caller.bridge;
      chain(caller, "destroying bridge " + bridge, () -> ari.destroyBridge(bridge));
    }
    if (caller.released) {
      return;
    }
    if (caller.recording != null && !caller.recordingStarted) {
      // Gone during the voicemail's intro: nothing was recorded.
      recordings.remove(caller.recording);
      caller.recording = null;
      engine.callerHungUp(caller.call);
      return;
    }
    if (caller.recording != null) {
      // D2: voicemailRecorded before the hang-up. Asterisk ends the recording as the channel
      // goes; its RecordingFinished reports it. Should it never come, report the hang-up.
      String name = caller.recording;
      CompletableFuture.delayedExecutor(RECORDING_GRACE.toMillis(), TimeUnit.MILLISECONDS, lane)
          .execute(() -> {
            if (recordings.remove(name) != null) {
              log.warn("voicemail {} of caller {}: no end of recording from Asterisk", name,
                  caller.call);
              engine.callerHungUp(caller.call);
            }
          });
      return;
    }
    if (caller.connected != null) {
      engine.callEnded(caller.call);
    } else {
      engine.callerHungUp(caller.call);
    }
  }

  private void voicemailDone(Caller caller, String name, Duration length) {
    caller.recording = null;
    caller.released = true;
    engine.voicemailRecorded(caller.call,
        new VoicemailMessage(ari.storedRecordingUri(name), length));
    if (!caller.gone) {
      chain(caller, "hanging up " + caller.channel + " after the voicemail",
          () -> ari.hangUp(caller.channel, "normal"));
    }
  }

  private void legAnswered(Leg leg) {
    if (leg.answered || leg.cancelled || leg.confirming) {
      return;
    }
    if (leg.confirmation != null && leg.caller.callback == null) {
      askToConfirm(leg);
      return;
    }
    leg.answered = true;
    engine.agentAnswered(leg.caller.call, leg.agent);
    Caller callback = leg.caller;
    if (callback.callback != null && callbacks.get(callback.call) == callback) {
      // Kept-place callback: the engine does not call connect; the whisper, then the customer.
      callback.ringing.remove(leg.agent, leg);
      callback.connected = leg;
      playThen(callback, leg.id, leg.whisper, () -> dialCustomer(callback, leg));
    }
  }

  /**
   * An answered leg whose ring asks for a confirmation (issue 16): the whisper and the prompt on
   * the leg, then {@link AnswerConfirmation#timeout()} for the key; a key during the playback
   * counts too. Nothing is reported until the key, the timeout or the leg's hang-up decides.
   */
  private void askToConfirm(Leg leg) {
    leg.confirming = true;
    List<String> media = new ArrayList<>();
    if (leg.whisper != null) {
      media.addAll(media(leg.caller.call, leg.whisper));
    }
    media.addAll(media(leg.caller.call, leg.confirmation.prompt()));
    log.info("agent {} answered for caller {}: asking for key {}", leg.agent, leg.caller.call,
        leg.confirmation.acceptKey());
    leg.confirmPlayback = playMediaThen(leg.caller, leg.id, "the confirm prompt", media, () -> {
      leg.confirmPlayback = null;
      if (!leg.confirming || leg.cancelled) {
        return;
      }
      CompletableFuture.delayedExecutor(leg.confirmation.timeout().toMillis(),
          TimeUnit.MILLISECONDS, lane).execute(() -> {
            if (leg.confirming && !leg.cancelled) {
              unconfirmed(leg, "no key within " + leg.confirmation.timeout().toMillis() + " ms");
            }
          });
    });
  }

  /** A key on a leg asked to confirm: the accept key reports the answer, any other fails it. */
  private void confirmKey(Leg leg, char digit) {
    if (leg.cancelled) {
      return;
    }
    if (digit != leg.confirmation.acceptKey()) {
      unconfirmed(leg, "key " + digit);
      return;
    }
    leg.confirming = false;
    leg.confirmed = true;
    leg.answered = true;
    stopConfirmPlayback(leg);
    log.info("agent {} confirmed the answer for caller {}", leg.agent, leg.caller.call);
    engine.agentAnswered(leg.caller.call, leg.agent);
  }

  /** The answer was not confirmed: {@code UNCONFIRMED}, and the leg is hung up. */
  private void unconfirmed(Leg leg, String why) {
    Caller caller = leg.caller;
    leg.confirming = false;
    leg.cancelled = true; // its end reports nothing more
    stopConfirmPlayback(leg);
    caller.ringing.remove(leg.agent, leg);
    log.info("agent {} did not confirm the answer for caller {} ({}): hung up", leg.agent,
        caller.call, why);
    engine.agentFailed(caller.call, leg.agent, RingFailure.UNCONFIRMED);
    chain(caller, "hanging up unconfirmed leg " + leg.id, () -> ari.hangUp(leg.id, "normal"));
  }

  private void stopConfirmPlayback(Leg leg) {
    String playback = leg.confirmPlayback;
    if (playback != null) {
      leg.confirmPlayback = null;
      afterPlayback.remove(playback);
      chain(leg.caller, "stopping playback " + playback, () -> ari.stopPlayback(playback));
    }
  }

  private void legGone(Leg leg, int cause) {
    Caller caller = leg.caller;
    if (leg.cancelled) {
      return;
    }
    if (leg.confirming) {
      // hung up during the confirm prompt or while the key was awaited (a voicemail ending)
      unconfirmed(leg, "hung up, cause " + cause);
      return;
    }
    if (caller.ringing.get(leg.agent) == leg) {
      caller.ringing.remove(leg.agent);
    }
    if (leg.bridged || caller.callback != null && leg.answered) {
      // The agent hung up a connected call (or a callback before its customer answered): the
      // caller (the customer) goes too.
      customers.remove(caller.channel);
      callbacks.remove(caller.call, caller);
      if (!caller.gone) {
        caller.gone = true;
        callersByChannel.remove(caller.channel);
        chain(caller, "hanging up caller " + caller.channel,
            () -> ari.hangUp(caller.channel, "normal"));
        if (caller.bridge != null) {
          String bridge = caller.bridge;
          chain(caller, "destroying bridge " + bridge, () -> ari.destroyBridge(bridge));
        }
        engine.callEnded(caller.call);
      }
    } else if (!leg.answered) {
      if (caller.callback != null) {
        callbacks.remove(caller.call, caller);
      }
      engine.agentFailed(caller.call, leg.agent, ringFailure(cause));
    } else {
      log.warn("agent leg {} of caller {} hung up after answering, before the bridge", leg.id,
          caller.call);
    }
  }

  /** Q.850 cause → ring failure: 17 busy, 21 rejected, 18/19 no answer, else unreachable. */
  static RingFailure ringFailure(int cause) {
    switch (cause) {
      case 17:
        return RingFailure.BUSY;
      case 21:
        return RingFailure.REJECTED;
      case 18:
      case 19:
        return RingFailure.NO_ANSWER;
      default:
        return RingFailure.UNREACHABLE;
    }
  }

  private void presence(String resource, String state) {
    if (resource.isEmpty()) {
      return;
    }
    boolean online = "online".equals(state);
    Boolean before = endpointsOnline.put(resource, online);
    if (before != null && before == online) {
      return;
    }
    if (online) {
      engine.sipRegistered(resource);
    } else if (before != null) {
      engine.sipUnregistered(resource);
    }
  }

  /**
   * After a websocket gap, from {@code GET /channels}: callers, legs and customers that vanished
   * meanwhile are reported ended; legs and customers that answered meanwhile are answered now;
   * playbacks that ended meanwhile are finished now (so the engine gives the caller its music
   * back after a prompt), and every waiting caller with music is given its class again; presence
   * is re-read.
   */
  private void resync() {
    ari.get("channels").thenAcceptAsync(list -> {
      Map<String, String> alive = new HashMap<>();
      list.forEach(c -> alive.put(c.path("id").asText(""), c.path("state").asText("")));
      for (Caller caller : List.copyOf(callersByChannel.values())) {
        if (!alive.containsKey(caller.channel)) {
          log.warn("caller {} ended while the ARI websocket was down", caller.call);
          callerGone(caller);
        }
      }
      for (Caller callback : List.copyOf(customers.values())) {
        if (!alive.containsKey(callback.channel)) {
          customers.remove(callback.channel);
          customerGone(callback, 0);
        } else if ("Up".equals(alive.get(callback.channel))) {
          customerAnswered(callback);
        }
      }
      for (Leg leg : List.copyOf(legs.values())) {
        if (!alive.containsKey(leg.id)) {
          legs.remove(leg.id);
          legGone(leg, 0);
        } else if ("Up".equals(alive.get(leg.id))) {
          legAnswered(leg);
        }
      }
      for (Caller caller : List.copyOf(callersByChannel.values())) {
        if (caller.music != null && caller.playback == null && caller.recording == null
            && caller.connected == null && !caller.released) {
          String music = caller.music;
          chain(caller, "music on hold '" + music + "' again for " + caller.channel
              + " after the reconnect", () -> ari.startMoh(caller.channel, music));
        }
      }
      Map<String, Caller> prompts = new HashMap<>(playbacks);
      List<String> others = List.copyOf(afterPlayback.keySet());
      prompts.forEach((id, caller) -> ifPlaybackGone(id, () -> {
        if (playbacks.remove(id) != null) {
          log.info("playback {} of caller {} ended while the ARI websocket was down", id,
              caller.call);
          playbackEnded(caller, id, "done");
        }
      }));
      for (String id : others) {
        ifPlaybackGone(id, () -> {
          Runnable next = afterPlayback.remove(id);
          if (next != null) {
            next.run();
          }
        });
      }
    }, lane).thenCompose(v -> readEndpoints())
        .whenComplete((v, t) -> failed("resynchronising after reconnect", t));
  }

  /** Runs {@code action} on the lane if Asterisk no longer has the playback (404). */
  private void ifPlaybackGone(String playback, Runnable action) {
    ari.get("playbacks/" + playback).whenCompleteAsync((p, t) -> {
      Throwable cause = t instanceof CompletionException && t.getCause() != null
          ? t.getCause() : t;
      if (cause instanceof AriException e && e.status() == 404) {
        action.run();
      }
    }, lane);
  }

  // ---- commands (engine thread → lane) ------------------------------------------------------

  private void onLane(Runnable task) {
    try {
      lane.execute(() -> {
        try {
          task.run();
        } catch (RuntimeException e) {
          log.error("Asterisk command failed", e);
        }
      });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      log.info("Asterisk adapter closed: an engine command after close() is dropped");
    }
  }

  /** The caller, or null (logged) when Asterisk no longer has it. */
  private Caller caller(CallId call, String command) {
    for (Caller c : callersByChannel.values()) {
      if (c.call.equals(call)) {
        return c;
      }
    }
    log.debug("{} for caller {}: the caller has gone", command, call);
    return null;
  }

  @Override
  public void ringAgent(RingRequest request) {
    onLane(() -> {
      Caller caller = caller(request.call(), "ringAgent");
      if (caller == null) {
        engine.agentFailed(request.call(), request.agent(), RingFailure.UNREACHABLE);
        return;
      }
      ringLeg(caller, request.agent(), request.endpoint(), request.callerNumber(),
          request.ringTimeout(), request.whisper(), request.confirmation());
    });
  }

  /**
   * Rings an agent for a caller (or a callback) on a new leg: unless {@code ringInUse}, an agent
   * whose PJSIP endpoint has a channel that is not one of ours is busy on another call and is
   * reported {@code BUSY} without ringing; then {@code channels/create} + {@code dial}.
   */
  private void ringLeg(Caller caller, AgentId agent, AgentEndpoint target, String callerNumber,
      Duration ringTimeout, PromptSequence whisper, AnswerConfirmation confirmation) {
    String endpoint;
    if (target instanceof AgentEndpoint.SipAccount account) {
      endpoint = "PJSIP/" + account.username();
    } else if (!config.trunk().isEmpty()) {
      endpoint = "PJSIP/" + ((AgentEndpoint.ExternalNumber) target).e164() + "@"
          + config.trunk();
    } else {
      log.warn("agent {} has external number {} but no trunk is configured: not rung", agent,
          target);
      engine.agentFailed(caller.call, agent, RingFailure.UNREACHABLE);
      return;
    }
    Leg leg = new Leg(LEG_PREFIX + instance + "-" + (++legCounter) + "-" + agent.value(), caller,
        agent, whisper);
    leg.confirmation = confirmation;
    legs.put(leg.id, leg);
    caller.ringing.put(agent, leg);
    Duration timeout = ringTimeout.plus(DIAL_GRACE);
    String originator = caller.callback == null ? caller.channel : null;
    String account = target instanceof AgentEndpoint.SipAccount a && !config.ringInUse()
        ? a.username() : null;
    chain(caller, "ringing " + endpoint + " on leg " + leg.id,
        () -> inUseElsewhere(account).thenCompose(busy -> {
          if (busy) {
            lane.execute(() -> {
              log.info("agent {} is on a call outside the queue ({} has another channel):"
                  + " not rung, busy", agent, endpoint);
              if (legs.remove(leg.id) != null && !leg.cancelled) {
                caller.ringing.remove(leg.agent, leg);
                engine.agentFailed(caller.call, leg.agent, RingFailure.BUSY);
              }
            });
            return CompletableFuture.completedFuture(null);
          }
          return ari.createChannel(endpoint, leg.id, originator, callerNumber,
              List.of("agent", caller.channel))
              .thenCompose(created -> ari.dial(leg.id, originator, timeout));
        }),
        failure -> {
          if (legs.remove(leg.id) != null && !leg.cancelled && !leg.answered) {
            caller.ringing.remove(leg.agent, leg);
            engine.agentFailed(caller.call, leg.agent, RingFailure.UNREACHABLE);
          }
        });
  }

  /**
   * Whether the PJSIP endpoint {@code account} has a channel that is not one of ours (a call
   * outside the queue), read from {@code GET /endpoints/PJSIP/{account}}'s {@code channel_ids}:
   * the channels themselves, not the device state, which Asterisk updates asynchronously and
   * which our own legs of a call that just ended would still mark in use. False for null or when
   * the endpoint cannot be read (the ring then reports what is wrong).
   */
  private CompletableFuture<Boolean> inUseElsewhere(String account) {
    if (account == null) {
      return CompletableFuture.completedFuture(false);
    }
    return ari.endpoint("PJSIP", account).handle((endpoint, t) -> {
      if (t != null) {
        return false;
      }
      for (JsonNode id : endpoint.path("channel_ids")) {
        if (!id.asText("").startsWith(LEG_PREFIX)) {
          return true;
        }
      }
      return false;
    });
  }

  @Override
  public void cancelRing(CallId call, AgentId agent) {
    onLane(() -> {
      Caller caller = callbacks.get(call);
      if (caller == null || !caller.ringing.containsKey(agent)) {
        caller = caller(call, "cancelRing");
      }
      if (caller == null) {
        return;
      }
      Leg leg = caller.ringing.remove(agent);
      if (leg == null) {
        return;
      }
      leg.cancelled = true;
      if (caller.callback != null) {
        callbacks.remove(call, caller);
      }
      Caller owner = caller;
      chain(owner, "cancelling leg " + leg.id, () -> ari.hangUp(leg.id, "normal"));
    });
  }

  @Override
  public void connect(CallId call, AgentId agent) {
    onLane(() -> {
      Caller caller = caller(call, "connect");
      if (caller == null) {
        return;
      }
      Leg leg = caller.ringing.remove(agent);
      if (leg == null || !legs.containsKey(leg.id)) {
        log.warn("connect caller {} to agent {}: the agent's leg is gone", call, agent);
        engine.callEnded(call);
        return;
      }
      leg.bridged = true;
      caller.connected = leg;
      stopPlayback(caller); // the caller keeps the music (not a prompt) during the whisper
      // a confirmed agent heard the whisper while confirming
      playThen(caller, leg.id, leg.confirmed ? null : leg.whisper,
          () -> bridge(caller, leg, caller.channel));
    });
  }

  /**
   * Puts {@code channel} (the caller's, or a callback's customer's) and the agent's leg in a
   * mixing bridge, unless either side has gone meanwhile.
   */
  private void bridge(Caller caller, Leg leg, String channel) {
    if (caller.gone || legs.get(leg.id) != leg) {
      log.debug("caller {} or agent leg {} gone before the bridge", caller.call, leg.id);
      return;
    }
    String bridge = LEG_PREFIX + "bridge-" + channel;
    caller.bridge = bridge;
    caller.music = null;
    chain(caller, "stopping music of " + channel, () -> ari.stopMoh(channel));
    chain(caller, "bridging " + channel + " and " + leg.id,
        () -> ari.createBridge(bridge)
            .thenCompose(b -> ari.addToBridge(bridge, channel, leg.id)));
  }

  /**
   * Plays {@code sequence} on {@code channel} (an agent's leg, or the caller's for the voicemail
   * intro), then runs {@code then} on the lane when the playback ends however it ends; at once
   * when there is nothing to play. Not a prompt of the engine's: no {@code promptFinished}.
   */
  private void playThen(Caller caller, String channel, PromptSequence sequence, Runnable then) {
    List<String> media = sequence == null ? List.of() : media(caller.call, sequence);
    playMediaThen(caller, channel, sequence == null ? "nothing" : sequence.keys().toString(),
        media, then);
  }

  /**
   * Plays {@code media} on {@code channel} as {@link #playThen} does; returns the playback's id,
   * or null when there was nothing to play (and {@code then} has run).
   */
  private String playMediaThen(Caller caller, String channel, String what, List<String> media,
      Runnable then) {
    if (media.isEmpty()) {
      then.run();
      return null;
    }
    String playback = LEG_PREFIX + "pb-" + instance + "-" + (++playbackCounter);
    afterPlayback.put(playback, then);
    chain(caller, "playing " + what + " to " + channel,
        () -> ari.play(channel, playback, media),
        failure -> {
          Runnable next = afterPlayback.remove(playback);
          if (next != null) {
            next.run();
          }
        });
    return playback;
  }

  /** The sequence's recordings as {@code sound:http://…} media of the prompt server. */
  private List<String> media(CallId call, PromptSequence sequence) {
    List<String> media = new ArrayList<>();
    for (PromptSequence.Prompt prompt : sequence.prompts()) {
      try {
        media.add("sound:" + promptServer.publish(prompts.find(sequence.language(), prompt)));
      } catch (IOException | IllegalArgumentException e) {
        log.warn("prompt '{}' ({}) for caller {} not played: {}", prompt.key(),
            sequence.language(), call, e.getMessage());
      }
    }
    return media;
  }

  @Override
  public void play(CallId call, PromptSequence sequence) {
    onLane(() -> {
      Caller caller = caller(call, "play");
      if (caller == null) {
        engine.promptFinished(call);
        return;
      }
      List<String> media = media(call, sequence);
      stopPlayback(caller); // a new play replaces one in progress
      if (media.isEmpty()) {
        engine.promptFinished(call);
        return;
      }
      if (!caller.up) {
        caller.up = true;
        chain(caller, "answering " + caller.channel, () -> ari.answer(caller.channel));
      }
      String playback = LEG_PREFIX + "pb-" + instance + "-" + (++playbackCounter);
      caller.playback = playback;
      caller.music = null;
      playbacks.put(playback, caller);
      chain(caller, "stopping music of " + caller.channel, () -> ari.stopMoh(caller.channel));
      chain(caller, "playing " + sequence.keys() + " to " + caller.channel,
          () -> ari.play(caller.channel, playback, media),
          failure -> {
            if (playbacks.remove(playback) != null) {
              playbackEnded(caller, playback, "failed");
            }
          });
    });
  }

  /** A playback ended (done, stopped by a key, or failed): the engine hears of its own one. */
  private void playbackEnded(Caller caller, String playback, String state) {
    finishedPlaybacks.add(playback + ":" + state);
    if (!playback.equals(caller.playback)) {
      return;
    }
    caller.playback = null;
    if ("failed".equals(state)) {
      log.warn("prompts for caller {} failed to play (playback {}); see Asterisk's log",
          caller.call, playback);
    }
    if (!caller.gone && !caller.released) {
      engine.promptFinished(caller.call);
    }
  }

  /** Stops the caller's playback, if any, without reporting it (the engine moved on). */
  private void stopPlayback(Caller caller) {
    String playback = dropPlayback(caller);
    if (playback != null) {
      chain(caller, "stopping playback " + playback, () -> ari.stopPlayback(playback));
    }
  }

  private String dropPlayback(Caller caller) {
    String playback = caller.playback;
    if (playback != null) {
      caller.playback = null;
      playbacks.remove(playback);
    }
    return playback;
  }

  /** The playbacks that ended, {@code <id>:<state>}, in order (for tests and diagnostics). */
  List<String> finishedPlaybacks() {
    return List.copyOf(finishedPlaybacks);
  }

  /** The hashes of the prompt recordings Asterisk fetched, in order. */
  List<String> servedPrompts() {
    return promptServer.served();
  }

  @Override
  public void startMusic(CallId call, String musicClass) {
    onLane(() -> {
      Caller caller = caller(call, "startMusic");
      if (caller == null) {
        return;
      }
      if (!caller.up) {
        caller.up = true;
        chain(caller, "answering " + caller.channel, () -> ari.answer(caller.channel));
      }
      caller.music = musicClass;
      chain(caller, "music on hold '" + musicClass + "' for " + caller.channel,
          () -> ari.startMoh(caller.channel, musicClass));
    });
  }

  @Override
  public void stopMusic(CallId call) {
    onLane(() -> {
      Caller caller = caller(call, "stopMusic");
      if (caller != null) {
        caller.music = null;
        chain(caller, "stopping music of " + caller.channel, () -> ari.stopMoh(caller.channel));
      }
    });
  }

  @Override
  public void recordVoicemail(CallId call, VoicemailRequest request) {
    onLane(() -> {
      Caller caller = caller(call, "recordVoicemail");
      if (caller == null) {
        return;
      }
      // The intro, then Asterisk's beep and the recording.
      stopPlayback(caller);
      String name = "callqueue-" + request.queue().value() + "-" + call.value();
      caller.recording = name;
      caller.music = null;
      recordings.put(name, caller);
      String finish = request.finishKey() == '#' || request.finishKey() == '*'
          ? Character.toString(request.finishKey()) : "any";
      if (!caller.up) {
        caller.up = true;
        chain(caller, "answering " + caller.channel, () -> ari.answer(caller.channel));
      }
      chain(caller, "stopping music of " + caller.channel, () -> ari.stopMoh(caller.channel));
      playThen(caller, caller.channel, request.intro(), () -> {
        if (caller.gone || !name.equals(caller.recording)) {
          return;
        }
        caller.recordingStarted = true;
        chain(caller, "recording voicemail " + name,
            () -> ari.record(caller.channel, name, request.maxLength(), finish),
            failure -> {
              if (recordings.remove(name) != null) {
                caller.recording = null;
                chain(caller, "hanging up " + caller.channel,
                    () -> ari.hangUp(caller.channel, "normal"));
              }
            });
      });
    });
  }

  @Override
  public void release(CallId call, CallOutcome outcome) {
    onLane(() -> {
      Caller caller = caller(call, "release");
      if (caller == null) {
        return;
      }
      caller.released = true;
      stopPlayback(caller);
      if (outcome == CallOutcome.CALLBACK) {
        chain(caller, "hanging up " + caller.channel, () -> ari.hangUp(caller.channel, "normal"));
        return;
      }
      chain(caller, "releasing " + caller.channel + " with " + outcome,
          () -> ari.setVariable(caller.channel, OUTCOME_VARIABLE, outcome.name())
              .thenCompose(v -> ari.continueInDialplan(caller.channel)));
    });
  }

  @Override
  public void hangUp(CallId call) {
    onLane(() -> {
      Caller caller = caller(call, "hangUp");
      if (caller != null) {
        chain(caller, "hanging up " + caller.channel, () -> ari.hangUp(caller.channel, "normal"));
      }
    });
  }

  @Override
  public void originateCallback(CallbackOrigination request) {
    onLane(() -> {
      String customer = LEG_PREFIX + instance + "-cust-" + (++legCounter);
      Caller callback = new Caller(request.call(), customer, false, request);
      Caller before = callbacks.put(request.call(), callback);
      if (before != null) {
        log.warn("callback {} originated again while an attempt was up", request.call());
      }
      ringLeg(callback, request.agent(), request.endpoint(), request.customerNumber(),
          request.ringTimeout(), request.whisper(), null);
    });
  }

  /**
   * A callback's agent has answered (and heard the whisper): dial the customer through
   * {@code callbackDial} from the agent's leg. Whatever stops the customer from being reached
   * reports {@code customerUnreached} and hangs the agent's leg up.
   */
  private void dialCustomer(Caller callback, Leg leg) {
    if (callback.gone || legs.get(leg.id) != leg || callbacks.get(callback.call) != callback) {
      log.info("callback {}: the agent hung up before the customer was dialled", callback.call);
      return;
    }
    String number = callback.callback.customerNumber();
    String endpoint = config.callbackEndpoint(number);
    customers.put(callback.channel, callback);
    log.info("callback {}: agent {} answered; dialling the customer {} ({})", callback.call,
        leg.agent, number, endpoint);
    chain(callback, "dialling customer " + endpoint + " on " + callback.channel,
        () -> ari.createChannel(endpoint, callback.channel, leg.id, null,
            List.of("customer", callback.call.value()))
            .thenCompose(created -> ari.dial(callback.channel, leg.id, CUSTOMER_RING)),
        failure -> {
          if (customers.remove(callback.channel) == callback) {
            customerGone(callback, 0);
          }
        });
  }

  /** A callback's customer answered: customer and agent meet in a bridge. */
  private void customerAnswered(Caller callback) {
    if (callback.up || callback.gone) {
      return;
    }
    callback.up = true;
    Leg leg = callback.connected;
    log.info("callback {}: customer {} answered; bridging with agent {}", callback.call,
        callback.callback.customerNumber(), leg.agent);
    leg.bridged = true;
    bridge(callback, leg, callback.channel);
  }

  /**
   * A callback's customer channel is gone: before the answer the customer was not reached
   * ({@code customerUnreached}, the agent's leg hung up), after it the conversation is over.
   */
  private void customerGone(Caller callback, int cause) {
    if (callback.gone) {
      return;
    }
    callback.gone = true;
    callbacks.remove(callback.call, callback);
    Leg leg = callback.connected;
    if (leg != null) {
      leg.cancelled = true;
      legs.remove(leg.id);
      chain(callback, "hanging up agent leg " + leg.id, () -> ari.hangUp(leg.id, "normal"));
    }
    if (callback.bridge != null) {
      String bridge = callback.bridge;
      chain(callback, "destroying bridge " + bridge, () -> ari.destroyBridge(bridge));
    }
    if (callback.up) {
      log.info("callback {}: the customer hung up", callback.call);
      engine.callEnded(callback.call);
    } else {
      RingFailure failure = ringFailure(cause);
      log.info("callback {}: customer {} not reached ({}, cause {}); agent's leg hung up",
          callback.call, callback.callback.customerNumber(), failure, cause);
      engine.customerUnreached(callback.call, failure);
    }
  }

  /**
   * Whether a caller on {@code number} can be called back: only when {@code callbackDial} is
   * configured, and the number has a shape the default rule accepts (an E.164 number or a SIP
   * user part, no withheld-number placeholder). Answered from the fixed configuration.
   */
  @Override
  public boolean canCallBack(String number) {
    return !config.callbackDial().isEmpty() && TelephonyPort.super.canCallBack(number);
  }

  // ---- per-caller REST chain ----------------------------------------------------------------

  private void chain(Caller caller, String what, Supplier<CompletableFuture<?>> request) {
    chain(caller, what, request, failure -> { });
  }

  /**
   * Appends a REST step to the caller's chain: it starts when the previous step has been answered
   * (whatever the answer). A failure is logged (404/409: the channel left meanwhile, at INFO) and
   * handed to {@code onFailure} on the lane.
   */
  private void chain(Caller caller, String what, Supplier<CompletableFuture<?>> request,
      Consumer<Throwable> onFailure) {
    caller.chain = caller.chain.thenCompose(v -> request.get().handle((r, t) -> {
      if (t != null) {
        failed(what, t);
        lane.execute(() -> onFailure.accept(t));
      }
      return null;
    }));
  }

  private static void failed(String what, Throwable t) {
    if (t == null) {
      return;
    }
    Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    if (cause instanceof AriException e && (e.status() == 404 || e.status() == 409)) {
      log.info("{}: {}", what, e.getMessage());
    } else {
      log.warn("{}: {}", what, cause.getMessage() == null ? cause.toString() : cause.getMessage());
    }
  }
}
