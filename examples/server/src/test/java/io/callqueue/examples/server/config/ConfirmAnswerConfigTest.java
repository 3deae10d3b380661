package io.callqueue.examples.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callqueue.api.AgentConfig;
import io.callqueue.api.ConfigException;
import io.callqueue.api.QueueConfig;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The YAML of issue 16's "press 1 to take this call": per agent, per queue, and its timeout. */
class ConfirmAnswerConfigTest {
  private static final Path FILE = Path.of("callqueue.yaml");
  private static final String BASE = """
      accounts: { desk: pw-desk-123 }
      outbound: { gateway: "sip:gw.example.net" }
      """;

  @Test
  void confirmAnswer_perQueueAndPerAgent_withTheTimeout() {
    ServerConfig config = ConfigLoader.parse(FILE, BASE + """
        agents:
          - { id: mobile, number: "+48600100200", confirmAnswer: true }
          - { id: desk, sip: desk, confirmAnswer: false }
          - { id: other, number: "+48600100201" }
        queues:
          - { name: sales, confirmAnswer: true, confirmTimeout: 8s,
              members: [ { agent: mobile }, { agent: desk }, { agent: other } ] }
          - { name: support, members: [ { agent: other } ] }
        """);

    assertThat(config.agents()).extracting(a -> a.id().value() + ":" + a.confirmAnswer())
        .containsExactly("mobile:ALWAYS", "desk:NEVER", "other:QUEUE_DEFAULT");
    QueueConfig sales = config.queues().get(0);
    assertThat(sales.confirmAnswer()).isTrue();
    assertThat(sales.confirmTimeout()).isEqualTo(Duration.ofSeconds(8));
    QueueConfig support = config.queues().get(1);
    assertThat(support.confirmAnswer()).isFalse();
    assertThat(support.confirmTimeout()).isEqualTo(Duration.ofSeconds(5));
    AgentConfig other = config.agents().get(2);
    assertThat(other.confirmsAnswerIn(sales)).isTrue();
    assertThat(other.confirmsAnswerIn(support)).isFalse();
  }

  @Test
  void badConfirmValues_areEachReported_namingTheFieldAndValue() {
    String yaml = BASE + """
        agents:
          - { id: mobile, number: "+48600100200", confirmAnswer: "yes" }
        queues:
          - { name: sales, confirmAnswer: 1, confirmTimeout: 90s }
          - { name: support, confirmTimeout: 0s }
          - { name: billing, confirmTimeout: soon }
        """;
    assertThatThrownBy(() -> ConfigLoader.parse(FILE, yaml))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
            .containsExactly(
                "callqueue.yaml: agents[0].confirmAnswer: must be true or false, was 'yes'",
                "callqueue.yaml: queues[0].confirmAnswer: must be true or false, was '1'",
                "callqueue.yaml: queues[0]: queue 'sales': confirmTimeout must be at most 60s,"
                    + " was 90s",
                "callqueue.yaml: queues[1]: queue 'support': confirmTimeout must be > 0, was 0s",
                "callqueue.yaml: queues[2].confirmTimeout: must be a duration like 15s, 500ms, 2m"
                    + " or 1h (at most 87600h), was 'soon'"));
  }
}
