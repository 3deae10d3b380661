package io.callqueue.adapter.sip.signalling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callqueue.api.ConfigException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SipConfigTest {

  @Test
  void builderDefaults_areValid() {
    SipConfig config = SipConfig.builder("192.0.2.5", 5080).build();

    assertThat(config.transport()).isEqualTo("udp");
    assertThat(config.realm()).isEqualTo("callqueue");
    assertThat(config.trunks()).isEmpty();
    assertThat(config.gatewayUri()).isNull();
    assertThat(config.accounts().password("anyone")).isEmpty();
    assertThat(config.answerTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.timerT1()).isEqualTo(Duration.ofMillis(500));
    assertThat(config.callbackCallerId()).isEqualTo("callback");
  }

  @Test
  void everyProblem_isReportedAtOnceNamingFieldAndValue() {
    assertThatThrownBy(() -> SipConfig.builder("0.0.0.0", 0)
        .realm("bad\"realm")
        .gatewayUri("sip:user@gw")
        .expires(Duration.ofMinutes(10), Duration.ofMinutes(1), Duration.ofMinutes(5))
        .maxCalls(0)
        .answerTimeout(Duration.ofMillis(500))
        .timerT1(Duration.ofMillis(5))
        .callbackCallerId("<sip:x>")
        .build())
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
            .containsExactly(
            "sip: bindAddress must be a concrete address (it is advertised in Via and Contact),"
                + " was '0.0.0.0'",
            "sip: port must be 1-65535, was 0",
            "sip: realm must be 1-64 letters, digits, spaces or .-_:@, was 'bad\"realm'",
            "sip: gatewayUri must be a SIP URI without a user, e.g. sip:gw.example.net:5060, was"
                + " 'sip:user@gw'",
            "sip: minExpires must not exceed maxExpires, was PT10M > PT1M",
            "sip: defaultExpires must lie within minExpires..maxExpires, was PT5M",
            "sip: maxCalls must be > 0, was 0",
            "sip: answerTimeout must be at least 1s, was PT0.5S",
            "sip: timerT1 must be 10ms-5s, was PT0.005S",
            "sip: callbackCallerId must be a SIP URI user part (1-64 letters, digits or"
                + " -_.!~*'()&=+$,;?/, no '#' unless escaped as %23; e.g. +48221234567), was"
                + " '<sip:x>'"));
  }

  @Test
  void callbackCallerIdWithAHash_isRefusedNamingTheField() {
    assertThatThrownBy(() -> SipConfig.builder("192.0.2.5", 5080).callbackCallerId("100#").build())
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("sip: callbackCallerId must be a SIP URI user part")
        .hasMessageEndingWith("was '100#'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"+48221234567", "agent.1", "100%23", "a-b_c!~*'()&=+$,;?/"})
  void sipUser_rfc3261UserPart_isAccepted(String user) {
    assertThat(SipConfig.isSipUser(user)).isTrue();
    assertThat(SipConfig.builder("192.0.2.5", 5080).callbackCallerId(user).build()
        .callbackCallerId()).isEqualTo(user);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "100#", "*#", "50%", "%2", "%zz", "a b", "a@b", "a:b", "<sip:x>"})
  void sipUser_outsideTheRfc3261UserGrammar_isRefused(String user) {
    assertThat(SipConfig.isSipUser(user)).isFalse();
  }

  @Test
  void sipUser_isOneToSixtyFourCharacters() {
    assertThat(SipConfig.isSipUser("1".repeat(64))).isTrue();
    assertThat(SipConfig.isSipUser("1".repeat(65))).isFalse();
    assertThat(SipConfig.isSipUser(null)).isFalse();
  }

  @Test
  void authFailureLimit_listsEveryProblem_andDefaultsToTenPerMinuteForFiveMinutes() {
    assertThatThrownBy(() -> new SipConfig.FailureLimit(0, Duration.ZERO, null))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
            .containsExactly(
                "sip: authFailures.failures must be > 0, was 0",
                "sip: authFailures.window must be at least 1s, was PT0S",
                "sip: authFailures.blockFor must be at least 1s, was null"));
    assertThat(SipConfig.builder("192.0.2.5", 5080).build().authFailures()).isEqualTo(
        new SipConfig.FailureLimit(10, Duration.ofMinutes(1), Duration.ofMinutes(5)));
  }

  @Test
  void duplicateTrunkNames_areRefused() {
    Trunk trunk = new Trunk("carrier", List.of("198.51.100.0/24"), Set.of("100"));

    assertThatThrownBy(() -> SipConfig.builder("192.0.2.5", 5080).trunk(trunk).trunk(trunk).build())
        .isInstanceOf(ConfigException.class)
        .hasMessage("sip: trunk names must be unique, 'carrier' repeats");
  }

  @Test
  void trunk_listsEveryProblem() {
    assertThatThrownBy(() -> new Trunk("carrier", List.of("pbx.example.com", "10.0.0.0/40"),
        Set.of()))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
            .containsExactly(
            "trunk 'carrier': source must be an IP address or CIDR range, was 'pbx.example.com'",
            "trunk 'carrier': source prefix length must be 0-32, was '10.0.0.0/40'",
            "trunk 'carrier': numbers must list at least one dialled number"));
  }

  @Test
  void gatewayCredentials_needAGateway_andHideThePassword() {
    SipConfig.Credentials credentials = new SipConfig.Credentials("trunk7", "s3cret");

    assertThat(credentials.toString()).contains("trunk7").doesNotContain("s3cret");
    assertThat(SipConfig.builder("192.0.2.5", 5080).gatewayUri("sip:gw.example.net")
        .gatewayCredentials(credentials).build().toString()).doesNotContain("s3cret");
    assertThatThrownBy(() -> SipConfig.builder("192.0.2.5", 5080)
        .gatewayCredentials(credentials).build())
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
            .containsExactly("sip: gateway credentials need a gatewayUri to be used with"));
    assertThatThrownBy(() -> new SipConfig.Credentials(" ", ""))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
            .containsExactly("sip: gateway username must be non-blank text without quotes, was ' '",
                "sip: gateway password must not be empty"));
  }
}
