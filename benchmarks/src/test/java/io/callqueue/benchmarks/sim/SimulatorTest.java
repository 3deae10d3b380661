package io.callqueue.benchmarks.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.callqueue.api.CallId;
import io.callqueue.api.QueueEvent;
import io.callqueue.api.QueueId;
import io.callqueue.core.records.CallRecorder;
import io.callqueue.core.records.CallStatistics;
import io.callqueue.core.records.InMemoryCallRecordStore;
import io.callqueue.core.records.QueueStats;
import io.callqueue.core.records.StatisticsReport;
import io.callqueue.testkit.ManualScheduler;
import io.callqueue.testkit.tier.SlowTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The simulator's mechanics: determinism, exact waits, statistics, estimates, queues. */
@SlowTest
class SimulatorTest {

  private static Scenario.Builder small() {
    return Scenario.builder().agents(5).arrivalsPerHour(90).handleTime(Distribution
        .exponential(180)).calls(5_000).seed(11);
  }

  @Test
  void sameSeed_givesTheSameRun_toTheLastDigit() {
    Scenario s = small().patience(Distribution.exponential(120)).ringDelay(Distribution
        .exponential(4)).noAnswerProbability(0.2).wrapUp(Duration.ofSeconds(10))
        .queues(List.of(QueueSpec.parse("--queue", "sales,weight=2,share=0.3,agents=1-3"),
            QueueSpec.parse("--queue", "support,share=0.7,agents=3-5+1-2@1")))
        .build();
    SimResult a = Simulator.run(s);
    SimResult b = Simulator.run(s);
    assertThat(a.toJson(false)).isEqualTo(b.toJson(false));
    assertThat(a.anomalies()).isZero();
    assertThat(Simulator.run(s.toBuilder().seed(12).build()).toJson(false))
        .isNotEqualTo(a.toJson(false));
  }

  @Test
  void differentStrategies_sameSeed_offerTheSameCalls() {
    SimResult ringAll = Simulator.run(small().strategy("ringall").build());
    SimResult leastRecent = Simulator.run(small().strategy("leastrecent").build());
    assertThat(leastRecent.total().offered()).isEqualTo(ringAll.total().offered());
    assertThat(leastRecent.realizedArrivalsPerHour()).isEqualTo(ringAll.realizedArrivalsPerHour());
    assertThat(leastRecent.realizedHandleSeconds()).isEqualTo(ringAll.realizedHandleSeconds());
  }

  /**
   * With agents answering at once, no abandonment and identical agents, a FCFS multi-server queue's
   * waits follow from the arrival and handle times alone, whichever agent takes each call: the
   * Kiefer-Wolfowitz recursion (the next caller starts at max(its arrival, the earliest time an
   * agent is free)). The engine must reproduce it for every caller to the millisecond, for every
   * strategy, with or without wrap-up and for any handle-time distribution.
   */
  @ParameterizedTest
  @CsvSource({
      "ringall, 0, exp:180s",
      "linear, 0, lognormal:180s:300s",
      "leastrecent, 10, exp:180s",
      "fewestcalls, 0, lognormal:120s:60s",
      "leasttalktime, 5, exp:180s",
      "random, 0, exp:180s",
      "rrmemory, 20, const:150s",
  })
  void waits_matchTheMultiServerFcfsRecursion_exactly(String strategy, int wrapUp,
      String handle) {
    Map<CallId, long[]> byCall = new HashMap<>();
    List<long[]> calls = new ArrayList<>();
    Distribution talk = Distribution.parse("handle", handle);
    double perHour = 0.85 * 6 * 3600 / (talk.mean() + wrapUp);
    Scenario s = Scenario.builder().agents(6).arrivalsPerHour(perHour).strategy(strategy)
        .handleTime(talk).wrapUp(Duration.ofSeconds(wrapUp))
        .calls(20_000).seed(5).estimators(List.of("queue-length")).build();
    SimResult r = Simulator.run(s, e -> {
      if (e instanceof QueueEvent.CallerJoined j) {
        long[] row = {j.at().toEpochMilli(), -1, -1};
        byCall.put(j.call(), row);
        calls.add(row);
      } else if (e instanceof QueueEvent.CallerLeft l) {
        byCall.get(l.call())[1] = l.waited().toMillis();
      } else if (e instanceof QueueEvent.CallCompleted c) {
        byCall.get(c.call())[2] = c.talkTime().toMillis();
      }
    });
    PriorityQueue<Long> free = new PriorityQueue<>();
    for (int i = 0; i < s.agents(); i++) {
      free.add(Long.MIN_VALUE);
    }
    int mismatches = 0;
    for (long[] c : calls) {
      long start = Math.max(c[0], free.poll());
      free.add(start + c[2] + wrapUp * 1000L);
      if (start - c[0] != c[1]) {
        mismatches++;
      }
    }
    assertThat(calls).hasSize(20_000);
    assertThat(r.total().probabilityOfWait()).as("the queue is busy enough to matter")
        .isGreaterThan(0.25);
    assertThat(mismatches).isZero();
  }

