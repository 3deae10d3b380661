package io.callqueue.examples.server.panel;

import static org.assertj.core.api.Assertions.assertThat;

import io.callqueue.api.CallId;
import io.callqueue.api.CallOffer;
import io.callqueue.api.QueueId;
import io.callqueue.examples.server.ServerCore;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "See their queue": an agent's own page lists the callers waiting in each of the agent's queues
 * (position, number, escaped), in the agent's language; the wallboard with every queue and agent
 * stays the administrator's.
 */
class PanelAgentQueueTest {
  @TempDir
  Path dir;

  @Test
  void theAgentsPage_showsTheCallersWaitingInTheirQueue_butNotTheWallboard() throws Exception {
    try (ServerCore core = PanelFixture.start(PanelFixture.config(dir))) {
      PanelClient admin = PanelFixture.admin(core);
      assertThat(admin.change("/panel/queues/support", "joinPolicy", "ALWAYS").statusCode())
          .isEqualTo(200);
      PanelClient agent = new PanelClient(core.httpPort());
      assertThat(agent.signIn("agent1", "secret-one").statusCode()).isEqualTo(303);
      assertThat(agent.get("/panel/agent").body()).contains("id=\"waiting-support\"")
          .contains("Nobody is waiting.");

      core.engine().offer(CallOffer.of(CallId.of("c1"), QueueId.of("support"), "+48221111111"))
          .toCompletableFuture().join();
      core.engine().offer(CallOffer.of(CallId.of("c2"), QueueId.of("support"),
          "<b>+48222</b>")).toCompletableFuture().join();
      String page = agent.get("/panel/agent").body();
      assertThat(page).contains("<h2>Waiting in support</h2>")
          .containsPattern("<td class=\"position\">1</td><td class=\"caller\">\\+48221111111<")
          .containsPattern("<td class=\"position\">2</td><td class=\"caller\">&lt;b&gt;\\+48222")
          .doesNotContain("<b>+48222");
      agent.acceptLanguage = "pl";
      assertThat(agent.get("/panel/agent").body()).contains("Oczekujący w kolejce support");

      assertThat(agent.get("/panel/wallboard").statusCode()).isEqualTo(403);
      assertThat(agent.get("/panel/wallboard/events").statusCode()).isEqualTo(403);
    }
  }
}
