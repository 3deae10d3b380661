package io.callqueue.adapter.sip.signalling;

import static org.assertj.core.api.Assertions.assertThat;

import io.callqueue.api.AgentEndpoint;
import io.callqueue.api.RingFailure;
import io.callqueue.testkit.sipp.Sipp;
import io.callqueue.testkit.tier.WireTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The outbound dialer ringing SIPp agent phones (registered) and a SIPp gateway. */
@WireTest
class DialerSippTest {
  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final AgentEndpoint AGENT1 = new AgentEndpoint.SipAccount("agent1");
  private static final AgentEndpoint AGENT2 = new AgentEndpoint.SipAccount("agent2");

  @BeforeAll
  static void sipp() {
    Sipp.assumeInstalled();
  }

  /** An agent phone: registers, then answers INVITEs with {@code answering} for {@code upFor}. */
  private static Sipp.Running agentPhone(TestServer fixture, String account, String password,
      String answering, Duration upFor) throws InterruptedException {
    Sipp.Running phone = Sipp.scenario("register.xml").service(account)
        .credentials(account, password).key("expires", "60").pause(upFor).outOfCall(answering)
        .start(fixture.port, Duration.ofSeconds(15));
    fixture.awaitRegistered(account, WAIT);
    return phone;
  }

  private static <T> T await(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Test
  void ringRegisteredAgent_answers_isAnsweredWithItsSdpAndEndsByOurBye() throws Exception {
    try (TestServer fixture = new TestServer()) {
      Sipp.Running phone = agentPhone(fixture, "agent1", "secret1", "agent_answer.xml",
          Duration.ofMillis(1200));

      OutboundCall call = fixture.server.dialer()
          .dial(AGENT1, "+48111222333", TestServer.ANSWER_SDP, Duration.ofSeconds(5));
      DialResult result = await(call.result());
      assertThat(result).isInstanceOf(DialResult.Answered.class);
      assertThat(((DialResult.Answered) result).remoteSdp()).contains("m=audio ", "PCMA/8000");
      assertThat(call.remoteSdp()).isEqualTo(((DialResult.Answered) result).remoteSdp());

      call.hangUp();
      assertThat(await(call.ended())).isEqualTo(CallEnd.LOCAL_HANGUP);
      Sipp.Result sipp = phone.await();
      assertThat(sipp.exitCode()).as(sipp.log()).isZero();
      assertThat(sipp.log()).contains("BYE sip:agent1@127.0.0.1");
    }
  }

  @Test
  void ringRegisteredAgent_busy486_failsWithBusy() throws Exception {
    try (TestServer fixture = new TestServer()) {
      Sipp.Running phone = agentPhone(fixture, "agent1", "secret1", "agent_busy.xml",
          Duration.ofMillis(600));

      OutboundCall call = fixture.server.dialer()
          .dial(AGENT1, "+48111222333", TestServer.ANSWER_SDP, Duration.ofSeconds(5));

      assertThat(await(call.result())).isEqualTo(new DialResult.Failed(RingFailure.BUSY, 486));
      assertThat(await(call.ended())).isEqualTo(CallEnd.FAILED);
      Sipp.Result sipp = phone.await();
      assertThat(sipp.exitCode()).as(sipp.log()).isZero();
    }
  }

  @Test
  void hangUpWhileRinging_sendsCancel_resultIsCancelled() throws Exception {
    try (TestServer fixture = new TestServer()) {
      Sipp.Running phone = agentPhone(fixture, "agent1", "secret1", "agent_ring.xml",
          Duration.ofMillis(800));

      OutboundCall call = fixture.server.dialer()
          .dial(AGENT1, "+48111222333", TestServer.ANSWER_SDP, Duration.ofSeconds(5));
      call.hangUp(); // before the 180: the CANCEL waits for it (RFC 3261 9.1)

      assertThat(await(call.result())).isEqualTo(new DialResult.Cancelled());
      assertThat(await(call.ended())).isEqualTo(CallEnd.CANCELLED);
      Sipp.Result sipp = phone.await();
      assertThat(sipp.exitCode()).as(sipp.log()).isZero();
    }
  }

  @Test
  void ringTimeout_cancelsTheRing_failsWithNoAnswer() throws Exception {
    try (TestServer fixture = new TestServer()) {
      Sipp.Running phone = agentPhone(fixture, "agent1", "secret1", "agent_ring.xml",
          Duration.ofMillis(900));

      OutboundCall call = fixture.server.dialer()
          .dial(AGENT1, "+48111222333", TestServer.ANSWER_SDP, Duration.ofMillis(300));

      assertThat(await(call.result())).isEqualTo(new DialResult.Failed(RingFailure.NO_ANSWER, 0));
      assertThat(await(call.ended())).isEqualTo(CallEnd.CANCELLED);
      Sipp.Result sipp = phone.await();
      assertThat(sipp.exitCode()).as(sipp.log()).isZero();
    }
  }

  @Test
  void ringAll_firstAnswerWins_theOtherRingIsCancelled() throws Exception {
    try (TestServer fixture = new TestServer()) {
      Sipp.Running ringing = agentPhone(fixture, "agent1", "secret1", "agent_ring.xml",
          Duration.ofMillis(1200));
      Sipp.Running answering = agentPhone(fixture, "agent2", "secret2", "agent_answer.xml",
          Duration.ofMillis(1200));

      OutboundCall toAgent1 = fixture.server.dialer()
          .dial(AGENT1, "+48111222333", TestServer.ANSWER_SDP, Duration.ofSeconds(5));
      OutboundCall toAgent2 = fixture.server.dialer()
          .dial(AGENT2, "+48111222333", TestServer.ANSWER_SDP, Duration.ofSeconds(5));
      Optional<OutboundCall> winner = await(Dialer.firstToAnswer(List.of(toAgent1, toAgent2)));

      assertThat(winner).containsSame(toAgent2);
      assertThat(await(toAgent1.result())).isEqualTo(new DialResult.Cancelled());
      assertThat(await(toAgent1.ended())).isEqualTo(CallEnd.CANCELLED);
      toAgent2.hangUp();
      assertThat(await(toAgent2.ended())).isEqualTo(CallEnd.LOCAL_HANGUP);
      Sipp.Result cancelled = ringing.await();
      assertThat(cancelled.exitCode()).as(cancelled.log()).isZero();
      Sipp.Result answered = answering.await();
      assertThat(answered.exitCode()).as(answered.log()).isZero();
    }
  }

  @ParameterizedTest(name = "gateway answers {0} -> {1}")
  @CsvSource({
    "486, BUSY",
    "600, BUSY",
    "603, REJECTED",
    "480, NO_ANSWER",
    "408, NO_ANSWER",
    "404, UNREACHABLE",
    "503, UNREACHABLE"
  })
  void externalNumber_gatewayFailure_mapsToRingFailure(int status, RingFailure expected)
      throws Exception {
    Sipp gateway =
        Sipp.template("gateway_reply.xml", Map.of("STATUS", Integer.toString(status)));
    try (TestServer fixture =
        new TestServer(b -> b.gatewayUri("sip:127.0.0.1:" + gateway.port()))) {
      Sipp.Running running = gateway.start(fixture.port, Duration.ofSeconds(10));
      Thread.sleep(100); // let SIPp bind its socket before the INVITE arrives

      OutboundCall call = fixture.server.dialer().dial(new AgentEndpoint.ExternalNumber(
          "+48600100200"), "100", TestServer.ANSWER_SDP, Duration.ofSeconds(5));

      assertThat(await(call.result())).isEqualTo(new DialResult.Failed(expected, status));
      Sipp.Result sipp = running.await();
      assertThat(sipp.exitCode()).as(sipp.log()).isZero();
      assertThat(sipp.log()).contains("INVITE sip:+48600100200@127.0.0.1:" + gateway.port());
    }
  }

  /**
   * A SIPp gateway that challenges with {@code status} and, for a 401, checks user gw-user with
   * password gw-pass itself (SIPp's verifyauth reads only the Authorization header): a wrong
   * answer is challenged again.
   */
  private static Sipp challengingGateway(int status, boolean qop) {
    return Sipp.template("gateway_auth.xml", Map.of(
        "STATUS", Integer.toString(status),
        "AUTHENTICATE", status == 407 ? "Proxy-Authenticate" : "WWW-Authenticate",
        "QOP", qop ? ", qop=\"auth\"" : "",
        "USER", "gw-user", "PASSWORD", "gw-pass", "MEDIA_PORT", "[media_port]",
        "SKIP_CHECK", status == 407 ? "<nop hide=\"true\" next=\"right\"/>" : ""));
  }

  /** Checks a Proxy-Authorization in SIPp's log by RFC 2617's formulas, for SIPp cannot. */
  private static boolean proxyDigestIsRight(String log, String user, String password) {
    String header = log.lines().filter(l -> l.startsWith("Proxy-Authorization: Digest "))
        .findFirst().orElseThrow();
    Map<String, String> p = new java.util.HashMap<>();
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("(\\w+)=(?:\"([^\"]*)\"|([^,\\s]+))").matcher(header);
    while (m.find()) {
      p.put(m.group(1), m.group(2) != null ? m.group(2) : m.group(3));
    }
    String ha1 = DigestAuth.md5(user + ":" + p.get("realm") + ":" + password);
    String ha2 = DigestAuth.md5("INVITE:" + p.get("uri"));
    String expected = p.containsKey("qop")
        ? DigestAuth.md5(ha1 + ":" + p.get("nonce") + ":" + p.get("nc") + ":" + p.get("cnonce")
            + ":" + p.get("qop") + ":" + ha2)
        : DigestAuth.md5(ha1 + ":" + p.get("nonce") + ":" + ha2);
    return expected.equals(p.get("response"));
  }

  private static long count(String text, String what) {
    return text.lines().filter(line -> line.startsWith(what)).count();
  }

  @ParameterizedTest(name = "{0} challenge, qop offered: {1}")
  @CsvSource({
    "401, true",
    "401, false",
    "407, true",
    "407, false"
  })
  void externalNumber_gatewayChallenges_isAnsweredOnceWithTheRightDigest_thenAnswers(
      int status, boolean qop) throws Exception {
    Sipp gateway = challengingGateway(status, qop);
    try (TestServer fixture = new TestServer(b -> b.gatewayUri("sip:127.0.0.1:" + gateway.port())
        .gatewayCredentials(new SipConfig.Credentials("gw-user", "gw-pass")))) {
      Sipp.Running running = gateway.start(fixture.port, Duration.ofSeconds(10));
      Thread.sleep(100); // let SIPp bind its socket before the INVITE arrives

      OutboundCall call = fixture.server.dialer().dial(new AgentEndpoint.ExternalNumber(
          "+48600100200"), "100", TestServer.ANSWER_SDP, Duration.ofSeconds(5));

      assertThat(await(call.result())).isInstanceOf(DialResult.Answered.class);
      call.hangUp();
      assertThat(await(call.ended())).isEqualTo(CallEnd.LOCAL_HANGUP);
      Sipp.Result sipp = running.await();
      String log = sipp.log();
      assertThat(sipp.exitCode()).as(log).isZero();
      String header = status == 407 ? "Proxy-Authorization: Digest " : "Authorization: Digest ";
      assertThat(log).contains("CSeq: 1 INVITE", "CSeq: 2 INVITE", header + "username=\"gw-user\"",
          "realm=\"gateway.test\"", "opaque=\"op42\"", "uri=\"sip:+48600100200@127.0.0.1:"
          + gateway.port());
      if (qop) {
        assertThat(log).contains("nc=00000001", "qop=auth", "cnonce=\"");
      } else {
        assertThat(log).doesNotContain("cnonce=");
      }
      if (status == 407) {
        assertThat(proxyDigestIsRight(log, "gw-user", "gw-pass")).as(log).isTrue();
      }
      assertThat(count(log, "INVITE sip:")).as(log).isEqualTo(2);
      assertThat(count(log, "ACK sip:")).as("ACK of the challenge and of the 200").isEqualTo(2);
      List<String> branches = log.lines().filter(l -> l.startsWith("Via: ")
          && l.contains(":" + fixture.port + ";")).map(l -> l.replaceAll(".*branch=([^;]+).*", "$1"))
          .distinct().toList();
      assertThat(branches).as("a new branch for the INVITE with credentials").hasSizeGreaterThan(1);
    }
  }

  @Test
  void externalNumber_gatewayRejectsOurCredentials_failsUnreachableAfterOneRetry()
      throws Exception {
    Sipp gateway = challengingGateway(401, true);
    try (TestServer fixture = new TestServer(b -> b.gatewayUri("sip:127.0.0.1:" + gateway.port())
        .gatewayCredentials(new SipConfig.Credentials("gw-user", "wrong-pass")))) {
      Sipp.Running running = gateway.start(fixture.port, Duration.ofSeconds(10));
      Thread.sleep(100);

      OutboundCall call = fixture.server.dialer().dial(new AgentEndpoint.ExternalNumber(
          "+48600100200"), "100", TestServer.ANSWER_SDP, Duration.ofSeconds(5));

      assertThat(await(call.result()))
          .isEqualTo(new DialResult.Failed(RingFailure.UNREACHABLE, 401));
      assertThat(await(call.ended())).isEqualTo(CallEnd.FAILED);
      Sipp.Result sipp = running.await();
      assertThat(sipp.exitCode()).as(sipp.log()).isZero();
      assertThat(count(sipp.log(), "INVITE sip:")).as(sipp.log()).isEqualTo(2);
    }
  }

  @Test
  void externalNumber_challengedWithoutGatewayCredentials_failsUnreachable() throws Exception {
    Sipp gateway = challengingGateway(407, true);
    try (TestServer fixture =
        new TestServer(b -> b.gatewayUri("sip:127.0.0.1:" + gateway.port()))) {
      Sipp.Running running = gateway.start(fixture.port, Duration.ofSeconds(3));
      Thread.sleep(100);

      OutboundCall call = fixture.server.dialer().dial(new AgentEndpoint.ExternalNumber(
          "+48600100200"), "100", TestServer.ANSWER_SDP, Duration.ofSeconds(5));

      assertThat(await(call.result()))
          .isEqualTo(new DialResult.Failed(RingFailure.UNREACHABLE, 407));
      running.await();
    }
  }

  @Test
  void ringAccountNotRegistered_failsUnreachableAtOnce() throws Exception {
    try (TestServer fixture = new TestServer()) {
      OutboundCall call = fixture.server.dialer()
          .dial(AGENT1, "+48111222333", TestServer.ANSWER_SDP, Duration.ofSeconds(5));

      assertThat(await(call.result()))
          .isEqualTo(new DialResult.Failed(RingFailure.UNREACHABLE, 0));
      assertThat(await(call.ended())).isEqualTo(CallEnd.FAILED);
    }
  }
}
