package io.callqueue.examples.server.board;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.callqueue.api.CallId;
import io.callqueue.api.CallOffer;
import io.callqueue.examples.server.panel.Browser;
import io.callqueue.testkit.tier.WireTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wallboard under 200 waiting callers, measured (benchmarks/RESULTS.md, "Wallboard push
 * (issue 13)"): the engine runs in real time on its own thread; 200 callers join, then for
 * {@value #CHURN_SECONDS} s a new caller joins and the longest-waiting one hangs up every
 * {@value #STEP_MILLIS} ms (each step moves all 200 positions), while agent bob pauses and
 * unpauses every second. Push latency: from just before {@code engine.offer} of a new caller to
 * the first SSE frame, read by a JDK HttpClient in this JVM, that shows that caller. Page CPU:
 * headless Chromium keeps the wallboard open meanwhile; Chromium's own counters
 * ({@code Performance.getMetrics}: TaskDuration, ScriptDuration) over the churn, and the page's
 * {@code performance.now()} accounting of its rendering. Then {@value #SINGLE_STEPS} single
 * changes, each after a quiet spell, show the push path's latency without the coalescing wait.
 *
 * <p>Run: {@code mvn -B -o -pl examples/server -am verify -Dit.test=WallboardLoadTest
 * -Dtest=WallboardLoadTest -Dsurefire.failIfNoSpecifiedTests=false}
 * (or {@code test -Dtest=WallboardLoadTest}); it prints one line of figures.
 */
@WireTest
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class WallboardLoadTest {
  static final int WAITING = 200;
  static final int CHURN_SECONDS = 20;
  static final int STEP_MILLIS = 250;
  static final int SINGLE_STEPS = 20;

  @TempDir
  Path dir;

  private static boolean shows(BoardServer.Frame f, String call) {
    for (JsonNode w : f.queue("support").get("waiting")) {
      if (w.get("call").asText().equals(call)) {
        return true;
      }
    }
    return false;
  }

  @Test
  void twoHundredWaitingCallers_pushLatencyAndPageCpu() throws Exception {
    try (RealTimeBoard live = new RealTimeBoard(dir);
        Browser browser = Browser.start("en-GB")) {
      browser.headers(Map.of("Authorization", "Bearer " + BoardServer.TOKEN));
      live.engine.sipRegistered("bob");
      List<String> waiting = new ArrayList<>();
      for (int i = 0; i < WAITING; i++) {
        String id = "fill-" + i;
        live.engine.offer(CallOffer.of(CallId.of(id), RealTimeBoard.SUPPORT, "+4860" + i));
        waiting.add(id);
      }
      live.engine.pause(RealTimeBoard.BOB, "load").toCompletableFuture().get(5, TimeUnit.SECONDS);
      BoardServer.Frames frames = live.server.events();
      frames.await(f -> f.queue("support").get("waitingCount").asInt() == WAITING,
          Duration.ofSeconds(10), WAITING + " waiting");
      browser.driver().get(live.server.base() + "/panel/wallboard");
      browser.waitFor(Duration.ofSeconds(10), "the page showing " + WAITING + " callers",
          () -> browser.count("[data-queue='support'] tr[data-call]") == WAITING);
      Thread.sleep(1000);

      Map<String, Double> before = browser.metrics();
      Object renderedBefore = browser.js("return [boardStats.frames, boardStats.renderMs]");
      long start = System.nanoTime();
      List<Long> latencies = new ArrayList<>();
      int steps = CHURN_SECONDS * 1000 / STEP_MILLIS;
      for (int k = 0; k < steps; k++) {
        long stepStart = System.nanoTime();
        String id = "new-" + k;
        frames.queue.clear();
        long t0 = System.nanoTime();
        live.engine.offer(CallOffer.of(CallId.of(id), RealTimeBoard.SUPPORT, "+4861" + k));
        live.engine.callerHungUp(CallId.of(waiting.remove(0)));
        waiting.add(id);
        if (k % (1000 / STEP_MILLIS) == 0) {
          if (k % (2000 / STEP_MILLIS) == 0) {
            live.engine.unpause(RealTimeBoard.BOB);
          } else {
            live.engine.pause(RealTimeBoard.BOB, "load");
          }
        }
        BoardServer.Frame f = frames.await(fr -> shows(fr, id), Duration.ofSeconds(5),
            "caller " + id);
        latencies.add(f.receivedNanos() - t0);
        long left = TimeUnit.MILLISECONDS.toNanos(STEP_MILLIS) - (System.nanoTime() - stepStart);
        if (left > 0) {
          TimeUnit.NANOSECONDS.sleep(left);
        }
      }
      double wall = (System.nanoTime() - start) / 1e9;
      Map<String, Double> after = browser.metrics();
      @SuppressWarnings("unchecked")
      List<Number> rb = (List<Number>) renderedBefore;
      @SuppressWarnings("unchecked")
      List<Number> ra = (List<Number>) browser.js(
          "return [boardStats.frames, boardStats.renderMs, boardStats.maxRenderMs]");
      long frameCount = ra.get(0).longValue() - rb.get(0).longValue();
      double renderMs = ra.get(1).doubleValue() - rb.get(1).doubleValue();
      double task = after.get("TaskDuration") - before.get("TaskDuration");
      double script = after.get("ScriptDuration") - before.get("ScriptDuration");
      Collections.sort(latencies);
      double p50 = latencies.get(latencies.size() / 2) / 1e6;
      double p95 = latencies.get((int) Math.ceil(latencies.size() * 0.95) - 1) / 1e6;
      double max = latencies.get(latencies.size() - 1) / 1e6;
      System.out.printf(java.util.Locale.ROOT, "wallboard load: %d waiting, %d steps in %.1f s;"
          + " push latency ms p50 %.0f p95 %.0f max %.0f; page: %d frames rendered (%.1f/s),"
          + " render %.1f ms/frame (max %.1f), renderer main thread busy %.1f%% (script %.1f%%)"
          + " of one core; frames written %d, replaced %d%n",
          WAITING, steps, wall, p50, p95, max, frameCount, frameCount / wall,
          renderMs / Math.max(1, frameCount), ra.get(2).doubleValue(), 100 * task / wall,
          100 * script / wall, live.server.board.hub().framesSent(),
          live.server.board.hub().framesDropped());
      // single changes after a quiet spell (no coalescing wait): the push path's own latency
      List<Long> single = new ArrayList<>();
      for (int k = 0; k < SINGLE_STEPS; k++) {
        Thread.sleep(WallboardHub.MIN_INTERVAL.toMillis() * 3);
        String id = "single-" + k;
        frames.queue.clear();
        long t0 = System.nanoTime();
        live.engine.offer(CallOffer.of(CallId.of(id), RealTimeBoard.SUPPORT, "+4862" + k));
        single.add(frames.await(fr -> shows(fr, id), Duration.ofSeconds(5), "caller " + id)
            .receivedNanos() - t0);
      }
      Collections.sort(single);
      System.out.printf(java.util.Locale.ROOT, "wallboard load: a single change after %d ms"
          + " quiet, %d times: push latency ms p50 %.1f max %.1f%n",
          WallboardHub.MIN_INTERVAL.toMillis() * 3, SINGLE_STEPS,
          single.get(single.size() / 2) / 1e6, single.get(single.size() - 1) / 1e6);
      assertThat(p95).as("p95 push latency, ms").isLessThan(1000);
      assertThat(single.get(single.size() / 2) / 1e6).as("single-change latency, ms")
          .isLessThan(200);
      assertThat(frameCount).as("frames the page rendered").isGreaterThan((long) (wall / 2));
      assertThat(task / wall).as("renderer main thread busy, fraction of a core")
          .isLessThan(0.5);
    }
  }
}
