package io.callqueue.examples.asterisk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callqueue.api.AgentId;
import io.callqueue.api.QueueId;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AsteriskAppConfigTest {

  @Test
  void theShippedExampleFile_parses() throws IOException {
    AsteriskAppConfig config = AsteriskAppConfig.load(Path.of("callqueue-asterisk.yaml"));

    assertThat(config.asterisk().ariUri().toString()).isEqualTo("http://127.0.0.1:8088");
    assertThat(config.asterisk().callbackDial()).isEqualTo("PJSIP/{number}@trunk");
    assertThat(config.queues()).extracting(q -> q.id()).containsExactly(QueueId.of("support"));
    assertThat(config.queues().get(0).ringTimeout()).isEqualTo(Duration.ofSeconds(20));
    assertThat(config.queues().get(0).wrapUpTime()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.agents()).extracting(a -> a.id())
        .containsExactly(AgentId.of("alice"), AgentId.of("bob"));
    assertThat(config.memberships().get("alice")).containsExactly("support");
  }

  @Test
  void badValues_areAllReportedAtOnce_namingTheField() {
    String yaml = String.join("\n",
        "ari: {uri: 'ftp://x', user: '', password: secret}",
        "callbackDial: PJSIP/trunk",
        "queues:",
        "  - {name: support, ringTimeout: soon}",
        "agents:",
        "  - {id: alice, queues: [sales]}");

    assertThatThrownBy(() -> AsteriskAppConfig.parse(yaml, "test.yaml"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("test.yaml: ")
        .hasMessageContaining("ariUri must be http://host:port")
        .hasMessageContaining("user must name an ari.conf user")
        .hasMessageContaining("callbackDial must be an ARI endpoint with {number}")
        .hasMessageContaining("queues[0].ringTimeout must be a duration like 20s")
        .hasMessageContaining("agents[0] 'alice': queue 'sales' is not among queues");
  }
}