  @Test
  void statistics_equalTheEnginesOwnCallStatistics() {
    InMemoryCallRecordStore store = new InMemoryCallRecordStore();
    CallRecorder recorder = CallRecorder.builder(store, new ManualScheduler())
        .executor(Runnable::run).build();
    Scenario s = small().patience(Distribution.exponential(200)).arrivalsPerHour(110)
        .ringDelay(Distribution.exponential(3)).build();
    SimResult r = Simulator.run(s, recorder);
    recorder.flush();
    QueueId q = QueueId.of("queue");
    StatisticsReport report = new CallStatistics(Map.of(q, Duration.ofSeconds(20)))
        .report(store.all(), Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z"));
    QueueStats stats = report.queues().get(q);
    SimResult.Outcomes o = r.total();
    assertThat(o.offered()).isEqualTo(stats.offered()).isEqualTo(5_000);
    assertThat(o.answered()).isEqualTo(stats.answered());
    assertThat(o.abandoned()).isEqualTo(stats.abandoned()).isPositive();
    assertThat(o.serviceLevel()).isEqualTo(stats.serviceLevel().getAsDouble());
    assertThat(o.abandonmentRate()).isEqualTo(stats.abandonmentRate().getAsDouble());
    assertThat(o.meanWaitSeconds())
        .isCloseTo(stats.averageWait().orElseThrow().toNanos() / 1e9, within(1e-6));
    assertThat(o.averageSpeedOfAnswerSeconds())
        .isCloseTo(stats.averageAnswerWait().orElseThrow().toNanos() / 1e9, within(1e-6));
    assertThat(o.waitPercentiles().max()).isEqualTo(stats.maxWait().toMillis() / 1000.0);
  }

  @Test
  void warmUp_leavesTheFirstCallsOut() {
    SimResult r = Simulator.run(small().warmUpCalls(1_000).build());
    assertThat(r.total().offered()).isEqualTo(4_000);
  }

  @Test
  void duration_stopsTheArrivals() {
    SimResult r = Simulator.run(small().arrivalsPerHour(180).duration(Duration.ofHours(100))
        .build());
    // Poisson(18 000): sd 134; 4 sd
    assertThat(r.total().offered()).isBetween(17_464L, 18_536L);
    assertThat(r.measuredSeconds()).isEqualTo(360_000);
  }

  @Test
  void warmUpLongerThanTheArrivals_measuresNothing_withoutFailing() {
    SimResult r = Simulator.run(small().duration(Duration.ofHours(1)).warmUpCalls(10_000)
        .build());
    assertThat(r.total().offered()).isZero();
    assertThat(r.occupancy()).isNaN();
    assertThat(r.total().meanWaitSeconds()).isNaN();
  }

  /**
   * Estimates announced by the engine itself (its queue's estimator, every 20 s while waiting)
   * must be reproduced to the millisecond from the simulator's own input, in a busy scenario with
   * two queues of different weights sharing agents, membership tiers, wrap-up, ring delay,
   * unanswered rings and abandonment: this proves the input every estimator is scored on is the
   * engine's.
   */
  @ParameterizedTest
  @ValueSource(strings = {"default", "asterisk-ema", "queue-length", "erlang-a"})
  void engineAnnouncedEstimates_areReproducedFromTheSimulatorsInput(String estimator) {
    List<String> estimators = new ArrayList<>(Scenario.ALL_ESTIMATORS);
    estimators.remove(estimator);
    estimators.add(0, estimator);
    Scenario s = Scenario.builder().agents(6).arrivalsPerHour(130)
        .handleTime(Distribution.lognormal(150, 120)).patience(Distribution.exponential(300))
        .wrapUp(Duration.ofSeconds(15)).ringDelay(Distribution.exponential(4))
        .noAnswerProbability(0.1).strategy("leastrecent")
        .queues(List.of(QueueSpec.parse("--queue", "sales,weight=3,share=0.4,agents=1-4"),
            QueueSpec.parse("--queue", "support,weight=1,share=0.6,agents=3-6+1-2@1")))
        .announceEvery(java.util.Optional.of(Duration.ofSeconds(20)))
        .estimators(estimators).calls(4_000).seed(3).build();
    SimResult r = Simulator.run(s);
    assertThat(r.engineEstimates()).isGreaterThan(1_000);
    assertThat(r.engineEstimateMismatches()).isZero();
    assertThat(r.anomalies()).isZero();
  }

  @Test
  void heavierQueue_sharingTheAgents_waitsLess() {
    SimResult r = Simulator.run(small().agents(6).arrivalsPerHour(110).calls(10_000)
        .queues(List.of(QueueSpec.parse("--queue", "vip,weight=5"),
            QueueSpec.parse("--queue", "rest,weight=0"))).build());
    assertThat(r.queues().get("vip").meanWaitSeconds())
        .isLessThan(r.queues().get("rest").meanWaitSeconds() / 3);
  }

  @Test
  void betterMembershipTier_takesMoreOfTheCalls() {
    SimResult r = Simulator.run(small().arrivalsPerHour(40).strategy("leastrecent")
        .queues(List.of(QueueSpec.parse("--queue", "q,agents=1-2+3-5@1"))).build());
    Map<String, Double> occ = r.occupancyPerAgent();
    assertThat(occ.get("a1")).isGreaterThan(2 * occ.get("a3"));
    assertThat(occ.get("a2")).isGreaterThan(2 * occ.get("a5"));
  }

  @Test
  void unansweredRings_areRetried_andEveryCallerIsStillAnswered() {
    SimResult r = Simulator.run(small().noAnswerProbability(0.3)
        .ringDelay(Distribution.constant(2)).ringTimeout(Duration.ofSeconds(10)).build());
    assertThat(r.total().answered()).isEqualTo(r.total().offered());
    assertThat(r.total().probabilityOfWait()).isEqualTo(1.0);
    assertThat(r.anomalies()).isZero();
  }

  @Test
  void withoutAbandonment_erlangAEstimatesEqualQueueLengths() {
    SimResult r = Simulator.run(small().calls(20_000).arrivalsPerHour(95).build());
    SimResult.EstimatorError ql = r.estimators().get("queue-length");
    SimResult.EstimatorError ea = r.estimators().get("erlang-a");
    assertThat(ql.count()).isGreaterThan(5_000);
    // (n+1)/(s/h) and (n+1)h/s round to the same millisecond but for floating-point ties
    assertThat(ea.count()).isEqualTo(ql.count());
    assertThat(ea.rmse()).isCloseTo(ql.rmse(), within(1e-3));
    assertThat(ea.mae()).isCloseTo(ql.mae(), within(1e-3));
    assertThat(ea.bias()).isCloseTo(ql.bias(), within(1e-3));
  }

  /**
   * In M/M/s with every agent busy, the queue-length estimator (n+1)/(sμ) is the exact conditional
   * mean of the wait (Ibrahim &amp; Whitt 2009), so scored at joining it is unbiased up to the
   * error of μ̂ from the 1-hour history (about 30 calls: a few percent), and its RMSE is the
   * conditional standard deviation sqrt(E[n+1])/(sμ), about 1/sqrt(E[n+1]) of the mean wait.
   */
  @Test
  void queueLength_inMms_isNearlyUnbiased() {
    SimResult r = Simulator.run(small().calls(60_000).arrivalsPerHour(95)
        .estimators(List.of("queue-length")).historyWindow(Duration.ofHours(8)).build());
    SimResult.EstimatorError ql = r.estimators().get("queue-length");
    assertThat(Math.abs(ql.bias())).isLessThan(0.05 * ql.meanActualSeconds());
    assertThat(r.censoredEstimates()).isZero();
    assertThat(r.estimatorsByPosition()).containsKeys("1", "2-3", "4-7");
  }

  @Test
  void reestimating_isScoredApart_andLeavesTheAtJoiningFiguresAlone() {
    SimResult once = Simulator.run(small().arrivalsPerHour(95).build());
    SimResult every = Simulator.run(small().arrivalsPerHour(95)
        .estimateEvery(java.util.Optional.of(Duration.ofSeconds(30))).build());
    assertThat(once.periodicMoments()).isZero();
    assertThat(every.periodicMoments()).isGreaterThan(once.estimateMoments() / 2);
    assertThat(every.estimatorsPeriodic().get("queue-length").count()).isPositive();
    assertThat(every.estimateMoments()).isEqualTo(once.estimateMoments());
    assertThat(every.estimators()).isEqualTo(once.estimators());
    assertThat(every.total()).isEqualTo(once.total());
  }

  /**
   * A repeated estimate is scored against the wait still to come, not the whole wait. In M/M/s
   * the queue-length estimate is the conditional mean of the remaining wait whatever the caller
   * has waited (memoryless service), so re-estimated every 60 s it stays unbiased up to the error
   * of μ̂; scored against the whole wait it would be too short by at least the 60 s every
   * re-estimated caller has already waited.
   */
  @Test
  void periodicEstimates_areScoredAgainstTheRemainingWait() {
    SimResult r = Simulator.run(small().arrivalsPerHour(95).calls(30_000)
        .historyWindow(Duration.ofHours(8))
        .estimateEvery(java.util.Optional.of(Duration.ofSeconds(60))).build());
    SimResult.EstimatorError periodic = r.estimatorsPeriodic().get("queue-length");
    assertThat(periodic.count()).isGreaterThan(10_000);
    assertThat(Math.abs(periodic.bias())).isLessThan(0.05 * periodic.meanActualSeconds())
        .isLessThan(30);
    assertThat(r.periodicCensored()).isZero();
  }

  @Test
  void everyOfferedCall_endsWithOneOutcome() {
    SimResult r = Simulator.run(small().patience(Distribution.exponential(60)).arrivalsPerHour(150)
        .build());
    SimResult.Outcomes o = r.total();
    assertThat(o.answered() + o.abandoned() + o.timedOut() + o.notQueued() + o.otherOutcomes())
        .isEqualTo(o.offered());
    assertThat(o.abandonmentRate()).isEqualTo((double) o.abandoned() / o.offered());
    assertThat(r.total().waitPercentiles().p50()).isLessThanOrEqualTo(r.total().waitPercentiles()
        .p90());
  }
}
