package io.callqueue.adapter.asterisk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callqueue.adapter.asterisk.ari.AriClient;
import io.callqueue.adapter.asterisk.ari.AriException;
import io.callqueue.api.RingFailure;
import java.net.URI;
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
