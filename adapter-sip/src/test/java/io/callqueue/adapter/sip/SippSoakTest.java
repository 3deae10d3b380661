package io.callqueue.adapter.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.callqueue.api.AgentState;
import io.callqueue.api.CallOutcome;
import io.callqueue.api.CallRecord;
import io.callqueue.api.Strategy;
import io.callqueue.testkit.sipp.Sipp;
import io.callqueue.testkit.tier.WireTest;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real-time test (SIPp load on 127.0.0.1 for a minute of wall-clock time): belongs in the
 * failsafe tier with the other SIPp tests.
 *
 * <p>A soak: SIPp callers dial the queue at a steady rate and hang up after a while, waiting or
 * talking ({@code soak_caller.xml}; half of them after 12 s, half after 2 s, so many of those
 * abandon); two SIPp agent phones ring, answer (the one that rings longer is
 * cancelled when the other answers), talk and hang up, unless the caller did first ({@code
 * soak_agent.xml}). Calls arrive faster than two agents serve them, so callers wait, some
 * abandon, and both sides hang up. At the end everything must be flat: no leg, session, port or
 * call held (the server's {@link SipDiagnostics}), one record per SIPp call, no SIPp call failed,
 * heap after GC, live threads and open file descriptors back where they were after warm-up, and
 * the agents available again.
 *
 * <p>Short form in the suite: 60 s at one call a second. The long form by hand (see {@code
 * benchmarks/RESULTS.md}, "SIP soak"): {@code mvn -pl adapter-sip -am test -Dtest=SippSoakTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dcallqueue.soak.duration=PT30M -DforkCount=0
 * -Djunit.jupiter.execution.timeout.mode=disabled} (a forked test JVM once failed to say goodbye
 * to Maven after 30 minutes; the last property lifts the short form's 5-minute limit); {@code
 * callqueue.soak.rate} sets calls per second. A summary with the figures is printed and written to
 * {@code target/fault-tests/soak-*}{@code /summary.txt}.
 */
@WireTest
@Timeout(value = 5, unit = TimeUnit.MINUTES) // the short form takes 85 s unloaded
class SippSoakTest {
  private static final Logger log = LoggerFactory.getLogger(SippSoakTest.class);
  /** How long a patient caller stays (waiting, then talking) before hanging up. */
  private static final Duration PATIENT = Duration.ofSeconds(12);
  /** How long an impatient one waits: most abandon. */
  private static final Duration IMPATIENT = Duration.ofSeconds(2);
  private static final Duration TALK = Duration.ofSeconds(5);
  private static final long HEAP_SLACK_BYTES = 16L << 20;
  private static final int WARM_UP_CALLS = 4;
  private static final Pattern SCREEN_TOTAL =
      Pattern.compile("(Successful|Failed) call\\s*\\|\\s*\\d+\\s*\\|\\s*(\\d+)");

  private final Duration duration =
      Duration.parse(System.getProperty("callqueue.soak.duration", "PT60S"));
  private final double rate = Double.parseDouble(System.getProperty("callqueue.soak.rate", "1"));
  private LiveServer server;

  @BeforeAll
  static void sipp() {
    Sipp.assumeInstalled();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  /** What is measured at the start (after warm-up) and at the end. */
  private record Gauges(long heapBytes, int threads, long openFiles, SipDiagnostics held) {
    @Override
    public String toString() {
      return String.format("heap after GC %.1f MB, %d threads, %d open files, %s",
          heapBytes / 1048576.0, threads, openFiles, held);
    }
  }

  @Test
  void callsForAMinute_leaveNothingBehind_andOneRecordPerCall() throws Exception {
    server = new LiveServer(LiveServer.runDirectory("soak-"), List.of("agent1", "agent2"),
        Strategy.RING_ALL, 34000);
    Duration phoneLifetime = duration.plusMinutes(2);
    server.phone("agent1", agent(700), phoneLifetime);
    server.phone("agent2", agent(1500), phoneLifetime);
    // warm-up: classes, caches and pools loaded before the start figures are taken
    SoakResult warmUp = callers(WARM_UP_CALLS, server.directory.resolve("warm-up-screen.log"));
    assertThat(warmUp.exitCode()).as("the warm-up calls: %s", warmUp.log()).isZero();
    Gauges start = gauges();

    int calls = (int) Math.max(1, Math.round(duration.toSeconds() * rate));
    Path screen = server.directory.resolve("callers-screen.log");
    Instant began = Instant.now();
    SoakResult callers = callers(calls, screen);
    Duration took = Duration.between(began, Instant.now());

    SipDiagnostics held = server.awaitIdle(Duration.ofSeconds(15));
    Gauges end = gauges();
    Map<String, Long> sipp = callers.totals();
    Map<CallOutcome, Long> outcomes = server.records.all().stream()
        .collect(Collectors.groupingBy(CallRecord::outcome, TreeMap::new, Collectors.counting()));
    String summary = String.format("SIP soak: %d calls at %.2f/s over %s (SIPp ran %s): SIPp "
            + "successful %s, failed %s; records %d by outcome %s%nstart: %s%nend:   %s",
        calls, rate, duration, took, sipp.get("Successful"), sipp.get("Failed"),
        server.records.size(), outcomes, start, end);
    log.info(summary);
    System.out.println(summary);
    Files.writeString(server.directory.resolve("summary.txt"), summary + "\n",
        StandardCharsets.UTF_8);

    assertThat(callers.exitCode()).as("every SIPp call succeeded: %s", callers.log()).isZero();
    assertThat(held.isIdle()).as("nothing held after the soak: %s", held).isTrue();
    assertThat(server.records.size()).as("one record per call")
        .isEqualTo(calls + WARM_UP_CALLS);
    assertThat(server.recordProblems()).isEmpty();
    assertThat(outcomes).as("callers were answered and some abandoned")
        .containsKeys(CallOutcome.ANSWERED, CallOutcome.ABANDONED);
    assertThat(end.heapBytes()).as("heap after GC, flat (start %s)", start)
        .isLessThanOrEqualTo(start.heapBytes() + Math.max(HEAP_SLACK_BYTES,
            start.heapBytes() / 4));
    assertThat(end.threads()).as("live threads, flat").isLessThanOrEqualTo(start.threads() + 2);
    assertThat(end.openFiles()).as("open file descriptors, flat")
        .isLessThanOrEqualTo(start.openFiles() + 4);
    assertThat(LiveServer.await(Duration.ofSeconds(5),
        () -> server.agentState("agent1") == AgentState.AVAILABLE
            && server.agentState("agent2") == AgentState.AVAILABLE))
        .as("both agents available again").isTrue();
  }

  private Path agent(long ringMillis) {
    return Sipp.instantiate("soak_agent.xml", Map.of("RING_MS", Long.toString(ringMillis),
        "TALK_MS", Long.toString(TALK.toMillis())));
  }

  /**
   * SIPp callers at the soak's rate, at most 50 at once: half of them patient, half impatient,
   * each half its own SIPp process. Returns the exit code of the first that failed (else 0) and
   * adds up both screens' totals under {@code screen}.
   */
  private SoakResult callers(int calls, Path screen) throws IOException {
    int patient = (calls + 1) / 2;
    List<Sipp.Running> running = List.of(
        caller(PATIENT, patient, screen.resolveSibling(screen.getFileName() + ".patient")),
        caller(IMPATIENT, calls - patient,
            screen.resolveSibling(screen.getFileName() + ".impatient")));
    List<Sipp.Result> results = running.stream().map(Sipp.Running::await).toList();
    Map<String, Long> totals = new TreeMap<>();
    for (String half : List.of(".patient", ".impatient")) {
      screenTotals(screen.resolveSibling(screen.getFileName() + half))
          .forEach((k, v) -> totals.merge(k, v, Long::sum));
    }
    Sipp.Result failed = results.stream().filter(r -> r.exitCode() != 0).findFirst()
        .orElse(null);
    return new SoakResult(failed == null ? 0 : failed.exitCode(),
        failed == null ? "" : failed.log(), totals);
  }

  private Sipp.Running caller(Duration stay, int calls, Path screen) {
    double halfRate = rate / 2;
    return Sipp.template("soak_caller.xml", Map.of("WAIT_MS", Long.toString(stay.toMillis())))
        .service(LiveServer.NUMBER)
        .options("-m", Integer.toString(Math.max(calls, 1)), "-r", "1",
            "-rp", Long.toString(Math.round(1000 / halfRate)), "-l", "50", "-trace_screen",
            "-screen_file", screen.toString())
        .start(server.port, Duration.ofMillis((long) (calls / halfRate * 1000)).plus(stay)
            .plusSeconds(60));
  }

  /** Both caller processes: the first failure's exit code and log, and SIPp's call totals. */
  private record SoakResult(int exitCode, String log, Map<String, Long> totals) {}

  private Gauges gauges() throws Exception {
    SipDiagnostics held = server.awaitIdle(Duration.ofSeconds(15));
    long heap = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
      heap = Math.min(heap, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return new Gauges(heap, ManagementFactory.getThreadMXBean().getThreadCount(), openFiles(),
        held);
  }

  private static long openFiles() throws IOException {
    Path fds = Path.of("/proc/self/fd");
    if (!Files.isDirectory(fds)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(fds)) {
      return files.count();
    }
  }

  /** SIPp's final totals of successful and failed calls, from its screen file. */
  private static Map<String, Long> screenTotals(Path screen) throws IOException {
    Map<String, Long> totals = new TreeMap<>();
    if (!Files.exists(screen)) {
      return totals;
    }
    Matcher m = SCREEN_TOTAL.matcher(Files.readString(screen, StandardCharsets.ISO_8859_1));
    while (m.find()) {
      totals.put(m.group(1), Long.parseLong(m.group(2)));
    }
    return totals;
  }
}
