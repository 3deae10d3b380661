package io.callqueue.examples.server.board;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callqueue.api.CallQueue;
import io.callqueue.api.EngineSnapshot;
import io.callqueue.api.QueueEvent;
import io.callqueue.api.QueueEventListener;
import io.javalin.http.sse.SseClient;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes the wallboard's picture to every connected browser (server-sent events).
 *
 * <p>Design: the engine's listener only sets a flag and, when no push is scheduled yet, schedules
 * one on the hub's own thread — it never blocks, allocates a frame or touches a socket, so the
 * engine's single writer is never held up by a browser. Pushes are coalesced: at most one per
 * {@link #MIN_INTERVAL} (the first after a quiet spell goes at once), plus a tick every
 * {@link #TICK} so the clocks move while nothing happens. A push takes one engine snapshot, writes
 * it as JSON once and hands the same frame to every client. Each client keeps at most one frame
 * waiting beside the one being written: a newer frame replaces a waiting one (counted as dropped),
 * and since every frame is the whole picture the client is in sync again with the next it takes.
 * So a slow browser costs one frame of memory and one sending thread while its socket is full,
 * never the engine's time nor the other browsers'; a socket that takes nothing for the server's
 * idle timeout is closed by Jetty. Today's figures ({@link TodayFigures}) are read from the call
 * records on a separate thread, {@link #REFRESH_DELAY} after a record-changing event (the recorder
 * writes them asynchronously) and every {@link #REFRESH_PERIOD}.
 *
 * <p>Threading: {@link #onEvent} runs on the engine's thread; pushes on {@code callqueue-wallboard};
 * record reads on {@code callqueue-wallboard-records}; writes to browsers on
 * {@code callqueue-wallboard-send-*} threads (one at a time per client, at most
 * {@link #MAX_CLIENTS}).
 */
final class WallboardHub implements QueueEventListener, AutoCloseable {
  /** The shortest time between two pushes. */
  static final Duration MIN_INTERVAL = Duration.ofMillis(250);
  /** A push at least this often while browsers are connected (the clocks). */
  static final Duration TICK = Duration.ofSeconds(1);
  /** How long after a record-changing event today's figures are read again. */
  static final Duration REFRESH_DELAY = Duration.ofSeconds(1);
  /** How often today's figures are read again anyway (late writes, midnight). */
  static final Duration REFRESH_PERIOD = Duration.ofSeconds(30);
  /** The most browsers connected at once; more are refused. */
  static final int MAX_CLIENTS = 64;
  /** How long a push waits for the engine's snapshot. */
  private static final Duration SNAPSHOT_TIMEOUT = Duration.ofSeconds(5);

  private static final Logger log = LoggerFactory.getLogger(WallboardHub.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final CallQueue engine;
  private final TodayFigures today;
  private final ScheduledExecutorService pusher;
  private final ScheduledExecutorService refresher;
  private final ExecutorService senders;
  private final Set<Client> clients = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean pushScheduled = new AtomicBoolean();
  private final AtomicBoolean refreshScheduled = new AtomicBoolean();
  private final AtomicLong seq = new AtomicLong();
  private final AtomicLong framesSent = new AtomicLong();
  private final AtomicLong framesDropped = new AtomicLong();
  private final EventKinds kinds = new EventKinds();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile long lastPushNanos = System.nanoTime() - MIN_INTERVAL.toNanos();

  WallboardHub(CallQueue engine, TodayFigures today) {
    this.engine = engine;
    this.today = today;
    this.pusher = Executors.newSingleThreadScheduledExecutor(daemon("callqueue-wallboard"));
    this.refresher = Executors.newSingleThreadScheduledExecutor(
        daemon("callqueue-wallboard-records"));
    ThreadPoolExecutor send = new ThreadPoolExecutor(0, MAX_CLIENTS, 30, TimeUnit.SECONDS,
        new SynchronousQueue<>(), daemon("callqueue-wallboard-send"));
    this.senders = send;
    pusher.scheduleWithFixedDelay(this::tick, TICK.toMillis(), TICK.toMillis() / 4,
        TimeUnit.MILLISECONDS);
    refresher.scheduleWithFixedDelay(this::refreshNow, 0, REFRESH_PERIOD.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  private static ThreadFactory daemon(String name) {
    AtomicLong n = new AtomicLong();
    return r -> {
      Thread t = new Thread(r, name.endsWith("send") ? name + "-" + n.incrementAndGet() : name);
      t.setDaemon(true);
      return t;
    };
  }

  // ---- engine side (its thread: never block) -----------------------------------------------

  @Override
  public void onEvent(QueueEvent event) {
    boolean records;
    boolean live;
    synchronized (kinds) { // only the engine's thread calls, so never contended
      event.accept(kinds);
      records = kinds.records;
      live = kinds.live;
    }
    if (live) {
      requestPush();
    }
    if (records) {
      requestRefresh();
    }
  }

  private void requestPush() {
    if (pushScheduled.compareAndSet(false, true)) {
      long wait = lastPushNanos + MIN_INTERVAL.toNanos() - System.nanoTime();
      try {
        pusher.schedule(this::push, Math.max(0, wait), TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException e) {
        pushScheduled.set(false); // closed
      }
    }
  }

  private void requestRefresh() {
    if (refreshScheduled.compareAndSet(false, true)) {
      try {
        refresher.schedule(() -> {
          refreshScheduled.set(false);
          refreshNow();
        }, REFRESH_DELAY.toMillis(), TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException e) {
        refreshScheduled.set(false);
      }
    }
  }

  private void refreshNow() {
    today.refresh();
    requestPush();
  }

  // ---- pushing (the hub's thread) -------------------------------------------------------------

  private void tick() {
    if (!clients.isEmpty()
        && System.nanoTime() - lastPushNanos >= TICK.toNanos() - MIN_INTERVAL.toNanos()) {
      requestPush();
    }
  }

  private void push() {
    pushScheduled.set(false);
    lastPushNanos = System.nanoTime();
    if (clients.isEmpty()) {
      return;
    }
    String frame;
    long n = seq.incrementAndGet();
    try {
      EngineSnapshot s = engine.snapshot().toCompletableFuture()
          .get(SNAPSHOT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      frame = json(WallboardState.of(n, s, today.current()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    } catch (Exception e) {
      log.warn("wallboard: no snapshot from the engine, skipping a push: {}", e.toString());
      return;
    }
    Frame f = new Frame(n, frame);
    for (Client c : clients) {
      c.offer(f);
    }
  }

  /** The current picture as one JSON object (for the first paint and for tests). */
  String currentJson() throws Exception {
    EngineSnapshot s = engine.snapshot().toCompletableFuture()
        .get(SNAPSHOT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    return json(WallboardState.of(seq.get(), s, today.current()));
  }

  /**
   * JSON that may stand inside an HTML {@code <script>} element as well: {@code <}, {@code >}
   * and {@code &} only occur in strings there and are written as escapes.
   */
  static String json(Object value) throws JsonProcessingException {
    return JSON.writeValueAsString(value).replace("<", "\\u003c").replace(">", "\\u003e")
        .replace("&", "\\u0026");
  }

  // ---- browsers -------------------------------------------------------------------------------

  /** Takes a browser's event stream: it gets a full picture at once, then every push. */
  void join(SseClient sse) {
    if (clients.size() >= MAX_CLIENTS) {
      log.warn("wallboard: refusing a browser, {} are connected already", MAX_CLIENTS);
      sse.sendEvent("refused", "too many wallboards are open (at most " + MAX_CLIENTS + ")");
      sse.close();
      return;
    }
    sse.keepAlive();
    Client c = new Client(sse);
    clients.add(c);
    sse.onClose(() -> clients.remove(c));
    requestPush();
  }

  /** Today's figures (the tests refresh them without waiting). */
  TodayFigures today() {
    return today;
  }

  /** Browsers connected now. */
  int clientCount() {
    return clients.size();
  }

  /** Frames written to browsers since start. */
  long framesSent() {
    return framesSent.get();
  }

  /** Frames a browser never got because a newer one replaced them while it was busy. */
  long framesDropped() {
    return framesDropped.get();
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    pusher.shutdownNow();
    refresher.shutdownNow();
    for (Client c : clients) {
      c.sse.close();
    }
    senders.shutdownNow();
  }

  private record Frame(long seq, String json) {}

  /** One browser: at most one frame waiting, written by one sender at a time. */
  private final class Client {
    final SseClient sse;
    final AtomicReference<Frame> waiting = new AtomicReference<>();
    final AtomicBoolean sending = new AtomicBoolean();

    Client(SseClient sse) {
      this.sse = sse;
    }

    void offer(Frame f) {
      if (waiting.getAndSet(f) != null) {
        framesDropped.incrementAndGet();
      }
      if (sending.compareAndSet(false, true)) {
        try {
          senders.execute(this::drain);
        } catch (RejectedExecutionException e) {
          sending.set(false); // closing, or every sender busy: the next push tries again
        }
      }
    }

    private void drain() {
      while (true) {
        Frame f = waiting.getAndSet(null);
        if (f == null) {
          sending.set(false);
          if (waiting.get() == null || !sending.compareAndSet(false, true)) {
            return;
          }
          continue;
        }
        if (sse.terminated()) {
          clients.remove(this);
          sending.set(false);
          return;
        }
        sse.sendEvent("state", f.json(), Long.toString(f.seq()));
        framesSent.incrementAndGet();
      }
    }
  }

  /**
   * What an event changes: the live picture (the snapshot) and/or the call records (today's
   * figures). Decided per event type, so a new event type fails the compile here.
   */
  private static final class EventKinds implements QueueEvent.Visitor {
    boolean live;
    boolean records;

    private void set(boolean live, boolean records) {
      this.live = live;
      this.records = records;
    }

    @Override
    public void callerJoined(QueueEvent.CallerJoined e) {
      set(true, false);
    }

    @Override
    public void callerLeft(QueueEvent.CallerLeft e) {
      set(true, true);
    }

    @Override
    public void agentRung(QueueEvent.AgentRung e) {
      set(true, false);
    }

    @Override
    public void agentRingEnded(QueueEvent.AgentRingEnded e) {
      set(true, e.result() != QueueEvent.RingResult.CANCELLED); // a miss counts today
    }

    @Override
    public void retryScheduled(QueueEvent.RetryScheduled e) {
      set(false, false); // the caller waits on, as shown
    }

    @Override
    public void callCompleted(QueueEvent.CallCompleted e) {
      set(true, true);
    }

    @Override
    public void agentStateChanged(QueueEvent.AgentStateChanged e) {
      set(true, false);
    }

    @Override
    public void promptPlayed(QueueEvent.PromptPlayed e) {
      set(false, false); // what a caller hears is not on the wallboard
    }

    @Override
    public void waitEstimated(QueueEvent.WaitEstimated e) {
      set(true, false); // the queue's estimate may have moved
    }

    @Override
    public void callbackRequested(QueueEvent.CallbackRequested e) {
      set(true, true);
    }

    @Override
    public void callbackStarted(QueueEvent.CallbackStarted e) {
      set(true, true);
    }

    @Override
    public void callbackUnreached(QueueEvent.CallbackUnreached e) {
      set(true, true);
    }

    @Override
    public void voicemailLeft(QueueEvent.VoicemailLeft e) {
      set(false, true);
    }
  }
}
