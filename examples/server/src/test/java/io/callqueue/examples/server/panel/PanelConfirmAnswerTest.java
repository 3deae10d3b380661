package io.callqueue.examples.server.panel;

import static org.assertj.core.api.Assertions.assertThat;

import io.callqueue.api.AgentConfig;
import io.callqueue.api.AgentId;
import io.callqueue.api.EngineSnapshot;
import io.callqueue.api.QueueConfig;
import io.callqueue.api.QueueId;
import io.callqueue.examples.server.ServerCore;
import io.callqueue.examples.server.config.ConfigLoader;
import io.callqueue.examples.server.config.ServerConfig;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16's answer confirmation through the panel: the YAML's {@code confirmAnswer} and
 * {@code confirmTimeout} (queues) and {@code confirmAnswer} (agents) survive a panel edit of
 * something else and a restart, and the panel's forms offer them, in English and Polish.
 */
class PanelConfirmAnswerTest {
  @TempDir
  Path dir;

  private ServerConfig config() throws Exception {
    return PanelFixture.configFrom(dir, """
        accounts: { agent1: secret-one, agent2: secret-two }
        agents:
          - { id: agent1, sip: agent1, confirmAnswer: false }
          - { id: agent2, sip: agent2, confirmAnswer: true }
        queues:
          - name: support
            confirmAnswer: true
            confirmTimeout: 7s
            members: [ { agent: agent1 }, { agent: agent2 } ]
        storage: { jdbcUrl: memory }
        panel: { adminPasswordHash: '%s' }
        """.formatted(PanelFixture.ADMIN_HASH));
  }

  private static EngineSnapshot snapshot(ServerCore core) {
    return core.engine().snapshot().toCompletableFuture().join();
  }

  @Test
  void confirmSettings_surviveAPanelEditAndARestart_andTheFormsOfferThem() throws Exception {
    ServerConfig config = config();
    try (ServerCore core = PanelFixture.start(config)) {
      PanelClient c = PanelFixture.admin(core);
      // an edit of something else writes the state file with every queue and agent
      HttpResponse<String> added = c.change("/panel/agents", "id", "agent3", "sip", "agent3",
          "password", "secret-three", "confirmAnswer", "true");
      assertThat(added.statusCode()).as(added.body()).isEqualTo(200);
      assertThat(added.body()).contains("name=\"confirmAnswer\"")
          .contains("confirmAnswer: true, the agent presses 1");
      ServerConfig kept = ConfigLoader.load(core.panel().stateFile());
      QueueConfig support = kept.queues().get(0);
      assertThat(support.confirmAnswer()).as("state file's queue").isTrue();
      assertThat(support.confirmTimeout()).isEqualTo(Duration.ofSeconds(7));
      assertThat(kept.agents()).extracting(AgentConfig::confirmAnswer).containsExactly(
          AgentConfig.ConfirmAnswer.NEVER, AgentConfig.ConfirmAnswer.ALWAYS,
          AgentConfig.ConfirmAnswer.ALWAYS);

      HttpResponse<String> page = c.get("/panel/queues/support");
      assertThat(page.body()).containsPattern("name=\"confirmAnswer\">.*<option selected>true<")
          .contains("name=\"confirmTimeout\" value=\"7s\"")
          .contains("The agent presses 1 to take a call");
      c.acceptLanguage = "pl";
      c.cookies.remove(Messages.COOKIE);
      assertThat(c.get("/panel/queues/support").body())
          .contains("Konsultant naciska 1, by przyjąć połączenie");
      assertThat(c.get("/panel/agents").body()).contains("jak ustawia każda kolejka");

      // the queue's form, sent back with a changed ring time, keeps the confirmation
      assertThat(c.change("/panel/queues/support", "ringTimeout", "20s", "confirmAnswer", "true",
          "confirmTimeout", "9s").statusCode()).isEqualTo(200);
      QueueConfig live = snapshot(core).queues().get(QueueId.of("support")).config();
      assertThat(live.confirmAnswer()).isTrue();
      assertThat(live.confirmTimeout()).isEqualTo(Duration.ofSeconds(9));
    }
    try (ServerCore again = PanelFixture.start(config)) {
      EngineSnapshot s = snapshot(again);
      QueueConfig support = s.queues().get(QueueId.of("support")).config();
      assertThat(support.confirmAnswer()).as("after a restart").isTrue();
      assertThat(support.confirmTimeout()).isEqualTo(Duration.ofSeconds(9));
      assertThat(again.panel().agent("agent1")).get().extracting(AgentConfig::confirmAnswer)
          .isEqualTo(AgentConfig.ConfirmAnswer.NEVER);
      assertThat(again.panel().agent("agent3")).get().extracting(AgentConfig::confirmAnswer)
          .isEqualTo(AgentConfig.ConfirmAnswer.ALWAYS);
      assertThat(s.agents().get(AgentId.of("agent2"))).isNotNull();
    }
  }
}
