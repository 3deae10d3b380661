package io.callqueue.examples.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callqueue.api.EstimateAnnouncement;
import io.callqueue.api.JoinPolicy;
import io.callqueue.api.QueueConfig;
import io.callqueue.examples.server.config.ConfigLoader;
import io.callqueue.examples.server.config.ServerConfig;
import io.callqueue.testkit.sipp.Sipp;
import io.callqueue.testkit.tier.WireTest;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server as a person runs it — the shipped default configuration, on free ports — with SIPp
 * phones: an agent registers, a caller dials 100 and is connected; the call list and statistics
 * over HTTP then report that call. SIPp runs through adapter-sip's harness ({@link Sipp}, from its
 * test jar, with its scenarios).
 */
@WireTest
class ServerSippTest {
  private static final Duration SIPP_LIMIT = Duration.ofSeconds(30);

  @BeforeAll
  static void sipp() {
    Sipp.assumeInstalled();
  }

  private static int freeUdpPort() {
    return Sipp.freeUdpPort("127.0.0.1");
  }

  /** Agent phone agent1 (demo password): registers and stays registered for {@code registered}. */
  private static Sipp agent1(Duration registered) {
    return Sipp.scenario("register.xml").service("agent1").credentials("agent1", "demo-agent1")
        .key("expires", "60").pause(registered);
  }

  static final String TOKEN = "sipp-test-token-0123456789";

