package io.callqueue.adapter.sip.signalling;

import static org.assertj.core.api.Assertions.assertThat;

import io.callqueue.adapter.sip.signalling.RawSipClient.Received;
import io.callqueue.testkit.tier.WireTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Datagrams JAIN-SIP would drop without a word (or with a misleading log line, or an NPE): over
 * 8 KB, or a request missing a mandatory header. Sent as raw UDP; the server answers what can be
 * answered and keeps serving.
 */
@WireTest
class MalformedDatagramWireTest {
  private static final Duration WAIT = Duration.ofSeconds(3);
  private static final Duration QUIET = Duration.ofMillis(700);

  private static String invite(RawSipClient client) {
    return client.invite("100", RawSipClient.newCallId(), RawSipClient.newBranch());
  }

  /** The server still answers an ordinary OPTIONS. */
  private static void stillServes(RawSipClient client) {
    client.send(options(client, "Max-Forwards: 70\n"));
    Received ok = client.await(r -> r.status() > 0, WAIT);
    assertThat(ok).as("an answer to OPTIONS").isNotNull();
    assertThat(ok.status()).isEqualTo(200);
  }

  private static String options(RawSipClient client, String extra) {
    return "OPTIONS " + client.registrar() + " SIP/2.0\n"
        + "Via: SIP/2.0/UDP 127.0.0.1:" + client.port() + ";branch=" + RawSipClient.newBranch()
        + "\n"
        + "From: <sip:probe@127.0.0.1>;tag=p1\n"
        + "To: <" + client.registrar() + ">\n"
        + "Call-ID: " + RawSipClient.newCallId() + "\n"
        + "CSeq: 1 OPTIONS\n"
        + extra
        + "Content-Length: 0\n\n";
  }

  @Test
  void requestOver8Kb_isAnswered513_withItsViaAndCallId() {
    try (TestServer fixture = new TestServer(); RawSipClient client = new RawSipClient(fixture.port)) {
      String callId = RawSipClient.newCallId();
      String big = client.invite("100", callId, RawSipClient.newBranch())
          .replace("Content-Length: 0", "X-Padding: " + "a".repeat(9000) + "\nContent-Length: 0");

      client.send(big);
      Received answer = client.await(r -> r.status() > 0, WAIT);

      assertThat(answer).as("an answer to the 9 KB INVITE").isNotNull();
      assertThat(answer.status()).isEqualTo(513);
      assertThat(answer.reason()).isEqualTo("Message Too Large");
      assertThat(answer.header("Call-ID")).isEqualTo(callId);
      assertThat(answer.header("Via")).contains("127.0.0.1:" + client.port());
      assertThat(answer.cseqMethod()).isEqualTo("INVITE");
      assertThat(fixture.calls).isEmpty();
      stillServes(client);
    }
  }

  @Test
  void responseOver8Kb_isDroppedUnanswered() {
    try (TestServer fixture = new TestServer(); RawSipClient client = new RawSipClient(fixture.port)) {
      client.send("SIP/2.0 200 OK\nVia: SIP/2.0/UDP 127.0.0.1:" + fixture.port + ";branch=z9hG4bKx\n"
          + "X-Padding: " + "a".repeat(9000) + "\nContent-Length: 0\n\n");

      assertThat(client.receive(QUIET)).isNull();
      stillServes(client);
    }
  }

  @ParameterizedTest(name = "without {0}: 400")
  @CsvSource({"From", "To", "Call-ID", "CSeq", "Max-Forwards"})
  void requestMissingAMandatoryHeader_isAnswered400NamingIt(String header) {
    try (TestServer fixture = new TestServer(); RawSipClient client = new RawSipClient(fixture.port)) {
      String broken = invite(client).replaceAll("(?m)^" + header + ":.*\n", "");

      client.send(broken);
      Received answer = client.await(r -> r.status() > 0, WAIT);

      assertThat(answer).as("an answer to the INVITE without %s", header).isNotNull();
      assertThat(answer.status()).isEqualTo(400);
      assertThat(answer.reason()).isEqualTo("Bad Request (missing " + header + ")");
      assertThat(answer.header("Via")).contains("127.0.0.1:" + client.port());
      assertThat(fixture.calls).isEmpty();
      stillServes(client);
    }
  }

  @Test
  void requestMissingVia_cannotBeAnswered_isDropped() {
    try (TestServer fixture = new TestServer(); RawSipClient client = new RawSipClient(fixture.port)) {
      client.send(invite(client).replaceAll("(?m)^Via:.*\n", ""));

      assertThat(client.receive(QUIET)).isNull();
      assertThat(fixture.calls).isEmpty();
      stillServes(client);
    }
  }

  @Test
  void compactHeaderNames_countAsPresent() {
    try (TestServer fixture = new TestServer(); RawSipClient client = new RawSipClient(fixture.port)) {
      String compact = options(client, "Max-Forwards: 70\n")
          .replace("\nVia: ", "\nv: ").replace("\nFrom: ", "\nf: ").replace("\nTo: ", "\nt: ")
          .replace("\nCall-ID: ", "\ni: ");

      client.send(compact);
      Received answer = client.await(r -> r.status() > 0, WAIT);

      assertThat(answer).isNotNull();
      assertThat(answer.status()).isEqualTo(200);
    }
  }
}
