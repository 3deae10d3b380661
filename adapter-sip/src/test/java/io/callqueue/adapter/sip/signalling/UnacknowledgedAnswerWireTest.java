package io.callqueue.adapter.sip.signalling;

import static io.callqueue.adapter.sip.signalling.RawSipClient.request;
import static io.callqueue.adapter.sip.signalling.RawSipClient.status;
import static org.assertj.core.api.Assertions.assertThat;

import io.callqueue.adapter.sip.signalling.RawSipClient.Received;
import io.callqueue.testkit.sipp.Sipp;
import io.callqueue.testkit.tier.WireTest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * An answered INVITE whose ACK never comes (RFC 3261 §13.3.1.4): the 200 is retransmitted
 * (JAIN-SIP's 500 ms doubling), and 64·T1 after it the call is given up with a BYE, ends FAILED
 * and frees its {@code maxCalls} slot. T1 is 100 ms here, so each story takes about 6.4 s.
 */
@WireTest
class UnacknowledgedAnswerWireTest {
  private static final Duration T1 = Duration.ofMillis(100);
  private static final Duration GIVE_UP = T1.multipliedBy(64);
  private static final Duration WAIT = Duration.ofSeconds(5);

  private static TestServer server() {
    return new TestServer(b -> b.maxCalls(1).timerT1(T1));
  }

  /** The IVR answers at once, inside the listener. */
  private static TestServer answeringAtOnce() {
    return new TestServer(b -> b.maxCalls(1).timerT1(T1),
        call -> call.answer(TestServer.ANSWER_SDP));
  }

  /** With maxCalls 1: the next call is admitted, not refused with 503. */
  private static void nextCallIsAdmitted(TestServer fixture, RawSipClient client)
      throws Exception {
    client.send(client.invite("100", RawSipClient.newCallId(), RawSipClient.newBranch()));
    Received first = client.await(r -> r.status() >= 100, WAIT); // 100 Trying, or 503
    assertThat(first).as("a response to the next INVITE").isNotNull();
    assertThat(first.status()).as(first.text()).isNotEqualTo(503);
    assertThat(fixture.nextCall(WAIT).number()).isEqualTo("100");
  }

  private static CallEnd ended(IncomingCall call) throws Exception {
    return call.ended().toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Test
  void answerNeverAcked_200IsRetransmittedThenByeAt64T1_andTheSlotIsFreeAgain() throws Exception {
    try (TestServer fixture = server(); RawSipClient client = new RawSipClient(fixture.port)) {
      String callId = RawSipClient.newCallId();
      client.send(client.invite("100", callId, RawSipClient.newBranch()));
      IncomingCall call = fixture.nextCall(WAIT);
      call.answer(TestServer.ANSWER_SDP);

      List<Received> seen = client.collect(request("BYE"), GIVE_UP.plus(WAIT));
      List<Received> oks = seen.stream().filter(status(200)).toList();
      Received bye = seen.get(seen.size() - 1);
      assertThat(bye.method()).as("what the server sent: %s", seen).isEqualTo("BYE");
      // Sent at 0, 0.5, 1.5, 3.5 s: the gaps double.
      assertThat(oks).as("the 200 and its retransmissions").hasSizeGreaterThanOrEqualTo(4);
      long firstGap = oks.get(1).atMillis() - oks.get(0).atMillis();
      long thirdGap = oks.get(3).atMillis() - oks.get(2).atMillis();
      assertThat(thirdGap).isGreaterThan(3 * firstGap);
      long givenUpAfter = bye.atMillis() - oks.get(0).atMillis();
      assertThat(givenUpAfter).isBetween(GIVE_UP.toMillis() - 200, GIVE_UP.toMillis() + 1500);
      client.answerOk(bye);
      assertThat(ended(call)).isEqualTo(CallEnd.FAILED);
      assertThat(call.answer(TestServer.ANSWER_SDP).toCompletableFuture())
          .as("the answer stage fails: no ACK").isCompletedExceptionally();

      fixture.calls.clear();
      nextCallIsAdmitted(fixture, client);
    }
  }

  @Test
  void cancelRacingTheInstantAnswer_neverAcked_callEndsAndTheSlotIsFreeAgain() throws Exception {
    try (TestServer fixture = answeringAtOnce();
        RawSipClient client = new RawSipClient(fixture.port)) {
      String callId = RawSipClient.newCallId();
      String branch = RawSipClient.newBranch();
      client.send(client.invite("100", callId, branch));
      client.send(client.cancel("100", callId, branch));
      IncomingCall call = fixture.nextCall(WAIT);

      // Whichever won the race (487 or the 200 left without an ACK), the call ends.
      List<Received> seen = client.collect(r -> r.status() == 487 || "BYE".equals(r.method()),
          GIVE_UP.plus(WAIT));
      Received last = seen.get(seen.size() - 1);
      if ("BYE".equals(last.method())) {
        client.answerOk(last);
        assertThat(ended(call)).isEqualTo(CallEnd.FAILED);
      } else {
        assertThat(last.status()).as("what the server sent: %s", seen).isEqualTo(487);
        assertThat(ended(call)).isEqualTo(CallEnd.CANCELLED);
      }
      fixture.calls.clear();
      nextCallIsAdmitted(fixture, client);
    }
  }

  @Test
  void answerToAnUnreachableViaPort_isGivenUpWithByeToTheContact_andTheSlotIsFreeAgain()
      throws Exception {
    try (TestServer fixture = server(); RawSipClient client = new RawSipClient(fixture.port)) {
      int nobody = Sipp.freeUdpPort("127.0.0.1"); // the Via port: every response is lost
      client.send(client.invite("100", RawSipClient.newCallId(), RawSipClient.newBranch(),
          nobody));
      IncomingCall call = fixture.nextCall(WAIT);
      call.answer(TestServer.ANSWER_SDP);

      List<Received> seen = client.collect(request("BYE"), GIVE_UP.plus(WAIT));
      assertThat(seen).as("only the BYE reaches the Contact").singleElement()
          .extracting(Received::method).isEqualTo("BYE");
      client.answerOk(seen.get(0));
      assertThat(ended(call)).isEqualTo(CallEnd.FAILED);
      fixture.calls.clear();
      nextCallIsAdmitted(fixture, client);
    }
  }
}
