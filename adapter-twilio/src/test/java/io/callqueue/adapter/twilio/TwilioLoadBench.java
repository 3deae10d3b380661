package io.callqueue.adapter.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.callqueue.adapter.twilio.standin.FakeTwilio;
import io.callqueue.adapter.twilio.standin.SimCall;
import io.callqueue.api.AgentConfig;
import io.callqueue.api.AgentId;
import io.callqueue.api.EstimateAnnouncement;
import io.callqueue.api.JoinPolicy;
import io.callqueue.api.Membership;
import io.callqueue.api.QueueConfig;
import io.callqueue.api.QueueId;
import io.callqueue.core.CallQueueEngine;
import io.callqueue.testkit.tier.WireTest;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An on-demand load run, not a unit test: how many concurrent waiting callers one adapter
 * instance holds against the Twilio stand-in (all in one JVM, on loopback). It steps the number
 * of waiting callers up (arrivals at 100/s), no agent free, every caller in the hold Gather with
 * music; during each step's hold window callers press an ignored key now and then (about once
 * every 20 s each), the engine announces the position every 10 s (a REST TwiML update, the
 * prompts, then the prompt-end action), the stand-in's music ends every 20 s (the Redirect back
 * to the state URL), and 1% of the callers hang up each second (their status callback) and are
 * replaced. Per step it prints (and writes to {@code target/twilio-load.txt}) the callers held,
 * the entry webhook's p50/p99 during the ramp, every other webhook's p50/p99 during the hold,
 * errors (non-2xx answers, callers not holding), and this JVM's CPU and heap (the stand-in's
 * cost included). A step that ends with p99 above 1 s or any error is the last. Runs only with
 * {@code -Dcallqueue.twilioBench=true}:
 * {@code mvn -B -o -pl adapter-twilio -am test -Dtest=TwilioLoadBench
 * -Dsurefire.failIfNoSpecifiedTests=false -Dcallqueue.twilioBench=true}
 * ({@code -Dcallqueue.twilioBench.steps=250,500,1000,2000,4000}, {@code .holdSeconds=15}).
 */
@WireTest
class TwilioLoadBench {
  private static final Logger LOG = LoggerFactory.getLogger(TwilioLoadBench.class);
  private static final String AC = "AC" + "0123456789abcdef".repeat(2);
  private static final String TOKEN = "stand-in-auth-token";
  private static final String NUMBER = "+15005550006";
  private static final List<String> HOLD_PATHS =
      List.of("/cq/key", "/cq/prompt-end", "/cq/twiml", "/cq/status");
  private static final Duration P99_LIMIT = Duration.ofSeconds(1);

