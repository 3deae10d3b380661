package io.callqueue.benchmarks.jmh;

import io.callqueue.api.AgentConfig;
import io.callqueue.api.AgentEndpoint;
import io.callqueue.api.AgentId;
import io.callqueue.api.CallId;
import io.callqueue.api.CallOffer;
import io.callqueue.api.JoinPolicy;
import io.callqueue.api.Membership;
import io.callqueue.api.QueueConfig;
import io.callqueue.api.QueueId;
import io.callqueue.core.CallQueueEngine;
import io.callqueue.testkit.ManualScheduler;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CompletionStage;
import org.openjdk.jol.info.GraphLayout;
import org.openjdk.jol.util.Multiset;

/**
 * Heap bytes per waiting caller and per agent in the engine (issue 5, section 4).
 *
 * <p>Method: build an engine on the benchmark thread ({@code executor(Runnable::run)}, a
 * {@link ManualScheduler}, a port that does nothing), force full GCs and read the used heap from
 * the {@link MemoryMXBean} (the least of several readings), add N waiting callers (or N agents),
 * read it again the same way, and divide the difference by N. The harness keeps no reference to
 * what it adds, so the difference is what the engine (and the scheduler it was given) retains.
 * Callers: 10 queues of the default configuration with join policy {@code ALWAYS}, 100 agents each
 * in 3 queues, all logged out, so nobody is rung; caller ids {@code c<n>}, caller numbers of 12
 * characters, priority 0. The default configuration announces positions, so each waiting caller
 * also holds one pending timer; a second run with announcements off shows the caller alone.
 * Agents: 100 queues, N agents each a member of 3 queues, logged in and available (so each sits
 * in 3 candidate pools). For the smaller N, a JOL {@link GraphLayout} of the engine before and
 * after gives the retained objects by class, per caller or agent.
 *
 * <p>Run: {@code mvn -B -o -q -pl benchmarks -am package -DskipTests} then
 * {@code java -Xmx8g -Djdk.attach.allowAttachSelf=true -cp "benchmarks/target/classes:$(cat benchmarks/target/jmh.classpath)"
 * io.callqueue.benchmarks.jmh.MemoryFootprint} (arguments: caller counts, then agent counts,
 * comma-separated; default {@code 100000,1000000 100000}). The first count of each gets the JOL
 * breakdown.
 */
public final class MemoryFootprint {
  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

  private MemoryFootprint() {}

  public static void main(String[] args) throws InterruptedException {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    // JOL cannot ask Unsafe for field offsets of hidden (lambda) classes such as the comparators
    // of the strategy pools; this makes it find them another way.
    System.setProperty("jol.magicFieldOffset", "true");
    int[] callers = counts(args.length > 0 ? args[0] : "100000,1000000");
    int[] agents = counts(args.length > 1 ? args[1] : "100000");
    System.out.printf(Locale.ROOT, "java %s, max heap %d MiB, compressed oops %s%n",
        System.getProperty("java.vm.version"), Runtime.getRuntime().maxMemory() >> 20,
        ManagementFactory.getRuntimeMXBean().getInputArguments().contains(
            "-XX:-UseCompressedOops") ? "off" : "on (default below 32 GiB)");
    for (boolean announce : new boolean[] {true, false}) {
      for (int i = 0; i < callers.length; i++) {
        measure("waiting callers (" + (announce ? "default config, position announcements on"
            : "announcements off") + ")", callers[i], i == 0 && announce,
            () -> callerEngine(announce), MemoryFootprint::addCallers);
      }
    }
    for (int i = 0; i < agents.length; i++) {
      measure("available agents, 3 queues each", agents[i], i == 0, MemoryFootprint::agentEngine,
          MemoryFootprint::addAgents);
    }
  }

  private interface Adder {
    void add(CallQueueEngine engine, int n);
  }

  private interface Factory {
    CallQueueEngine create();
  }

