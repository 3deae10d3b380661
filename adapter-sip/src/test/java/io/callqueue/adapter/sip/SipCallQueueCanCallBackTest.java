package io.callqueue.adapter.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.callqueue.adapter.sip.media.MediaEngine;
import io.callqueue.adapter.sip.signalling.SipConfig;
import io.callqueue.api.PromptSequence;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link SipCallQueue#canCallBack}: only what the binding can really dial (its own accounts
 * through the registrar, E.164 numbers through a configured gateway), never started, so nothing
 * is dialled and nothing but the configuration is read.
 */
class SipCallQueueCanCallBackTest {
  @TempDir
  Path voicemails;

  private SipCallQueue binding(UnaryOperator<SipConfig.Builder> customize) {
    return new SipCallQueue(
        customize.apply(SipConfig.builder("127.0.0.1", 5060)
            .accounts(Map.of("alice", "secret", "+48600100200", "secret2"))),
        MediaEngine.builder().address(InetAddress.getLoopbackAddress()),
        Map.of(), voicemails, (queue, key) -> new PromptSequence("en", List.of()), vm -> { });
  }

  @Test
  void sipUserThatIsNoAccount_isRefused_evenWithAGateway() {
    try (SipCallQueue withGateway = binding(b -> b.gatewayUri("sip:gw.example.net"))) {
      assertThat(withGateway.canCallBack("bob")).isFalse();
      assertThat(withGateway.canCallBack("0612504000")).as("a national number without +")
          .isFalse();
    }
  }

  @Test
  void accountOfThisServer_isDialledThroughTheRegistrar_withOrWithoutAGateway() {
    try (SipCallQueue noGateway = binding(b -> b);
        SipCallQueue withGateway = binding(b -> b.gatewayUri("sip:gw.example.net"))) {
      assertThat(noGateway.canCallBack("alice")).isTrue();
      assertThat(withGateway.canCallBack("alice")).isTrue();
      assertThat(noGateway.canCallBack("+48600100200")).as("an account named by its number")
          .isTrue();
    }
  }

  @Test
  void e164Number_needsAGateway() {
    try (SipCallQueue noGateway = binding(b -> b);
        SipCallQueue withGateway = binding(b -> b.gatewayUri("sip:gw.example.net"))) {
      assertThat(noGateway.canCallBack("+48111222333")).isFalse();
      assertThat(withGateway.canCallBack("+48111222333")).isTrue();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "anonymous", "+0123", "+1", "100#", "a b"})
  void whatTheDefaultRuleRefuses_staysRefused(String number) {
    try (SipCallQueue withGateway = binding(b -> b.gatewayUri("sip:gw.example.net")
        .accounts(Map.of("anonymous", "x")))) {
      assertThat(withGateway.canCallBack(number)).isFalse();
      assertThat(withGateway.canCallBack(null)).isFalse();
    }
  }
}
