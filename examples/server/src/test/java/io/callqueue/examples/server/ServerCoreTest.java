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
    String yaml;
    try (InputStream in = ServerCoreTest.class.getResourceAsStream("/callqueue-default.yaml")) {
      yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    ServerConfig c = ConfigLoader.parse(dir.resolve("callqueue.yaml"), yaml);
    return new ServerConfig(c.source(), c.sip(), new ServerConfig.Http("127.0.0.1", 0),
        c.accounts(), c.trunks(), c.outbound(), c.agents(), c.queues(), c.memberships(),
        c.scenarios(), new ServerConfig.Storage("jdbc:h2:file:" + dir.resolve("calls"),
            dir.resolve("queue_log")), c.media());
  }

  private static Optional<CallRecord> waitForRecord(ServerCore core, CallId call) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      Optional<CallRecord> r = core.store().find(call);
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
      CallRecord r = again.store().find(CallId.of("c1")).orElseThrow();
      assertThat(r.outcome()).isEqualTo(CallOutcome.NOT_QUEUED);
      assertThat(r.callerNumber()).isEqualTo("+48600000001");
    }
    assertThat(Files.readString(dir.resolve("queue_log"))).contains("|c1|support|");
  }

  @Test
  void httpEndpoint_servesTheConfiguredQueuesAndAgents(@TempDir Path dir) throws Exception {
    try (ServerCore core = ServerCore.start(config(dir), new RecordingTelephonyPort())) {
      core.engine().sipRegistered("agent2");
      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + core.httpPort() + "/api/snapshot")).build(),
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
}
