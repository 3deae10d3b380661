package io.callqueue.adapter.asterisk;

import static org.assertj.core.api.Assertions.assertThat;

import io.callqueue.testkit.tier.WireTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Real-time test (tag: WireTest) of the harness itself: the real Asterisk boots from the configs
 * it writes with ARI up and nothing to warn about, and {@code close} leaves no process behind.
 */
@WireTest
class AsteriskInstanceTest {

  @Test
  void bootsWithAriOnLoopback_andStopLeavesNoProcess() throws Exception {
    AsteriskInstance asterisk = AsteriskInstance.start("AsteriskInstanceTest", List.of(
        new AsteriskInstance.Account("agent1", "secret1")), "exten => 100,1,Hangup()", 0);
    try {
      assertThat(asterisk.cli("core show version").output()).contains("Asterisk 22.10.1");
      HttpClient http = HttpClient.newHttpClient();
      URI info = URI.create(asterisk.ariUri() + "/ari/asterisk/info");
      String good = Base64.getEncoder().encodeToString((AsteriskInstance.ARI_USER + ":"
          + AsteriskInstance.ARI_PASSWORD).getBytes(StandardCharsets.UTF_8));
      HttpResponse<String> answer = http.send(HttpRequest.newBuilder(info)
          .header("Authorization", "Basic " + good).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(answer.statusCode()).isEqualTo(200);
      assertThat(answer.body()).contains("\"version\":\"22.10.1\"");
      HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(info).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(anonymous.statusCode()).isEqualTo(401);
      assertThat(asterisk.cli("pjsip show transports").output()).contains("127.0.0.1:"
          + asterisk.sipPort());
      assertThat(asterisk.problems()).as(asterisk.logs()).isEmpty();
    } finally {
      asterisk.close();
    }
    assertThat(asterisk.alive()).isFalse();
  }
}
