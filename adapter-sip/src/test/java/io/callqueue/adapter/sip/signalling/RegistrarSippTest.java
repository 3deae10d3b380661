package io.callqueue.adapter.sip.signalling;

import static org.assertj.core.api.Assertions.assertThat;

import io.callqueue.testkit.sipp.Sipp;
import io.callqueue.testkit.tier.WireTest;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The registrar against SIPp phones: digest auth, bindings, unregister and expiry. */
@WireTest
class RegistrarSippTest {
  private static final Duration SHORT = Duration.ofSeconds(3);

  @BeforeAll
  static void sipp() {
    Sipp.assumeInstalled();
  }

  @Test
  void register_rightPassword_bindsContactAndReportsRegistered() throws Exception {
    try (TestServer fixture = new TestServer()) {
      Sipp sipp = Sipp.scenario("register.xml").service("agent1").credentials("agent1", "secret1")
          .key("expires", "60").pause(Duration.ZERO);
      Sipp.Result result = sipp.run(fixture.port, Duration.ofSeconds(10));

      assertThat(result.exitCode()).as(result.log()).isZero();
      assertThat(fixture.nextRegistrationEvent(SHORT)).isEqualTo("registered agent1");
      assertThat(fixture.server.bindings("agent1")).singleElement().satisfies(binding -> {
        assertThat(binding.contact()).isEqualTo("sip:agent1@127.0.0.1:" + sipp.port());
        assertThat(binding.expiresAt()).isAfter(Instant.now().plusSeconds(50));
      });
    }
  }

  @Test
  void register_wrongPassword_isRefusedWith403AndNeverBinds() throws Exception {
    try (TestServer fixture = new TestServer()) {
      Sipp.Result result = Sipp.scenario("register_wrong_password.xml").service("agent1")
          .credentials("agent1", "not-the-password").run(fixture.port, Duration.ofSeconds(10));

      assertThat(result.exitCode()).as(result.log()).isZero();
      assertThat(fixture.server.registrations()).isEmpty();
      assertThat(fixture.nextRegistrationEvent(Duration.ofMillis(200))).isNull();
    }
  }

  @Test
  void register_unknownAccount_isRefusedWith403() throws Exception {
    try (TestServer fixture = new TestServer()) {
      Sipp.Result result = Sipp.scenario("register_unknown.xml").service("nobody")
          .run(fixture.port, Duration.ofSeconds(10));

      assertThat(result.exitCode()).as(result.log()).isZero();
      assertThat(fixture.server.registrations()).isEmpty();
    }
  }

  @Test
  void unregister_expiresZero_removesBindingAndReportsUnregistered() throws Exception {
    try (TestServer fixture = new TestServer()) {
      Sipp.Result result = Sipp.scenario("register_unregister.xml").service("agent1")
          .credentials("agent1", "secret1").pause(Duration.ofMillis(100))
          .run(fixture.port, Duration.ofSeconds(10));

      assertThat(result.exitCode()).as(result.log()).isZero();
      assertThat(fixture.nextRegistrationEvent(SHORT)).isEqualTo("registered agent1");
      assertThat(fixture.nextRegistrationEvent(SHORT))
          .isEqualTo("unregistered agent1 UNREGISTERED");
      assertThat(fixture.server.bindings("agent1")).isEmpty();
    }
  }

  @Test
  void registration_notRefreshed_expiresByTimer() throws Exception {
    try (TestServer fixture = new TestServer()) {
      Sipp.Result result = Sipp.scenario("register.xml").service("agent2")
          .credentials("agent2", "secret2").key("expires", "1").pause(Duration.ZERO)
          .run(fixture.port, Duration.ofSeconds(10));

      assertThat(result.exitCode()).as(result.log()).isZero();
      assertThat(fixture.nextRegistrationEvent(SHORT)).isEqualTo("registered agent2");
      assertThat(fixture.nextRegistrationEvent(SHORT)).isEqualTo("unregistered agent2 EXPIRED");
      assertThat(fixture.server.bindings("agent2")).isEmpty();
    }
  }
}
