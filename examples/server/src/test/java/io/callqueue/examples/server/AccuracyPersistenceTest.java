package io.callqueue.examples.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.callqueue.api.AgentId;
import io.callqueue.api.CallId;
import io.callqueue.api.CallOutcome;
import io.callqueue.api.QueueEvent;
import io.callqueue.api.QueueId;
import io.callqueue.core.estimate.QueueAccuracy;
import io.callqueue.examples.server.config.ServerConfig;
import io.callqueue.testkit.RecordingTelephonyPort;
import io.callqueue.testkit.tier.WireTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The announced estimates' live accuracy continues over a restart of the server. */
@WireTest
class AccuracyPersistenceTest {
  private static final QueueId SUPPORT = QueueId.of("support");
  private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

  /** One announcement of {@code estimate} s to a caller answered {@code waited} s later. */
  private static void announcedAndAnswered(ServerCore core, String call, long estimate,
      long waited) {
    core.accuracy().onEvent(new QueueEvent.WaitEstimated(T0, CallId.of(call), SUPPORT, "default",
        1, Duration.ZERO, Duration.ofSeconds(estimate)));
    core.accuracy().onEvent(new QueueEvent.CallerLeft(T0.plusSeconds(waited), CallId.of(call),
        SUPPORT, "", CallOutcome.ANSWERED, AgentId.of("agent1"), null,
        Duration.ofSeconds(waited), 1));
  }

  @Test
  void liveAccuracy_isSavedAtShutdown_andTheNextStartContinuesIt(@TempDir Path dir)
      throws Exception {
    ServerConfig config = ServerCoreTest.config(dir.resolve("callqueue.yaml"),
        new ServerConfig.Storage("jdbc:h2:file:" + dir.resolve("calls"), null));
    try (ServerCore core = ServerCore.start(config, new RecordingTelephonyPort())) {
      announcedAndAnswered(core, "c1", 60, 50); // +10
    }

    try (ServerCore again = ServerCore.start(config, new RecordingTelephonyPort())) {
      QueueAccuracy.Band restored = again.accuracy().snapshot().get(SUPPORT).all();
      assertThat(restored.n()).isOne();
      assertThat(restored.biasSeconds()).isEqualTo(10.0);
      announcedAndAnswered(again, "c2", 10, 30); // -20

      QueueAccuracy.Band both = again.accuracy().snapshot().get(SUPPORT).all();
      assertThat(both.n()).isEqualTo(2);
      assertThat(both.rmseSeconds()).isEqualTo(Math.sqrt((100 + 400) / 2.0));
      HttpResponse<String> stats = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + again.httpPort() + "/api/stats"))
          .header("Authorization", "Bearer " + config.http().token()).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(stats.statusCode()).isEqualTo(200);
      assertThat(stats.body()).contains("\"estimateAccuracy\"", "\"biasSeconds\" : -5.0");
    }
  }
}
