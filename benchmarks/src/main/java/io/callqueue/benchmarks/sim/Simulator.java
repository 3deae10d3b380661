package io.callqueue.benchmarks.sim;

import io.callqueue.api.AgentConfig;
import io.callqueue.api.AgentId;
import io.callqueue.api.CallId;
import io.callqueue.api.CallOffer;
import io.callqueue.api.EstimateAnnouncement;
import io.callqueue.api.Membership;
import io.callqueue.api.QueueConfig;
import io.callqueue.api.QueueEventListener;
import io.callqueue.api.QueueId;
import static io.callqueue.benchmarks.sim.EstimateBench.Moment.JOIN;
import static io.callqueue.benchmarks.sim.EstimateBench.Moment.PERIODIC;

import io.callqueue.benchmarks.sim.EngineMirror.AgentTrack;
import io.callqueue.benchmarks.sim.EngineMirror.QueueTrack;
import io.callqueue.core.CallQueueEngine;
import io.callqueue.testkit.ManualScheduler;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link Scenario} against the real engine in virtual time and measures it.
 *
 * <p><b>Design.</b> A discrete-event simulation on one {@link ManualScheduler}: the engine (built
 * with a direct executor, the scheduler and its clock), a light simulated phone network
 * ({@link SimPort}) and the call arrivals all schedule their events there, and
 * {@code runUntilIdle} plays them in time order until the last call has ended. Each arrival draws
 * its queue, talk time and patience at once, from streams of its own, split from the seed: the
 * arrivals, handle times, patience and ring behaviour each have a stream, so the call population is
 * the same whatever the strategy or estimators (common random numbers), and the same seed gives
 * the same run. Statistics come from the engine's events ({@link SimObserver}); the first
 * {@link Scenario#warmUpCalls()} calls are left out.
 *
 * <p><b>Estimates.</b> Every estimator in {@link Scenario#estimators()} is asked about the same
 * caller at the same moment with the same input, the one the engine would give its own estimator
 * ({@link CallQueueEngine#estimateInput}): when a measured caller joins and no member of its queue
 * is idle (the callers who will have to queue and would hear an estimate; one who finds an idle
 * agent is rung at once), and optionally every {@link Scenario#estimateEvery()} while it waits,
 * like the periodic announcements callers hear. The error is scored by the engine's
 * {@code EstimateLog} against the time until that caller was answered, the two moments apart.
 *
 * <p><b>Cost.</b> The engine's O(log n) work per event plus O(s) per estimate; memory O(calls)
 * for the wait percentiles.
 */
public final class Simulator {
  private static final Logger log = LoggerFactory.getLogger(Simulator.class);

  private Simulator() {}

  /** Runs the scenario and returns what it measured. */
  public static SimResult run(Scenario s) {
    return run(s, e -> { });
  }

  /**
   * Runs the scenario with one more listener on the engine (registered before the first event),
   * e.g. a call recorder to compare statistics with.
   */
  static SimResult run(Scenario s, QueueEventListener extra) {
    long wallStart = System.nanoTime();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    boolean cpu = threads.isCurrentThreadCpuTimeSupported();
    long cpuStart = cpu ? threads.getCurrentThreadCpuTime() : 0;
    ManualScheduler scheduler = new ManualScheduler();
    long startMillis = scheduler.now().toEpochMilli();
    SplittableRandom root = new SplittableRandom(s.seed());
    SplittableRandom arrivalRandom = root.split();
    SplittableRandom handleRandom = root.split();
    SplittableRandom patienceRandom = root.split();
    SplittableRandom ringRandom = root.split();

    SimPort port = new SimPort(scheduler, ringRandom, s.ringDelay(), s.noAnswerProbability());
    CallQueueEngine engine = CallQueueEngine.builder().telephony(port)
        .scheduler(scheduler).executor(Runnable::run).randomSeed(s.seed()).build();
    port.attach(engine);

    EngineMirror mirror = new EngineMirror();
    List<QueueId> queueIds = new ArrayList<>();
    for (QueueSpec q : s.queues()) {
      QueueId id = QueueId.of(q.name());
      queueIds.add(id);
      mirror.addQueue(id);
    }
    List<AgentId> agentIds = new ArrayList<>();
    for (int n = 1; n <= s.agents(); n++) {
      AgentId id = AgentId.of("a" + n);
      agentIds.add(id);
      mirror.addAgent(id);
    }
    for (int qi = 0; qi < s.queues().size(); qi++) {
      for (int n = 1; n <= s.agents(); n++) {
        if (s.queues().get(qi).priorityOf(n) >= 0) {
          mirror.addMember(mirror.queues.get(qi), mirror.agents.get(n - 1));
        }
      }
    }
    EstimateBench bench = new EstimateBench(s.estimators());
    SimObserver observer = new SimObserver(engine, mirror, bench,
        s.serviceLevelThreshold().toMillis(), scheduler, s.estimateEvery());
    engine.addListener(observer);
    engine.addListener(extra);

    for (int qi = 0; qi < s.queues().size(); qi++) {
      engine.addQueue(queueConfig(s, s.queues().get(qi))).toCompletableFuture().join();
    }
    for (int n = 1; n <= s.agents(); n++) {
      AgentId id = agentIds.get(n - 1);
      engine.addAgent(AgentConfig.external(id.value(), String.format("+1%010d", n)))
          .toCompletableFuture().join();
      for (int qi = 0; qi < s.queues().size(); qi++) {
        int priority = s.queues().get(qi).priorityOf(n);
        if (priority >= 0) {
          engine.addMembership(new Membership(queueIds.get(qi), id, priority))
              .toCompletableFuture().join();
        }
      }
      engine.login(id).toCompletableFuture().join();
    }

    Arrivals arrivals = new Arrivals(s, scheduler, engine, port, observer, queueIds,
        arrivalRandom, handleRandom, patienceRandom, startMillis);
    if (s.warmUpCalls() == 0) {
      observer.windowStart(startMillis);
    }
    arrivals.scheduleFirst();
    s.duration().ifPresent(d -> scheduler.schedule(d, () -> {
      if (arrivals.windowStarted) {
        observer.windowEnd(scheduler.now().toEpochMilli());
      }
    }));
    scheduler.runUntilIdle(Duration.ofDays(365L * 1000));

    engine.verifyInvariants().toCompletableFuture().join();
    long simulatedMillis = scheduler.now().toEpochMilli() - startMillis;
    if (port.liveCalls() != 0) {
      throw new IllegalStateException("bug: " + port.liveCalls() + " calls still live after the run");
    }
    engine.close();
    if (observer.mismatches() > 0) {
      log.warn("{} of {} engine estimates could not be reproduced from the events, e.g. {}",
          observer.mismatches(), observer.engineEstimates(), observer.mismatchSamples());
    }

    Tally[] tallies = observer.tallies();
    Tally total = new Tally(s.serviceLevelThreshold().toMillis());
    Map<String, SimResult.Outcomes> perQueue = new LinkedHashMap<>();
    for (QueueTrack q : mirror.queues) {
      perQueue.put(q.id.value(), tallies[q.index].result());
      total.addAll(tallies[q.index]);
    }
    double[] occ = observer.occupancy();
    Map<String, Double> perAgent = new LinkedHashMap<>();
    double sum = 0;
    List<AgentTrack> agents = observer.agents();
    for (int i = 0; i < occ.length; i++) {
      perAgent.put(agents.get(i).name, occ[i]);
      sum += occ[i];
    }
    double wall = (System.nanoTime() - wallStart) / 1e9;
    double cpuSeconds = cpu ? (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9 : Double.NaN;
    double window = observer.windowSeconds();
    SimResult.Outcomes outcomes = total.result();
    return new SimResult(s, outcomes, perQueue, sum / occ.length, perAgent,
        bench.overall(JOIN), bench.byPosition(JOIN), bench.moments(JOIN), bench.censored(JOIN),
        bench.overall(PERIODIC), bench.byPosition(PERIODIC), bench.moments(PERIODIC),
        bench.censored(PERIODIC),
        observer.engineEstimates(), observer.mismatches(), port.anomalies(),
        window > 0 ? outcomes.offered() * 3600 / window : Double.NaN,
        arrivals.measuredCalls == 0 ? Double.NaN
            : arrivals.measuredTalkMillis / 1000.0 / arrivals.measuredCalls,
        simulatedMillis / 1000.0, window, wall, cpuSeconds);
  }

  /** The engine configuration of one simulated queue. */
  static QueueConfig queueConfig(Scenario s, QueueSpec q) {
    boolean announce = s.announceEvery().isPresent();
    Duration every = s.announceEvery().orElse(Duration.ofSeconds(45));
    return QueueConfig.builder(q.name())
        .strategy(s.strategy())
        .ringTimeout(s.ringTimeout())
        .retryDelay(s.retryDelay())
        .wrapUpTime(s.wrapUpOf(q))
        .weight(q.weight())
        .serviceLevelThreshold(s.serviceLevelThreshold())
        .announcePosition(announce)
        .positionFirstAfter(every)
        .positionEvery(every)
        .announceOnImprovement(false)
        .announceMinGap(Duration.ZERO)
        .estimateAnnouncement(announce ? EstimateAnnouncement.EVERY_TIME : EstimateAnnouncement.OFF)
        .estimator(s.estimators().get(0))
        .historyWindow(s.historyWindow())
        .voicemailKey(null)
        .callbackKey(null)
        .build();
  }

  /** The arrival process: each arrival offers one call and schedules the next. */
  private static final class Arrivals implements Runnable {
    private final Scenario s;
    private final ManualScheduler scheduler;
    private final CallQueueEngine engine;
    private final SimPort port;
    private final SimObserver observer;
    private final List<QueueId> queueIds;
    private final SplittableRandom random;
    private final double[] cumulativeShare;
    private final DoubleSupplier[] handle;
    private final DoubleSupplier[] patience;
    private final long startMillis;
    private final double durationSeconds;
    private long seq;
    private double nextSeconds;
    boolean windowStarted;
    long measuredCalls;
    long measuredTalkMillis;

    Arrivals(Scenario s, ManualScheduler scheduler, CallQueueEngine engine, SimPort port,
        SimObserver observer, List<QueueId> queueIds, SplittableRandom arrivalRandom,
        SplittableRandom handleRandom, SplittableRandom patienceRandom, long startMillis) {
      this.s = s;
      this.scheduler = scheduler;
      this.engine = engine;
      this.port = port;
      this.observer = observer;
      this.queueIds = queueIds;
      this.random = arrivalRandom;
      this.startMillis = startMillis;
      this.durationSeconds = s.duration().map(d -> d.toMillis() / 1000.0)
          .orElse(Double.POSITIVE_INFINITY);
      double[] shares = s.normalisedShares();
      cumulativeShare = new double[shares.length];
      double c = 0;
      for (int i = 0; i < shares.length; i++) {
        c += shares[i];
        cumulativeShare[i] = c;
      }
      cumulativeShare[shares.length - 1] = 1;
      int n = s.queues().size();
      handle = new DoubleSupplier[n];
      patience = new DoubleSupplier[n];
      Map<Distribution, DoubleSupplier> handleSamplers = new IdentityHashMap<>();
      Map<Distribution, DoubleSupplier> patienceSamplers = new IdentityHashMap<>();
      for (int i = 0; i < n; i++) {
        QueueSpec q = s.queues().get(i);
        handle[i] = handleSamplers.computeIfAbsent(s.handleTimeOf(q),
            d -> d.sampler(handleRandom));
        patience[i] = s.patienceOf(q).map(d -> patienceSamplers.computeIfAbsent(d,
            x -> x.sampler(patienceRandom))).orElse(null);
      }
      windowStarted = s.warmUpCalls() == 0;
    }

    void scheduleFirst() {
      nextSeconds = s.arrivals().next(0, random);
      scheduleNext();
    }

    private void scheduleNext() {
      long due = startMillis + Math.round(nextSeconds * 1000);
      scheduler.schedule(Duration.ofMillis(Math.max(0, due - scheduler.now().toEpochMilli())),
          this);
    }

    private boolean more() {
      return s.duration().isPresent() ? nextSeconds <= durationSeconds : seq < s.calls();
    }

    @Override
    public void run() {
      long now = scheduler.now().toEpochMilli();
      if (!more()) {
        return;
      }
      long n = seq++;
      if (n == s.warmUpCalls() && n > 0) {
        observer.windowStart(now);
        windowStarted = true;
      }
      double u = random.nextDouble();
      int qi = 0;
      while (u >= cumulativeShare[qi]) {
        qi++;
      }
      long talk = Math.round(handle[qi].getAsDouble() * 1000);
      long patienceMillis = patience[qi] == null ? -1
          : Math.round(patience[qi].getAsDouble() * 1000);
      if (n >= s.warmUpCalls()) {
        measuredCalls++;
        measuredTalkMillis += talk;
      }
      CallId id = CallId.of("c" + n);
      port.arrive(id, talk, patienceMillis);
      observer.measuring(n >= s.warmUpCalls());
      engine.offer(CallOffer.of(id, queueIds.get(qi), ""));
      nextSeconds = s.arrivals().next(nextSeconds, random);
      if (more()) {
        scheduleNext();
      } else if (s.duration().isEmpty() && windowStarted) {
        observer.windowEnd(now);
      }
    }
  }
}
