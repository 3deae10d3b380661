package io.callqueue.adapter.asterisk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.callqueue.api.AgentConfig;
import io.callqueue.api.AgentId;
import io.callqueue.api.AgentState;
import io.callqueue.api.EstimateAnnouncement;
import io.callqueue.api.JoinPolicy;
import io.callqueue.api.Membership;
import io.callqueue.api.QueueConfig;
import io.callqueue.api.QueueId;
import io.callqueue.api.Strategy;
import io.callqueue.core.CallQueueEngine;
import io.callqueue.testkit.sipp.Sipp;
import io.callqueue.testkit.tier.WireTest;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A short side-by-side run, not a unit test: the same Asterisk, the same SIPp callers and agent
 * phones, once through app_queue ({@code Queue(aq)}) and once through callqueue
 * ({@code Stasis(callqueue,cq)}), both least-recent, no wrap-up, {@code ringinuse=no}. It prints
 * (and writes to {@code target/asterisk-vs-app_queue.txt}) the dispatch delay read from the SIPp
 * traces: idle (caller's INVITE sent → agent's INVITE received, the agent free) and busy (agent's
 * BYE received → its next INVITE, callers waiting), and the CPU of Asterisk and of this JVM.
 * Runs only with {@code -Dcallqueue.asteriskBench=true}:
 * {@code mvn -B -o -pl adapter-asterisk -am test -Dtest=AsteriskVsAppQueueBench
 * -Dsurefire.failIfNoSpecifiedTests=false -Dcallqueue.asteriskBench=true}.
 */
@WireTest
class AsteriskVsAppQueueBench {
  private static final Pattern BLOCK = Pattern.compile(
      "-{20,} (\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{6})\\s*\\n"
      + "UDP message (sent|received)[^\\n]*\\n\\s*\\n(\\S+) (\\S+)");
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");
  private static final List<String> AGENTS = List.of("agent1", "agent2");

  @Test
  void appQueueAndCallqueue_onTheSameAsterisk_underTheSameLoad() throws Exception {
    assumeTrue(Boolean.getBoolean("callqueue.asteriskBench"),
        "a benchmark: run with -Dcallqueue.asteriskBench=true");
    Sipp.requireInstalledUnderCi();
    String queues = "[general]\n[aq]\nstrategy=leastrecent\ntimeout=15\nwrapuptime=0\n"
        + "ringinuse=no\nretry=1\n" + AGENTS.stream().map(a -> "member => PJSIP/" + a + "\n")
        .reduce("", String::concat);
    String dialplan = "exten => 200,1,Queue(aq)\n same => n,Hangup()\n"
        + "exten => 201,1,Stasis(callqueue,cq)\n same => n,Hangup()";
    Path dir = Files.createDirectories(Path.of("target", "sipp").toAbsolutePath());
    Path voice = dir.resolve("bench-voice.alaw");
    byte[] bytes = new byte[8000 * 10];
    Arrays.fill(bytes, (byte) 0x2A);
    Files.write(voice, bytes);
    StringBuilder out = new StringBuilder();
    try (AsteriskInstance asterisk = AsteriskInstance.start("AsteriskVsAppQueueBench",
        AGENTS.stream().map(a -> new AsteriskInstance.Account(a, "s-" + a)).toList(), dialplan,
        0, "", Map.of("queues.conf", queues));
        AsteriskTelephonyPort port = new AsteriskTelephonyPort(AsteriskConfig.of(
            asterisk.ariUri(), AsteriskInstance.ARI_USER, AsteriskInstance.ARI_PASSWORD));
        CallQueueEngine engine = CallQueueEngine.builder().telephony(port).build()) {
      port.attach(engine);
      engine.addQueue(QueueConfig.builder("cq").strategy(Strategy.LEAST_RECENT)
          .ringTimeout(Duration.ofSeconds(15)).retryDelay(Duration.ofSeconds(1))
          .wrapUpTime(Duration.ZERO).joinPolicy(JoinPolicy.ALWAYS).announcePosition(false)
          .estimateAnnouncement(EstimateAnnouncement.OFF).periodicPrompts(List.of()).build())
          .toCompletableFuture().join();
      for (String a : AGENTS) {
        engine.addAgent(AgentConfig.sip(a, a)).toCompletableFuture().join();
        engine.addMembership(Membership.of(QueueId.of("cq"), AgentId.of(a)))
            .toCompletableFuture().join();
      }
      port.start().join();
      for (String extension : List.of("200", "201")) {
        String who = extension.equals("200") ? "app_queue" : "callqueue";
        List<Sipp.Running> phones = new ArrayList<>();
        for (String a : AGENTS) {
          phones.add(Sipp.scenario("agent_register.xml").autoAnswer().service(a)
              .credentials(a, "s-" + a).key("expires", "120")
              .key("markers", Files.createTempFile(dir, "bench-", ".log").toString())
              .pause(Duration.ofSeconds(90))
              .outOfCall(Sipp.instantiate("agent_answer.xml", Map.of("VOICE", voice.toString())))
              .start(asterisk.sipPort(), Duration.ofSeconds(100)));
        }
        WireChecks.await(Duration.ofSeconds(15), "agents registered", () -> AGENTS.stream()
            .allMatch(a -> engine.snapshot().toCompletableFuture().join()
                .agent(AgentId.of(a)).state() == AgentState.AVAILABLE), asterisk::logs);
        Duration astCpu = asterisk.cpuTime();
        long jvmCpu = jvmCpuNanos();
        // idle: one call every 2 s, 0.5 s long: each finds a free agent
        Sipp.Result idle = caller(extension, asterisk, "0.5", 10, Duration.ofMillis(500));
        // busy: 4 calls/s, 1 s long, for 2 agents: callers wait, agents are freed one by one
        Sipp.Result busy = caller(extension, asterisk, "4", 20, Duration.ofSeconds(1));
        Duration astUsed = asterisk.cpuTime().minus(astCpu);
        long jvmUsed = jvmCpuNanos() - jvmCpu;
        List<String> agentTraces = new ArrayList<>();
        for (Sipp.Running phone : phones) {
          agentTraces.add(phone.messages());
          phone.close();
        }
        List<Long> idleDelays = idleDelays(read(idle.traces()), agentTraces, "INVITE sip:"
            + extension);
        List<Long> busyDelays = busyDelays(agentTraces, idleDelays.size());
        String line = String.format(Locale.ROOT, "%-9s idle dispatch ms: %s | busy (BYE ->"
            + " next INVITE) ms: %s | failed calls: %d + %d | CPU: Asterisk %d ms, JVM %d ms",
            who, summary(idleDelays), summary(busyDelays), failed(idle), failed(busy),
            astUsed.toMillis(), jvmUsed / 1_000_000);
        System.out.println(line);
        out.append(line).append('\n');
        AsteriskInstance.pause(Duration.ofSeconds(2));
      }
    }
    Files.writeString(Path.of("target", "asterisk-vs-app_queue.txt"), out.toString());
    assertThat(out.toString()).contains("app_queue").contains("callqueue");
  }

