package io.callqueue.adapter.sip.media;

import io.callqueue.prompts.PromptLibrary;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.channels.DatagramChannel;
import java.nio.channels.Selector;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything one run of the engine (from {@code start} to {@code close}) shares: the threads, the
 * sessions, the music classes and the pacing clock.
 *
 * <p>Threads, fixed regardless of the number of calls: {@code callqueue-media-rx} (selector,
 * receives every leg), {@code callqueue-media-tx-<n>} (one pacer per core, by default; each sends
 * the paced frames of the legs given to it, legs dealt round-robin as they open),
 * {@code callqueue-media-io} (loads recordings, finishes voicemail files) and
 * {@code callqueue-media-events} (runs listeners and completes the stages handed to callers, so
 * user code never runs on the media threads). All are daemon threads and joined on close.
 */
final class MediaContext {
  private static final Logger LOG = LoggerFactory.getLogger(MediaContext.class);
  static final long FRAME_NANOS = 20_000_000L;

  final InetAddress address;
  final PortAllocator ports;
  final PromptLibrary prompts;
  final AudioLoader loader;
  final long originNanos;
  final Set<MediaSession> sessions = ConcurrentHashMap.newKeySet();
  final ExecutorService io;
  final ExecutorService events;
  final RtpReceiver receiver;
  final FramePacer[] pacers;
  private final Map<String, MusicChannel> music;
  private final MediaEngine.DtmfListener dtmfListener;
  private final AtomicLong serial = new AtomicLong();
  private final Queue<Thread> workers = new ConcurrentLinkedQueue<>();
  private final Thread rxThread;
  private final Thread[] txThreads;
  private volatile boolean closed;

  MediaContext(InetAddress address, PortAllocator ports, PromptLibrary prompts, AudioLoader loader,
      Map<String, MusicChannel> music, MediaEngine.DtmfListener dtmfListener, int pacerThreads)
      throws IOException {
    this.address = address;
    this.ports = ports;
    this.prompts = prompts;
    this.loader = loader;
    this.music = Map.copyOf(music);
    this.dtmfListener = dtmfListener;
    this.originNanos = System.nanoTime();
    this.receiver = new RtpReceiver(Selector.open(), ports);
    this.io = singleThread("callqueue-media-io");
    this.events = singleThread("callqueue-media-events");
    int index = 0;
    for (MusicChannel channel : this.music.values()) {
      channel.index = index++;
    }
    this.pacers = new FramePacer[pacerThreads];
    this.txThreads = new Thread[pacerThreads];
    for (int i = 0; i < pacerThreads; i++) {
      pacers[i] = new FramePacer(originNanos, this.music.values(), index);
      txThreads[i] = daemon(pacers[i], "callqueue-media-tx-" + i);
      txThreads[i].setPriority(Thread.MAX_PRIORITY);
    }
    this.rxThread = daemon(receiver, "callqueue-media-rx");
    rxThread.start();
    for (Thread tx : txThreads) {
      tx.start();
    }
  }

  /** The pacer of the leg with this serial number (round-robin). */
  FramePacer pacerFor(long serial) {
    return pacers[(int) Math.floorMod(serial, (long) pacers.length)];
  }

  /** The worst lateness of any pacer's tick so far. */
  long maxLatenessNanos() {
    long worst = 0;
    for (FramePacer pacer : pacers) {
      worst = Math.max(worst, pacer.maxLatenessNanos());
    }
    return worst;
  }

  /** Frames skipped by all pacers. */
  long skippedTicks() {
    long skipped = 0;
    for (FramePacer pacer : pacers) {
      skipped += pacer.skippedTicks();
    }
    return skipped;
  }

  void resetPacerStats() {
    for (FramePacer pacer : pacers) {
      pacer.resetStats();
    }
  }

  /** The pacing tick at a {@link System#nanoTime()} instant. */
  long tickAt(long nanos) {
    return Math.floorDiv(nanos - originNanos, FRAME_NANOS);
  }

  /** The music class, or the default class if there is no such class. */
  MusicChannel music(String musicClass) {
    MusicChannel channel = music.get(musicClass);
    if (channel == null) {
      LOG.warn("no music class '{}'; playing '{}'", musicClass, MediaEngine.DEFAULT_MUSIC_CLASS);
      channel = music.get(MediaEngine.DEFAULT_MUSIC_CLASS);
    }
    return channel;
  }

  Set<String> musicClasses() {
    return music.keySet();
  }

  MediaSession open(String id) throws IOException {
    if (closed) {
      throw new IllegalStateException("the media engine is not running");
    }
    DatagramChannel channel = ports.open();
    MediaSession session = new MediaSession(this, id, channel, serial.incrementAndGet());
    sessions.add(session);
    session.pacer.sessions.add(session);
    if (closed) {
      session.close();
      throw new IllegalStateException("the media engine is not running");
    }
    receiver.register(session);
    return session;
  }

  /** A stage for callers, completed on the events thread when {@code internal} completes. */
  <T> CompletableFuture<T> viaEvents(CompletableFuture<T> internal) {
    CompletableFuture<T> external = new CompletableFuture<>();
    internal.whenComplete((value, failure) -> runOnEvents(() -> {
      if (failure != null) {
        external.completeExceptionally(failure);
      } else {
        external.complete(value);
      }
    }));
    return external;
  }

  void digit(String sessionId, char key) {
    if (dtmfListener == null) {
      return;
    }
    runOnEvents(() -> {
      try {
        dtmfListener.onDigit(sessionId, key);
      } catch (RuntimeException e) {
        LOG.warn("DTMF listener failed for {} '{}'", sessionId, key, e);
      }
    });
  }

  private void runOnEvents(Runnable task) {
    try {
      events.execute(task);
    } catch (RejectedExecutionException stopped) {
      task.run();
    }
  }

  /** Closes every session, stops and joins the threads. */
  void close() {
    closed = true;
    for (MediaSession session : sessions) {
      session.close();
    }
    for (int i = 0; i < pacers.length; i++) {
      pacers[i].stop(txThreads[i]);
    }
    receiver.stop();
    boolean interrupted = join(rxThread);
    for (Thread tx : txThreads) {
      interrupted |= join(tx);
    }
    receiver.closeSelector();
    io.shutdown();
    interrupted |= await(io);
    events.shutdown();
    interrupted |= await(events);
    for (Thread worker : workers) {
      interrupted |= join(worker);
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private static boolean join(Thread thread) {
    try {
      thread.join(TimeUnit.SECONDS.toMillis(5));
      if (thread.isAlive()) {
        LOG.warn("{} did not stop within 5 s", thread.getName());
      }
      return false;
    } catch (InterruptedException e) {
      return true;
    }
  }

  private static boolean await(ExecutorService executor) {
    try {
      if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
      return false;
    } catch (InterruptedException e) {
      executor.shutdownNow();
      return true;
    }
  }

  private static Thread daemon(Runnable task, String name) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    return thread;
  }

  private ExecutorService singleThread(String name) {
    ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
        new LinkedBlockingQueue<>(), task -> {
          Thread thread = daemon(task, name);
          workers.add(thread);
          return thread;
        });
    executor.prestartAllCoreThreads();
    return executor;
  }
}
