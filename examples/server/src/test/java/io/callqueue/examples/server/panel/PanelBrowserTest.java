package io.callqueue.examples.server.panel;

import static org.assertj.core.api.Assertions.assertThat;

import io.callqueue.api.AgentId;
import io.callqueue.api.AgentState;
import io.callqueue.api.QueueId;
import io.callqueue.examples.server.ServerMainAccess;
import io.callqueue.examples.server.config.ConfigLoader;
import io.callqueue.examples.server.config.ServerConfig;
import io.callqueue.testkit.sipp.Sipp;
import io.callqueue.testkit.tier.WireTest;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

/**
 * The panel in a real browser (headless Chromium through Selenium, {@link Browser}) against the
 * whole server — SIP, engine, HTTP — on free ports, with a SIPp phone: the administrator signs
 * in, creates a queue and an agent with a new SIP account in the pages, the phone registers with
 * that account and the agent shows as available; the agent signs in on their own page and
 * pauses. Each page is saved to {@code target/screenshots/}.
 */
@WireTest
class PanelBrowserTest {
  @TempDir
  Path dir;

  @BeforeAll
  static void peers() {
    Browser.assumeInstalled();
    Sipp.assumeInstalled();
  }

  private ServerConfig config(int sipPort) throws Exception {
    String yaml;
    try (InputStream in = getClass().getResourceAsStream("/callqueue-default.yaml")) {
      yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Path file = dir.resolve("callqueue.yaml");
    Files.writeString(file, yaml + "\npanel: { adminPasswordHash: '" + PanelFixture.ADMIN_HASH
        + "' }\n");
    ServerConfig c = ConfigLoader.load(file);
    return new ServerConfig(c.source(), new ServerConfig.Sip("127.0.0.1", sipPort,
        c.sip().realm()), new ServerConfig.Http("127.0.0.1", 0, PanelFixture.TOKEN, false,
        List.of()), c.accounts(), c.trunks(), c.outbound(), c.agents(), c.queues(),
        c.memberships(), c.scenarios(), new ServerConfig.Storage("memory", null),
        new ServerConfig.Media(null, null, 35000, 35099), c.panel());
  }

  @Test
  void anAdministratorCreatesAQueueAndAnAgent_itsPhoneRegisters_andTheAgentPausesItself()
      throws Exception {
    int sipPort = Sipp.freeUdpPort("127.0.0.1");
    try (ServerMainAccess server = ServerMainAccess.start(config(sipPort));
        Browser b = Browser.start("en")) {
      String base = "http://127.0.0.1:" + server.httpPort();
      b.open(base + "/panel/queues");
      b.waitFor(d -> d.getCurrentUrl().endsWith("/panel/login"));
      b.screenshot("01-sign-in");
      b.type("#user", "admin");
      b.type("#password", PanelFixture.ADMIN_PASSWORD);
      b.find("#sign-in").click();
      b.waitFor(d -> d.getCurrentUrl().endsWith("/panel/queues"));
      assertThat(b.find("#queues").getText()).contains("support");
      b.screenshot("02-queues");

      b.type("#queue-name", "sales");
      new Select(b.find("#new-queue select[name=strategy]")).selectByVisibleText("leastrecent");
      b.type("#new-queue input[name=ringTimeout]", "20s");
      b.find("#create-queue").click();
      b.waitFor(d -> d.getCurrentUrl().endsWith("/panel/queues/sales"));
      assertThat(server.engine().snapshot().toCompletableFuture().join()
          .queues().get(QueueId.of("sales")).config().ringTimeout()).hasSeconds(20);

      b.open(base + "/panel/agents");
      b.type("#agent-id", "agent9");
      b.type("#agent-sip", "agent9");
      b.type("#agent-password", "secret-nine");
      b.find("#save-agent").click();
      b.waitFor(d -> d.findElements(By.id("agent-agent9")).size() == 1);

      b.open(base + "/panel/queues/sales");
      new Select(b.find("#member-agent")).selectByVisibleText("agent9");
      b.find("#save-member").click();
      b.waitFor(d -> d.findElement(By.id("members")).getText().contains("agent9"));
      Path wav = dir.resolve("welcome.wav");
      Files.write(wav, PanelManagementTest.studioWav(1.0));
      new Select(b.find("#upload-prompt select[name=key]")).selectByValue("queue-thankyou");
      b.find("#upload-prompt input[type=file]").sendKeys(wav.toString());
      b.find("#upload-prompt button").click();
      b.waitFor(d -> d.findElements(By.cssSelector("#prompts audio")).size() == 1);
      assertThat(server.engine().snapshot().toCompletableFuture().join().queues()
          .get(QueueId.of("sales")).config().promptOverrides()).containsKey("queue-thankyou");
      b.screenshot("03-queue-sales");

      try (Sipp.Running phone = Sipp.scenario("register.xml").service("agent9")
          .credentials("agent9", "secret-nine").key("expires", "60")
          .pause(Duration.ofSeconds(40)).start(sipPort, Duration.ofSeconds(60))) {
        b.open(base + "/panel/agents");
        b.waitFor(d -> {
          d.navigate().refresh();
          return d.findElement(By.cssSelector("#agent-agent9 td.state"))
              .getAttribute("data-state").equals("AVAILABLE");
        });
        b.screenshot("04-agents-available");

        b.find("#sign-out").click();
        b.waitFor(d -> d.getCurrentUrl().endsWith("/panel/login"));
        b.type("#user", "agent9");
        b.type("#password", "secret-nine");
        b.find("#sign-in").click();
        b.waitFor(d -> d.getCurrentUrl().endsWith("/panel/agent"));
        b.find("#my-agent-agent9 button.pause").click();
        b.waitFor(d -> d.findElement(By.cssSelector("#my-agent-agent9 td.state"))
            .getAttribute("data-state").equals("PAUSED"));
        assertThat(server.engine().snapshot().toCompletableFuture().join()
            .agents().get(AgentId.of("agent9")).state()).isEqualTo(AgentState.PAUSED);
        assertThat(b.shows("sales")).isTrue();
        b.screenshot("05-agent-page-paused");

        b.find("#lang-pl").click();
        b.waitFor(d -> d.findElement(By.tagName("h1")).getText().equals("Moja strona"));
        b.screenshot("06-agent-page-pl");
        // an agent's session does not reach the administrator's pages
        b.open(base + "/panel/queues");
        assertThat(b.driver().getPageSource()).contains("not allowed");
        phone.stop();
      }
    }
  }
}
