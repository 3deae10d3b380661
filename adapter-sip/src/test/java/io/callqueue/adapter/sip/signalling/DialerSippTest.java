package io.callqueue.adapter.sip.signalling;

import static org.assertj.core.api.Assertions.assertThat;

import io.callqueue.api.AgentEndpoint;
import io.callqueue.api.RingFailure;
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
