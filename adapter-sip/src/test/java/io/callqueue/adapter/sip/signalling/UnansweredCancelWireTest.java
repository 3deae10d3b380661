package io.callqueue.adapter.sip.signalling;

import static io.callqueue.adapter.sip.signalling.RawSipClient.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.callqueue.adapter.sip.signalling.RawSipClient.Received;
import io.callqueue.api.AgentEndpoint;
import io.callqueue.testkit.sipp.Sipp;
import io.callqueue.testkit.tier.WireTest;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A phone (here the gateway, a raw UDP peer) that rings and then ignores our CANCEL: no 200 to
 * it, no final response to the INVITE. The outbound leg is given up 64·T1 after the CANCEL
 * (RFC 3261 §9.1) instead of staying for ever. T1 is 100 ms here.
 */
@WireTest
class UnansweredCancelWireTest {
  private static final Duration T1 = Duration.ofMillis(100);

  @Test
  void ringCancelledButThePhoneNeverAnswersTheCancel_legEndsCancelledAfter64T1()
      throws Exception {
    int phonePort = Sipp.freeUdpPort("127.0.0.1");
    try (TestServer fixture = new TestServer(
            b -> b.timerT1(T1).gatewayUri("sip:127.0.0.1:" + phonePort));
        RawSipClient phone = new RawSipClient(fixture.port, phonePort)) {
      OutboundCall call = fixture.server.dialer().dial(
          new AgentEndpoint.ExternalNumber("+48600100200"), "100", TestServer.ANSWER_SDP,
          Duration.ofSeconds(30));
      Received invite = phone.await(request("INVITE"), Duration.ofSeconds(5));
      assertThat(invite).as("the INVITE").isNotNull();
      phone.respond(invite, "180 Ringing", "deaf1");

      call.hangUp();
      assertThat(phone.await(request("CANCEL"), Duration.ofSeconds(5))).as("the CANCEL")
          .isNotNull();
      long cancelled = System.nanoTime();

      CallEnd end = call.ended().toCompletableFuture()
          .get(T1.multipliedBy(64).plusSeconds(5).toMillis(), TimeUnit.MILLISECONDS);
      assertThat(end).isEqualTo(CallEnd.CANCELLED);
      assertThat(Duration.ofNanos(System.nanoTime() - cancelled))
          .isGreaterThanOrEqualTo(T1.multipliedBy(64).minusMillis(100));
    }
  }
}
