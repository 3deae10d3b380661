package io.callqueue.examples.server.board;

import static org.assertj.core.api.Assertions.assertThat;

import io.callqueue.api.CallId;
import io.callqueue.api.CallOffer;
import io.callqueue.examples.server.panel.Browser;
import io.callqueue.testkit.tier.WireTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The board in a real browser (headless Chromium): a call waits, rings and connects live on the
 * wallboard without a reload; the call list shows it; the statistics page draws its charts.
 * Screenshots of each page go to {@code target/screenshots/}.
 */
@WireTest
class BoardBrowserTest {
  private static final String MARKUP = "<img src=x onerror=window.pwned=1>";
  private static final Duration LIVE = Duration.ofSeconds(5);

  @TempDir
  Path dir;
  private RealTimeBoard live;
  private Browser browser;

  @BeforeEach
  void start() throws Exception {
    live = new RealTimeBoard(dir);
    browser = Browser.start("en-GB")
        .headers(Map.of("Authorization", "Bearer " + BoardServer.TOKEN));
  }

  @AfterEach
  void stop() {
    if (browser != null) {
      browser.close();
    }
    live.close();
  }

  private static final String ROW = "[data-queue='support'] tr[data-call]";

  private long waitingRows() {
    return browser.count(ROW);
  }

  private String agentState(String agent) {
    return browser.attribute("#agents tr[data-agent='" + agent + "']", "data-state");
  }

  private String agentCell(String agent, String cell) {
    return browser.text("#agents tr[data-agent='" + agent + "'] td." + cell);
  }

  @Test
  void aCallWaitsRingsAndConnects_liveOnTheWallboard_thenInTheCallListAndTheCharts()
      throws Exception {
    browser.driver().get(live.server.base() + "/panel/wallboard");
    browser.waitFor(LIVE, "the wallboard connected",
        () -> String.valueOf(browser.attribute("#status", "class")).contains("live"));
    Object loadedSeq = browser.js("return document.body.dataset.seq");
    assertThat(agentState("alice")).isEqualTo("LOGGED_OUT");

    live.engine.offer(CallOffer.of(CallId.of("c1"), RealTimeBoard.SUPPORT, MARKUP));
    browser.waitFor(LIVE, "the caller waiting", () -> waitingRows() == 1);
    assertThat(browser.text(ROW + " .caller")).isEqualTo(MARKUP);
    assertThat(browser.text(ROW + " .position")).isEqualTo("1");
    assertThat(browser.js("return window.pwned === undefined"
        + " && document.querySelectorAll('#queues img').length === 0")).isEqualTo(true);
    browser.waitFor(LIVE, "the wait clock moving",
        () -> "0:01".equals(browser.text(ROW + " .wait")));
    browser.screenshot("wallboard-1-waiting");

    live.engine.sipRegistered("alice");
    browser.waitFor(LIVE, "alice ringing", () -> "RINGING".equals(agentState("alice"))
        && "alice".equals(browser.text(ROW + " .ringing")));
    browser.screenshot("wallboard-2-ringing");

    live.engine.agentAnswered(CallId.of("c1"), RealTimeBoard.ALICE);
    browser.waitFor(LIVE, "alice on the call", () -> "ON_CALL".equals(agentState("alice"))
        && waitingRows() == 0);
    browser.screenshot("wallboard-3-connected");

    live.engine.callEnded(CallId.of("c1"));
    browser.waitFor(LIVE, "alice's call counted today",
        () -> "1".equals(agentCell("alice", "answered")));
    browser.screenshot("wallboard-4-answered-today");
    // all of it arrived by push: the page was never loaded again
    assertThat(browser.js("return performance.getEntriesByType('navigation').length"))
        .isEqualTo(1L);
    assertThat(browser.js("return document.body.dataset.seq")).isNotEqualTo(loadedSeq);

    browser.driver().get(live.server.base() + "/panel/calls");
    List<WebElement> calls = browser.driver().findElements(By.cssSelector("#calls tbody tr"));
    assertThat(calls).hasSize(1);
    assertThat(calls.get(0).findElement(By.cssSelector(".caller")).getText()).isEqualTo(MARKUP);
    assertThat(calls.get(0).getText()).contains("alice").contains("answered");
    browser.screenshot("calls");

    browser.driver().get(live.server.base() + "/panel/stats");
    browser.waitFor(LIVE, "three charts drawn",
        () -> "3".equals(browser.js("return document.body.dataset.chartsDrawn")));
    for (String chart : List.of("hourly", "waits", "serviceLevel")) {
      assertThat(browser.driver().findElements(By.cssSelector("#chart-" + chart + " canvas")))
          .as(chart).isNotEmpty();
    }
    assertThat(browser.driver().findElement(By.id("queue-figures")).getText()).contains("support");
    browser.screenshot("stats");

    browser.driver().get(live.server.base() + "/panel/messages");
    assertThat(browser.driver().findElement(By.id("voicemails")).isDisplayed()).isTrue();
    browser.screenshot("messages");
  }
}
