package io.callqueue.examples.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.callqueue.examples.server.panel.Browser;
import io.callqueue.examples.server.config.ServerConfig;
import io.callqueue.testkit.sipp.Sipp;
import io.callqueue.testkit.tier.WireTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wallboard of the whole server (default configuration, free ports) in headless Chromium,
 * with SIPp phones: agent1 registers and shows available; a first caller (after the default
 * scenario's greeting) rings agent1 (the phone rings 2.5 s before answering) and connects; a
 * second caller waits meanwhile, then rings agent1 after the first call and its wrap-up, and
 * connects; all of it live, without a reload, signed in as the panel's administrator. Then the
 * call list, the charts and the messages page. Screenshots in
 * {@code target/screenshots/sipp-*.png}.
 */
@WireTest
class ServerWallboardSippTest {
  private static final Duration LIVE = Duration.ofSeconds(10);
  private static final Duration SIPP_LIMIT = Duration.ofSeconds(60);
  private static final String ROW = "[data-queue='support'] tr[data-call]";

  @BeforeAll
  static void sipp() {
    Sipp.assumeInstalled();
  }

  /** adapter-sip's answering agent phone, ringing {@code ring} before it answers. */
  private static Path slowAgent(Duration ring) throws Exception {
    Path p = Sipp.instantiate("agent_answer.xml", Map.of());
    String text = Files.readString(p, StandardCharsets.ISO_8859_1);
    String quick = "<pause milliseconds=\"100\"/>";
    assertThat(text).contains(quick);
    Files.writeString(p, text.replace(quick, "<pause milliseconds=\"" + ring.toMillis()
        + "\"/>"), StandardCharsets.ISO_8859_1);
    return p;
  }

  @Test
  void sippCallsWaitRingAndConnect_liveOnTheWallboard(@TempDir Path dir) throws Exception {
    int sipPort = Sipp.freeUdpPort("127.0.0.1");
    ServerConfig config = ServerSippTest.defaultConfig(dir, sipPort,
        q -> q.toBuilder().wrapUpTime(Duration.ofSeconds(2)).build());
    try (Browser browser = Browser.start("en-GB");
        ServerMain.Running server = ServerMain.start(config)) {
      String base = "http://127.0.0.1:" + server.core().httpPort();
      // the administrator signs in through the panel (the first start's password)
      browser.signIn(base, "admin", server.core().panel().generatedAdminPassword()
          .orElseThrow());
      browser.driver().get(base + "/panel/wallboard");
      browser.waitFor(LIVE, "the wallboard connected",
          () -> String.valueOf(browser.attribute("#status", "class")).contains("live"));
      String agent = "#agents tr[data-agent='agent1']";

      try (Sipp.Running phone = Sipp.scenario("register.xml").service("agent1")
          .credentials("agent1", "demo-agent1").key("expires", "60")
          .pause(Duration.ofSeconds(45)).outOfCall(slowAgent(Duration.ofMillis(2500)))
          .start(sipPort, SIPP_LIMIT)) {
        browser.waitFor(LIVE, "agent1 registered and available",
            () -> "AVAILABLE".equals(browser.attribute(agent, "data-state")));
        browser.screenshot("sipp-1-agent-available");

        Sipp.Running first = Sipp.scenario("caller_waits.xml").service("100")
            .pause(Duration.ofSeconds(16)).start(sipPort, SIPP_LIMIT);
        browser.waitFor(LIVE, "the first caller ringing agent1",
            () -> "agent1".equals(browser.text(ROW + " .ringing"))
                && "RINGING".equals(browser.attribute(agent, "data-state")));
        browser.screenshot("sipp-2-ringing");
        browser.waitFor(LIVE, "the first caller connected",
            () -> "ON_CALL".equals(browser.attribute(agent, "data-state"))
                && browser.count(ROW) == 0);

        Sipp.Running second = Sipp.scenario("caller_waits.xml").service("100")
            .pause(Duration.ofSeconds(22)).start(sipPort, SIPP_LIMIT);
        browser.waitFor(LIVE, "the second caller waiting", () -> browser.count(ROW) == 1
            && "".equals(browser.text(ROW + " .ringing"))
            && "+48111222333".equals(browser.text(ROW + " .caller")));
        browser.screenshot("sipp-3-second-waits");
        browser.waitFor(Duration.ofSeconds(20), "the second caller ringing agent1",
            () -> "agent1".equals(browser.text(ROW + " .ringing")));
        browser.waitFor(LIVE, "the second caller connected",
            () -> "ON_CALL".equals(browser.attribute(agent, "data-state"))
                && browser.count(ROW) == 0);
        browser.screenshot("sipp-4-second-connected");
        assertThat(first.await().exitCode()).as("first caller").isZero();
        assertThat(second.await().exitCode()).as("second caller").isZero();
        browser.waitFor(LIVE, "both calls answered today",
            () -> "2".equals(browser.text(agent + " td.answered")));
        assertThat(browser.js("return performance.getEntriesByType('navigation').length"))
            .isEqualTo(1L);
        browser.screenshot("sipp-5-answered-today");
        assertThat(phone.isRunning()).as("agent1's phone still registered").isTrue();
      }

      browser.driver().get(base + "/panel/calls");
      assertThat(browser.count("#calls tbody tr")).isEqualTo(2);
      assertThat(browser.text("#calls tbody tr")).contains("agent1").contains("answered");
      browser.screenshot("sipp-6-calls");
      browser.driver().get(base + "/panel/stats");
      browser.waitFor(LIVE, "three charts drawn",
          () -> "3".equals(browser.js("return document.body.dataset.chartsDrawn")));
      browser.screenshot("sipp-7-stats");
      browser.driver().get(base + "/panel/messages");
      browser.waitFor(LIVE, "the messages page", () -> browser.count("#voicemails") == 1);
      browser.screenshot("sipp-8-messages");
    }
  }
}