  private static void measure(String what, int n, boolean breakdown, Factory factory,
      Adder adder) throws InterruptedException {
    CallQueueEngine engine = factory.create();
    GraphLayout before = breakdown ? GraphLayout.parseInstance(engine) : null;
    long used0 = usedAfterGc();
    adder.add(engine, n);
    long used1 = usedAfterGc();
    System.out.printf(Locale.ROOT, "%n%s: %,d -> heap %+,d bytes = %,.0f bytes each%n", what, n,
        used1 - used0, (used1 - used0) / (double) n);
    if (breakdown) {
      GraphLayout after = GraphLayout.parseInstance(engine);
      GraphLayout added = after.subtract(before);
      System.out.printf(Locale.ROOT, "  JOL: engine graph %+,d bytes = %,.0f bytes each;"
          + " by class, per one:%n", added.totalSize(), added.totalSize() / (double) n);
      Multiset<Class<?>> sizes = added.getClassSizes();
      Multiset<Class<?>> counts = added.getClassCounts();
      List<Class<?>> classes = new ArrayList<>(sizes.keys());
      classes.sort(Comparator.comparingLong((Class<?> c) -> -sizes.count(c)));
      long shown = 0;
      for (Class<?> c : classes) {
        long size = sizes.count(c);
        if (size < n * 4L) {
          break;
        }
        shown += size;
        System.out.printf(Locale.ROOT, "  %8.2f objects %7.1f bytes  %s%n",
            counts.count(c) / (double) n, size / (double) n, c.getName());
      }
      System.out.printf(Locale.ROOT, "  %7.1f bytes in smaller classes%n",
          (added.totalSize() - shown) / (double) n);
    }
    engine.close();
  }

  private static long usedAfterGc() throws InterruptedException {
    long least = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(100);
      least = Math.min(least, MEMORY.getHeapMemoryUsage().getUsed());
    }
    return least;
  }

  private static CallQueueEngine newEngine() {
    ManualScheduler scheduler = new ManualScheduler();
    return CallQueueEngine.builder().telephony(new SilentPort()).scheduler(scheduler)
        .executor(Runnable::run).build();
  }

  private static CallQueueEngine callerEngine(boolean announce) {
    CallQueueEngine engine = newEngine();
    for (int q = 0; q < 10; q++) {
      join(engine.addQueue(QueueConfig.builder(Topology.queueName(q))
          .joinPolicy(JoinPolicy.ALWAYS).announcePosition(announce).build()));
    }
    for (int a = 0; a < 100; a++) {
      AgentId id = AgentId.of(Topology.agentName(a));
      join(engine.addAgent(new AgentConfig(id, new AgentEndpoint.SipAccount(id.value()), false)));
      for (int k = 0; k < 3; k++) {
        join(engine.addMembership(Membership.of(QueueId.of(Topology.queueName((a + k) % 10)),
            id)));
      }
    }
    return engine;
  }

  private static void addCallers(CallQueueEngine engine, int n) {
    QueueId[] queues = new QueueId[10];
    for (int q = 0; q < queues.length; q++) {
      queues[q] = QueueId.of(Topology.queueName(q));
    }
    for (int i = 0; i < n; i++) {
      String number = String.format(Locale.ROOT, "+48%09d", i);
      engine.offer(new CallOffer(CallId.of(Topology.callName(i)), queues[i % 10], number, 0));
    }
  }

  private static CallQueueEngine agentEngine() {
    CallQueueEngine engine = newEngine();
    for (int q = 0; q < 100; q++) {
      join(engine.addQueue(QueueConfig.builder(Topology.queueName(q))
          .joinPolicy(JoinPolicy.ALWAYS).build()));
    }
    return engine;
  }

  private static void addAgents(CallQueueEngine engine, int n) {
    SplittableRandom rnd = new SplittableRandom(1);
    for (int a = 0; a < n; a++) {
      AgentId id = AgentId.of(Topology.agentName(a));
      join(engine.addAgent(new AgentConfig(id, new AgentEndpoint.SipAccount(id.value()), false)));
      int first = rnd.nextInt(100);
      for (int k = 0; k < 3; k++) {
        join(engine.addMembership(new Membership(
            QueueId.of(Topology.queueName((first + 33 * k) % 100)), id, rnd.nextInt(3))));
      }
      join(engine.login(id));
    }
  }

  private static <T> T join(CompletionStage<T> stage) {
    return stage.toCompletableFuture().join();
  }

  private static int[] counts(String list) {
    String[] parts = list.split(",");
    int[] out = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      out[i] = Integer.parseInt(parts[i].trim().replace("_", ""));
    }
    return out;
  }

}
