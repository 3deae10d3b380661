package io.callqueue.benchmarks.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The scan baseline must make the engine's decisions, or the benchmark would compare different
 * work: on the same topology and inputs both routers choose the same callers and agents, for every
 * deterministic strategy, and the engine's invariants hold afterwards.
 */
class RouterEquivalenceTest {
  private static final long SEED = 7;

  @ParameterizedTest
  @CsvSource({
      "ringall, 60, 10", "linear, 60, 10", "leastrecent, 60, 10", "fewestcalls, 60, 10",
      "leasttalktime, 60, 10", "rrmemory, 60, 10", "random, 60, 10",
      "leastrecent, 200, 7", "rrmemory, 20, 40", "ringall, 20, 40"})
  void agentFree_engineAndScan_serveTheSameCallers(String strategy, int agents, int queues) {
    Topology t = new Topology(agents, queues, SEED);
    EngineRouter engine = new EngineRouter(t, strategy, Router.Scenario.BUSY_AGENTS, 4, SEED);
    ScanRouter scan = new ScanRouter(t, strategy, Router.Scenario.BUSY_AGENTS, 4, SEED);
    SplittableRandom rnd = new SplittableRandom(SEED);
    List<Integer> byEngine = new ArrayList<>();
    List<Integer> byScan = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      int agent = rnd.nextInt(agents);
      byEngine.add(engine.agentFree(agent));
      byScan.add(scan.agentFree(agent));
    }
    assertThat(byScan).isEqualTo(byEngine);
    assertThat(byEngine).doesNotContain(-1);
    engine.verify();
  }

  @ParameterizedTest
  @CsvSource({
      "ringall, 60, 10", "linear, 60, 10", "leastrecent, 60, 10", "fewestcalls, 60, 10",
      "leasttalktime, 60, 10", "rrmemory, 60, 10",
      "leastrecent, 200, 7", "fewestcalls, 200, 7", "rrmemory, 20, 40", "ringall, 20, 40"})
  void callArrives_engineAndScan_ringTheSameAgents(String strategy, int agents, int queues) {
    Topology t = new Topology(agents, queues, SEED);
    EngineRouter engine = new EngineRouter(t, strategy, Router.Scenario.IDLE_AGENTS, 0, SEED);
    ScanRouter scan = new ScanRouter(t, strategy, Router.Scenario.IDLE_AGENTS, 0, SEED);
    SplittableRandom rnd = new SplittableRandom(SEED);
    List<Integer> byEngine = new ArrayList<>();
    List<Integer> byScan = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      int q = t.staffedUnpaused[rnd.nextInt(t.staffedUnpaused.length)];
      int priority = rnd.nextInt(Topology.CALLER_PRIORITIES);
      byEngine.add(engine.callArrives(q, priority));
      byScan.add(scan.callArrives(q, priority));
    }
    assertThat(byScan).isEqualTo(byEngine);
    assertThat(byEngine).doesNotContain(-1);
    engine.verify();
  }

  @ParameterizedTest
  @ValueSource(strings = {"engine", "scan"})
  void callArrives_random_ringsAnAvailableMemberOfTheQueue(String kind) {
    Topology t = new Topology(60, 10, SEED);
    Router r = Router.create(kind, t, "random", Router.Scenario.IDLE_AGENTS, 0, SEED);
    SplittableRandom rnd = new SplittableRandom(SEED);
    for (int i = 0; i < 500; i++) {
      int q = t.staffedUnpaused[rnd.nextInt(t.staffedUnpaused.length)];
      int agent = r.callArrives(q, 0);
      assertThat(t.paused[agent]).isFalse();
      assertThat(t.members[q]).contains(agent);
    }
  }
}
