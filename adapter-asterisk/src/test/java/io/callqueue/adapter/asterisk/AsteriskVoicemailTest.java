package io.callqueue.adapter.asterisk;

import static org.assertj.core.api.Assertions.assertThat;

import io.callqueue.adapter.asterisk.ari.AriClient;
import io.callqueue.adapter.asterisk.ari.AriEvent;
import io.callqueue.api.CallOutcome;
import io.callqueue.api.EstimateAnnouncement;
import io.callqueue.api.JoinPolicy;
import io.callqueue.api.QueueConfig;
import io.callqueue.api.QueueEvent;
import io.callqueue.core.CallQueueEngine;
import io.callqueue.testkit.tier.WireTest;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * Real-time test (tag: WireTest): a caller who hangs up while leaving a voicemail on the real
 * Asterisk still leaves it — the adapter reports {@code voicemailRecorded} before the hang-up
 * (design D2), so the engine keeps the message. The caller is a Local channel pair that the test's
 * own ARI application originates and hangs up.
 */
@WireTest
class AsteriskVoicemailTest {

  @Test
  void callerHangsUpWhileRecording_theVoicemailIsStillReported() {
    Set<String> answered = ConcurrentHashMap.newKeySet();
    Queue<QueueEvent> events = new ConcurrentLinkedQueue<>();
    try (AsteriskInstance asterisk = AsteriskInstance.start("AsteriskVoicemailTest", List.of(),
        AsteriskConformanceFixture.DIALPLAN_CONTEXT, 0);
        AriClient driver = new AriClient(asterisk.ariUri(), AsteriskInstance.ARI_USER,
            AsteriskInstance.ARI_PASSWORD, "driver", e -> {
              if (e instanceof AriEvent.StasisStart start) {
                answered.add(start.channel().id());
              }
            });
        AsteriskTelephonyPort port = new AsteriskTelephonyPort(AsteriskConfig.of(
            asterisk.ariUri(), AsteriskInstance.ARI_USER, AsteriskInstance.ARI_PASSWORD));
        CallQueueEngine engine = CallQueueEngine.builder().telephony(port).build()) {
      port.attach(engine);
      engine.addListener(events::add);
      engine.addQueue(QueueConfig.builder("vm").joinPolicy(JoinPolicy.ALWAYS)
          .announcePosition(false).estimateAnnouncement(EstimateAnnouncement.OFF)
          .periodicPrompts(List.of()).build()).toCompletableFuture().join();
      port.start().join();
      driver.connect().join();
      driver.post("channels", AriClient.params("endpoint", "Local/vm@conf-in/n", "app",
          "driver", "appArgs", "caller", "callerId", "+48615550009", "channelId", "vm-caller",
          "otherChannelId", "vm-caller-in", "formats", "alaw")).join();
      await("the caller answered and waiting", () -> answered.contains("vm-caller")
          && events.stream().anyMatch(QueueEvent.CallerJoined.class::isInstance), asterisk);

      driver.post("channels/vm-caller/dtmf", AriClient.params("dtmf", "0")).join();
      await("the caller leaves for voicemail", () -> events.stream()
          .anyMatch(e -> e instanceof QueueEvent.CallerLeft l
              && l.outcome() == CallOutcome.VOICEMAIL), asterisk);
      AsteriskInstance.pause(Duration.ofMillis(4000)); // the intro (2.3 s), then recording
      driver.hangUp("vm-caller", "normal").join();

      await("the voicemail kept", () -> events.stream()
          .anyMatch(QueueEvent.VoicemailLeft.class::isInstance), asterisk);
      QueueEvent.VoicemailLeft left = events.stream()
          .filter(QueueEvent.VoicemailLeft.class::isInstance)
          .map(QueueEvent.VoicemailLeft.class::cast).findFirst().orElseThrow();
      assertThat(left.callerNumber()).isEqualTo("+48615550009");
      assertThat(left.message().reference()).startsWith(asterisk.ariUri()
          + "/ari/recordings/stored/callqueue-vm-vm-caller-in");
      assertThat(driver.get("recordings/stored/callqueue-vm-vm-caller-in").join()
          .path("format").asText()).isEqualTo("wav");
    }
  }

  private static void await(String what, BooleanSupplier condition, AsteriskInstance asterisk) {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what + "\n" + asterisk.logs());
      }
      AsteriskInstance.pause(Duration.ofMillis(50));
    }
  }
}
