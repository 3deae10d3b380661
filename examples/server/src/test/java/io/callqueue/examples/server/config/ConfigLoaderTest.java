package io.callqueue.examples.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callqueue.adapter.sip.ivr.Scenario;
import io.callqueue.api.AgentEndpoint;
import io.callqueue.api.ConfigException;
import io.callqueue.api.Strategy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {
  private static final Path FILE = Path.of("callqueue.yaml");

  private static String defaultYaml() throws IOException {
    try (InputStream in = ConfigLoader.class.getResourceAsStream("/callqueue-default.yaml")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void shippedDefaultConfig_loadsWithTheIssuedDefaults() throws IOException {
    ServerConfig c = ConfigLoader.parse(FILE, defaultYaml());

    assertThat(c.sip().bindAddress()).isEqualTo("127.0.0.1");
    assertThat(c.sip().maxCalls()).isEqualTo(500);
    assertThat(c.sip().answerTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.accounts()).containsOnlyKeys("agent1", "agent2", "agent3");
    assertThat(c.agents()).allSatisfy(a -> {
      assertThat(a.autoActivate()).isTrue();
      assertThat(a.endpoint()).isInstanceOf(AgentEndpoint.SipAccount.class);
    });
    assertThat(c.queues()).singleElement().satisfies(q -> {
      assertThat(q.id().value()).isEqualTo("support");
      assertThat(q.strategy()).isEqualTo(Strategy.RING_ALL.id());
      assertThat(q.wrapUpTime()).isEqualTo(Duration.ofSeconds(10));
    });
    assertThat(c.memberships()).hasSize(3);
    assertThat(c.trunks()).singleElement().satisfies(t -> {
      assertThat(t.allowFrom()).containsExactly("127.0.0.1");
      assertThat(t.numbers()).containsExactly("100");
    });
    Scenario s = c.scenarios().get("100");
    assertThat(s.start()).isEqualTo("greeting");
    assertThat(s.steps().get("queue")).isEqualTo(new Scenario.Queue("queue", "support",
        "no-agent"));
    assertThat(s.steps().get("voicemail")).isEqualTo(new Scenario.Voicemail("voicemail",
        "support"));
  }

  @Test
  void everyProblem_isReportedAtOnce_withFileFieldAndValue() {
    String yaml = """
        sip: { port: 70000, maxCalls: 0, answerTimeout: 10ms }
        accounts: { agent1: secret1 }
        agents:
          - { id: agent1, sip: agent1 }
          - { id: agent2, sip: nobody }
          - { id: agent3, number: "0048123" }
        queues:
          - name: support
            ringTimeout: -5s
            ringTimout: 20s
            strategy: ringall
            members:
              - { agent: ghost }
        scenarios:
          - number: "100"
            steps:
              - { id: q, queue: sales, otherwise: missing }
        trunks:
          - { allowFrom: [localhost], numbers: ["200"] }
        """;

    assertThatThrownBy(() -> ConfigLoader.parse(FILE, yaml))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
            .contains(
                "callqueue.yaml: sip.port: must be a port 1-65535, was 70000",
                "callqueue.yaml: sip.maxCalls: must be at least 1, was 0",
                "callqueue.yaml: sip.answerTimeout: must be at least 1s, was 10ms",
                "callqueue.yaml: agents[1].sip: account 'nobody' is not in 'accounts'",
                "callqueue.yaml: queues[0]: queue 'support': ringTimeout must be > 0, was -5s",
                "callqueue.yaml: queues[0].ringTimout: unknown field (did you mean"
                    + " 'ringTimeout'?)",
                "callqueue.yaml: queues[0].members[0].agent: no agent 'ghost' (known: agent1,"
                    + " agent2)",
                "callqueue.yaml: scenarios[0].steps[0].queue: no queue 'sales' (queues:"
                    + " support)",
                "callqueue.yaml: trunks[0].allowFrom[0]: must be an IP address, was"
                    + " 'localhost'",
                "callqueue.yaml: trunks[0].numbers[0]: number 200 has no scenario")
            .anySatisfy(p -> assertThat(p).startsWith("callqueue.yaml: agents[2]:")
                .contains("E.164"))
            .anySatisfy(p -> assertThat(p)
                .startsWith("callqueue.yaml: scenarios[0].steps[0].otherwise: no step"
                    + " 'missing'")));
  }

  @Test
  void externalNumberAgents_needAnOutboundGateway() {
    String yaml = """
        agents:
          - { id: mobile, number: "+48600100200" }
        """;
    assertThatThrownBy(() -> ConfigLoader.parse(FILE, yaml))
        .hasMessageContaining("outbound: is required");
  }

  @Test
  void outboundGateway_usernameWithoutPassword_isAProblemNamingTheMissingField() {
    String yaml = """
        outbound: { gateway: "sip:gw.example.net", username: trunk7 }
        """;
    assertThatThrownBy(() -> ConfigLoader.parse(FILE, yaml))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
            .containsExactly("callqueue.yaml: outbound.password: is needed too: the gateway's"
                + " digest challenge is answered with username and password"));
  }

  @Test
  void outboundGateway_withCredentials_isRead() {
    String yaml = """
        outbound: { gateway: "sip:gw.example.net:5060", username: trunk7, password: s3cret }
        """;
    ServerConfig config = ConfigLoader.parse(FILE, yaml);

    assertThat(config.outbound())
        .isEqualTo(new ServerConfig.Outbound("sip:gw.example.net:5060", "trunk7", "s3cret"));
  }

  @Test
  void outboundGateway_callerIdIsRead_andThePasswordNeverPrinted() {
    String yaml = """
        outbound:
          gateway: "sip:gw.example.net:5060"
          username: trunk7
          password: s3cret
          callerId: "+48221234567"
        """;
    ServerConfig config = ConfigLoader.parse(FILE, yaml);

    assertThat(config.outbound().callerId()).isEqualTo("+48221234567");
    assertThat(config.outbound().toString()).contains("trunk7").doesNotContain("s3cret");
  }

  @Test
  void outboundGateway_callerIdThatIsNoSipUser_isAProblem() {
    String yaml = """
        outbound: { gateway: "sip:gw.example.net:5060", callerId: "call me" }
        """;
    assertThatThrownBy(() -> ConfigLoader.parse(FILE, yaml))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
            .containsExactly("callqueue.yaml: outbound.callerId: must be a number or SIP user"
                + " name like +48221234567, was 'call me'"));
  }

  @Test
  void notYaml_isOneClearProblemWithTheLine() {
    assertThatThrownBy(() -> ConfigLoader.parse(FILE, "sip: [unclosed\n  port: 1"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("callqueue.yaml: not valid YAML (line");
  }

  @Test
  void missingFile_isAClearProblem() {
    assertThatThrownBy(() -> ConfigLoader.load(Path.of("/nonexistent/callqueue.yaml")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("/nonexistent/callqueue.yaml: cannot read");
  }

  @Test
  void durations_acceptMillisecondsSecondsMinutesHours() {
    assertThat(ConfigLoader.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(ConfigLoader.parseDuration("15s")).isEqualTo(Duration.ofSeconds(15));
    assertThat(ConfigLoader.parseDuration("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(ConfigLoader.parseDuration("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(ConfigLoader.parseDuration("15")).isNull();
    assertThat(ConfigLoader.parseDuration("fast")).isNull();
  }
}
