package io.callqueue.examples.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.callqueue.examples.server.config.ConfigLoader;
import io.callqueue.examples.server.config.ServerConfig;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerMainTest {

  private static int freeUdpPort() throws Exception {
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
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
  void help_printsUsage() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code = ServerMain.run(new String[] {"--help"},
        new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
    assertThat(code).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("usage: ServerMain");
  }
}
