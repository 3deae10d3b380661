package io.callqueue.adapter.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.callqueue.testkit.sipp.Sipp;
import io.callqueue.testkit.tier.WireTest;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Real-time test (real UDP on 127.0.0.1, a SIPp agent phone, wall-clock waits): belongs in the
 * failsafe tier with the other SIPp tests.
 *
 * <p>{@link SipCallQueue#diagnostics()} counts what each layer holds for a call in progress, and
 * nothing once it has ended.
 */
@WireTest
class SipDiagnosticsTest {
  private LiveServer server;

  @BeforeAll
  static void sipp() {
    Sipp.assumeInstalled();
  }

  @BeforeEach
  void start() throws Exception {
    server = LiveServer.withOneAgent("diagnostics-", 35000, Duration.ofSeconds(40));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void aBridgedCall_isCountedInEveryLayer_andNothingIsHeldAfterItsHangUp() throws Exception {
    assertThat(server.diagnostics().isIdle()).isTrue();
    try (WireCaller caller = new WireCaller(server.port, "48600001234", "unused",
        LiveServer.NUMBER, server.directory.resolve("caller.sip.log"))) {
      caller.dial();
      assertThat(LiveServer.await(Duration.ofSeconds(10), caller::isConnected))
          .as("bridged to the agent").isTrue();

      assertThat(server.diagnostics()).isEqualTo(new SipDiagnostics(1, 1, 2, 2, 1, 1, 0, 1));

      caller.hangUp();
      SipDiagnostics after = server.awaitIdle(Duration.ofSeconds(5));
      assertThat(after.isIdle()).as("%s", after).isTrue();
      assertThat(server.recordProblems()).isEmpty();
      assertThat(server.callersLeft()).isEqualTo(1);
    }
  }

  @Test
  void aCallerWaitingWithNoAgentFree_isCountedAsWaitingInTheEngine() throws Exception {
    try (WireCaller first = new WireCaller(server.port, "48600001235", "unused",
        LiveServer.NUMBER, server.directory.resolve("first.sip.log"));
        WireCaller second = new WireCaller(server.port, "48600001236", "unused",
            LiveServer.NUMBER, server.directory.resolve("second.sip.log"))) {
      first.dial();
      assertThat(LiveServer.await(Duration.ofSeconds(10), first::isConnected)).isTrue();
      second.dial();
      assertThat(LiveServer.await(Duration.ofSeconds(5),
          () -> server.diagnostics().engineWaiting() == 1)).as("%s", server.diagnostics())
          .isTrue();

      SipDiagnostics now = server.diagnostics();
      assertThat(now.inboundLegs()).isEqualTo(2);
      assertThat(now.callerCalls()).isEqualTo(2);
      assertThat(now.mediaSessions()).isEqualTo(3);
      assertThat(now.rtpPorts()).isEqualTo(3);

      second.hangUp();
      first.hangUp();
      assertThat(server.awaitIdle(Duration.ofSeconds(5)).isIdle()).isTrue();
    }
  }
}
