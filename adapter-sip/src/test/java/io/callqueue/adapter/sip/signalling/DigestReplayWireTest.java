package io.callqueue.adapter.sip.signalling;

import static org.assertj.core.api.Assertions.assertThat;

import io.callqueue.adapter.sip.signalling.RawSipClient.Received;
import io.callqueue.testkit.tier.WireTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * What one captured or forged digest header can no longer do, on the wire (RFC 3261 §22, RFC
 * 2617): be replayed, authenticate another Request-URI, register or call as another user, or be
 * guessed at without end.
 */
@WireTest
class DigestReplayWireTest {
  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final String REALM = "callqueue.test";

  /** Sends {@code request} and returns the first final response (or 401) to it. */
  private static Received send(RawSipClient client, String request) {
    client.send(request);
    Received response = client.await(r -> r.status() >= 200, WAIT);
    assertThat(response).as("a final response to%n%s", request).isNotNull();
    return response;
  }

  /** The nonce of a fresh challenge to a REGISTER of agent1. */
  private static String challenge(RawSipClient client, String callId) {
    Received challenge = send(client, client.register("agent1", "agent1", callId, 1, null));
    assertThat(challenge.status()).isEqualTo(401);
    return RawSipClient.nonce(challenge);
  }

  private static String agent1(RawSipClient client, String uri, String nonce, String nc) {
    return RawSipClient.digest("agent1", "secret1", REALM, "REGISTER", uri, nonce, nc);
  }

  @Test
  void registerAnsweredInTheRfc2069Form_withoutQop_isRefused() {
    try (TestServer fixture = new TestServer(); RawSipClient client = new RawSipClient(fixture.port)) {
      String callId = RawSipClient.newCallId();
      String nonce = challenge(client, callId);
      String legacy = agent1(client, client.registrar(), nonce, null);

      // Without a nonce count nothing tells this header from its replay: it is refused.
      assertThat(send(client, client.register("agent1", "agent1", callId, 2, legacy)).status())
          .isEqualTo(403);
      assertThat(fixture.server.bindings("agent1")).isEmpty();
    }
  }

  @Test
  void replayedRegister_sameNonceCount_isChallengedWithAFreshNonce() {
    try (TestServer fixture = new TestServer(); RawSipClient client = new RawSipClient(fixture.port)) {
      String callId = RawSipClient.newCallId();
      String nonce = challenge(client, callId);
      String header = agent1(client, client.registrar(), nonce, "00000001");
      assertThat(send(client, client.register("agent1", "agent1", callId, 2, header)).status())
          .isEqualTo(200);

      Received replay = send(client,
          client.register("agent1", "agent1", RawSipClient.newCallId(), 7, header));
      assertThat(replay.status()).isEqualTo(401);
      assertThat(replay.header("WWW-Authenticate")).contains("stale=TRUE");
      assertThat(RawSipClient.nonce(replay)).isNotEqualTo(nonce);
    }
  }

  @Test
  void digestUriOtherThanTheRequestUri_isRefused() {
    try (TestServer fixture = new TestServer(); RawSipClient client = new RawSipClient(fixture.port)) {
      String callId = RawSipClient.newCallId();
      String nonce = challenge(client, callId);
      // Right password, but computed for another request's URI (captured elsewhere).
      String elsewhere = agent1(client, "sip:192.0.2.9:5060", nonce, "00000001");

      assertThat(send(client, client.register("agent1", "agent1", callId, 2, elsewhere)).status())
          .isEqualTo(403);
      assertThat(fixture.server.bindings("agent1")).isEmpty();
    }
  }

  @Test
  void registerFromAnotherUser_isRefused() {
    try (TestServer fixture = new TestServer(); RawSipClient client = new RawSipClient(fixture.port)) {
      String callId = RawSipClient.newCallId();
      String nonce = challenge(client, callId);
      String header = agent1(client, client.registrar(), nonce, "00000001");

      assertThat(send(client, client.register("agent1", "agent2", callId, 2, header)).status())
          .isEqualTo(403);
      assertThat(fixture.server.bindings("agent1")).isEmpty();
    }
  }

  @Test
  void inviteAuthenticatedAsAnAccount_withAnotherFromUser_isRefused() {
    try (TestServer fixture = new TestServer(); RawSipClient client = new RawSipClient(fixture.port)) {
      String callId = RawSipClient.newCallId();
      String invite = client.invite("200", callId, RawSipClient.newBranch())
          .replace("+48111222333", "agent1");
      Received challenge = send(client, invite);
      assertThat(challenge.status()).isEqualTo(401);
      String uri = "sip:200@127.0.0.1:" + fixture.port;
      String header = RawSipClient.digest("agent1", "secret1", REALM, "INVITE", uri,
          RawSipClient.nonce(challenge), "00000001");

      // agent1's credentials, but the caller shown would be a number agent1 does not own.
      String spoofed = client.invite("200", callId, RawSipClient.newBranch())
          .replace("CSeq: 1 INVITE", "CSeq: 2 INVITE")
          .replace("Content-Length: 0", "Authorization: " + header + "\nContent-Length: 0");
      assertThat(send(client, spoofed).status()).isEqualTo(403);
      assertThat(fixture.calls).isEmpty();
    }
  }

  @Test
  void sourceFailingRepeatedly_isRefusedEvenWithTheRightPassword_untilTheBlockEnds()
      throws Exception {
    Duration block = Duration.ofSeconds(1);
    try (TestServer fixture = new TestServer(b -> b.authFailures(
            new SipConfig.FailureLimit(3, Duration.ofMinutes(1), block)));
        RawSipClient client = new RawSipClient(fixture.port)) {
      for (int attempt = 0; attempt < 3; attempt++) {
        String callId = RawSipClient.newCallId();
        String guess = RawSipClient.digest("agent1", "guess" + attempt, REALM, "REGISTER",
            client.registrar(), challenge(client, callId), "00000001");
        assertThat(send(client, client.register("agent1", "agent1", callId, 2, guess)).status())
            .isEqualTo(403);
      }

      Received refused = send(client,
          client.register("agent1", "agent1", RawSipClient.newCallId(), 1, null));
      assertThat(refused.status()).as("refused without a challenge").isEqualTo(403);
      assertThat(refused.reason()).contains("too many failed authentications");

      Thread.sleep(block.plusMillis(200).toMillis());
      String callId = RawSipClient.newCallId();
      String right = agent1(client, client.registrar(), challenge(client, callId), "00000001");
      assertThat(send(client, client.register("agent1", "agent1", callId, 2, right)).status())
          .as("released after the block").isEqualTo(200);
    }
  }
}
