package io.callqueue.adapter.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class TwilioConfigTest {
  static final String AC = "AC" + "0123456789abcdef".repeat(2);

  private static TwilioConfig config(String account, String token, String base, String callerId) {
    return TwilioConfig.of(account, token, URI.create(base), "127.0.0.1", 8090, callerId,
        "https://m.example/moh.wav", "https://m.example/prompts");
  }

  @Test
  void badSettingsAreRefusedWithAMessageNamingTheSetting() {
    assertThatThrownBy(() -> config("AC123", "t", "https://q.example", "+15005550006"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("account SID");
    assertThatThrownBy(() -> config(AC, " ", "https://q.example", "+15005550006"))
        .hasMessageContaining("auth token is missing");
    assertThatThrownBy(() -> config(AC, "t", "/relative", "+15005550006"))
        .hasMessageContaining("public base URL");
    assertThatThrownBy(() -> config(AC, "t", "https://q.example", "15005550006"))
        .hasMessageContaining("caller ID");
    assertThatThrownBy(() -> config(AC, "t", "https://q.example", "+15005550006")
        .withCallsPerSecond(0)).hasMessageContaining("calls per second");
    assertThatThrownBy(() -> TwilioConfig.of(AC, "t", URI.create("https://q.example"),
        "127.0.0.1", 8090, "+15005550006", "https://m.example/moh.wav", " "))
        .hasMessageContaining("prompt base URL is blank");
    assertThat(TwilioConfig.of(AC, "t", URI.create("https://q.example"), "127.0.0.1", 8090,
        "+15005550006", "https://m.example/moh.wav", null).promptBaseUrl()).isNull();
  }

  @Test
  void theAuthTokenNeverAppearsInTheTextOfTheConfig() {
    TwilioConfig c = config(AC, "s3cr3t-token", "https://q.example/", "+15005550006");
    assertThat(c.toString()).doesNotContain("s3cr3t-token").contains("<hidden>");
    assertThat(c.base()).isEqualTo("https://q.example");
  }
}