  private static Sipp.Result caller(String extension, AsteriskInstance asterisk, String rate,
      int calls, Duration length) {
    return Sipp.scenario("caller.xml").autoAnswer().service(extension)
        .key("mediaport", Integer.toString(AsteriskInstance.freeUdpPort())).pause(length)
        .options("-m", Integer.toString(calls), "-r", rate, "-rp", "1000")
        .start(asterisk.sipPort(), Duration.ofSeconds(60)).await();
  }

  private static int failed(Sipp.Result result) {
    return result.exitCode() == 0 ? 0 : 1;
  }

  /** The i-th INVITE the caller SIPp sent against the i-th INVITE any agent received. */
  private static List<Long> idleDelays(String callerTrace, List<String> agentTraces,
      String request) {
    List<LocalDateTime> sent = times(callerTrace, "sent", request);
    List<LocalDateTime> rung = new ArrayList<>();
    for (String trace : agentTraces) {
      rung.addAll(times(trace, "received", "INVITE sip:"));
    }
    rung.sort(null);
    List<Long> delays = new ArrayList<>();
    for (int i = 0; i < Math.min(10, Math.min(sent.size(), rung.size())); i++) {
      delays.add(Duration.between(sent.get(i), rung.get(i)).toMillis());
    }
    return delays;
  }

  /** After the idle calls: per agent, each BYE it received to the next INVITE it received. */
  private static List<Long> busyDelays(List<String> agentTraces, int skip) {
    List<Long> delays = new ArrayList<>();
    for (String trace : agentTraces) {
      List<LocalDateTime> invites = times(trace, "received", "INVITE sip:");
      List<LocalDateTime> byes = times(trace, "received", "BYE sip:");
      for (LocalDateTime bye : byes) {
        invites.stream().filter(t -> t.isAfter(bye)).findFirst().ifPresent(next -> {
          long ms = Duration.between(bye, next).toMillis();
          if (ms < 3000) { // a next caller was waiting
            delays.add(ms);
          }
        });
      }
    }
    return delays;
  }

  private static List<LocalDateTime> times(String trace, String direction, String start) {
    List<LocalDateTime> times = new ArrayList<>();
    Matcher m = BLOCK.matcher(trace);
    while (m.find()) {
      if (m.group(2).equals(direction) && (m.group(3) + " " + m.group(4)).startsWith(start)) {
        times.add(LocalDateTime.parse(m.group(1), TIME));
      }
    }
    return times;
  }

  private static String summary(List<Long> ms) {
    if (ms.isEmpty()) {
      return "none";
    }
    List<Long> sorted = new ArrayList<>(ms);
    sorted.sort(null);
    double mean = sorted.stream().mapToLong(Long::longValue).average().orElse(0);
    return String.format(Locale.ROOT, "n=%d mean=%.0f median=%d max=%d", sorted.size(), mean,
        sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1));
  }

  private static String read(Path traces) throws IOException {
    Path file = traces.resolve("messages.log");
    return Files.exists(file) ? Files.readString(file, StandardCharsets.ISO_8859_1) : "";
  }

  private static long jvmCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory
        .getOperatingSystemMXBean()).getProcessCpuTime();
  }
}
