package io.callqueue.benchmarks.jmh;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Dispatch throughput (issue 5, section 1): the engine's indexed routing decisions against the
 * app_queue-style scan of {@link ScanRouter}, both behind {@link Router}, chosen by the
 * {@code router} parameter, on the same seeded {@link Topology}: {@code agents} agents, each a
 * member of 3 of the {@code queues} queues with a membership priority (tier) of 0-2; queue weights
 * 0, 5 or 10; caller priorities 0-2; the queues' {@code strategy}.
 *
 * <ul>
 *   <li>{@link #agentFree}: one op = an agent's call ends, the router picks the caller it serves
 *       among its three queues (weight, caller priority, arrival) and rings it; the agent answers
 *       and a new caller like the one served arrives and waits ({@link Router#agentFree}). Every
 *       agent is busy and {@value #WAITING_PER_QUEUE} callers wait in each staffed queue.
 *   <li>{@link #callArrives}: one op = a caller arrives at a queue, the router picks the agent(s)
 *       by tier and strategy and rings them; the first answers, the call ends one tick later
 *       ({@link Router#callArrives}). Half the agents are paused, the rest available, nobody
 *       waits.
 * </ul>
 * Inputs (which agent is freed, which queue and caller priority arrive) are drawn in
 * {@code @Setup} from a fixed seed; the routers are built there too.
 *
 * <p>Run everything (7 strategies × 12 sizes × 2 routers × 2 ops: hours); the classpath file is
 * written by {@code benchmarks/run-jmh.sh} or by the {@code dependency:build-classpath} goal:
 * <pre>{@code
 * mvn -B -o -q -pl benchmarks -am package -DskipTests dependency:build-classpath \
 *     -Dmdep.outputFile=target/jmh.classpath -Dmdep.includeScope=runtime
 * java -cp "benchmarks/target/classes:$(cat benchmarks/target/jmh.classpath)" \
 *     org.openjdk.jmh.Main DispatchBenchmark -prof gc
 * }</pre>
 * The short run ({@code benchmarks/run-jmh.sh}) selects sizes with {@code -p agents=1000,10000
 * -p queues=100 -p strategy=leastrecent,ringall} and prints the comparison table.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g",
    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class DispatchBenchmark {
  /** Callers waiting in each staffed queue in the busy-agents scenario. */
  static final int WAITING_PER_QUEUE = 10;
  static final long SEED = 20_260_105L;
  /** Pre-generated inputs per trial (a power of two). */
  static final int INPUTS = 1 << 16;

  /** The parameters both scenarios share (JMH reads {@code @Param} fields of a superclass). */
  @State(Scope.Benchmark)
  public abstract static class Sizes {
    @Param({"100", "1000", "10000", "100000"})
    int agents;
    @Param({"10", "100", "1000"})
    int queues;
    @Param({"ringall", "linear", "leastrecent", "fewestcalls", "leasttalktime", "random",
        "rrmemory"})
    String strategy;
    @Param({"engine", "scan"})
    String router;
  }

  /** Scenario BUSY_AGENTS with its router and the sequence of agents whose calls end. */
  @State(Scope.Benchmark)
  public static class BusyAgents extends Sizes {
    Router r;
    int[] freed;
    int next;

    @Setup(Level.Trial)
    public void setUp() {
      Topology t = new Topology(agents, queues, SEED);
      r = Router.create(router, t, strategy, Router.Scenario.BUSY_AGENTS, WAITING_PER_QUEUE,
          SEED);
      SplittableRandom rnd = new SplittableRandom(SEED + 1);
      freed = new int[INPUTS];
      for (int i = 0; i < INPUTS; i++) {
        freed[i] = rnd.nextInt(agents);
      }
    }
  }

  /** Scenario IDLE_AGENTS with its router and the sequence of arrivals. */
  @State(Scope.Benchmark)
  public static class IdleAgents extends Sizes {
    Router r;
    int[] queue;
    int[] priority;
    int next;

    @Setup(Level.Trial)
    public void setUp() {
      Topology t = new Topology(agents, queues, SEED);
      r = Router.create(router, t, strategy, Router.Scenario.IDLE_AGENTS, 0, SEED);
      SplittableRandom rnd = new SplittableRandom(SEED + 2);
      queue = new int[INPUTS];
      priority = new int[INPUTS];
      for (int i = 0; i < INPUTS; i++) {
        queue[i] = t.staffedUnpaused[rnd.nextInt(t.staffedUnpaused.length)];
        priority[i] = rnd.nextInt(Topology.CALLER_PRIORITIES);
      }
    }
  }

  /**
   * An agent becomes free and serves the best caller of its queues (see {@link BusyAgents}).
   * Run alone: {@code java -cp "benchmarks/target/classes:$(cat benchmarks/target/jmh.classpath)"
   * org.openjdk.jmh.Main 'DispatchBenchmark.agentFree' -p agents=100000 -p queues=10 -prof gc}.
   */
  @Benchmark
  public int agentFree(BusyAgents s) {
    int i = s.next++ & (INPUTS - 1);
    return s.r.agentFree(s.freed[i]);
  }

  /**
   * A caller arrives and rings the agent(s) its queue's strategy picks (see {@link IdleAgents}).
   * Run alone: {@code java -cp "benchmarks/target/classes:$(cat benchmarks/target/jmh.classpath)"
   * org.openjdk.jmh.Main 'DispatchBenchmark.callArrives' -p strategy=ringall -prof gc}.
   */
  @Benchmark
  public int callArrives(IdleAgents s) {
    int i = s.next++ & (INPUTS - 1);
    return s.r.callArrives(s.queue[i], s.priority[i]);
  }
}