  private static JsonNode get(int port, String path) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + port + path)).header("Authorization", "Bearer " + TOKEN)
        .build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return new ObjectMapper().readTree(r.body());
  }

  /** The shipped default configuration on free ports, its queues changed by {@code queues}. */
  static ServerConfig defaultConfig(Path dir, int sipPort,
      UnaryOperator<QueueConfig> queues) throws Exception {
    return defaultConfig(dir, sipPort, queues, null);
  }

  /** As {@link #defaultConfig(Path, int, UnaryOperator)}, with {@code media.music} set. */
  private static ServerConfig defaultConfig(Path dir, int sipPort,
      UnaryOperator<QueueConfig> queues, Path music) throws Exception {
    String yaml;
    try (InputStream in = ServerSippTest.class.getResourceAsStream("/callqueue-default.yaml")) {
      yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    ServerConfig c = ConfigLoader.parse(dir.resolve("callqueue.yaml"), yaml);
    return new ServerConfig(c.source(),
        new ServerConfig.Sip("127.0.0.1", sipPort, c.sip().realm()),
        new ServerConfig.Http("127.0.0.1", 0, TOKEN, false, List.of()), c.accounts(),
        c.trunks(), c.outbound(),
        c.agents(), c.queues().stream().map(queues).toList(), c.memberships(), c.scenarios(),
        new ServerConfig.Storage("jdbc:h2:file:" + dir.resolve("calls"), dir.resolve("queue_log")),
        new ServerConfig.Media(null, music, 34000, 34199));
  }

  @Test
  void mediaMusic_theConfiguredDefaultClassIsWhatAWaitingCallerHears(@TempDir Path dir)
      throws Exception {
    // A square wave of period 2 samples: every A-law frame of it is two alternating bytes, which
    // neither the built-in loop nor silence ever is.
    short[] square = new short[8000];
    for (int i = 0; i < square.length; i++) {
      square[i] = (short) (i % 2 == 0 ? 8000 : -8000);
    }
    Path music = dir.resolve("moh");
    writeWav(music.resolve("default").resolve("square.wav"), square);
    int sipPort = freeUdpPort();
    // No agent is signed in: the caller joins anyway and waits, hearing the greeting, then music.
    ServerConfig config = defaultConfig(dir, sipPort, q -> q.toBuilder()
        .joinPolicy(JoinPolicy.ALWAYS).estimateAnnouncement(EstimateAnnouncement.OFF).build(),
        music);

    int heard = 0;
    int configured = 0;
    try (ServerMain.Running server = ServerMain.start(config);
        DatagramSocket ear = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      assertThat(server.sip()).isNotNull();
      ear.setSoTimeout(200);
      Sipp.Running caller = Sipp.scenario("caller_listens.xml").service("100")
          .key("mediaport", Integer.toString(ear.getLocalPort())).pause(Duration.ofSeconds(9))
          .start(sipPort, SIPP_LIMIT);
      byte[] buffer = new byte[2048];
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(8);
      while (System.nanoTime() < end) {
        DatagramPacket p = new DatagramPacket(buffer, buffer.length);
        try {
          ear.receive(p);
        } catch (SocketTimeoutException e) {
          continue;
        }
        if ((buffer[1] & 0x7f) != 8 || p.getLength() != 12 + 160) {
          continue;
        }
        heard++;
        boolean alternating = buffer[12] != buffer[13];
        for (int i = 14; i < 12 + 160 && alternating; i++) {
          alternating = buffer[i] == buffer[i - 2];
        }
        if (alternating) {
          configured++;
        }
      }
      Sipp.Result result = caller.await();
      assertThat(result.exitCode()).as(result.log()).isZero();
    }
    assertThat(heard).as("A-law frames heard in 8 s").isGreaterThan(300);
    assertThat(configured).as("frames of the configured music among %d heard", heard)
        .isGreaterThan(100);
  }

  private static void writeWav(Path file, short[] samples) throws Exception {
    Files.createDirectories(file.getParent());
    byte[] pcm = new byte[samples.length * 2];
    for (int i = 0; i < samples.length; i++) {
      pcm[2 * i] = (byte) samples[i];
      pcm[2 * i + 1] = (byte) (samples[i] >> 8);
    }
    AudioFormat format = new AudioFormat(8000f, 16, 1, true, false);
    try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(pcm), format,
        samples.length)) {
      AudioSystem.write(in, AudioFileFormat.Type.WAVE, file.toFile());
    }
  }

  @Test
  void defaultServer_connectsACallerToARegisteredAgent_andReportsItOverHttp(@TempDir Path dir)
      throws Exception {
    int sipPort = freeUdpPort();
    ServerConfig config = defaultConfig(dir, sipPort, q -> q);

    try (ServerMain.Running server = ServerMain.start(config)) {
      int http = server.core().httpPort();
      Sipp.Running agent = agent1(Duration.ofSeconds(15)).outOfCall("agent_answer.xml")
          .start(sipPort, SIPP_LIMIT);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!get(http, "/api/snapshot").toString().contains("\"state\":\"AVAILABLE\"")) {
        assertThat(System.nanoTime()).as("agent1 registered").isLessThan(deadline);
        Thread.sleep(100);
      }

      Sipp.Result caller = Sipp.scenario("caller_waits.xml").service("100")
          .pause(Duration.ofSeconds(7)).run(sipPort, SIPP_LIMIT);
      assertThat(caller.exitCode()).as("caller: " + caller.log()).isZero();

      JsonNode calls = get(http, "/api/calls");
      deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (calls.size() == 0 || calls.get(0).get("talkSeconds").isNull()) {
        assertThat(System.nanoTime()).as("the call recorded").isLessThan(deadline);
        Thread.sleep(100);
        calls = get(http, "/api/calls");
      }
      JsonNode call = calls.get(0);
      assertThat(call.get("outcome").asText()).isEqualTo("ANSWERED");
      assertThat(call.get("agent").asText()).isEqualTo("agent1");
      assertThat(call.get("callerNumber").asText()).isEqualTo("+48111222333");
      assertThat(call.get("talkSeconds").asDouble()).isPositive();

      JsonNode stats = get(http, "/api/stats");
      JsonNode support = stats.get("queues").get(0);
      assertThat(support.get("offered").asInt()).isEqualTo(1);
      assertThat(support.get("answered").asInt()).isEqualTo(1);
      assertThat(support.get("serviceLevel").asDouble()).isEqualTo(1.0);
      assertThat(stats.get("agents").get(0).get("answered").asInt()).isEqualTo(1);
      agent.await();
    }
    assertThat(Files.readString(dir.resolve("queue_log"))).contains("|support|agent1|CONNECT|");
  }

  /** When SIPp's message log shows {@code startLine} messages received or sent, in order. */
  private static List<Instant> times(Path messageLog, String direction, String startLine)
      throws Exception {
    List<Instant> out = new ArrayList<>();
    String stamp = null;
    String seen = null;
    for (String line : Files.readAllLines(messageLog, StandardCharsets.ISO_8859_1)) {
      if (line.startsWith("----------------------------------------------- ")) {
        stamp = line.substring(48).trim();
      } else if (line.startsWith("UDP message ")) {
        seen = line;
      } else if (line.startsWith(startLine) && seen != null && seen.contains(direction)) {
        out.add(LocalDateTime.parse(stamp.replace(' ', 'T')).toInstant(ZoneOffset.UTC));
        seen = null;
      }
    }
    return out;
  }

  @Test
  void wrapUp_theNextWaitingCallerIsOfferedOnlyAfterTheAgentsWrapUp_andHttpShowsIt(
      @TempDir Path dir) throws Exception {
    int sipPort = freeUdpPort();
    ServerConfig config = defaultConfig(dir, sipPort,
        q -> q.toBuilder().wrapUpTime(Duration.ofSeconds(2)).build());
    Path hangsUp = Sipp.instantiate("agent_answer_hangup.xml", Map.of("TALK_MS", "2000"));
    Path agentLog;

    try (ServerMain.Running server = ServerMain.start(config)) {
      int http = server.core().httpPort();
      Sipp.Running agent = agent1(Duration.ofSeconds(25)).outOfCall(hangsUp)
          .key("mediaport", Integer.toString(freeUdpPort())).start(sipPort, SIPP_LIMIT);
      agentLog = agent.traces().resolve("messages.log");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!get(http, "/api/snapshot").toString().contains("\"state\":\"AVAILABLE\"")) {
        assertThat(System.nanoTime()).as("agent1 registered").isLessThan(deadline);
        Thread.sleep(100);
      }

      Sipp.Running first = Sipp.scenario("caller_until_bye.xml").service("100")
          .start(sipPort, SIPP_LIMIT);
      Thread.sleep(500);
      Sipp.Running second = Sipp.scenario("caller_until_bye.xml").service("100")
          .start(sipPort, SIPP_LIMIT);
      List<String> agentStates = new ArrayList<>(); // each change, in order
      deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (second.isRunning() && System.nanoTime() < deadline) {
        for (JsonNode a : get(http, "/api/snapshot").get("agents")) {
          String state = a.get("state").asText();
          if (a.get("id").asText().equals("agent1") && (agentStates.isEmpty()
              || !agentStates.get(agentStates.size() - 1).equals(state))) {
            agentStates.add(state);
          }
        }
        Thread.sleep(50);
      }
      Sipp.Result firstCaller = first.await();
      assertThat(firstCaller.exitCode()).as("first caller: " + firstCaller.log()).isZero();
      Sipp.Result secondCaller = second.await();
      assertThat(secondCaller.exitCode()).as("second caller: " + secondCaller.log()).isZero();
      assertThat(agentStates).as("agent1's states seen over HTTP")
          .containsSubsequence("ON_CALL", "WRAP_UP", "ON_CALL");

      JsonNode calls = get(http, "/api/calls");
      deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (calls.size() < 2 || calls.get(1).get("talkSeconds").isNull()) {
        assertThat(System.nanoTime()).as("both calls recorded").isLessThan(deadline);
        Thread.sleep(100);
        calls = get(http, "/api/calls");
      }
      JsonNode one = calls.get(0);
      JsonNode two = calls.get(1);
      assertThat(List.of(one.get("outcome").asText(), two.get("outcome").asText()))
          .containsOnly("ANSWERED");
      assertThat(List.of(one.get("agent").asText(), two.get("agent").asText()))
          .containsOnly("agent1");
      assertThat(Duration.between(Instant.parse(one.get("completedAt").asText()),
          Instant.parse(two.get("answeredAt").asText())))
          .as("the second call is answered after the first call's end plus wrap-up")
          .isGreaterThanOrEqualTo(Duration.ofSeconds(2));
      assertThat(two.get("waitSeconds").asDouble()).isGreaterThan(one.get("waitSeconds")
          .asDouble() + 2.0);
      JsonNode stats = get(http, "/api/stats");
      assertThat(stats.get("queues").get(0).get("answered").asInt()).isEqualTo(2);
      assertThat(stats.get("agents").get(0).get("answered").asInt()).isEqualTo(2);

      agent.await();
    }
    List<Instant> invites = times(agentLog, "received", "INVITE sip:agent1@");
    List<Instant> byes = times(agentLog, "sent", "BYE sip:");
    assertThat(invites).as("INVITEs the agent's phone received").hasSize(2);
    assertThat(byes).as("BYEs the agent's phone sent").hasSize(2);
    assertThat(Duration.between(byes.get(0), invites.get(1)))
        .as("from the agent's hang-up to the next INVITE")
        .isGreaterThanOrEqualTo(Duration.ofSeconds(2))
        .isLessThan(Duration.ofSeconds(4));
  }
}
