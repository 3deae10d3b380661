package io.callqueue.core.records;

import io.callqueue.api.AgentAttempt;
import io.callqueue.api.AgentId;
import io.callqueue.api.CallId;
import io.callqueue.api.CallOutcome;
import io.callqueue.api.CallRecord;
import io.callqueue.api.EstimateErrorSums;
import io.callqueue.api.InQueueRecord;
import io.callqueue.api.NotQueuedReason;
import io.callqueue.api.QueueEvent;
import io.callqueue.api.QueueEvent.AgentRingEnded;
import io.callqueue.api.QueueEvent.AgentRung;
import io.callqueue.api.QueueEvent.AgentStateChanged;
import io.callqueue.api.QueueEvent.CallCompleted;
import io.callqueue.api.QueueEvent.CallbackRequested;
import io.callqueue.api.QueueEvent.CallbackStarted;
import io.callqueue.api.QueueEvent.CallbackUnreached;
import io.callqueue.api.QueueEvent.CallerJoined;
import io.callqueue.api.QueueEvent.CallerLeft;
import io.callqueue.api.QueueEvent.PromptPlayed;
import io.callqueue.api.QueueEvent.RetryScheduled;
import io.callqueue.api.QueueEvent.VoicemailLeft;
import io.callqueue.api.QueueEvent.WaitEstimated;
import io.callqueue.api.QueueEventListener;
import io.callqueue.api.QueueId;
import io.callqueue.api.RecordId;
import io.callqueue.spi.CallRecordStore;
import io.callqueue.spi.Scheduler;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the call list (capability 20): a {@link QueueEventListener} that folds the engine's events
 * into one {@link CallRecord} per offered call and writes it to a {@link CallRecordStore}.
 *
 * <p>Design: a fold over the event stream, keyed by call id while a call is in the engine's care
 * (the engine refuses an offer whose call id it already holds). Each record gets a
 * {@link RecordId} of the recorder's own when its call is offered (at {@code CallerJoined}, or at
 * the {@code CallerLeft} of a call that never joined), and the store keys records by it: a call id
 * that comes again after its call left (a SIP Call-ID reused by a restarted peer, or replayed on
 * purpose) starts a new record and can never replace a finished one. The default ids are a random
 * 64-bit run prefix drawn once per recorder, then a counter ({@code 3f9c0a1b2d4e5f60-42}): unique
 * across restarts without asking the store, and in arrival order within a run. It relies on the
 * order the engine follows:
 * <ul>
 *   <li>every offered call gets exactly one {@code CallerLeft}; a call that never joined gets only
 *       that, with outcome {@code NOT_QUEUED} and a {@code notQueuedReason} (no
 *       {@code CallerJoined});</li>
 *   <li>a joined call: {@code CallerJoined}, then any number of {@code AgentRung} /
 *       {@code AgentRingEnded} (NO_ANSWER, BUSY, REJECTED, UNREACHABLE, CANCELLED),
 *       {@code RetryScheduled}, {@code PromptPlayed}, {@code WaitEstimated}, then
 *       {@code CallerLeft} with ANSWERED (agent set; the answered ring gets no
 *       {@code AgentRingEnded}), ABANDONED, TIMEOUT, LEFT_EMPTY, VOICEMAIL or CALLBACK;</li>
 *   <li>after {@code CallerLeft(ANSWERED)}: {@code CallCompleted} (talk time) when the
 *       conversation ends; it may never come if the process dies;</li>
 *   <li>VOICEMAIL: {@code CallerLeft(VOICEMAIL)} at the key press, later {@code VoicemailLeft}
 *       with the recording (not when the caller hangs up before recording);</li>
 *   <li>CALLBACK: {@code CallbackRequested}, then {@code CallerLeft(CALLBACK)} at the key press;
 *       with keep-my-place later {@code CallbackStarted} (agent) and {@code CallCompleted} for
 *       the callback conversation, or {@code CallbackUnreached} when the customer was not
 *       reached: with a retry left, another {@code CallbackStarted} follows later; given up, the
 *       record is written with outcome {@code UNREACHED}.</li>
 * </ul>
 * A caller who joins gets an {@link InQueueRecord} at once (the store keeps it apart from the call
 * list); the call record of the same id replaces it when the caller leaves, and is written again
 * when a later event completes it. State of a call in the queue is dropped at
 * {@code CallerLeft}; a record waiting for completion is kept at most
 * {@link Builder#completionRetention} (event time) and at most {@value #MAX_AWAITING} of them, so
 * memory stays bounded when completions never come. A ring still open at
 * {@code CallerLeft} is closed there as ANSWERED (the answering agent's) or CANCELLED. Events that
 * break the order are logged and recorded as well as they allow; nothing is thrown at the engine.
 *
 * <p>Writes go through a buffered writer (bounded at {@link Builder#bufferLimit}, oldest dropped
 * and logged when full) that saves on its own executor and retries failed saves with exponential
 * backoff on the injected {@link Scheduler}: a slow or failing store never blocks or stops call
 * handling. Call {@link #flush()} or {@link #close()} at shutdown.
 *
 * <p>Crashes: a conversation going on when the process dies keeps a record that says ANSWERED with
 * no end. Call {@link #reconcile()} once at start, before the engine takes calls: it marks every
 * such record of an earlier run {@linkplain CallRecord#interrupted() interrupted} at the time the
 * earlier run was last known alive. That time is the latest {@linkplain Builder#heartbeat
 * heartbeat} the recorder saved to the store (one per period from the reconcile or the first
 * event on, and one at {@link #close()}), or the
 * record's own newest instant when it is later: the crash happened within one period after it.
 * A heartbeat rather than the store's newest event time because a quiet line (one long call, no
 * other traffic) would put the crash at the start of that call. The outcome stays ANSWERED
 * (the caller was answered: service level and answer counts are right), the end and talk time stay
 * unknown, so {@link CallStatistics} counts the call as answered and leaves it out of talk-time
 * averages, as it does a conversation still going on. {@code queue_log} gets no line for it: it
 * logs what the engine saw, and a made-up COMPLETEAGENT would give its readers a talk time that
 * never happened. Callers waiting in a queue at the crash left only their in-queue records
 * ({@link CallRecordStore#inQueue()}): reconcile replaces each with an {@code ABANDONED} record
 * interrupted (and left) at the same best-known time ({@link InQueueRecord#interruptedAt}): the
 * caller's wait ended there, unanswered, and its ring attempts are not known. Here too
 * {@code queue_log} stays as the engine saw it: the caller's ENTERQUEUE line has no end. A store
 * that does not keep in-queue records ({@link CallRecordStore#saveInQueue}'s default) leaves such
 * callers out of the call list. One recorder per store: a second process reconciling the same
 * store would mark the first's live conversations and waiting callers.
 *
 * <p>Threading: {@link #onEvent} runs on the engine's event thread (one thread at a time, in event
 * order); the fold state is confined to it. {@link #reconcile}, {@link #flush}, {@link #close} and
 * the counters may be called from any thread. The recorder does not own the store: close the
 * store after the recorder.
 */
public final class CallRecorder implements QueueEventListener, AutoCloseable {
  /** The most records kept waiting for a completion event. */
  public static final int MAX_AWAITING = 100_000;
  /** The most ring attempts kept per call; later ones are not recorded. */
  public static final int MAX_ATTEMPTS_PER_CALL = 1_000;
  private static final Logger LOG = LoggerFactory.getLogger(CallRecorder.class);

  private final RecordWriter writer;
  private final CallRecordStore store;
  private final Supplier<RecordId> recordIds;
  private final Heartbeat heartbeat;
  private final ExecutorService ownExecutor;
  private final Map<CallId, LiveCall> live = new HashMap<>();
  private final ExpiringMap<CallId, CallRecord> awaiting;
  private final Fold folder = new Fold();
  private volatile boolean closed;
  private volatile boolean recording;
  private boolean warnedClosed;

  private CallRecorder(Builder b) {
    Executor executor = b.executor;
    if (executor == null) {
      ownExecutor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "callqueue-call-records");
        t.setDaemon(true);
        return t;
      });
      executor = ownExecutor;
    } else {
      ownExecutor = null;
    }
    this.writer = new RecordWriter(b.store, b.scheduler, executor, b.bufferLimit,
        b.initialBackoff, b.maxBackoff);
    this.store = b.store;
    this.recordIds = b.recordIds != null ? b.recordIds : runIds(new SecureRandom().nextLong());
    this.heartbeat = b.heartbeatPeriod == null ? null
        : new Heartbeat(b.store, b.scheduler, executor, b.heartbeatPeriod, b.estimateErrors);
    this.awaiting = new ExpiringMap<>(b.completionRetention, MAX_AWAITING,
        (id, r) -> LOG.debug("call {} ({}): no completion event within {}; its record stays as"
            + " saved", id, r.outcome(), b.completionRetention),
        (id, r) -> LOG.warn("more than {} calls wait for a completion event; call {} ({}) keeps"
            + " its record as saved", MAX_AWAITING, id, r.outcome()));
  }

  /** A recorder writing to {@code store}, retrying on {@code scheduler}. */
  public static Builder builder(CallRecordStore store, Scheduler scheduler) {
    return new Builder(store, scheduler);
  }

  @Override
  public void onEvent(QueueEvent event) {
    if (closed) {
      if (!warnedClosed) {
        warnedClosed = true;
        LOG.warn("call recorder is closed; events from {} on are not recorded", event.at());
      }
      return;
    }
    if (!recording) {
      recording = true;
      startHeartbeat();
    }
    try {
      fold(event);
    } catch (RuntimeException e) {
      LOG.error("could not record event {}", event, e);
    }
  }

  /**
   * Marks the records an earlier run left in conversation as interrupted, and replaces the
   * in-queue records of the callers it left waiting with interrupted {@code ABANDONED} records
   * (see the class comment), saving them on the calling thread. Call once at start, before the
   * first event.
   *
   * @return how many records were marked or written
   * @throws IllegalStateException when this recorder has already recorded events (their own
   *     conversations would be marked)
   * @throws RuntimeException what the store throws when it cannot be read or written
   */
  public int reconcile() {
    if (recording) {
      throw new IllegalStateException("reconcile the call records before the first event, not"
          + " after: this run's own conversations would be marked interrupted");
    }
    List<CallRecord> open = store.inConversation();
    List<InQueueRecord> waiting = store.inQueue();
    Instant alive = open.isEmpty() && waiting.isEmpty() ? null
        : store.lastHeartbeat().orElse(null);
    startHeartbeat();
    for (InQueueRecord w : waiting) {
      store.save(w.interruptedAt(alive == null ? w.joinedAt() : alive));
    }
    if (!waiting.isEmpty()) {
      LOG.warn("{} caller(s) were waiting in a queue when the call recorder last stopped (last"
          + " known alive {}); recorded as ABANDONED, interrupted, ring attempts unknown",
          waiting.size(), alive == null ? "unknown: dated at each caller's join" : alive);
    }
    if (open.isEmpty()) {
      return waiting.size();
    }
    for (CallRecord r : open) {
      Instant at = r.leftAt();
      if (r.callback() != null && r.callback().startedAt() != null
          && r.callback().startedAt().isAfter(at)) {
        at = r.callback().startedAt();
      }
      if (alive != null && alive.isAfter(at)) {
        at = alive;
      }
      store.save(r.withInterruption(at));
    }
    LOG.warn("{} call(s) were in conversation when the call recorder last stopped (last known"
        + " alive {}); their records are marked interrupted, end and talk time unknown",
        open.size(), alive == null ? "at each call's last event" : alive);
    return open.size() + waiting.size();
  }

  private void startHeartbeat() {
    if (heartbeat != null) {
      heartbeat.start();
    }
  }

  /**
   * Saves every buffered record now on the calling thread (waiting for a save in progress).
   *
   * @return how many records could not be saved (they stay buffered and are retried)
   */
  public int flush() {
    return writer.flush();
  }

  /** Stops recording, flushes the buffer and ends the recorder's own writer thread, if any. */
  @Override
  public void close() {
    closed = true;
    writer.flush();
    if (heartbeat != null) {
      heartbeat.stop();
    }
    if (ownExecutor != null) {
      ownExecutor.shutdown();
    }
  }

  /** Records buffered and not yet saved. */
  public int pendingWrites() {
    return writer.pending();
  }

  /** Records given up: dropped from a full buffer, or rejected by the store again and again. */
  public long droppedRecords() {
    return writer.dropped();
  }

  /** Saves that threw. */
  public long failedSaves() {
    return writer.failures();
  }

  /** Saves that succeeded. */
  public long savedRecords() {
    return writer.saved();
  }

  /** Calls in a queue being folded (engine thread only; for tests). */
  int liveCalls() {
    return live.size();
  }

  /** Records waiting for a completion event (engine thread only; for tests). */
  int awaitingCompletion() {
    return awaiting.size();
  }

  private void fold(QueueEvent event) {
    awaiting.expire(event.at());
    event.accept(folder);
  }

  /** One method per event: a new event does not compile until it is decided here. */
  private final class Fold implements QueueEvent.Visitor {
    @Override
    public void callerJoined(CallerJoined j) {
      LiveCall previous = live.get(j.call());
      // an earlier visit left unrecorded hands its id on, so its in-queue record is replaced too
      LiveCall c = new LiveCall(previous == null ? recordIds.get() : previous.recordId, j.call(),
          j.queue(), j.callerNumber(), j.at(), j.position());
      live.put(j.call(), c);
      if (previous != null) {
        LOG.warn("call {} joined queue {} while still in queue {}; the earlier visit is not"
            + " recorded", j.call(), j.queue(), previous.queue);
      }
      submit(new InQueueRecord(c.recordId, c.id, c.queue, c.callerNumber, c.joinedAt,
          c.positionOnEntry));
    }

    @Override
    public void agentRung(AgentRung r) {
      LiveCall c = live.get(r.call());
      if (c == null) {
        LOG.debug("agent {} rung for call {} that is not in a queue; ignored", r.agent(), r.call());
      } else {
        c.rung(r.agent(), r.at());
      }
    }

    @Override
    public void agentRingEnded(AgentRingEnded e) {
      LiveCall c = live.get(e.call());
      if (c == null) {
        LOG.debug("ring of agent {} for call {} ended after the caller left; ignored", e.agent(),
            e.call());
      } else {
        c.ringEnded(e.agent(), e.at(), AgentAttempt.Result.of(e.result()));
      }
    }

    @Override
    public void callbackRequested(CallbackRequested q) {
      LiveCall c = live.get(q.call());
      if (c == null) {
        LOG.debug("callback requested for call {} that is not in a queue; ignored", q.call());
      } else {
        c.callback = new CallRecord.Callback(q.at(), q.position(), q.waited(), q.keepsPlace(),
            null, null);
        if (c.callerNumber.isEmpty()) {
          c.callerNumber = q.callerNumber();
        }
      }
    }

    @Override
    public void callerLeft(CallerLeft l) {
      left(l);
    }

    @Override
    public void callCompleted(CallCompleted c) {
      CallRecord r = awaiting.remove(c.call());
      if (r == null) {
        LOG.debug("call {} completed with no record waiting for it; ignored", c.call());
      } else {
        submit(r.withCompletion(c.at(), c.talkTime()));
      }
    }

    @Override
    public void voicemailLeft(VoicemailLeft v) {
      CallRecord r = awaiting.remove(v.call());
      if (r == null || r.outcome() != CallOutcome.VOICEMAIL) {
        LOG.warn("voicemail {} of call {} has no VOICEMAIL record waiting for it; not recorded",
            v.message().reference(), v.call());
        if (r != null) {
          awaiting.put(v.call(), r, r.leftAt());
        }
      } else {
        submit(r.withVoicemail(v.message()));
      }
    }

    @Override
    public void callbackStarted(CallbackStarted s) {
      CallRecord r = awaiting.get(s.call());
      if (r == null || r.outcome() != CallOutcome.CALLBACK) {
        LOG.warn("callback of call {} started with no CALLBACK record waiting for it; not"
            + " recorded", s.call());
      } else {
        CallRecord.Callback cb = r.callback() != null ? r.callback()
            : new CallRecord.Callback(s.requestedAt(), 0, Duration.ZERO, true, null, null);
        CallRecord started = r.withCallback(cb.started(s.at(), s.agent()));
        awaiting.put(s.call(), started, r.leftAt());
        submit(started);
      }
    }

    @Override
    public void callbackUnreached(CallbackUnreached u) {
      unreached(u);
    }

    @Override
    public void retryScheduled(RetryScheduled e) {
      // not part of the call list
    }

    @Override
    public void promptPlayed(PromptPlayed e) {
      // not part of the call list
    }

    @Override
    public void waitEstimated(WaitEstimated e) {
      // not part of the call list
    }

    @Override
    public void agentStateChanged(AgentStateChanged e) {
      // not part of the call list
    }
  }

  private void unreached(CallbackUnreached u) {
    if (!u.givenUp()) {
      return; // the record stays as started, waiting for the next attempt
    }
    CallRecord r = awaiting.remove(u.call());
    if (r == null || r.outcome() != CallOutcome.CALLBACK) {
      LOG.warn("callback of call {} given up with no CALLBACK record waiting for it; not"
          + " recorded", u.call());
    } else {
      submit(r.asUnreached());
    }
  }

  private void left(CallerLeft l) {
    if (l.outcome() == CallOutcome.NOT_QUEUED) {
      if (l.notQueuedReason() == NotQueuedReason.DUPLICATE_CALL || live.containsKey(l.call())) {
        LOG.info("call {} was offered to queue {} while already in a queue: recorded as a call of"
            + " its own", l.call(), l.queue());
      }
      submit(CallRecord.notQueued(recordIds.get(), l.call(), l.queue(), l.callerNumber(), l.at(),
          l.notQueuedReason()));
      return;
    }
    LiveCall c = live.remove(l.call());
    if (c == null) {
      LOG.warn("call {} left queue {} ({}) without having joined; recording what the leave event"
          + " says", l.call(), l.queue(), l.outcome());
      Instant joined = l.at().minus(l.waited());
      c = new LiveCall(recordIds.get(), l.call(), l.queue(), l.callerNumber(), joined, 0);
    }
    boolean answered = l.outcome() == CallOutcome.ANSWERED;
    List<AgentAttempt> attempts = c.close(l.at(), answered ? l.agent() : null);
    CallRecord.Callback callback = l.outcome() == CallOutcome.CALLBACK ? c.callback : null;
    Instant joinedAt = c.joinedAt.isAfter(l.at()) ? l.at() : c.joinedAt;
    CallRecord record = new CallRecord(c.recordId, l.call(), l.queue(), c.callerNumber, joinedAt,
        joinedAt, c.positionOnEntry, l.position(), attempts, answered ? l.at() : null,
        answered ? l.agent() : null, l.at(), null, null, l.outcome(), null, l.waited(), null,
        null, callback);
    submit(record);
    if (answered || l.outcome() == CallOutcome.VOICEMAIL
        || (callback != null && callback.keepsPlace())) {
      CallRecord displaced = awaiting.remove(l.call());
      if (displaced != null) {
        LOG.info("call id {} came again while record {} ({}) still waited for its completion;"
            + " that record stays as saved", l.call(), displaced.recordId(), displaced.outcome());
      }
      awaiting.put(l.call(), record, l.at());
    }
  }

  private void submit(CallRecord record) {
    writer.submit(record);
  }

  private void submit(InQueueRecord record) {
    writer.submit(record);
  }

  /** A caller in a queue, as folded so far. */
  private static final class LiveCall {
    final RecordId recordId;
    final CallId id;
    final QueueId queue;
    final Instant joinedAt;
    final int positionOnEntry;
    final List<Attempt> attempts = new ArrayList<>();
    String callerNumber;
    CallRecord.Callback callback;
    boolean attemptsTruncated;

    LiveCall(RecordId recordId, CallId id, QueueId queue, String callerNumber, Instant joinedAt,
        int positionOnEntry) {
      this.recordId = recordId;
      this.id = id;
      this.queue = queue;
      this.callerNumber = callerNumber == null ? "" : callerNumber;
      this.joinedAt = joinedAt;
      this.positionOnEntry = positionOnEntry;
    }

    void rung(AgentId agent, Instant at) {
      if (attempts.size() >= MAX_ATTEMPTS_PER_CALL) {
        if (!attemptsTruncated) {
          attemptsTruncated = true;
          LOG.info("call {}: more than {} ring attempts; later ones are not recorded", id,
              MAX_ATTEMPTS_PER_CALL);
        }
        return;
      }
      attempts.add(new Attempt(agent, at));
    }

    void ringEnded(AgentId agent, Instant at, AgentAttempt.Result result) {
      Attempt a = lastOpen(agent);
      if (a == null) {
        if (!attemptsTruncated) {
          LOG.debug("call {}: ring of agent {} ended but was not open; ignored", id, agent);
        }
        return;
      }
      a.end(at, result);
    }

    /** Closes open rings and returns every attempt. */
    List<AgentAttempt> close(Instant at, AgentId answeredBy) {
      if (answeredBy != null) {
        Attempt a = lastOpen(answeredBy);
        if (a != null) {
          a.end(at, AgentAttempt.Result.ANSWERED);
        }
      }
      List<AgentAttempt> out = new ArrayList<>(attempts.size());
      for (Attempt a : attempts) {
        if (a.result == null) {
          a.end(at, AgentAttempt.Result.CANCELLED);
        }
        out.add(new AgentAttempt(a.agent, a.rungAt, a.endedAt, a.result));
      }
      return out;
    }

    private Attempt lastOpen(AgentId agent) {
      for (int i = attempts.size() - 1; i >= 0; i--) {
        Attempt a = attempts.get(i);
        if (a.result == null && a.agent.equals(agent)) {
          return a;
        }
      }
      return null;
    }
  }

  private static final class Attempt {
    final AgentId agent;
    final Instant rungAt;
    Instant endedAt;
    AgentAttempt.Result result;

    Attempt(AgentId agent, Instant rungAt) {
      this.agent = agent;
      this.rungAt = rungAt;
    }

    void end(Instant at, AgentAttempt.Result r) {
      endedAt = at.isBefore(rungAt) ? rungAt : at;
      result = r;
    }
  }

  /** The default record ids: {@code run} in 16 hex digits, a dash, then 1, 2, 3, ... */
  static Supplier<RecordId> runIds(long run) {
    String prefix = HexFormat.of().toHexDigits(run) + "-";
    AtomicLong next = new AtomicLong();
    return () -> RecordId.of(prefix + next.incrementAndGet());
  }

  /**
   * Saves the scheduler's time ({@link Scheduler#clock()}, the engine's "now") to the store every
   * period, and the estimate error sums when there are any, on the writer's executor; failures
   * are logged (the first at WARN) and never stop recording.
   */
  private static final class Heartbeat {
    private final CallRecordStore store;
    private final Scheduler scheduler;
    private final Executor executor;
    private final Duration period;
    private final Supplier<List<EstimateErrorSums>> estimateErrors;
    private final Object lock = new Object();
    private Scheduler.Cancellable next;
    private boolean started;
    private boolean stopped;
    private volatile boolean failing;

    Heartbeat(CallRecordStore store, Scheduler scheduler, Executor executor, Duration period,
        Supplier<List<EstimateErrorSums>> estimateErrors) {
      this.store = store;
      this.scheduler = scheduler;
      this.executor = executor;
      this.period = period;
      this.estimateErrors = estimateErrors;
    }

    /** Starts the beats, once (not in the constructor: the last run's beat is read first). */
    void start() {
      synchronized (lock) {
        if (!started && !stopped) {
          started = true;
          next = scheduler.schedule(period, this::due);
        }
      }
    }

    private void due() {
      try {
        executor.execute(() -> {
          beat();
          synchronized (lock) {
            if (!stopped) {
              next = scheduler.schedule(period, this::due);
            }
          }
        });
      } catch (RejectedExecutionException e) {
        LOG.debug("call recorder heartbeat not saved: the writer is shut down");
      }
    }

    private void beat() {
      try {
        store.saveHeartbeat(scheduler.clock().instant());
        if (estimateErrors != null) {
          store.saveEstimateErrors(estimateErrors.get());
        }
        if (failing) {
          failing = false;
          LOG.info("call recorder heartbeat saved again");
        }
      } catch (RuntimeException e) {
        if (!failing) {
          failing = true;
          LOG.warn("call recorder heartbeat could not be saved: {}", e.toString());
        }
      }
    }

    /**
     * Stops the beats and, when they had started, saves a last one now on the calling thread
     * (not before: a recorder closed after a failed start has nothing to date).
     */
    void stop() {
      boolean beating;
      synchronized (lock) {
        beating = started && !stopped;
        stopped = true;
        if (next != null) {
          next.cancel();
        }
      }
      if (beating) {
        beat();
      }
    }
  }

  /** Settings of a {@link CallRecorder}. */
  public static final class Builder {
    private final CallRecordStore store;
    private final Scheduler scheduler;
    private Executor executor;
    private int bufferLimit = 100_000;
    private Duration initialBackoff = Duration.ofSeconds(1);
    private Duration maxBackoff = Duration.ofMinutes(1);
    private Duration completionRetention = Duration.ofHours(12);
    private Supplier<RecordId> recordIds;
    private Duration heartbeatPeriod;
    private Supplier<List<EstimateErrorSums>> estimateErrors;

    private Builder(CallRecordStore store, Scheduler scheduler) {
      if (store == null || scheduler == null) {
        throw new IllegalArgumentException("a call recorder needs a store and a scheduler");
      }
      this.store = store;
      this.scheduler = scheduler;
    }

    /**
     * Where saves run. Default: a daemon thread of the recorder's own, ended by
     * {@link CallRecorder#close()}. Tests pass {@code Runnable::run}.
     */
    public Builder executor(Executor e) {
      this.executor = e;
      return this;
    }

    /** The most records buffered while the store is slow or failing (default 100,000). */
    public Builder bufferLimit(int n) {
      this.bufferLimit = n;
      return this;
    }

    /** The first retry delay after a failed save and the most it doubles up to (1 s, 1 min). */
    public Builder retryBackoff(Duration initial, Duration max) {
      this.initialBackoff = initial;
      this.maxBackoff = max;
      return this;
    }

    /**
     * How long after the caller left a record waits for its completion event (end of talk,
     * recorded voicemail, kept-place callback); default 12 hours.
     */
    public Builder completionRetention(Duration d) {
      this.completionRetention = d;
      return this;
    }

    /**
     * Where record ids come from (default: a random run prefix and a counter, see the class
     * comment). Each id must be new to the store; tests pass a counter.
     */
    public Builder recordIds(Supplier<RecordId> ids) {
      this.recordIds = ids;
      return this;
    }

    /**
     * Saves a heartbeat (the time of the recorder's scheduler's {@linkplain Scheduler#clock()
     * clock}, which is the engine's when they share the scheduler) to the store every
     * {@code period} and at {@link CallRecorder#close()}, so {@link CallRecorder#reconcile()} in
     * the next run knows when this one stopped to within a period. Default: none (a crash is then
     * dated by each open call's last event).
     */
    public Builder heartbeat(Duration period) {
      if (period == null || period.isNegative() || period.isZero()) {
        throw new IllegalArgumentException(
            "a call recorder heartbeat needs a period > 0, was " + period);
      }
      this.heartbeatPeriod = period;
      return this;
    }

    /**
     * Saves these estimate error sums (e.g. queue-core's {@code LiveAccuracy::sums}, read on the
     * writer's thread) to the store with every {@linkplain #heartbeat heartbeat}, replacing the
     * saved ones, so a restart continues them (a crash loses at most one period of them). Needs a
     * heartbeat. Default: none saved.
     */
    public Builder estimateErrors(Supplier<List<EstimateErrorSums>> sums) {
      this.estimateErrors = sums;
      return this;
    }

    /**
     * The recorder.
     *
     * @throws IllegalStateException when estimate error sums are given without a heartbeat
     */
    public CallRecorder build() {
      if (estimateErrors != null && heartbeatPeriod == null) {
        throw new IllegalStateException("a call recorder saves estimate error sums with its"
            + " heartbeat: set heartbeat(period) too");
      }
      return new CallRecorder(this);
    }
  }
}
