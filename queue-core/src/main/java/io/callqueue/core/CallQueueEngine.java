package io.callqueue.core;

import io.callqueue.api.AgentConfig;
import io.callqueue.api.AgentId;
import io.callqueue.api.CallId;
import io.callqueue.api.CallOffer;
import io.callqueue.api.CallQueue;
import io.callqueue.api.EngineSnapshot;
import io.callqueue.api.HungUpBy;
import io.callqueue.api.Membership;
import io.callqueue.api.OfferResult;
import io.callqueue.api.QueueConfig;
import io.callqueue.api.QueueEventListener;
import io.callqueue.api.QueueId;
import io.callqueue.api.RingFailure;
import io.callqueue.api.Subscription;
import io.callqueue.api.VoicemailMessage;
import io.callqueue.core.estimate.Estimators;
import io.callqueue.core.strategy.BuiltInStrategies;
import io.callqueue.spi.DistributionStrategy;
import io.callqueue.spi.EstimateInput;
import io.callqueue.spi.Scheduler;
import io.callqueue.spi.TelephonyPort;
import io.callqueue.spi.WaitTimeEstimator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The callqueue engine: queues, agents and the matching between waiting callers and available
 * agents, driven by events from a {@link TelephonyPort} adapter and the host application.
 *
 * <h2>Threading</h2>
 * Every {@link CallQueue} method is safe from any thread and returns at once: the work runs on the
 * engine's one writer, in submission order, and results come back as {@link CompletionStage}s and
 * immutable {@link EngineSnapshot}s. The engine calls the port and the listeners from the writer
 * thread; they must not block, and when they call back into the engine the call is queued behind
 * the current task. By default the writer is one daemon thread the engine owns; tests pass
 * {@code Runnable::run} with a manual scheduler, which runs the engine on the test thread in
 * virtual time.
 *
 * <h2>Rules</h2>
 * See {@link io.callqueue.api.Strategy} for strategies and tie-breaks. Priority tiers: a caller
 * rings the best tier that has an available agent it has not tried this round. A failed ring
 * (no answer at the ring timeout, busy, rejected, unreachable) marks the agent tried for that caller,
 * so it is not rung again for that caller while others are available (unlike Asterisk's
 * leastrecent/fewestcalls, which re-ring the same agent); when a caller has no agent left to try,
 * it waits the retry delay, then its round starts afresh, while agents it has not tried may still
 * take it at once. Meanwhile an agent who missed it may serve the callers behind it: a phone that
 * was not answered is offered to the next caller rather than held idle for the retry (Asterisk
 * keeps it for the head caller and re-rings it after the retry delay). An agent freed serves the heaviest queue first (weight, then caller priority,
 * then arrival), considering only callers that can use it, so a heavier queue never holds an agent
 * for callers who cannot take it (Asterisk issue #1561). After an answered call the agent is in
 * wrap-up for the queue's wrap-up time.
 */
public final class CallQueueEngine implements CallQueue {
  private final EngineCore core;
  private final EngineSetup setup;
  private final EngineReadSide readSide;
  private final CallerKeys keys;
  private final SerialExecutor serial;
  private final ExecutorService ownedExecutor;
  private final ScheduledExecutorService ownedScheduler;

  private CallQueueEngine(Builder b) {
    Objects.requireNonNull(b.port, "telephony port must be set (builder.telephony(port))");
    ExecutorService ownExec = null;
    Executor exec = b.executor;
    if (exec == null) {
      ownExec = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "callqueue-engine");
        t.setDaemon(true);
        return t;
      });
      exec = ownExec;
    }
    ScheduledExecutorService ownSched = null;
    Scheduler sched = b.scheduler;
    if (sched == null) {
      ownSched = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "callqueue-timers");
        t.setDaemon(true);
        return t;
      });
      sched = new SystemScheduler(ownSched);
    }
    this.ownedExecutor = ownExec;
    this.ownedScheduler = ownSched;
    this.serial = new SerialExecutor(exec);
    Map<String, DistributionStrategy> strategies = new LinkedHashMap<>(BuiltInStrategies.all());
    strategies.putAll(b.strategies);
    Estimators estimators = Estimators.withBuiltIns();
    b.estimators.forEach(estimators::register);
    this.core = new EngineCore(b.port, sched, serial, new SplittableRandom(b.seed), strategies,
        estimators);
    this.setup = new EngineSetup(core);
    this.readSide = new EngineReadSide(core);
    this.keys = new CallerKeys(core);
    // every task (command, timer, query) ends by finishing the matching it made possible
    serial.afterEachTask(core::settle);
  }

  /** A builder; only the telephony port is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** Queues a command; the serial executor settles after it (see the constructor). */
  private void run(Runnable command) {
    serial.execute(command);
  }

  private <T> CompletionStage<T> submit(Supplier<T> command) {
    CompletableFuture<T> f = new CompletableFuture<>();
    serial.execute(() -> {
      T value;
      try {
        value = command.get();
      } catch (RuntimeException e) {
        core.settle();
        f.completeExceptionally(e);
        return;
      }
      core.settle();
      f.complete(value);
    });
    return f;
  }

  private CompletionStage<Void> submitVoid(Runnable command) {
    return submit(() -> {
      command.run();
      return null;
    });
  }

  @Override
  public CompletionStage<OfferResult> offer(CallOffer offer) {
    Objects.requireNonNull(offer, "offer");
    return submit(() -> core.offer(offer));
  }

  @Override
  public void agentAnswered(CallId call, AgentId agent) {
    run(() -> core.agentAnswered(call, agent));
  }

  @Override
  public void agentFailed(CallId call, AgentId agent, RingFailure failure) {
    Objects.requireNonNull(failure, "failure");
    run(() -> core.agentFailed(call, agent, failure));
  }

  @Override
  public void callerHungUp(CallId call) {
    run(() -> core.callerHungUp(call));
  }

  @Override
  public void callEnded(CallId call) {
    run(() -> core.callEnded(call));
  }

  @Override
  public void agentHungUp(CallId call) {
    run(() -> core.hungUp(call, HungUpBy.AGENT));
  }

  @Override
  public void customerUnreached(CallId call, RingFailure failure) {
    run(() -> keys.customerUnreached(call, failure));
  }

  @Override
  public void dtmf(CallId call, char digit) {
    run(() -> keys.dtmf(call, digit));
  }

  @Override
  public void promptFinished(CallId call) {
    run(() -> core.promptFinished(call));
  }

  @Override
  public void voicemailRecorded(CallId call, VoicemailMessage message) {
    run(() -> keys.voicemailRecorded(call, message));
  }

  @Override
  public void sipRegistered(String username) {
    run(() -> setup.sipRegistered(username));
  }

  @Override
  public void sipUnregistered(String username) {
    run(() -> setup.sipUnregistered(username));
  }

  @Override
  public CompletionStage<Void> login(AgentId agent) {
    return submitVoid(() -> setup.login(agent));
  }

  @Override
  public CompletionStage<Void> logout(AgentId agent) {
    return submitVoid(() -> setup.logout(agent));
  }

  @Override
  public CompletionStage<Void> pause(AgentId agent, String reason) {
    return submitVoid(() -> setup.pause(agent, reason));
  }

  @Override
  public CompletionStage<Void> unpause(AgentId agent) {
    return submitVoid(() -> setup.unpause(agent));
  }

  @Override
  public CompletionStage<Void> addQueue(QueueConfig config) {
    Objects.requireNonNull(config, "config");
    return submitVoid(() -> setup.addQueue(config));
  }

  @Override
  public CompletionStage<Void> updateQueue(QueueConfig config) {
    Objects.requireNonNull(config, "config");
    return submitVoid(() -> setup.updateQueue(config));
  }

  @Override
  public CompletionStage<Void> removeQueue(QueueId queue) {
    return submitVoid(() -> setup.removeQueue(queue));
  }

  @Override
  public CompletionStage<Void> addAgent(AgentConfig config) {
    Objects.requireNonNull(config, "config");
    return submitVoid(() -> setup.addAgent(config));
  }

  @Override
  public CompletionStage<Void> updateAgent(AgentConfig config) {
    Objects.requireNonNull(config, "config");
    return submitVoid(() -> setup.updateAgent(config));
  }

  @Override
  public CompletionStage<Void> removeAgent(AgentId agent) {
    return submitVoid(() -> setup.removeAgent(agent));
  }

  @Override
  public CompletionStage<Void> addMembership(Membership membership) {
    Objects.requireNonNull(membership, "membership");
    return submitVoid(() -> setup.addMembership(membership));
  }

  @Override
  public CompletionStage<Void> updateMembership(Membership membership) {
    Objects.requireNonNull(membership, "membership");
    return submitVoid(() -> setup.updateMembership(membership));
  }

  @Override
  public CompletionStage<Void> removeMembership(QueueId queue, AgentId agent) {
    return submitVoid(() -> setup.removeMembership(queue, agent));
  }

  @Override
  public CompletionStage<EngineSnapshot> snapshot() {
    return submit(readSide::snapshot);
  }

  /** An empty task on the writer thread: done when every earlier command and its settling is. */
  @Override
  public CompletionStage<Void> barrier() {
    return submit(() -> null);
  }

  @Override
  public Subscription addListener(QueueEventListener listener) {
    Objects.requireNonNull(listener, "listener");
    core.listeners.add(listener);
    return () -> core.listeners.remove(listener);
  }

  /**
   * Checks the engine's internal invariants on its thread; throws {@link IllegalStateException}
   * naming a broken one. Meant for tests and property runs.
   */
  public CompletionStage<Void> verifyInvariants() {
    return submitVoid(readSide::verifyInvariants);
  }

  /**
   * What the queue's wait-time estimator would be given about this caller now: position, callers
   * of heavier queues sharing its agents, each member's state, the queue's history. Read-only; for
   * simulators and diagnostics that score several estimators on the same caller at the same moment
   * (the engine itself builds the same input when it announces an estimate).
   *
   * <p>Unlike the other methods this one does not queue behind the engine's work: it reads the
   * state directly, so it must be called on the engine's thread — from a
   * {@link QueueEventListener} (which sees the state as of the event) or, when the engine runs on
   * a direct executor ({@link Builder#executor(Executor)} with {@code Runnable::run}), from the
   * thread that drives it, between commands. The input's history is the queue's live one, valid
   * until the engine's next event.
   *
   * @return empty when the call is not waiting in a queue
   */
  public Optional<EstimateInput> estimateInput(CallId call) {
    Objects.requireNonNull(call, "call");
    return readSide.estimateInput(call);
  }

  /** The engine's state, for tests in this package only (read on the engine thread). */
  EngineCore core() {
    return core;
  }

  @Override
  public void close() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    serial.execute(() -> {
      try {
        setup.shutdown();
      } finally {
        done.complete(null);
      }
    });
    if (ownedExecutor != null) {
      try {
        done.get(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        // shutting down anyway
      }
      ownedExecutor.shutdown();
    }
    if (ownedScheduler != null) {
      ownedScheduler.shutdownNow();
    }
  }

  /** Builds a {@link CallQueueEngine}. */
  public static final class Builder {
    private TelephonyPort port;
    private Scheduler scheduler;
    private Executor executor;
    private long seed = 0x5EED_CA11L;
    private final Map<String, DistributionStrategy> strategies = new LinkedHashMap<>();
    private final java.util.List<WaitTimeEstimator> estimators = new java.util.ArrayList<>();

    private Builder() {}

    /** The adapter the engine drives (required). */
    public Builder telephony(TelephonyPort port) {
      this.port = port;
      return this;
    }

    /**
     * The timer source and, through {@link Scheduler#clock()}, the engine's clock; default a
     * real-time scheduler thread owned by the engine, on the system UTC clock.
     */
    public Builder scheduler(Scheduler scheduler) {
      this.scheduler = scheduler;
      return this;
    }

    /**
     * Where the engine's serial tasks run; default one daemon thread owned by the engine. Tests
     * pass {@code Runnable::run} to run the engine on the calling thread.
     */
    public Builder executor(Executor executor) {
      this.executor = executor;
      return this;
    }

    /** The seed of the engine's random source (strategy {@code random}). */
    public Builder randomSeed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Registers a custom distribution strategy under its name. */
    public Builder strategy(DistributionStrategy strategy) {
      Objects.requireNonNull(strategy, "strategy");
      strategies.put(strategy.name(), strategy);
      return this;
    }

    /** Registers a custom wait-time estimator under its name (capability 13). */
    public Builder estimator(WaitTimeEstimator estimator) {
      Objects.requireNonNull(estimator, "estimator");
      estimators.add(estimator);
      return this;
    }

    public CallQueueEngine build() {
      return new CallQueueEngine(this);
    }
  }
}
