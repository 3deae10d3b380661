package io.callqueue.examples.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.callqueue.api.CallId;
import io.callqueue.api.CallOffer;
import io.callqueue.api.QueueId;
import io.callqueue.examples.server.config.ServerConfig;
import io.callqueue.testkit.RecordingTelephonyPort;
import io.callqueue.testkit.tier.WireTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine's meters over HTTP in Prometheus text format, behind the API's token. */
@WireTest
class MetricsEndpointTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static HttpResponse<String> get(ServerCore core, String token) throws Exception {
    HttpRequest.Builder r = HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + core.httpPort() + "/metrics"));
    if (token != null) {
      r.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Scrapes until the body has every line (gauges follow an asynchronous snapshot). */
  private static String scrapeUntil(ServerCore core, String token, String... lines)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    String body;
    do {
      HttpResponse<String> r = get(core, token);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
          t -> assertThat(t).startsWith("text/plain; version=0.0.4"));
      body = r.body();
      boolean all = true;
      for (String line : lines) {
        all &= body.contains(line);
      }
      if (all) {
        return body;
      }
      Thread.onSpinWait();
    } while (System.nanoTime() < deadline);
    return body;
  }

  @Test
  void metrics_areServedForPrometheus_withTheToken_only(@TempDir Path dir) throws Exception {
    ServerConfig config = ServerCoreTest.config(dir.resolve("callqueue.yaml"),
        new ServerConfig.Storage("memory", null));
    try (ServerCore core = ServerCore.start(config, new RecordingTelephonyPort())) {
      // nobody registered: the call is not queued
      core.engine().offer(CallOffer.of(CallId.of("c1"), QueueId.of("support"), "+48600000001"))
          .toCompletableFuture().join();

      assertThat(get(core, null).statusCode()).isEqualTo(401);
      assertThat(get(core, "wrong").statusCode()).isEqualTo(401);
      String body = scrapeUntil(core, config.http().token(),
          "callqueue_calls_offered_total{queue=\"support\"} 1.0",
          "callqueue_calls_outcome_total{outcome=\"not_queued\",queue=\"support\"} 1.0",
          "callqueue_agents{state=\"logged_out\"} 3.0",
          "callqueue_queue_waiting{queue=\"support\"} 0.0");
      assertThat(body).contains("callqueue_calls_offered_total{queue=\"support\"} 1.0",
          "callqueue_calls_outcome_total{outcome=\"not_queued\",queue=\"support\"} 1.0",
          "callqueue_agents{state=\"logged_out\"} 3.0",
          "callqueue_queue_waiting{queue=\"support\"} 0.0",
          "# TYPE callqueue_queue_longest_wait_seconds gauge");
    }
  }
}
