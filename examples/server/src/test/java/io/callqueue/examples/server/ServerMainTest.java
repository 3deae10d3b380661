package io.callqueue.examples.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callqueue.examples.server.config.ConfigLoader;
import io.callqueue.examples.server.config.ServerConfig;
import io.callqueue.testkit.tier.WireTest;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
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
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@WireTest
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
          URI.create("http://127.0.0.1:" + running.core().httpPort() + "/api/snapshot"))
          .header("Authorization", "Bearer " + config.http().token()).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("\"name\" : \"support\"");
      assertThat(running.sip().sipServer().isRunning()).isTrue();
    }
  }

  /** Runs the server on a config it must refuse: asserts exit code 2, returns what it printed. */
  private static String runRefused(Path config) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = ServerMain.run(new String[] {config.toString()}, new PrintStream(
        new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).isEqualTo(2);
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void badConfigFile_printsEveryProblem_andExits2(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("bad.yaml"), """
        sip: { port: 0 }
        queues:
          - { name: support, ringTimeout: 0s }
        """);
    assertThat(runRefused(file))
        .contains("bad.yaml: sip.port: must be a port 1-65535, was 0")
        .contains("bad.yaml: queues[0]: queue 'support': ringTimeout must be > 0, was 0s");
  }

  @Test
  void overflowingNumberInTheConfig_isTheDocumentedMessageAndExit2(@TempDir Path dir)
      throws Exception {
    Path file = Files.writeString(dir.resolve("big.yaml"), """
        sip: { answerTimeout: 99999999999999999999s }
        media: { rtpPorts: 99999999999-99999999999 }
        """);
    assertThat(runRefused(file))
        .startsWith("callqueue: the configuration cannot be used:")
        .contains("big.yaml: sip.answerTimeout: must be a duration")
        .contains("big.yaml: media.rtpPorts: must be a range");
  }

  @Test
  void hashPassword_printsAHashTheConfigurationAccepts_andTheHashVerifies() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = ServerMain.hashPassword(new java.io.ByteArrayInputStream(
        "a long enough password\n".getBytes(StandardCharsets.UTF_8)),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).isZero();
    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(printed).doesNotContain("a long enough password");
    String hash = printed.substring(printed.indexOf('\'') + 1, printed.lastIndexOf('\''));
    assertThat(io.callqueue.examples.server.panel.PasswordHash.verify("a long enough password",
        hash)).isTrue();
    Path dir = Files.createTempDirectory("hash");
    ServerConfig c = ConfigLoader.parse(dir.resolve("c.yaml"), printed);
    assertThat(c.panel().adminPasswordHash()).isEqualTo(hash);

    assertThat(ServerMain.hashPassword(new java.io.ByteArrayInputStream(
        "short\n".getBytes(StandardCharsets.UTF_8)), new PrintStream(out),
        new PrintStream(err))).isEqualTo(2);
  }

  @Test
  void sigterm_stopsTheServerProcess_andItExits0(@TempDir Path dir) throws Exception {
    // HTTP on every interface, to see the warning too; SIP and RTP stay on loopback
    int httpPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      httpPort = s.getLocalPort();
    }
    String token = "process-test-token-0123456789";
    Path config = Files.writeString(dir.resolve("callqueue.yaml"), """
        sip: { bindAddress: 127.0.0.1, port: %d }
        http: { bindAddress: 0.0.0.0, port: %d, token: %s }
        accounts: { agent1: secret-1 }
        agents: [ { id: agent1, sip: agent1 } ]
        queues: [ { name: support, members: [ { agent: agent1 } ] } ]
        storage: { jdbcUrl: memory }
        media: { rtpPorts: 35200-35299 }
        """.formatted(freeUdpPort(), httpPort, token));
    Process server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-cp", System.getProperty("java.class.path"), ServerMain.class.getName(),
        config.toString()).directory(dir.toFile()).redirectErrorStream(true).start();
    StringBuffer output = new StringBuffer();
    CountDownLatch running = new CountDownLatch(1);
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(server.getInputStream(),
          StandardCharsets.UTF_8))) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          output.append(line).append('\n');
          if (line.startsWith("Stop with Ctrl-C")) { // the banner's last line
            running.countDown();
          }
        }
      } catch (IOException e) {
        output.append(e);
      }
    });
    reader.start();
    try {
      assertThat(running.await(60, TimeUnit.SECONDS)).as(output::toString).isTrue();
      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + httpPort + "/api/snapshot"))
          .header("Authorization", "Bearer " + token).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(output.toString()).contains("HTTP token from http.token")
          .contains("WARNING    HTTP listens on 0.0.0.0, beyond this machine")
          .doesNotContain(token)
          .contains("panel      http://0.0.0.0:" + httpPort + "/panel")
          .contains("WARNING    first start: the panel's administrator password is ")
          .doesNotContain("pbkdf2");

      server.destroy(); // SIGTERM

      assertThat(server.waitFor(30, TimeUnit.SECONDS)).as(output::toString).isTrue();
      reader.join(5000);
      assertThat(server.exitValue()).as(output::toString).isZero();
    } finally {
      server.destroyForcibly();
    }
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

  @Test
  void musicClasses_eachFolderIsAClassOfItsWavFilesInNameOrder(@TempDir Path dir)
      throws IOException {
    Files.createDirectories(dir.resolve("jazz"));
    Files.write(dir.resolve("jazz/b.wav"), new byte[0]);
    Files.write(dir.resolve("jazz/a.WAV"), new byte[0]);
    Files.write(dir.resolve("jazz/notes.txt"), new byte[0]);
    Files.createDirectories(dir.resolve("default"));
    Files.write(dir.resolve("default/loop.wav"), new byte[0]);

    assertThat(ServerMain.musicClasses(dir)).containsExactly(
        Map.entry("default", List.of(dir.resolve("default/loop.wav"))),
        Map.entry("jazz", List.of(dir.resolve("jazz/a.WAV"), dir.resolve("jazz/b.wav"))));
  }

  @Test
  void musicClasses_aClassFolderWithoutWavFiles_isAClearError(@TempDir Path dir)
      throws IOException {
    Files.createDirectories(dir.resolve("empty"));
    assertThatThrownBy(() -> ServerMain.musicClasses(dir))
        .isInstanceOf(IOException.class)
        .hasMessage("media.music: music class folder " + dir.resolve("empty")
            + " has no .wav file");
  }
}
