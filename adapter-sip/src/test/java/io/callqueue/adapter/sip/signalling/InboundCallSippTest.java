package io.callqueue.adapter.sip.signalling;

import static org.assertj.core.api.Assertions.assertThat;

import io.callqueue.testkit.sipp.Sipp;
import io.callqueue.testkit.tier.WireTest;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Incoming INVITEs from SIPp callers: admission, answer, hold, hang-up from either side. */
@WireTest
class InboundCallSippTest {
  private static final Duration WAIT = Duration.ofSeconds(5);

  @BeforeAll
  static void sipp() {
    Sipp.assumeInstalled();
  }

  private static <T> T await(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Test
  void trunkCaller_toConfiguredNumber_isDeliveredAnsweredHeldAndEndsByCallersBye()
      throws Exception {
    try (TestServer fixture = new TestServer()) {
      Sipp.Running caller = Sipp.scenario("trunk_call.xml").service("100")
          .start(fixture.port, Duration.ofSeconds(10));

      IncomingCall call = fixture.nextCall(WAIT);
      assertThat(call.trunk()).contains("carrier");
      assertThat(call.account()).isEmpty();
      assertThat(call.number()).isEqualTo("100");
      assertThat(call.caller()).isEqualTo("+48111222333");
      assertThat(call.remoteSdp()).contains("m=audio ", "a=sendrecv");
      CopyOnWriteArrayList<String> reoffers = new CopyOnWriteArrayList<>();
      call.onRemoteSdp(reoffers::add);
      call.ringing();
      await(call.answer(TestServer.ANSWER_SDP));

      assertThat(await(call.ended())).isEqualTo(CallEnd.REMOTE_HANGUP);
      Sipp.Result sipp = caller.await();
      assertThat(sipp.exitCode()).as(sipp.log()).isZero(); // it checked our SDP in both 200s
      assertThat(reoffers).singleElement().asString().contains("a=sendonly");
      assertThat(call.remoteSdp()).contains("a=sendonly");
    }
  }

  @Test
  void incomingCallTheListenerNeverAnswers_isRefusedWith480AtTheAnswerTimeout()
      throws Exception {
    try (TestServer fixture = new TestServer(b -> b.answerTimeout(Duration.ofSeconds(1)))) {
      long start = System.nanoTime();
      Sipp.Running caller = Sipp.scenario("call_not_answered.xml").service("100")
          .start(fixture.port, Duration.ofSeconds(10));
      IncomingCall call = fixture.nextCall(WAIT);
      call.ringing(); // and nothing more

      assertThat(await(call.ended())).isEqualTo(CallEnd.REJECTED);
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
      Sipp.Result sipp = caller.await();
      assertThat(sipp.exitCode()).as(sipp.log()).isZero();
      assertThat(call.answer(TestServer.ANSWER_SDP).toCompletableFuture())
          .as("answering too late").failsWithin(WAIT);
    }
  }

  @Test
  void incomingCallAnsweredInTime_outlivesTheAnswerTimeout() throws Exception {
    try (TestServer fixture = new TestServer(b -> b.answerTimeout(Duration.ofSeconds(1)))) {
      Sipp.Running caller = Sipp.scenario("caller_waits.xml").service("100")
          .pause(Duration.ofMillis(2500)).start(fixture.port, Duration.ofSeconds(10));
      IncomingCall call = fixture.nextCall(WAIT);
      await(call.answer(TestServer.ANSWER_SDP));

      assertThat(await(call.ended())).isEqualTo(CallEnd.REMOTE_HANGUP);
      Sipp.Result sipp = caller.await();
      assertThat(sipp.exitCode()).as(sipp.log()).isZero();
    }
  }

  @Test
  void trunkCaller_cancelsWhileRinging_callEndsCancelled() throws Exception {
    try (TestServer fixture = new TestServer()) {
      Sipp.Running caller = Sipp.scenario("trunk_cancel.xml").service("100")
          .start(fixture.port, Duration.ofSeconds(10));

      IncomingCall call = fixture.nextCall(WAIT);
      call.ringing();

      assertThat(await(call.ended())).isEqualTo(CallEnd.CANCELLED);
      Sipp.Result sipp = caller.await();
      assertThat(sipp.exitCode()).as(sipp.log()).isZero(); // got 200 to CANCEL and 487
    }
  }

  @ParameterizedTest(name = "from {0} to {1} -> 403")
  @CsvSource({
    "127.0.0.1, 999", // the trunk's address, a number it may not reach
    "127.0.0.2, 100" // a number of the trunk, from an address outside it
  })
  void callerOutsideEveryTrunkAndNoAccount_isForbidden(String sourceIp, String number)
      throws Exception {
    try (TestServer fixture = new TestServer()) {
      Sipp.Result sipp = Sipp.scenario("call_forbidden.xml").localIp(sourceIp).service(number)
          .run(fixture.port, Duration.ofSeconds(10));

      assertThat(sipp.exitCode()).as(sipp.log()).isZero();
      assertThat(fixture.calls).isEmpty();
    }
  }

  @Test
  void accountCaller_authenticatesInvite_isDeliveredWithAccountAndEndsByOurBye()
      throws Exception {
    try (TestServer fixture = new TestServer()) {
      Sipp.Running caller = Sipp.scenario("account_call.xml").service("200")
          .key("caller", "agent1").credentials("agent1", "secret1")
          .authUri("200@127.0.0.1:" + fixture.port)
          .start(fixture.port, Duration.ofSeconds(10));

      IncomingCall call = fixture.nextCall(WAIT);
      assertThat(call.account()).contains("agent1");
      assertThat(call.trunk()).isEmpty();
      assertThat(call.number()).isEqualTo("200");
      await(call.answer(TestServer.ANSWER_SDP)); // completes on the ACK
      call.hangUp();

      assertThat(await(call.ended())).isEqualTo(CallEnd.LOCAL_HANGUP);
      Sipp.Result sipp = caller.await();
      assertThat(sipp.exitCode()).as(sipp.log()).isZero();
    }
  }

  @Test
  void accountCaller_wrongPassword_isForbiddenAfterChallenge() throws Exception {
    try (TestServer fixture = new TestServer()) {
      Sipp.Result sipp = Sipp.scenario("account_call_refused.xml").service("200")
          .key("caller", "agent1").credentials("agent1", "wrong")
          .authUri("200@127.0.0.1:" + fixture.port)
          .run(fixture.port, Duration.ofSeconds(10));

      assertThat(sipp.exitCode()).as(sipp.log()).isZero();
      assertThat(fixture.calls).isEmpty();
    }
  }

  @Test
  void moreCallsThanMaxCalls_areRefusedWith503() throws Exception {
    try (TestServer fixture = new TestServer(b -> b.maxCalls(1))) {
      Sipp.Running first = Sipp.scenario("trunk_cancel.xml").service("100")
          .start(fixture.port, Duration.ofSeconds(10));
      IncomingCall held = fixture.nextCall(WAIT);

      Sipp.Result second = Sipp.scenario("call_unavailable.xml").service("100")
          .run(fixture.port, Duration.ofSeconds(10));
      assertThat(second.exitCode()).as(second.log()).isZero();
      assertThat(fixture.calls).isEmpty();

      held.ringing(); // the first caller now gives up
      assertThat(await(held.ended())).isEqualTo(CallEnd.CANCELLED);
      Sipp.Result firstResult = first.await();
      assertThat(firstResult.exitCode()).as(firstResult.log()).isZero();
    }
  }

  @Test
  void unacceptableOffer_isRefusedWith488() throws Exception {
    try (TestServer fixture = new TestServer(b -> b.offerCheck(sdp -> sdp.contains("PCMU")))) {
      Sipp.Result sipp = Sipp.scenario("call_not_acceptable.xml").service("100")
          .run(fixture.port, Duration.ofSeconds(10));

      assertThat(sipp.exitCode()).as(sipp.log()).isZero();
      assertThat(fixture.calls).isEmpty();
    }
  }
}
