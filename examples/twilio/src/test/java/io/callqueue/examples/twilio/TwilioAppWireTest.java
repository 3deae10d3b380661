package io.callqueue.examples.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import io.callqueue.adapter.twilio.standin.Conference;
import io.callqueue.adapter.twilio.standin.FakeTwilio;
import io.callqueue.adapter.twilio.standin.Phone;
import io.callqueue.adapter.twilio.standin.SimCall;
import io.callqueue.testkit.tier.WireTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The app from a YAML file against the Twilio stand-in: a caller on the number meets an agent. */
@WireTest
@Timeout(30)
class TwilioAppWireTest {
  private static final String AC = "AC" + "0123456789abcdef".repeat(2);
  private static final String TOKEN = "stand-in-token";

  @TempDir
  Path dir;

  @Test
  void aCallerOnTheConfiguredNumberIsConnectedToAnAgent() throws Exception {
    try (FakeTwilio twilio = new FakeTwilio(AC, TOKEN, 20, 100)) {
      twilio.phone("+15550000001", Phone.ANSWER);
      int port;
      try (ServerSocket s = new ServerSocket(0)) {
        port = s.getLocalPort();
      }
      Path file = dir.resolve("twilio.yaml");
      Files.writeString(file, """
          twilio:
            accountSid: %s
            authTokenEnv: MY_TWILIO_TOKEN
            callerId: "+15005550006"
            callsPerSecond: 5
            apiBaseUrl: %s
          webhooks:
            publicUrl: http://127.0.0.1:%d
            port: %d
          numbers:
            - number: "+15005550006"
              queue: support
              continue: https://ivr.example/after
          queues:
            - name: support
              strategy: linear
              announcePosition: false
              estimate: off
          agents:
            - id: alice
              endpoint: "+15550000001"
              queues: [support]
          """.formatted(AC, twilio.apiBase(), port, port));
      TwilioAppConfig config = TwilioAppConfig.load(file, Map.of("MY_TWILIO_TOKEN", TOKEN));
      try (TwilioApp app = TwilioApp.start(config)) {
        ByteArrayOutputStream banner = new ByteArrayOutputStream();
        app.banner(new PrintStream(banner, true, StandardCharsets.UTF_8));
        String webhook = app.voiceWebhook(config.numbers().get(0));
        assertThat(webhook).isEqualTo("http://127.0.0.1:" + port + "/cq/enter?queue=support"
            + "&continue=https%3A%2F%2Fivr.example%2Fafter");
        assertThat(banner.toString(StandardCharsets.UTF_8)).contains(webhook)
            .contains("agent alice (+15550000001) logged in to support").doesNotContain(TOKEN);

        SimCall caller = twilio.incoming("+48600100200", "+15005550006", webhook);
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!connected(twilio.conference("cq-" + caller.sid))) {
          assertThat(System.nanoTime()).as("caller connected in time").isLessThan(deadline);
          Thread.sleep(20);
        }
        assertThat(twilio.outboundCalls()).singleElement()
            .satisfies(leg -> assertThat(leg.to).isEqualTo("+15550000001"));
      }
    }
  }

  @Test
  void aBadConfigurationExitsWith2AndPrintsEveryProblem() throws IOException {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(file, "twilio:\n  accountSid: nope\n");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = TwilioApp.run(new String[] {file.toString()}, Map.of(), System.out,
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("webhooks: missing")
        .contains("queues: missing").contains("TWILIO_AUTH_TOKEN");
  }

  private static boolean connected(Conference room) {
    return room != null && room.started() && room.members().size() == 2;
  }
}
