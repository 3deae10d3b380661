package io.callqueue.adapter.sip.signalling;

import gov.nist.javax.sip.SipStackImpl;
import io.callqueue.api.AgentEndpoint;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.sip.ListeningPoint;
import javax.sip.SipProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SIP server facade: registrar, INVITE admission, inbound legs and the outbound {@link Dialer}
 * on one UDP port.
 *
 * <pre>{@code
 * SipServer server = new SipServer(
 *     SipConfig.builder("192.0.2.5", 5080).accounts(Map.of("agent1", "secret"))
 *         .trunk(new Trunk("carrier", List.of("198.51.100.0/24"), Set.of("100"))).build(),
 *     registrationListener, call -> call.answer(sdpAnswerFor(call.remoteSdp())));
 * server.start();
 * }</pre>
 *
 * <p>Lifecycle: {@link #start()} and {@link #stop()} may alternate any number of times; each start
 * builds a fresh JAIN-SIP stack with a unique {@code javax.sip.STACK_NAME}. Stop ends live calls
 * (BYE, or 503 for unanswered ones), closes the port before it returns and leaves no thread
 * behind: the JAIN-SIP RI keeps a non-daemon {@code EventScannerThread} blocked after
 * {@code SipStack.stop()}, so the stack is built inside its own thread group and whatever of it is
 * still alive after stop is interrupted. Registrations do not survive a stop and are not reported
 * as unregistered then.
 */
public final class SipServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SipServer.class);
  private static final AtomicInteger INSTANCES = new AtomicInteger();

  private final SipConfig config;
  private final RegistrationListener registrationListener;
  private final IncomingCallListener callListener;
  private final Clock clock;
  private final Dialer dialer = this::dial;
  private volatile Running running;

  private record Running(
      SignallingCore core,
      SipStackImpl stack,
      SipProvider provider,
      ListeningPoint listeningPoint,
      ThreadGroup threads) {}

  /**
   * @param config what to listen on and whom to admit
   * @param registrations hears accounts registering and unregistering
   * @param calls receives admitted incoming calls
   */
  public SipServer(
      SipConfig config, RegistrationListener registrations, IncomingCallListener calls) {
    this(config, registrations, calls, Clock.systemUTC());
  }

  SipServer(SipConfig config, RegistrationListener registrations, IncomingCallListener calls,
      Clock clock) {
    this.config = Objects.requireNonNull(config, "config");
    this.registrationListener = Objects.requireNonNull(registrations, "registrations");
    this.callListener = Objects.requireNonNull(calls, "calls");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Binds the port and starts serving.
   *
   * @throws IllegalStateException if the port cannot be bound (the message names it)
   */
  public synchronized void start() {
    if (running != null) {
      return;
    }
    String name = "callqueue-sip-" + INSTANCES.incrementAndGet();
    SignallingCore core =
        new SignallingCore(config, name, clock, registrationListener, callListener);
    ThreadGroup group = new ThreadGroup("jain-sip-" + name);
    AtomicReference<Running> started = new AtomicReference<>();
    AtomicReference<Exception> failure = new AtomicReference<>();
    // Built on a daemon thread of our own group: the stack's threads inherit group and daemon flag.
    Thread starter = new Thread(group, () -> {
      try {
        started.set(buildStack(name, core, group));
      } catch (Exception e) {
        failure.set(e);
      }
    }, name + "-start");
    starter.setDaemon(true);
    starter.start();
    try {
      starter.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting the SIP server", e);
    }
    if (started.get() == null) {
      shutdownExecutors(core);
      interruptAll(group);
      Exception e = failure.get();
      throw new IllegalStateException("cannot start the SIP server on udp " + config.bindAddress()
          + ":" + config.port() + ": " + (e == null ? "unknown failure" : e.getMessage()), e);
    }
    running = started.get();
    log.info("SIP server listening on udp {}:{} (stack {})", config.bindAddress(), config.port(),
        name);
  }

  private Running buildStack(String name, SignallingCore core, ThreadGroup group)
      throws Exception {
    Properties properties = new Properties();
    // The RI logs under the stack name: "jain-sip.<name>" lets users tune logger "jain-sip".
    properties.setProperty("javax.sip.STACK_NAME", "jain-sip." + name);
    properties.setProperty("gov.nist.javax.sip.THREAD_POOL_SIZE", "2");
    properties.setProperty("gov.nist.javax.sip.REENTRANT_LISTENER", "false");
    // Datagrams are screened before the RI parses them (over 8 KiB: 513; missing headers: 400).
    SipStackImpl sipStack = DatagramGuard.newStack(properties);
    try {
      ListeningPoint point =
          sipStack.createListeningPoint(config.bindAddress(), config.port(), config.transport());
      SipProvider provider = sipStack.createSipProvider(point);
      core.attach(provider);
      provider.addSipListener(core);
      sipStack.start();
      return new Running(core, sipStack, provider, point, group);
    } catch (Exception e) {
      stopStack(sipStack);
      throw e;
    }
  }

  /** Ends live calls, closes the port and stops every thread the server started. Idempotent. */
  public synchronized void stop() {
    Running current = running;
    if (current == null) {
      return;
    }
    running = null;
    Future<?> ended = null;
    try {
      ended = current.core().loop.submit(current.core()::terminateAll);
      ended.get(2, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      log.warn("SIP calls did not end cleanly at stop: {}", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    current.provider().removeSipListener(current.core());
    stopStack(current.stack());
    shutdownExecutors(current.core());
    interruptAll(current.threads());
    log.info("SIP server on udp {}:{} stopped", config.bindAddress(), config.port());
  }

  @Override
  public void close() {
    stop();
  }

  public boolean isRunning() {
    return running != null;
  }

  /** Rings agents through this server; dialling while stopped throws IllegalStateException. */
  public Dialer dialer() {
    return dialer;
  }

  /**
   * Every registered account with its bindings: a read-only live view, each account's list
   * immutable (empty while stopped).
   */
  public Map<String, List<SipBinding>> registrations() {
    Running current = running;
    return current == null ? Map.of() : current.core().registrar.snapshot();
  }

  /**
   * Diagnostics: the call legs the server holds now, counted on the signalling thread ({@link
   * LegCounts#NONE} while stopped).
   */
  public CompletionStage<LegCounts> legCounts() {
    Running current = running;
    if (current == null) {
      return CompletableFuture.completedFuture(LegCounts.NONE);
    }
    try {
      return CompletableFuture.supplyAsync(current.core()::legCounts, current.core().loop);
    } catch (RejectedExecutionException stopping) {
      return CompletableFuture.completedFuture(LegCounts.NONE);
    }
  }

  /** The account's current bindings, oldest first (empty if not registered). */
  public List<SipBinding> bindings(String username) {
    return registrations().getOrDefault(username, List.of());
  }

  private OutboundCall dial(
      AgentEndpoint target, String callerId, String sdp, Duration ringTimeout) {
    Running current = running;
    if (current == null) {
      throw new IllegalStateException("the SIP server is not running");
    }
    return current.core().dial(target, callerId, sdp, ringTimeout);
  }

  /**
   * {@code SipStack.stop()} closes the sockets and timers, then sleeps a fixed second and ignores
   * an interrupt of that sleep. Nothing before the sleep is interruptible, so the call runs with
   * the interrupt flag set: the socket is closed when it returns, without the idle second.
   */
  private static void stopStack(SipStackImpl stack) {
    boolean wasInterrupted = Thread.interrupted();
    Thread.currentThread().interrupt();
    try {
      stack.stop();
    } catch (RuntimeException e) {
      log.warn("JAIN-SIP stack did not stop cleanly: {}", e.toString());
    } finally {
      Thread.interrupted();
      if (wasInterrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void shutdownExecutors(SignallingCore core) {
    core.loop.shutdownNow();
    core.callbacks.shutdown();
    try {
      core.loop.awaitTermination(1, TimeUnit.SECONDS);
      if (!Thread.currentThread().getName().startsWith("sip-callbacks-")) {
        core.callbacks.awaitTermination(1, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Interrupts the stack's leftover threads (the RI's EventScannerThread) and waits for them. */
  private static void interruptAll(ThreadGroup group) {
    Thread[] threads = new Thread[Math.max(16, group.activeCount() * 2)];
    int count = group.enumerate(threads, true);
    List<Thread> alive = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      if (threads[i] != Thread.currentThread()) {
        threads[i].interrupt();
        alive.add(threads[i]);
      }
    }
    for (Thread thread : alive) {
      try {
        thread.join(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (thread.isAlive()) {
        log.warn("JAIN-SIP thread {} (daemon={}) still alive after stop", thread.getName(),
            thread.isDaemon());
      }
    }
  }
}
