package io.callqueue.micrometer;

import io.callqueue.api.AgentId;
import io.callqueue.api.AgentState;
import io.callqueue.api.CallId;
import io.callqueue.api.CallOutcome;
import io.callqueue.api.CallQueue;
import io.callqueue.api.EngineSnapshot;
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
import io.callqueue.api.QueueId;
import io.callqueue.api.Subscription;
import io.callqueue.spi.Scheduler;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's figures as Micrometer meters: a {@link MeterBinder} a PBX vendor adds to their own
 * registry ({@code metrics.bindTo(registry)}, any number of registries) for any {@link CallQueue},
 * queue-core's engine or their own.
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>tags</th><th>what</th></tr>
 *   <tr><td>{@value #WAITING}</td><td>gauge</td><td>queue</td><td>callers waiting</td></tr>
 *   <tr><td>{@value #LONGEST_WAIT}</td><td>time gauge</td><td>queue</td><td>the longest current
 *       wait (zero when nobody waits)</td></tr>
 *   <tr><td>{@value #MEMBERS}</td><td>gauge</td><td>queue, state</td><td>the queue's members in
 *       each agent state</td></tr>
 *   <tr><td>{@value #AGENTS}</td><td>gauge</td><td>state</td><td>every agent in each
 *       state</td></tr>
 *   <tr><td>{@value #OFFERED}</td><td>counter</td><td>queue</td><td>calls offered (joined, or
 *       refused as not queued)</td></tr>
 *   <tr><td>{@value #OUTCOMES}</td><td>counter</td><td>queue, outcome</td><td>callers' times in
 *       the queue ended, by outcome ({@code answered}, {@code abandoned}, {@code timeout},
 *       {@code voicemail}, {@code callback}, {@code left_empty}, {@code not_queued})</td></tr>
 *   <tr><td>{@value #WAIT}</td><td>timer</td><td>queue, outcome</td><td>the wait of each caller
 *       who joined, recorded when the caller leaves</td></tr>
 *   <tr><td>{@value #DISPATCH}</td><td>timer</td><td>queue</td><td>from joining to the first agent
 *       rung for the caller (callers who leave before any ring are not recorded)</td></tr>
 *   <tr><td>{@value #TALK}</td><td>timer</td><td>queue</td><td>the length of each finished
 *       conversation</td></tr>
 *   <tr><td>{@value #RINGS}</td><td>counter</td><td>agent, result</td><td>rings ended (for a
 *       caller or a kept-place callback), by result ({@code answered}, {@code no_answer}, {@code busy}, {@code rejected},
 *       {@code unreachable}, {@code cancelled})</td></tr>
 * </table>
 *
 * <p>Design: counters and timers are fed by the engine's {@link QueueEvent}s through a
 * {@link QueueEvent.Visitor} (O(1) per event: map lookups and an increment, no allocation once a
 * tag combination has its meter). Gauges read a cached copy of the figures they need, refreshed
 * from {@link CallQueue#snapshot()} (asynchronous: nothing here ever waits for the engine) after
 * events — at most one snapshot in flight and one per {@link Builder#minRefreshInterval} — and
 * every {@link Builder#refreshEvery} on the scheduler, so a quiet engine still shows its agents'
 * state; the longest wait is computed at read time from the cached join instant and the
 * scheduler's clock, so it grows between refreshes as the wait does. Meters are created in an
 * internal {@link CompositeMeterRegistry} to which every bound registry is added, so meters that
 * appear later (a new queue, a new agent) reach every registry.
 *
 * <p>Cardinality is bounded: at most {@link Builder#maxQueues} queue tag values and
 * {@link Builder#maxAgents} agent tag values, given out in the order queues and agents are first
 * seen; the rest share the value {@value #OTHER} (logged once). Outcome, result and state tags are
 * enums, in lower case.
 *
 * <p>Threading: events arrive on the engine's thread; snapshot results on whichever thread
 * completes them; refresh timers on the scheduler's. Shared state is in concurrent maps and one
 * volatile reference; the refresh bookkeeping is under a lock that no engine call is made
 * under. {@link #close()} stops listening and refreshing; the meters stay registered with their
 * last values.
 */
public final class CallQueueMetrics implements MeterBinder, AutoCloseable {
  public static final String WAITING = "callqueue.queue.waiting";
  public static final String LONGEST_WAIT = "callqueue.queue.longest.wait";
  public static final String MEMBERS = "callqueue.queue.members";
  public static final String AGENTS = "callqueue.agents";
  public static final String OFFERED = "callqueue.calls.offered";
  public static final String OUTCOMES = "callqueue.calls.outcome";
  public static final String WAIT = "callqueue.wait";
  public static final String DISPATCH = "callqueue.dispatch";
  public static final String TALK = "callqueue.talk";
  public static final String RINGS = "callqueue.agent.rings";
  /** The tag value of the queues and agents beyond the limits. */
  public static final String OTHER = "other";

  private static final Logger LOG = LoggerFactory.getLogger(CallQueueMetrics.class);
  private static final AgentState[] STATES = AgentState.values();

  private final CallQueue engine;
  private final Scheduler scheduler;
  private final Duration minRefreshInterval;
  private final Duration refreshEvery;
  private final boolean histograms;
  private final TagLimit queueTags;
  private final TagLimit agentTags;
  private final CompositeMeterRegistry meters = new CompositeMeterRegistry();
  private final Map<String, QueueMeters> queues = new ConcurrentHashMap<>();
  private final Map<String, Counter[]> rings = new ConcurrentHashMap<>();
  /** Joined callers not rung yet: engine thread only. */
  private final Map<CallId, Joined> notRungYet = new HashMap<>();
  private final Visitor visitor = new Visitor();
  private Subscription subscription;
  private volatile Figures figures = Figures.NONE;

  private final Object lock = new Object();
  // guarded by lock
  private boolean inFlight;
  private boolean dirty;
  private boolean closed;
  private Instant lastRequest;
  private Scheduler.Cancellable trailing;
  private Scheduler.Cancellable periodic;
  private CompletableFuture<Void> nextUpdate = new CompletableFuture<>();

  private CallQueueMetrics(Builder b) {
    this.engine = b.engine;
    this.scheduler = b.scheduler;
    this.minRefreshInterval = b.minRefreshInterval;
    this.refreshEvery = b.refreshEvery;
    this.histograms = b.histograms;
    this.queueTags = new TagLimit("queue", b.maxQueues);
    this.agentTags = new TagLimit("agent", b.maxAgents);
  }

  /** Registers the agents' gauges, subscribes to the engine and takes the first snapshot. */
  private void start() {
    for (AgentState s : STATES) {
      Gauge.builder(AGENTS, this, m -> m.figures.agents[s.ordinal()])
          .description("agents in this state").tag("state", tag(s)).strongReference(true)
          .register(meters);
    }
    Subscription events = engine.addListener(e -> e.accept(visitor));
    synchronized (lock) {
      subscription = events;
      periodic = scheduler.schedule(refreshEvery, this::periodicRefresh);
    }
    refresh();
  }

  /** Metrics of {@code engine}, refreshing on {@code scheduler} (its clock dates the waits). */
  public static Builder builder(CallQueue engine, Scheduler scheduler) {
    return new Builder(engine, scheduler);
  }

  /** Adds the meters to {@code registry} (those that appear later too). */
  @Override
  public void bindTo(MeterRegistry registry) {
    meters.add(registry);
  }

  /**
   * Asks the engine for fresh figures now (unless a request is in flight: then after it).
   *
   * @return completes when the gauges show figures taken after this call
   */
  public CompletionStage<Void> refresh() {
    CompletableFuture<Void> done;
    boolean start;
    synchronized (lock) {
      done = nextUpdate;
      if (closed) {
        return CompletableFuture.completedFuture(null);
      }
      if (trailing != null) {
        trailing.cancel();
        trailing = null;
      }
      start = !inFlight;
      if (start) {
        inFlight = true;
        lastRequest = scheduler.clock().instant();
      } else {
        dirty = true;
      }
    }
    if (start) {
      request();
    }
    return done;
  }

  /** Stops listening to the engine and refreshing; the meters keep their last values. */
  @Override
  public void close() {
    Subscription events;
    synchronized (lock) {
      closed = true;
      cancel(trailing);
      cancel(periodic);
      trailing = null;
      periodic = null;
      events = subscription;
    }
    events.close();
  }

  private static void cancel(Scheduler.Cancellable c) {
    if (c != null) {
      c.cancel();
    }
  }

  // ---- refreshing the gauges' figures ----------------------------------------------------

  /** After an event: refresh now, or once the minimum interval since the last request is over. */
  private void eventSeen() {
    Duration wait;
    synchronized (lock) {
      if (closed || trailing != null) {
        return;
      }
      if (inFlight) {
        dirty = true;
        return;
      }
      Instant now = scheduler.clock().instant();
      wait = lastRequest == null ? Duration.ZERO
          : Duration.between(now, lastRequest.plus(minRefreshInterval));
      if (wait.isNegative() || wait.isZero()) {
        inFlight = true;
        lastRequest = now;
      } else {
        trailing = scheduler.schedule(wait, this::trailingRefresh);
        return;
      }
    }
    request();
  }

  private void trailingRefresh() {
    synchronized (lock) {
      trailing = null;
    }
    eventSeen();
  }

  private void periodicRefresh() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      periodic = scheduler.schedule(refreshEvery, this::periodicRefresh);
    }
    refresh();
  }

  /** Asks for a snapshot (caller set {@code inFlight}); never waits for it. */
  private void request() {
    CompletionStage<EngineSnapshot> stage;
    try {
      stage = engine.snapshot();
    } catch (RuntimeException e) {
      LOG.warn("call queue metrics: the engine refused a snapshot: {}", e.toString());
      settled(null);
      return;
    }
    stage.whenComplete((s, e) -> {
      if (e != null) {
        LOG.debug("call queue metrics: snapshot failed: {}", e.toString());
      }
      settled(s);
    });
  }

  private void settled(EngineSnapshot s) {
    if (s != null) {
      figures = figuresOf(s);
    }
    CompletableFuture<Void> done;
    boolean again;
    synchronized (lock) {
      done = nextUpdate;
      nextUpdate = new CompletableFuture<>();
      inFlight = false;
      again = dirty && !closed;
      dirty = false;
    }
    done.complete(null);
    if (again) {
      eventSeen();
    }
  }

  private Figures figuresOf(EngineSnapshot s) {
    long[] agents = new long[STATES.length];
    for (EngineSnapshot.AgentSnapshot a : s.agents().values()) {
      agents[a.state().ordinal()]++;
    }
    Map<String, QueueFigures> byTag = new HashMap<>();
    for (EngineSnapshot.QueueSnapshot q : s.queues().values()) {
      String tag = queueTags.of(q.config().id().value());
      meters(tag);
      QueueFigures f = byTag.computeIfAbsent(tag, t -> new QueueFigures());
      f.waiting += q.waiting().size();
      for (EngineSnapshot.WaitingCaller w : q.waiting()) {
        if (f.oldestJoin == null || w.joinedAt().isBefore(f.oldestJoin)) {
          f.oldestJoin = w.joinedAt();
        }
      }
      for (EngineSnapshot.MemberSnapshot m : q.members()) {
        f.members[m.state().ordinal()]++;
      }
    }
    return new Figures(Map.copyOf(byTag), agents);
  }

  private double longestWaitSeconds(String queueTag) {
    QueueFigures f = figures.queues.get(queueTag);
    if (f == null || f.oldestJoin == null) {
      return 0;
    }
    Duration d = Duration.between(f.oldestJoin, scheduler.clock().instant());
    return d.isNegative() ? 0 : d.toNanos() / 1e9;
  }

  // ---- meters --------------------------------------------------------------------------------

  private QueueMeters meters(String queueTag) {
    return queues.computeIfAbsent(queueTag, QueueMeters::new);
  }

  private QueueMeters meters(QueueId queue) {
    return meters(queueTags.of(queue.value()));
  }

  private static String tag(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }

  private Timer timer(String name, String description, String queueTag, String... tags) {
    return Timer.builder(name).description(description).tag("queue", queueTag).tags(tags)
        .publishPercentileHistogram(histograms).register(meters);
  }

  /** One queue tag value's meters; the per-outcome ones made when first needed. */
  private final class QueueMeters {
    final String tag;
    final Counter offered;
    final Timer dispatch;
    final Timer talk;
    final Counter[] outcomes = new Counter[CallOutcome.values().length];
    final Timer[] waits = new Timer[CallOutcome.values().length];

    QueueMeters(String tag) {
      this.tag = tag;
      offered = Counter.builder(OFFERED).description("calls offered to the queue")
          .tag("queue", tag).register(meters);
      dispatch = timer(DISPATCH, "from joining the queue to the first agent rung", tag);
      talk = timer(TALK, "length of finished conversations", tag);
      Gauge.builder(WAITING, CallQueueMetrics.this, m -> {
        QueueFigures f = m.figures.queues.get(tag);
        return f == null ? 0 : f.waiting;
      }).description("callers waiting in the queue").tag("queue", tag).strongReference(true)
          .register(meters);
      TimeGauge.builder(LONGEST_WAIT, CallQueueMetrics.this, TimeUnit.SECONDS,
          m -> m.longestWaitSeconds(tag)).description("the longest current wait in the queue")
          .tag("queue", tag).strongReference(true).register(meters);
      for (AgentState s : STATES) {
        Gauge.builder(MEMBERS, CallQueueMetrics.this, m -> {
          QueueFigures f = m.figures.queues.get(tag);
          return f == null ? 0 : f.members[s.ordinal()];
        }).description("queue members in this agent state").tag("queue", tag)
            .tag("state", tag(s)).strongReference(true).register(meters);
      }
    }

    synchronized Counter outcome(CallOutcome o) {
      Counter c = outcomes[o.ordinal()];
      if (c == null) {
        c = Counter.builder(OUTCOMES).description("callers' times in the queue ended, by outcome")
            .tag("queue", tag).tag("outcome", tag(o)).register(meters);
        outcomes[o.ordinal()] = c;
      }
      return c;
    }

    synchronized Timer waited(CallOutcome o) {
      Timer t = waits[o.ordinal()];
      if (t == null) {
        t = timer(WAIT, "waits of callers who joined, by how they left", tag, "outcome", tag(o));
        waits[o.ordinal()] = t;
      }
      return t;
    }
  }

  /** How a ring ended, as the {@value #RINGS} counter's {@code result} tag. */
  private enum Ring {
    ANSWERED, NO_ANSWER, BUSY, REJECTED, UNREACHABLE, CANCELLED, UNCONFIRMED;

    static Ring of(QueueEvent.RingResult r) {
      return switch (r) {
        case NO_ANSWER -> NO_ANSWER;
        case BUSY -> BUSY;
        case REJECTED -> REJECTED;
        case UNREACHABLE -> UNREACHABLE;
        case CANCELLED -> CANCELLED;
        case UNCONFIRMED -> UNCONFIRMED;
      };
    }
  }

  private void ringEnded(AgentId agent, Ring result) {
    String tag = agentTags.of(agent.value());
    Counter[] counters = rings.computeIfAbsent(tag, t -> new Counter[Ring.values().length]);
    Counter c;
    synchronized (counters) {
      c = counters[result.ordinal()];
      if (c == null) {
        c = Counter.builder(RINGS).description("agent rings ended, by result").tag("agent", tag)
            .tag("result", tag(result)).register(meters);
        counters[result.ordinal()] = c;
      }
    }
    c.increment();
  }

  /** One method per event: a new event does not compile until it is decided here. */
  private final class Visitor implements QueueEvent.Visitor {
    @Override
    public void callerJoined(CallerJoined e) {
      QueueMeters m = meters(e.queue());
      m.offered.increment();
      notRungYet.put(e.call(), new Joined(e.at(), m));
      eventSeen();
    }

    @Override
    public void callerLeft(CallerLeft e) {
      QueueMeters m = meters(e.queue());
      if (e.outcome() == CallOutcome.NOT_QUEUED) {
        m.offered.increment(); // refused: offered, never joined
      } else {
        m.waited(e.outcome()).record(e.waited());
        notRungYet.remove(e.call());
      }
      m.outcome(e.outcome()).increment();
      if (e.outcome() == CallOutcome.ANSWERED && e.agent() != null) {
        ringEnded(e.agent(), Ring.ANSWERED);
      }
      eventSeen();
    }

    @Override
    public void agentRung(AgentRung e) {
      Joined j = notRungYet.remove(e.call());
      if (j != null) {
        Duration d = Duration.between(j.at, e.at());
        j.meters.dispatch.record(d.isNegative() ? Duration.ZERO : d);
      }
      eventSeen();
    }

    @Override
    public void agentRingEnded(AgentRingEnded e) {
      ringEnded(e.agent(), Ring.of(e.result()));
      eventSeen();
    }

    @Override
    public void callCompleted(CallCompleted e) {
      meters(e.queue()).talk.record(e.talkTime());
      eventSeen();
    }

    @Override
    public void agentStateChanged(AgentStateChanged e) {
      eventSeen(); // the agents' and members' state gauges
    }

    @Override
    public void callbackStarted(CallbackStarted e) {
      ringEnded(e.agent(), Ring.ANSWERED); // a kept-place callback's ring answered
      eventSeen();
    }

    @Override
    public void callbackUnreached(CallbackUnreached e) {
      eventSeen(); // a kept-place request may re-enter the queue: the waiting gauges
    }

    @Override
    public void retryScheduled(RetryScheduled e) {
      // no figure of ours changes
    }

    @Override
    public void promptPlayed(PromptPlayed e) {
      // no figure of ours changes
    }

    @Override
    public void waitEstimated(WaitEstimated e) {
      // estimate accuracy is queue-core's LiveAccuracy, not a meter here
    }

    @Override
    public void callbackRequested(CallbackRequested e) {
      // counted by its CallerLeft (outcome callback)
    }

    @Override
    public void voicemailLeft(VoicemailLeft e) {
      // counted by its CallerLeft (outcome voicemail)
    }
  }

  private record Joined(Instant at, QueueMeters meters) {}

  /** The gauges' cached figures: immutable once published. */
  private static final class Figures {
    static final Figures NONE = new Figures(Map.of(), new long[STATES.length]);
    final Map<String, QueueFigures> queues;
    final long[] agents;

    Figures(Map<String, QueueFigures> queues, long[] agents) {
      this.queues = queues;
      this.agents = agents;
    }
  }

  /** One queue tag value's figures (summed over the queues sharing {@value #OTHER}). */
  private static final class QueueFigures {
    int waiting;
    Instant oldestJoin;
    final long[] members = new long[STATES.length];
  }

  /** Gives out at most {@code max} distinct tag values, then {@value #OTHER}. */
  private static final class TagLimit {
    private final String what;
    private final int max;
    private final Set<String> given = new HashSet<>();
    private boolean warned;

    TagLimit(String what, int max) {
      this.what = what;
      this.max = max;
    }

    synchronized String of(String value) {
      if (given.contains(value)) {
        return value;
      }
      if (given.size() < max) {
        given.add(value);
        return value;
      }
      if (!warned) {
        warned = true;
        LOG.warn("call queue metrics: more than {} {} tag values; {} '{}' and later ones are"
            + " tagged '{}'", max, what, what, value, OTHER);
      }
      return OTHER;
    }
  }

  /** Settings of {@link CallQueueMetrics}. */
  public static final class Builder {
    private final CallQueue engine;
    private final Scheduler scheduler;
    private Duration minRefreshInterval = Duration.ofSeconds(1);
    private Duration refreshEvery = Duration.ofSeconds(10);
    private int maxQueues = 100;
    private int maxAgents = 500;
    private boolean histograms;

    private Builder(CallQueue engine, Scheduler scheduler) {
      if (engine == null || scheduler == null) {
        throw new IllegalArgumentException("call queue metrics need an engine and a scheduler");
      }
      this.engine = engine;
      this.scheduler = scheduler;
    }

    /** The least time between two snapshots taken after events (default 1 s). */
    public Builder minRefreshInterval(Duration d) {
      this.minRefreshInterval = positive("minRefreshInterval", d);
      return this;
    }

    /** How often the gauges are refreshed when no event comes (default 10 s). */
    public Builder refreshEvery(Duration d) {
      this.refreshEvery = positive("refreshEvery", d);
      return this;
    }

    /** The most distinct {@code queue} tag values (default 100); the rest are {@value #OTHER}. */
    public Builder maxQueues(int n) {
      this.maxQueues = notNegative("maxQueues", n);
      return this;
    }

    /** The most distinct {@code agent} tag values (default 500); the rest are {@value #OTHER}. */
    public Builder maxAgents(int n) {
      this.maxAgents = notNegative("maxAgents", n);
      return this;
    }

    /** Whether the timers publish percentile histograms (default no: count, sum, max). */
    public Builder percentileHistograms(boolean on) {
      this.histograms = on;
      return this;
    }

    /** Builds the metrics and starts listening to the engine. */
    public CallQueueMetrics build() {
      CallQueueMetrics m = new CallQueueMetrics(this);
      m.start();
      return m;
    }

    private static Duration positive(String what, Duration d) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("call queue metrics: " + what + " must be > 0, was "
            + d);
      }
      return d;
    }

    private static int notNegative(String what, int n) {
      if (n < 0) {
        throw new IllegalArgumentException("call queue metrics: " + what + " must be >= 0, was "
            + n);
      }
      return n;
    }
  }
}