  @Test
  @Timeout(value = 15, unit = TimeUnit.MINUTES)
  void waitingCallersSteppedUp_untilP99PassesOneSecondOrErrorsAppear() throws Exception {
    assumeTrue(Boolean.getBoolean("callqueue.twilioBench"),
        "a load run: run with -Dcallqueue.twilioBench=true");
    int[] steps = Arrays.stream(System.getProperty("callqueue.twilioBench.steps",
        "250,500,1000,2000,4000").split(",")).mapToInt(s -> Integer.parseInt(s.trim())).toArray();
    int holdSeconds = Integer.getInteger("callqueue.twilioBench.holdSeconds", 15);
    // a stand-in "second" (Gather timeout, Pause) of 20 ms; a Play of 20 ms, so loop="0"
    // (1,000 plays) ends after 20 s and the Gather falls through to the state URL
    FakeTwilio twilio = new FakeTwilio(AC, TOKEN, 20, 20);
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String base = "http://127.0.0.1:" + port;
    TwilioConfig config = TwilioConfig.of(AC, TOKEN, URI.create(base), "127.0.0.1", port, NUMBER,
            "https://media.example/moh/default.wav", null)
        .withApiBaseUrl(twilio.apiBase()).withCallsPerSecond(1)
        .withBackoff(Duration.ofMillis(50)).withWebhookWait(Duration.ofSeconds(2));
    StringBuilder out = new StringBuilder();
    double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    out.append(String.format(Locale.ROOT, "load average at start %.1f, %d cores%n", load,
        Runtime.getRuntime().availableProcessors()));
    out.append("| waiting callers | held | entry p50 / p99 (ms) | hold webhooks | p50 / p99 (ms)"
        + " | errors | JVM CPU (cores) | heap after GC (MB) |\n");
    try (TwilioTelephony adapter = new TwilioTelephony(config);
        CallQueueEngine engine = CallQueueEngine.builder().telephony(adapter).build()) {
      adapter.attach(engine);
      adapter.start();
      QueueId sales = QueueId.of("sales");
      engine.addQueue(QueueConfig.builder("sales").joinPolicy(JoinPolicy.REQUIRE_LOGGED_IN_AGENT)
          .announcePosition(true).positionFirstAfter(Duration.ofSeconds(5))
          .positionEvery(Duration.ofSeconds(10)).announceOnImprovement(false)
          .estimateAnnouncement(EstimateAnnouncement.OFF).build()).toCompletableFuture().join();
      engine.addAgent(AgentConfig.external("alice", "+15550000001")).toCompletableFuture().join();
      engine.addMembership(Membership.of(sales, AgentId.of("alice"))).toCompletableFuture()
          .join();
      engine.login(AgentId.of("alice")).toCompletableFuture().join();
      engine.pause(AgentId.of("alice"), "lunch").toCompletableFuture().join();

      List<SimCall> live = new ArrayList<>();
      SplittableRandom random = new SplittableRandom(12);
      int[] serial = {0};
      Runnable arrive = () -> live.add(twilio.incoming(
          String.format("+486%08d", serial[0]++), NUMBER, base + "/cq/enter?queue=sales"));
      // warm-up: 50 callers in and out, not counted
      for (int i = 0; i < 50; i++) {
        arrive.run();
        sleep(10);
      }
      awaitWaiting(engine, sales, 50);
      live.forEach(SimCall::hangUp);
      live.clear();
      awaitWaiting(engine, sales, 0);

      com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
          ManagementFactory.getOperatingSystemMXBean();
      MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
      int reached = 0;
      for (int target : steps) {
        int enterFrom = twilio.webhookNanos("/cq/enter").size();
        int statusesFrom = twilio.webhookStatuses().size();
        long cpu0 = os.getProcessCpuTime();
        long wall0 = System.nanoTime();
        while (live.size() < target) { // arrivals at 100/s
          arrive.run();
          sleep(10);
        }
        boolean allIn = awaitWaiting(engine, sales, target);
        List<Long> entry = from(twilio.webhookNanos("/cq/enter"), enterFrom);
        Map<String, Integer> holdFrom = new HashMap<>();
        HOLD_PATHS.forEach(p -> holdFrom.put(p, twilio.webhookNanos(p).size()));
        long holdEnd = System.nanoTime() + Duration.ofSeconds(holdSeconds).toNanos();
        while (System.nanoTime() < holdEnd) {
          for (int k = 0; k < target / 200; k++) { // 1% of the callers hang up each second
            live.remove(random.nextInt(live.size())).hangUp();
            arrive.run();
          }
          for (int t = 0; t < 10; t++) { // each caller presses a key about once every 20 s
            for (int k = 0; k < Math.max(1, target / 200); k++) {
              live.get(random.nextInt(live.size())).pressKey('5');
            }
            sleep(100);
          }
        }
        List<Long> hold = new ArrayList<>();
        StringBuilder perPath = new StringBuilder();
        for (String p : HOLD_PATHS) {
          List<Long> l = from(twilio.webhookNanos(p), holdFrom.get(p));
          hold.addAll(l);
          perPath.append(perPath.length() == 0 ? "" : ", ").append(p.substring(4)).append(' ')
              .append(l.size());
        }
        Collections.sort(hold);
        long cpu = os.getProcessCpuTime() - cpu0;
        long wall = System.nanoTime() - wall0;
        awaitWaiting(engine, sales, live.size()); // the last hang-ups and arrivals settle
        int waiting = engine.snapshot().toCompletableFuture().join().queue(sales).waiting().size();
        long held = live.stream().filter(c -> "in-progress".equals(c.status())).count();
        long non2xx = twilio.webhookStatuses().subList(statusesFrom,
            twilio.webhookStatuses().size()).stream().filter(s -> s / 100 != 2).count();
        long errors = non2xx + (live.size() - held) + Math.abs(waiting - live.size());
        System.gc();
        long heapMb = memory.getHeapMemoryUsage().getUsed() >> 20;
        String line = String.format(Locale.ROOT,
            "| %d | %d (engine: %d waiting)%s | %s / %s | %d (%s) | %s / %s | %d (non-2xx %d) | %.2f"
            + " | %d |%n", target, held, waiting, allIn ? "" : " (not all arrived)",
            ms(entry, 50), ms(entry, 99), hold.size(), perPath, ms(hold, 50), ms(hold, 99), errors, non2xx,
            (double) cpu / wall, heapMb);
        out.append(line);
        LOG.info("twilio load step: {}", line.trim());
        reached = target;
        long p99 = Math.max(pick(entry, 99), pick(hold, 99));
        if (p99 > P99_LIMIT.toNanos() || errors > 0) {
          out.append("stopped after this step: p99 above 1 s or errors\n");
          break;
        }
      }
      out.append(String.format(Locale.ROOT, "load average at end %.1f%n",
          ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
      live.forEach(SimCall::hangUp);
      Files.writeString(Path.of("target", "twilio-load.txt"), out, StandardCharsets.UTF_8);
      LOG.info("twilio load run:\n{}", out);
      assertThat(reached).isPositive();
    } finally {
      twilio.close();
    }
  }

  private static boolean awaitWaiting(CallQueueEngine engine, QueueId q, int n) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      if (engine.snapshot().toCompletableFuture().join().queue(q).waiting().size() == n) {
        return true;
      }
      sleep(50);
    }
    return false;
  }

  private static List<Long> from(List<Long> all, int start) {
    List<Long> l = new ArrayList<>(all.subList(Math.min(start, all.size()), all.size()));
    Collections.sort(l);
    return l;
  }

  private static long pick(List<Long> sorted, int percentile) {
    return sorted.isEmpty() ? 0
        : sorted.get(Math.min(sorted.size() - 1, sorted.size() * percentile / 100));
  }

  private static String ms(List<Long> sorted, int percentile) {
    return sorted.isEmpty() ? "-" : String.format(Locale.ROOT, "%.1f",
        pick(sorted, percentile) / 1e6);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
