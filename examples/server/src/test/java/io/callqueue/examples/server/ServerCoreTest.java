package io.callqueue.examples.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callqueue.api.CallId;
import io.callqueue.api.CallOffer;
import io.callqueue.api.CallOutcome;
import io.callqueue.api.CallRecord;
import io.callqueue.api.ConfigException;
import io.callqueue.api.QueueId;
import io.callqueue.examples.server.config.ConfigLoader;
import io.callqueue.examples.server.config.ServerConfig;
import io.callqueue.testkit.RecordingTelephonyPort;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerCoreTest {

  /** The shipped default config, with storage in a temp folder and an ephemeral HTTP port. */
  private static ServerConfig config(Path dir) throws Exception {
    return config(dir.resolve("callqueue.yaml"), new ServerConfig.Storage(
        "jdbc:h2:file:" + dir.resolve("calls"), dir.resolve("queue_log")));
  }

  /** The shipped default config read from {@code file}, with this storage. */
  static ServerConfig config(Path file, ServerConfig.Storage storage) throws Exception {
    String yaml;
    try (InputStream in = ServerCoreTest.class.getResourceAsStream("/callqueue-default.yaml")) {
      yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    ServerConfig c = ConfigLoader.parse(file, yaml);
    return new ServerConfig(c.source(), c.sip(), new ServerConfig.Http("127.0.0.1", 0),
        c.accounts(), c.trunks(), c.outbound(), c.agents(), c.queues(), c.memberships(),
        c.scenarios(), storage, c.media());
  }

  private static Optional<CallRecord> waitForRecord(ServerCore core, CallId call) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      Optional<CallRecord> r = core.store().findByCall(call).stream().findFirst();
      if (r.isPresent()) {
        return r;
      }
      Thread.onSpinWait();
    }
    return Optional.empty();
  }

  @Test
  void records_survive_aRestart_andQueueLogIsWritten(@TempDir Path dir) throws Exception {
    ServerConfig config = config(dir);
    try (ServerCore core = ServerCore.start(config, new RecordingTelephonyPort())) {
      // nobody registered: the call is not queued, and recorded so
      core.engine().offer(CallOffer.of(CallId.of("c1"), QueueId.of("support"), "+48600000001"))
          .toCompletableFuture().join();
      assertThat(waitForRecord(core, CallId.of("c1"))).isPresent();
    }
    try (ServerCore again = ServerCore.start(config, new RecordingTelephonyPort())) {
      CallRecord r = again.store().findByCall(CallId.of("c1")).get(0);
      assertThat(r.outcome()).isEqualTo(CallOutcome.NOT_QUEUED);
      assertThat(r.callerNumber()).isEqualTo("+48600000001");
    }
    assertThat(Files.readString(dir.resolve("queue_log"))).contains("|c1|support|");
  }

  @Test
  void httpEndpoint_servesTheConfiguredQueuesAndAgents(@TempDir Path dir) throws Exception {
    ServerConfig config = config(dir);
    try (ServerCore core = ServerCore.start(config, new RecordingTelephonyPort())) {
      core.engine().sipRegistered("agent2");
      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + core.httpPort() + "/api/snapshot"))
          .header("Authorization", "Bearer " + config.http().token()).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("\"name\" : \"support\"", "\"id\" : \"agent3\"",
          "\"state\" : \"AVAILABLE\"");
    }
  }

  @Test
  void engineRejectingTheConfig_isAConfigErrorNamingTheFile(@TempDir Path dir) throws Exception {
    ServerConfig c = config(dir);
    ServerConfig bad = new ServerConfig(c.source(), c.sip(), c.http(), c.accounts(), c.trunks(),
        c.outbound(), c.agents(), java.util.List.of(io.callqueue.api.QueueConfig
            .builder("support").strategy("roundrobin-deluxe").build()), c.memberships(),
        c.scenarios(), c.storage(), c.media());
    assertThatThrownBy(() -> ServerCore.start(bad, new RecordingTelephonyPort()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("callqueue.yaml: queue 'support': unknown strategy"
            + " 'roundrobin-deluxe'");
  }

  @Test
  void relativeH2Path_isRelativeToTheConfigFile_notToTheWorkingDirectory(@TempDir Path dir)
      throws Exception {
    Path file = Files.createDirectories(dir.resolve("etc/callqueue")).resolve("callqueue.yaml");
    ServerConfig config = config(file, new ServerConfig.Storage("jdbc:h2:file:./data/calls",
        null));
    Path inWorkingDirectory = Path.of("data/calls.mv.db");
    boolean wasThere = Files.exists(inWorkingDirectory);
    try (ServerCore core = ServerCore.start(config, new RecordingTelephonyPort())) {
      core.engine().offer(CallOffer.of(CallId.of("c1"), QueueId.of("support"), "+48600000001"))
          .toCompletableFuture().join();
      assertThat(waitForRecord(core, CallId.of("c1"))).isPresent();
    }

    assertThat(dir.resolve("etc/callqueue/data/calls.mv.db")).exists();
    assertThat(Files.exists(inWorkingDirectory)).as("a database in the working directory")
        .isEqualTo(wasThere);
  }

  @Test
  void resolveH2_relativeFilePathsOnly() {
    Path base = Path.of("/etc/callqueue");
    assertThat(ServerCore.resolveH2("jdbc:h2:file:./data/calls", base))
        .isEqualTo("jdbc:h2:file:/etc/callqueue/data/calls");
    assertThat(ServerCore.resolveH2("jdbc:h2:./data/calls;AUTO_SERVER=TRUE", base))
        .isEqualTo("jdbc:h2:file:/etc/callqueue/data/calls;AUTO_SERVER=TRUE");
    assertThat(ServerCore.resolveH2("jdbc:h2:file:../calls", base))
        .isEqualTo("jdbc:h2:file:/etc/calls");
    for (String unchanged : new String[] {"jdbc:h2:file:/var/lib/callqueue/calls",
        "jdbc:h2:~/calls", "jdbc:h2:mem:calls", "jdbc:h2:tcp://db/calls",
        "jdbc:postgresql://db:5432/callqueue"}) {
      assertThat(ServerCore.resolveH2(unchanged, base)).isEqualTo(unchanged);
    }
  }

  @Test
  void unwritableQueueLog_isOneConfigProblemNamingTheFileAndWhy(@TempDir Path dir)
      throws Exception {
    Path folder = Files.createDirectories(dir.resolve("queue_log"));
    ServerConfig config = config(dir.resolve("callqueue.yaml"),
        new ServerConfig.Storage("memory", folder));

    assertThatThrownBy(() -> ServerCore.start(config, new RecordingTelephonyPort()))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
            .singleElement().asString()
            .startsWith(dir.resolve("callqueue.yaml") + ": storage.queueLog: cannot write "
                + folder + ": ")
            .containsIgnoringCase("directory")
            .doesNotContain("\n"));
  }

  @Test
  void h2DatabaseThatCannotBeOpened_isOneConfigProblemNamingTheUrlAndWhy(@TempDir Path dir)
      throws Exception {
    Files.writeString(dir.resolve("not-a-folder"), "x");
    String url = "jdbc:h2:file:" + dir.resolve("not-a-folder/calls");
    ServerConfig config = config(dir.resolve("callqueue.yaml"),
        new ServerConfig.Storage(url, null));

    assertThatThrownBy(() -> ServerCore.start(config, new RecordingTelephonyPort()))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
            .singleElement().asString()
            .startsWith(dir.resolve("callqueue.yaml") + ": storage.jdbcUrl: cannot open the call"
                + " records database " + url + ": ")
            .doesNotContain("\n"));
  }

  @Test
  void callInConversationAtACrash_isInterruptedAfterTheRestart(@TempDir Path dir)
      throws Exception {
    ServerConfig config = config(dir);
    String url = "jdbc:h2:file:" + dir.resolve("calls");
    try (var crashed = io.callqueue.core.records.JdbcCallRecordStore.open(url)) {
      crashed.save(new CallRecord(io.callqueue.api.RecordId.of("run1-1"), CallId.of("c1"),
          QueueId.of("support"), "+48111", java.time.Instant.parse("2026-01-05T08:00:00Z"),
          java.time.Instant.parse("2026-01-05T08:00:00Z"), 1, 1, java.util.List.of(),
          java.time.Instant.parse("2026-01-05T08:00:10Z"), io.callqueue.api.AgentId.of("agent1"),
          java.time.Instant.parse("2026-01-05T08:00:10Z"), null, null, CallOutcome.ANSWERED, null,
          Duration.ofSeconds(10), null, null, null));
      crashed.saveHeartbeat(java.time.Instant.parse("2026-01-05T08:05:00Z"));
    }

    try (ServerCore core = ServerCore.start(config, new RecordingTelephonyPort())) {
      CallRecord r = core.store().findByCall(CallId.of("c1")).get(0);
      assertThat(r.interruptedAt()).isEqualTo(java.time.Instant.parse("2026-01-05T08:05:00Z"));
      assertThat(r.outcome()).isEqualTo(CallOutcome.ANSWERED);
      HttpResponse<String> calls = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + core.httpPort()
              + "/api/calls?from=2026-01-05T00:00:00Z&to=2026-01-06T00:00:00Z"))
          .header("Authorization", "Bearer " + config.http().token()).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(calls.body()).contains("\"interruptedAt\" : \"2026-01-05T08:05:00Z\"",
          "\"record\" : \"run1-1\"");
    }
  }
}
