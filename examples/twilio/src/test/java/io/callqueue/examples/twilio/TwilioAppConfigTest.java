package io.callqueue.examples.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callqueue.api.AgentEndpoint;
import io.callqueue.api.ConfigException;
import io.callqueue.api.EstimateAnnouncement;
import io.callqueue.api.Strategy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TwilioAppConfigTest {
  private static final Map<String, String> ENV = Map.of("TWILIO_AUTH_TOKEN", "secret-token");

  @TempDir
  Path dir;

  @Test
  void theExampleFileLoads() {
    TwilioAppConfig c = TwilioAppConfig.load(Path.of("twilio.example.yaml"), ENV);
    assertThat(c.twilio().accountSid()).isEqualTo("AC0123456789abcdef0123456789abcdef");
    assertThat(c.twilio().authToken()).isEqualTo("secret-token");
    assertThat(c.twilio().callerId()).isEqualTo("+15005550006");
    assertThat(c.twilio().publicBaseUrl()).hasToString("https://queue.example.com");
    assertThat(c.twilio().port()).isEqualTo(8090);
    assertThat(c.twilio().musicUrl()).as("served by the adapter").isNull();
    assertThat(c.numbers()).singleElement().satisfies(n -> {
      assertThat(n.number()).isEqualTo("+15005550006");
      assertThat(n.queue()).isEqualTo("support");
    });
    assertThat(c.queues()).singleElement().satisfies(q -> {
      assertThat(Strategy.byName(q.strategy())).isEqualTo(Strategy.RING_ALL);
      assertThat(q.ringTimeout()).isEqualTo(Duration.ofSeconds(20));
      assertThat(q.estimateAnnouncement()).isEqualTo(EstimateAnnouncement.ONCE);
      assertThat(q.reportHoldTime()).isTrue();
      assertThat(q.callbackKeepsPlace()).isTrue();
    });
    assertThat(c.agents()).extracting(a -> a.config().endpoint()).containsExactly(
        new AgentEndpoint.ExternalNumber("+15550000001"), new AgentEndpoint.SipAccount("bob"));
    assertThat(c.agents()).allSatisfy(a -> assertThat(a.queues()).containsExactly("support"));
  }

  @Test
  void everyProblemIsReportedAtOnceNamingTheKeyAndTheAuthTokenIsNeverPrinted() throws IOException {
    Path file = write("""
        twilio:
          accountSid: AC123
          callerId: "15005550006"
          colour: blue
        webhooks:
          publicUrl: queue.example.com
        numbers:
          - number: "+15005550006"
            queue: sales
        queues:
          - name: support
            strategy: fastest
            ringTimeout: soon
        agents:
          - id: alice
            endpoint: "0048600"
            queues: [support]
          - id: bob
            endpoint: sip:bob
            queues: [nowhere]
        """);
    assertThatThrownBy(() -> TwilioAppConfig.load(file, Map.of()))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
            .anySatisfy(p -> assertThat(p).contains("twilio.authTokenEnv")
                .contains("TWILIO_AUTH_TOKEN"))
            .anySatisfy(p -> assertThat(p).contains("twilio.colour: unknown key"))
            .anySatisfy(p -> assertThat(p).contains("webhooks.publicUrl")
                .contains("not an absolute http(s) URL"))
            .anySatisfy(p -> assertThat(p).contains("numbers[0].queue: no queue named 'sales'"))
            .anySatisfy(p -> assertThat(p).contains("queues[0].strategy").contains("fastest")
                .contains("ringall"))
            .anySatisfy(p -> assertThat(p).contains("queues[0].ringTimeout").contains("soon"))
            .anySatisfy(p -> assertThat(p).contains("agents[0]").contains("0048600"))
            .anySatisfy(p -> assertThat(p).contains("agents[1].queues[0]")
                .contains("nowhere"))
            .allSatisfy(p -> assertThat(p).startsWith(file.toString() + ": ")));
  }

  @Test
  void sipAgentsNeedTheSipDomainAndCannotBeMixedWithClients() throws IOException {
    String common = """
        webhooks:
          publicUrl: https://q.example.com
        numbers:
          - number: "+15005550006"
            queue: support
        queues:
          - name: support
        """;
    Path noDomain = write("""
        twilio:
          accountSid: AC0123456789abcdef0123456789abcdef
          callerId: "+15005550006"
        """ + common + """
        agents:
          - id: bob
            endpoint: sip:bob
            queues: [support]
        """);
    assertThatThrownBy(() -> TwilioAppConfig.load(noDomain, ENV)).hasMessageContaining(
        "agents[0].endpoint: 'sip:bob' needs twilio.sipDomain");
    Path mixed = write("""
        twilio:
          accountSid: AC0123456789abcdef0123456789abcdef
          callerId: "+15005550006"
          sipDomain: example.sip.twilio.com
        """ + common + """
        agents:
          - id: bob
            endpoint: sip:bob
            queues: [support]
          - id: carol
            endpoint: client:carol
            queues: [support]
        """);
    assertThatThrownBy(() -> TwilioAppConfig.load(mixed, ENV))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
            .singleElement().asString().contains("agents[1].endpoint").contains("cannot be mixed"));
  }

  private Path write(String yaml) throws IOException {
    Path f = Files.createTempFile(dir, "twilio", ".yaml");
    Files.writeString(f, yaml);
    return f;
  }
}
