package io.callqueue.adapter.asterisk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callqueue.adapter.asterisk.ari.AriClient;
import io.callqueue.adapter.asterisk.ari.AriException;
import io.callqueue.api.RingFailure;
import com.sun.net.httpserver.HttpServer;
import io.callqueue.adapter.asterisk.ari.AriEvent;
import io.callqueue.testkit.tier.WireTest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Real-time test (tag: WireTest) of the ARI client's faults against the real Asterisk: wrong
 * credentials, an Asterisk not up yet at start, Asterisk's reasons in REST errors.
 */
@WireTest
class AriClientTest {

  @Test
  void wrongPassword_failsAtOnceWithOneClearMessage() {
    try (AsteriskInstance asterisk = AsteriskInstance.start("AriClientTest", List.of(), "", 0);
        AriClient client = new AriClient(asterisk.ariUri(), AsteriskInstance.ARI_USER, "wrong",
            "callqueue", e -> { })) {
      CompletableFuture<Void> connected = client.connect();

      assertThatThrownBy(() -> connected.get(5, TimeUnit.SECONDS))
          .hasCauseInstanceOf(AriException.class)
          .cause().hasMessage("ARI at " + asterisk.ariUri() + "/ari/ refused user 'callqueue':"
              + " wrong user or password (check the user's section in Asterisk's ari.conf)");
    }
  }

  @Test
  void asteriskNotUpAtStart_isRetriedWithBackoff_andConnectsWhenItComes() throws Exception {
    int port = AsteriskInstance.freeTcpPort();
    try (AriClient client = new AriClient(URI.create("http://127.0.0.1:" + port),
        AsteriskInstance.ARI_USER, AsteriskInstance.ARI_PASSWORD, "callqueue", e -> { })) {
      CompletableFuture<Void> connected = client.connect();
      AsteriskInstance.pause(Duration.ofMillis(1500));
      assertThat(connected).as("nothing listens yet: still retrying").isNotDone();

      try (AsteriskInstance asterisk =
          AsteriskInstance.start("AriClientTest", List.of(), "", port)) {
        connected.get(15, TimeUnit.SECONDS);

        assertThat(client.endpoints("PJSIP").join()).isNotNull();
        assertThat(asterisk.alive()).isTrue();
      }
    }
  }

  @Test
  void restErrors_carryAsterisksReason() {
    try (AsteriskInstance asterisk = AsteriskInstance.start("AriClientTest", List.of(
        new AsteriskInstance.Account("agent1", "secret1")), "", 0);
        AriClient client = new AriClient(asterisk.ariUri(), AsteriskInstance.ARI_USER,
            AsteriskInstance.ARI_PASSWORD, "callqueue", e -> { })) {
      client.connect().join();

      assertThatThrownBy(() -> client.createChannel("PJSIP/agent1", "cq-1-agent1", null, null,
          List.of()).join()).isInstanceOf(CompletionException.class).cause()
          .hasMessage("POST /ari/channels/create: HTTP 500 Allocation failed");
      assertThatThrownBy(() -> client.hangUp("no-such-channel", "normal").join()).cause()
          .hasMessage("DELETE /ari/channels/no-such-channel: HTTP 404 Channel not found")
          .satisfies(e -> assertThat(((AriException) e).status()).isEqualTo(404));
    }
  }

  /**
   * How ARI takes prompts over HTTP (for prompts the adapter serves, issue 11), checked on the
   * real Asterisk: {@code sound:http://…/file.wav} — res_http_media_cache fetches the file, and
   * the playback finishes {@code done}; a missing URL finishes {@code failed}, without an error.
   */
  @Test
  void play_takesHttpMedia_throughTheMediaCache() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(),
        0), 0);
    List<String> fetched = new CopyOnWriteArrayList<>();
    byte[] wav = Files.readAllBytes(AsteriskHome.locate()
        .resolve("var/lib/asterisk/sounds/en/hello-world.wav"));
    server.createContext("/prompts/", exchange -> {
      fetched.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
      boolean known = exchange.getRequestURI().getPath().equals("/prompts/en/hello.wav");
      exchange.getResponseHeaders().add("Content-Type", "audio/x-wav");
      exchange.sendResponseHeaders(known ? 200 : 404, known ? wav.length : -1);
      if (known) {
        exchange.getResponseBody().write(wav);
      }
      exchange.close();
    });
    server.start();
    BlockingQueue<AriEvent> events = new LinkedBlockingQueue<>();
    try (AsteriskInstance asterisk = AsteriskInstance.start("AriClientTest", List.of(),
        "exten => s,1,Answer()\n same => n,Wait(20)\n same => n,Hangup()", 0);
        AriClient client = new AriClient(asterisk.ariUri(), AsteriskInstance.ARI_USER,
            AsteriskInstance.ARI_PASSWORD, "callqueue", events::add)) {
      client.connect().join();
      client.post("channels", AriClient.params("endpoint", "Local/s@incoming/n", "app",
          "callqueue", "channelId", "media-probe", "formats", "alaw")).join();
      assertThat(next(events, AriEvent.StasisStart.class)).isNotNull();
      String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/prompts/";

      client.play("media-probe", "pb-1", List.of("sound:" + base + "en/hello.wav")).join();
      AriEvent.PlaybackFinished first = next(events, AriEvent.PlaybackFinished.class);
      client.play("media-probe", "pb-2", List.of("sound:" + base + "en/missing.wav")).join();
      AriEvent.PlaybackFinished missing = next(events, AriEvent.PlaybackFinished.class);

      assertThat(first).as(asterisk.logs())
          .isEqualTo(new AriEvent.PlaybackFinished("pb-1", "done"));
      assertThat(missing).isEqualTo(new AriEvent.PlaybackFinished("pb-2", "failed"));
      assertThat(fetched).as("what Asterisk asked the HTTP server for")
          .startsWith("GET /prompts/en/hello.wav").contains("GET /prompts/en/missing.wav");
      client.hangUp("media-probe", "normal").join();
    } finally {
      server.stop(0);
    }
  }

  private static <T extends AriEvent> T next(BlockingQueue<AriEvent> events, Class<T> type)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      AriEvent event = events.poll(100, TimeUnit.MILLISECONDS);
      if (type.isInstance(event)) {
        return type.cast(event);
      }
    }
    return null;
  }

  @Test
  void hangupCauses_mapToRingFailures() {
    assertThat(AsteriskTelephonyPort.ringFailure(17)).isEqualTo(RingFailure.BUSY);
    assertThat(AsteriskTelephonyPort.ringFailure(21)).isEqualTo(RingFailure.REJECTED);
    assertThat(AsteriskTelephonyPort.ringFailure(18)).isEqualTo(RingFailure.NO_ANSWER);
    assertThat(AsteriskTelephonyPort.ringFailure(19)).isEqualTo(RingFailure.NO_ANSWER);
    assertThat(AsteriskTelephonyPort.ringFailure(3)).isEqualTo(RingFailure.UNREACHABLE);
    assertThat(AsteriskTelephonyPort.ringFailure(16)).isEqualTo(RingFailure.UNREACHABLE);
  }
}
