package io.callqueue.examples.server.panel;

import static org.assertj.core.api.Assertions.assertThat;

import io.callqueue.examples.server.ServerCore;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The board's pages as part of the panel, on the whole server core: drawn in the panel's shell
 * (navigation, language switch, sign-out, the same security headers), in the language the
 * panel's switch chose, reached with the panel's session (the wallboard's event stream and the
 * call list's CSV link included) and by nobody without one.
 */
class BoardInPanelTest {
  private static final Pattern CSV = Pattern.compile("id=\"csv\" href=\"([^\"]+)\"");

  @TempDir
  Path dir;
  private ServerCore core;

  @BeforeEach
  void start() throws Exception {
    core = PanelFixture.start(PanelFixture.config(dir));
  }

  @AfterEach
  void stop() {
    core.close();
  }

  private PanelClient admin() throws Exception {
    return PanelFixture.admin(core);
  }

  @Test
  void everyBoardPage_isDrawnInThePanelsShell_withItsHeaders() throws Exception {
    PanelClient c = admin();
    for (String page : new String[] {"/panel/wallboard", "/panel/stats", "/panel/calls",
        "/panel/messages"}) {
      HttpResponse<String> r = c.get(page);
      assertThat(r.statusCode()).as(page).isEqualTo(200);
      assertThat(r.body()).as(page)
          .contains("href=\"/panel/assets/panel.css\"", "href=\"/panel/board/assets/board.css\"",
              "<a href=\"/panel/queues\">", "<a href=\"/panel/agents\">",
              "<a href=\"" + page + "\" class=\"current\">", "id=\"lang-pl\"",
              "id=\"sign-out\"", "name=\"csrf-token\"", "src=\"/panel/assets/panel.js\"")
          .doesNotContain("board-nav");
      assertThat(r.headers().firstValue("Content-Security-Policy")).as(page)
          .contains(Shell.POLICY);
      assertThat(r.headers().firstValue("X-Frame-Options")).as(page).contains("DENY");
    }
    assertThat(c.get("/panel/queues").headers().firstValue("Content-Security-Policy"))
        .contains(Shell.POLICY);
  }

  @Test
  void theLanguageSwitch_choosesTheBoardsLanguageToo() throws Exception {
    PanelClient c = admin();
    c.acceptLanguage = "en";
    assertThat(c.get("/panel/wallboard").body()).contains("<h1>Wallboard</h1>");
    HttpResponse<String> sw = c.get("/panel/lang/pl?back=/panel/wallboard");
    assertThat(sw.statusCode()).isEqualTo(303);
    assertThat(c.cookies).containsEntry(Messages.COOKIE, "pl");
    HttpResponse<String> pl = c.get("/panel/wallboard");
    assertThat(pl.body()).contains("<html lang=\"pl\"", "<h1>Tablica</h1>", "Na żywo",
        ">Kolejki</a>");
    assertThat(c.get("/panel/stats").body()).contains("<html lang=\"pl\"", ">Statystyki</a>");
  }

  @Test
  void theEventStreamAndTheCsv_answerTheSession_andNobodyWithoutOne() throws Exception {
    PanelClient c = admin();
    String cookie = "callqueue_session=" + c.cookies.get("callqueue_session");
    HttpResponse<InputStream> events = c.httpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + core.httpPort() + "/panel/wallboard/events"))
        .header("Cookie", cookie).header("Accept", "text/event-stream")
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofInputStream());
    assertThat(events.statusCode()).isEqualTo(200);
    assertThat(events.headers().firstValue("Content-Type")).get().asString()
        .startsWith("text/event-stream");
    try (BufferedReader in = new BufferedReader(new InputStreamReader(events.body(),
        StandardCharsets.UTF_8))) {
      String line;
      String event = null;
      String data = null;
      while ((line = in.readLine()) != null && data == null) {
        if (line.startsWith("event:")) {
          event = line.substring(6).strip();
        } else if (line.startsWith("data:") && "state".equals(event)) {
          data = line.substring(5).strip();
        }
      }
      assertThat(data).as("the first state frame").contains("\"support\"").contains("agent1");
    }

    Matcher csv = CSV.matcher(c.get("/panel/calls").body());
    assertThat(csv.find()).as("the CSV link").isTrue();
    String link = csv.group(1).replace("&amp;", "&");
    HttpResponse<String> file = c.get(link);
    assertThat(file.statusCode()).as(link).isEqualTo(200);
    assertThat(file.headers().firstValue("Content-Type")).get().asString().contains("text/csv");

    PanelClient nobody = new PanelClient(core.httpPort());
    for (String path : new String[] {"/panel/wallboard", "/panel/wallboard/events",
        "/panel/stats", "/panel/calls", "/panel/messages"}) {
      HttpResponse<String> r = nobody.get(path);
      assertThat(r.statusCode()).as(path).isEqualTo(303);
      assertThat(r.headers().firstValue("Location")).as(path).contains("/panel/login");
    }
    assertThat(nobody.get(link).statusCode()).as("the CSV without a session").isEqualTo(401);
  }
}
