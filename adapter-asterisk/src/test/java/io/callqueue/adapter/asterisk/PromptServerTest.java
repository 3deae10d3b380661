package io.callqueue.adapter.asterisk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callqueue.prompts.PromptLibrary;
import io.callqueue.prompts.PromptRecording;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class PromptServerTest {
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void servesAPublishedRecording_atItsContentHash_andNothingElse() throws Exception {
    PromptRecording recording = PromptLibrary.shipped().find("en", "queue-position", null);
    try (PromptServer server = new PromptServer(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      String url = server.publish(recording);

      assertThat(url).startsWith("http://127.0.0.1:").endsWith("/prompts/"
          + recording.sha256() + ".wav");
      HttpResponse<byte[]> ok = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(ok.body()).isEqualTo(recording.bytes());
      assertThat(server.served()).containsExactly(recording.sha256());

      String other = url.replace(recording.sha256(), "0".repeat(64));
      for (String bad : java.util.List.of(other, url.replace(".wav", ""),
          url.replace("/prompts/", "/prompts/../"))) {
        assertThat(http.send(HttpRequest.newBuilder(URI.create(bad)).build(),
            HttpResponse.BodyHandlers.discarding()).statusCode()).as(bad).isEqualTo(404);
      }
    }
  }

  @Test
  void aWildcardBind_isRefusedWithAClearMessage() {
    assertThatThrownBy(() -> new PromptServer(new InetSocketAddress(8099)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("an address Asterisk can reach");
  }
}
