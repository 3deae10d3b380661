package io.callqueue.examples.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.callqueue.examples.server.config.ConfigLoader;
import io.callqueue.examples.server.config.ServerConfig;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerMainTest {

  private static int freeUdpPort() throws Exception {
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static int freeTcpPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Test
  void defaultConfig_startsSipMediaAndHttp_andStopsCleanly(@TempDir Path dir) throws Exception {
    String yaml;
    try (InputStream in = getClass().getResourceAsStream("/callqueue-default.yaml")) {
      yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    ServerConfig c = ConfigLoader.parse(dir.resolve("callqueue.yaml"), yaml);
    ServerConfig config = new ServerConfig(c.source(),
        new ServerConfig.Sip("127.0.0.1", freeUdpPort(), c.sip().realm()),
        new ServerConfig.Http("127.0.0.1", 0), c.accounts(), c.trunks(), c.outbound(),
        c.agents(), c.queues(), c.memberships(), c.scenarios(),
        new ServerConfig.Storage("memory", null),
        new ServerConfig.Media(null, null, 33000, 33099));

    try (ServerMain.Running running = ServerMain.start(config)) {
      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + running.core().httpPort() + "/api/snapshot")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("\"name\" : \"support\"");
      assertThat(running.sip().sipServer().isRunning()).isTrue();
    }
  }

  @Test
  void badConfigFile_printsEveryProblem_andExits2(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("bad.yaml"), """
        sip: { port: 0 }
        queues:
          - { name: support, ringTimeout: 0s }
        """);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = ServerMain.run(new String[] {file.toString()}, new PrintStream(
        new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("bad.yaml: sip.port: must be a port 1-65535, was 0")
        .contains("bad.yaml: queues[0]: queue 'support': ringTimeout must be > 0, was 0s");
  }

  @Test
  void callRecordDatabaseThatCannotBeOpened_isOneLineNamingTheUrl_andExits2(@TempDir Path dir)
      throws Exception {
    Files.writeString(dir.resolve("not-a-folder"), "x");
    Path file = Files.writeString(dir.resolve("server.yaml"), """
        sip: { port: %d }
        http: { port: %d }
        storage: { jdbcUrl: "jdbc:h2:file:%s" }
        """.formatted(freeUdpPort(), freeTcpPort(), dir.resolve("not-a-folder/calls")));
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int code = ServerMain.run(new String[] {file.toString()}, new PrintStream(
        new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(code).isEqualTo(2);
    List<String> lines = err.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).isEqualTo("callqueue: the configuration cannot be used:");
    String problem = "  - " + file + ": storage.jdbcUrl: cannot open the call records database"
        + " jdbc:h2:file:" + dir.resolve("not-a-folder/calls") + ": ";
    assertThat(lines.get(1)).startsWith(problem);
    assertThat(lines.get(1).substring(problem.length())).as("the reason").isNotBlank();
  }

  @Test
  void unwritableQueueLog_isOneLineNamingTheFile_andExits2(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("logs/queue_log"));
    Path file = Files.writeString(dir.resolve("server.yaml"), """
        sip: { port: %d }
        http: { port: %d }
        storage: { jdbcUrl: memory, queueLog: logs/queue_log }
        """.formatted(freeUdpPort(), freeTcpPort()));
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int code = ServerMain.run(new String[] {file.toString()}, new PrintStream(
        new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8).lines()).containsExactly(
        "callqueue: the configuration cannot be used:",
        "  - " + file + ": storage.queueLog: cannot write " + dir.resolve("logs/queue_log")
            + ": Is a directory");
  }

  @Test
  void help_printsUsage() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code = ServerMain.run(new String[] {"--help"},
        new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
    assertThat(code).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("usage: ServerMain");
  }
}
