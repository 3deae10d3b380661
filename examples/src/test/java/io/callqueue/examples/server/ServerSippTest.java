package io.callqueue.examples.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callqueue.examples.server.config.ConfigLoader;
import io.callqueue.examples.server.config.ServerConfig;
import java.io.InputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server as a person runs it — the shipped default configuration, on free ports — with SIPp
 * phones: an agent registers, a caller dials 100 and is connected; the call list and statistics
 * over HTTP then report that call.
 */
class ServerSippTest {
  private static final Path SIPP = Path.of("/usr/bin/sipp");
  private static final Path SCENARIOS = Path.of("..", "adapter-sip", "src", "test", "resources",
      "sipp").toAbsolutePath().normalize();

  @BeforeAll
  static void sipp() {
    assumeTrue(Files.isExecutable(SIPP),
        "SIPp not found at /usr/bin/sipp (apt-get install sip-tester): test skipped");
  }

  private static int freeUdpPort() throws Exception {
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static Process sipp(Path dir, int serverPort, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("timeout", "30", SIPP.toString(),
        "127.0.0.1:" + serverPort, "-i", "127.0.0.1", "-p", Integer.toString(freeUdpPort()),
        "-mi", "127.0.0.1", "-mp", Integer.toString(freeUdpPort() & ~1),
        "-ci", "127.0.0.1", "-cp", Integer.toString(freeUdpPort()), "-m", "1", "-nostdin"));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(dir.resolve("sipp-" + System.nanoTime() + ".log").toFile()).start();
  }

  private static JsonNode get(int port, String path) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return new ObjectMapper().readTree(r.body());
  }

  @Test
  void defaultServer_connectsACallerToARegisteredAgent_andReportsItOverHttp(@TempDir Path dir)
      throws Exception {
    String yaml;
    try (InputStream in = getClass().getResourceAsStream("/callqueue-default.yaml")) {
      yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    ServerConfig c = ConfigLoader.parse(dir.resolve("callqueue.yaml"), yaml);
    int sipPort = freeUdpPort();
    ServerConfig config = new ServerConfig(c.source(),
        new ServerConfig.Sip("127.0.0.1", sipPort, c.sip().realm()),
        new ServerConfig.Http("127.0.0.1", 0), c.accounts(), c.trunks(), c.outbound(),
        c.agents(), c.queues(), c.memberships(), c.scenarios(),
        new ServerConfig.Storage("jdbc:h2:file:" + dir.resolve("calls"), dir.resolve("queue_log")),
        new ServerConfig.Media(null, null, 34000, 34199));

    try (ServerMain.Running server = ServerMain.start(config)) {
      int http = server.core().httpPort();
      Process agent = sipp(dir, sipPort, "-sf", SCENARIOS.resolve("register.xml").toString(),
          "-oocsf", SCENARIOS.resolve("agent_answer.xml").toString(), "-s", "agent1",
          "-au", "agent1", "-ap", "demo-agent1", "-key", "expires", "60", "-d", "15000");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!get(http, "/api/snapshot").toString().contains("\"state\":\"AVAILABLE\"")) {
        assertThat(System.nanoTime()).as("agent1 registered").isLessThan(deadline);
        Thread.sleep(100);
      }

      Process caller = sipp(dir, sipPort, "-sf", SCENARIOS.resolve("caller_waits.xml")
          .toString(), "-s", "100", "-d", "7000");
      assertThat(caller.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(caller.exitValue()).as("caller sipp exit code").isZero();

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
      agent.waitFor(30, TimeUnit.SECONDS);
    }
    assertThat(Files.readString(dir.resolve("queue_log"))).contains("|support|agent1|CONNECT|");
  }
}
