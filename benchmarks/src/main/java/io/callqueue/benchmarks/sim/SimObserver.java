package io.callqueue.benchmarks.sim;

import io.callqueue.api.QueueEvent;
import io.callqueue.api.QueueEventListener;
import io.callqueue.benchmarks.sim.EngineMirror.AgentTrack;
import io.callqueue.benchmarks.sim.EngineMirror.CallTrack;
import io.callqueue.core.CallQueueEngine;
import io.callqueue.core.estimate.Estimators;
import io.callqueue.spi.EstimateInput;
import io.callqueue.testkit.ManualScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Listens to the engine during a run: keeps the {@link EngineMirror} in step, tallies the outcomes
 * of measured calls, and asks every estimator about each measured caller who joins without an idle
 * agent in its queue (and, with {@link Scenario#estimateEvery()}, again while it waits), with the
 * input the engine itself gives its estimator ({@link CallQueueEngine#estimateInput}). When the
 * engine announces its own estimate, the same estimator on that input must give the same value;
 * mismatches are counted (and the first few kept) as evidence that the input the simulator scores
 * is not the one the engine announces from.
 *
 * <p>Runs on the engine's thread (the simulator's only thread; the engine runs on a direct
 * executor).
 */
final class SimObserver implements QueueEventListener {
  private final CallQueueEngine engine;
  private final EngineMirror mirror;
  private final EstimateBench bench;
  private final Tally[] tallies;
  private final ManualScheduler scheduler;
  private final Optional<Duration> estimateEvery;
  private final Estimators registry = Estimators.withBuiltIns();
  private boolean measuring;
  private long engineEstimates;
  private long mismatches;
  private final List<String> mismatchSamples = new ArrayList<>();
  private final ByEvent byEvent = new ByEvent();
  private long windowStartMillis = Long.MIN_VALUE;
  private long windowEndMillis = Long.MIN_VALUE;
  private long[] busyAtStart;
  private long[] busyAtEnd;

  SimObserver(CallQueueEngine engine, EngineMirror mirror, EstimateBench bench,
      long thresholdMillis, ManualScheduler scheduler, Optional<Duration> estimateEvery) {
    this.engine = engine;
    this.mirror = mirror;
    this.bench = bench;
    this.scheduler = scheduler;
    this.estimateEvery = estimateEvery;
    this.tallies = new Tally[mirror.queues.size()];
    for (int i = 0; i < tallies.length; i++) {
      tallies[i] = new Tally(thresholdMillis);
    }
  }

  /** Whether the calls offered from now on count in the statistics. */
  void measuring(boolean on) {
    this.measuring = on;
  }

  /** Starts the span over which occupancy is measured. */
  void windowStart(long nowMillis) {
    windowStartMillis = nowMillis;
    busyAtStart = busy(nowMillis);
  }

  /** Ends the span over which occupancy is measured. */
  void windowEnd(long nowMillis) {
    windowEndMillis = nowMillis;
    busyAtEnd = busy(nowMillis);
  }

  private long[] busy(long nowMillis) {
    long[] b = new long[mirror.agents.size()];
    for (int i = 0; i < b.length; i++) {
      b[i] = mirror.agents.get(i).busyUntil(nowMillis);
    }
    return b;
  }

  @Override
  public void onEvent(QueueEvent event) {
    event.accept(byEvent);
  }

  /**
   * One method per event: a new event does not compile until the simulator decides. Rings,
   * completed calls, prompts, callbacks and voicemail change nothing the statistics see (the
   * engine feeds its own history).
   */
  private final class ByEvent implements QueueEvent.Visitor {
    @Override
    public void agentStateChanged(QueueEvent.AgentStateChanged s) {
      mirror.onStateChanged(s);
    }

    @Override
    public void callerJoined(QueueEvent.CallerJoined j) {
      joined(j);
    }

    @Override
    public void callerLeft(QueueEvent.CallerLeft l) {
      left(l);
    }

    @Override
    public void waitEstimated(QueueEvent.WaitEstimated w) {
      checkEngineEstimate(w);
    }

    @Override
    public void agentRung(QueueEvent.AgentRung e) {
      // the mirror follows agents through their state changes
    }

    @Override
    public void agentRingEnded(QueueEvent.AgentRingEnded e) {
      // the mirror follows agents through their state changes
    }

    @Override
    public void retryScheduled(QueueEvent.RetryScheduled e) {
      // not in the statistics
    }

    @Override
    public void callCompleted(QueueEvent.CallCompleted e) {
      // occupancy comes from the agents' state changes
    }

    @Override
    public void promptPlayed(QueueEvent.PromptPlayed e) {
      // not in the statistics
    }

    @Override
    public void callbackRequested(QueueEvent.CallbackRequested e) {
      // tallied by its CallerLeft(CALLBACK)
    }

    @Override
    public void callbackUnreached(QueueEvent.CallbackUnreached e) {
      // the simulated customers are always reached: never emitted in a simulation
    }

    @Override
    public void callbackStarted(QueueEvent.CallbackStarted e) {
      // not in the statistics
    }

    @Override
    public void voicemailLeft(QueueEvent.VoicemailLeft e) {
      // tallied by its CallerLeft(VOICEMAIL)
    }
  }

  private void joined(QueueEvent.CallerJoined j) {
    CallTrack c = mirror.onJoined(j, measuring);
    if (!c.measured) {
      return;
    }
    if (EngineMirror.idleMembers(c.queue) == 0) {
      estimate(EstimateBench.Moment.JOIN, c);
    }
    estimateEvery.ifPresent(d -> scheduleReestimate(c, d));
  }

  private void scheduleReestimate(CallTrack c, Duration every) {
    c.reestimate = scheduler.schedule(every, () -> {
      if (c.queue.waiting.get(c.id) != c) {
        return;
      }
      if (EngineMirror.idleMembers(c.queue) == 0) {
        estimate(EstimateBench.Moment.PERIODIC, c);
      }
      scheduleReestimate(c, every);
    });
  }

  private void estimate(EstimateBench.Moment moment, CallTrack c) {
    EstimateInput in = engine.estimateInput(c.id).orElseThrow(() -> new IllegalStateException(
        "the engine has no input for " + c.id + ", which waits in " + c.queue.id));
    bench.estimate(moment, c.id, c.queue.id, in);
  }

  private void left(QueueEvent.CallerLeft l) {
    CallTrack c = mirror.onLeft(l);
    boolean measured = c == null ? measuring : c.measured;
    if (c != null && c.reestimate != null) {
      c.reestimate.cancel();
    }
    if (measured) {
      EngineMirror.QueueTrack q = mirror.queuesById.get(l.queue());
      if (q != null) {
        tallies[q.index].add(l.outcome(), l.waited().toMillis());
      }
    }
    bench.left(l);
  }

  private void checkEngineEstimate(QueueEvent.WaitEstimated w) {
    engineEstimates++;
    EngineMirror.QueueTrack q = mirror.queuesById.get(w.queue());
    CallTrack c = q == null ? null : q.waiting.get(w.call());
    if (c == null) {
      mismatch("engine estimated for " + w.call() + ", which the mirror has not waiting");
      return;
    }
    Optional<EstimateInput> in = engine.estimateInput(c.id);
    Optional<Duration> mine = in.flatMap(registry.get(w.estimator())::estimate);
    if (mine.isEmpty() || !mine.get().equals(w.estimate())) {
      mismatch("at " + w.at() + " " + w.call() + " in " + w.queue() + ": engine " + w.estimator()
          + " said " + w.estimate() + ", the input it exposes gives " + mine + " from " + in);
    }
  }

  private void mismatch(String what) {
    mismatches++;
    if (mismatchSamples.size() < 5) {
      mismatchSamples.add(what);
    }
  }

  long engineEstimates() {
    return engineEstimates;
  }

  long mismatches() {
    return mismatches;
  }

  List<String> mismatchSamples() {
    return List.copyOf(mismatchSamples);
  }

  Tally[] tallies() {
    return tallies;
  }

  /** Occupancy per agent over the window, in agent order. */
  double[] occupancy() {
    double[] occ = new double[mirror.agents.size()];
    if (busyAtStart == null || busyAtEnd == null) {
      java.util.Arrays.fill(occ, Double.NaN);
      return occ;
    }
    double span = windowEndMillis - windowStartMillis;
    for (int i = 0; i < occ.length; i++) {
      occ[i] = span > 0 ? (busyAtEnd[i] - busyAtStart[i]) / span : Double.NaN;
    }
    return occ;
  }

  double windowSeconds() {
    return busyAtStart == null || busyAtEnd == null ? 0
        : (windowEndMillis - windowStartMillis) / 1000.0;
  }

  List<AgentTrack> agents() {
    return mirror.agents;
  }
}
