package io.callqueue.examples.server.panel;

import static org.assertj.core.api.Assertions.assertThat;

import io.callqueue.api.AgentId;
import io.callqueue.api.AgentState;
import io.callqueue.api.EngineSnapshot;
import io.callqueue.examples.server.ServerCore;
import io.callqueue.examples.server.config.ServerConfig;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The panel's security over real HTTP: sessions, CSRF, roles, throttling, escaping. */
class PanelSecurityTest {
  @TempDir
  Path dir;
  private ServerCore core;
  private PanelClient admin;

  /** Every route that changes something, with a form that would be valid. */
  private static final List<String[]> CHANGES = List.of(
      new String[] {"/panel/queues", "name", "sales"},
      new String[] {"/panel/queues/support", "ringTimeout", "20s"},
      new String[] {"/panel/queues/support/members", "agent", "agent1", "priority", "3"},
      new String[] {"/panel/queues/support/members/remove", "agent", "agent2"},
      new String[] {"/panel/queues/support/prompt/restore", "key", "queue-position"},
      new String[] {"/panel/agents", "id", "agent3", "sip", "agent3", "password", "pw-three"},
      new String[] {"/panel/queues/support/delete"},
      new String[] {"/panel/agents/agent2/delete"},
      new String[] {"/panel/password", "current", PanelFixture.ADMIN_PASSWORD, "new",
          "a new administrator password", "repeat", "a new administrator password"},
      new String[] {"/panel/agent/agent1/pause"},
      new String[] {"/panel/agent/agent1/logout"});

  @BeforeEach
  void start() throws Exception {
    core = PanelFixture.start(PanelFixture.config(dir));
    admin = new PanelClient(core.httpPort());
  }

  @AfterEach
  void stop() {
    core.close();
  }

  private EngineSnapshot snapshot() {
    return core.engine().snapshot().toCompletableFuture().join();
  }

  private String fingerprint() throws Exception {
    EngineSnapshot s = snapshot();
    return s.queues().values().stream().map(q -> q.config().toString() + q.members()).toList()
        + " " + s.agents().values().stream().map(a -> a.config() + " " + a.state()).toList()
        + " " + core.panel().accounts().names()
        + " " + (Files.exists(core.panel().stateFile())
            ? Files.readString(core.panel().stateFile()) : "");
  }

  @Test
  void onlyTheSignInPageAndItsAssets_areServedWithoutASession() throws Exception {
    PanelClient anon = new PanelClient(core.httpPort());
    assertThat(anon.get("/panel/login").statusCode()).isEqualTo(200);
    assertThat(anon.get("/panel/assets/panel.css").statusCode()).isEqualTo(200);
    assertThat(anon.get("/panel/assets/panel.js").statusCode()).isEqualTo(200);
    for (String page : List.of("/panel", "/panel/queues", "/panel/queues/support",
        "/panel/agents", "/panel/agent", "/panel/wallboard", "/panel/stats", "/panel/calls",
        "/panel/queues/support/prompt?key=queue-position")) {
      HttpResponse<String> r = anon.get(page);
      assertThat(r.statusCode()).as(page).isEqualTo(303);
      assertThat(r.headers().firstValue("Location")).as(page).contains("/panel/login");
      assertThat(r.body()).as(page).doesNotContain("support");
    }
    // the open prefixes do not open anything else, however the path is spelled
    for (String tricky : List.of("/panel/assets/../queues", "/panel/assets/%2e%2e/queues",
        "/panel/assets/..%2fqueues", "/panel/login/../queues", "/panel/login;x=1/../queues",
        "/panel/lang/../queues", "/panel/assets/panel.css/../../queues", "/panel//queues",
        "/PANEL/queues", "/panel/queues;jsessionid=1", "/panel/queues/")) {
      HttpResponse<String> r = anon.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
          + core.httpPort() + tricky)).GET());
      assertThat(r.body()).as(tricky).doesNotContain("support").doesNotContain("csrf-token");
      assertThat(r.statusCode()).as(tricky).isNotEqualTo(200);
    }
    assertThat(anon.get("/panel/api/state").statusCode()).isEqualTo(401);
    assertThat(anon.get("/api/snapshot").statusCode()).isEqualTo(401);
    assertThat(anon.get("/anything-else").statusCode()).isEqualTo(401);
  }

  @Test
  void everyChangeRequest_withoutASession_isRefused_andChangesNothing() throws Exception {
    String before = fingerprint();
    PanelClient anon = new PanelClient(core.httpPort());
    for (String[] change : CHANGES) {
      String[] fields = java.util.Arrays.copyOfRange(change, 1, change.length);
      HttpResponse<String> r = anon.post(change[0], fields);
      assertThat(r.statusCode()).as(change[0]).isIn(401, 403);
      // a bearer token does not stand in for a session on the panel
      HttpResponse<String> t = anon.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
          + core.httpPort() + change[0])).header("Authorization", "Bearer " + PanelFixture.TOKEN)
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString(PanelClient.form(fields))));
      assertThat(t.statusCode()).as(change[0] + " with the token").isIn(401, 403);
    }
    assertThat(fingerprint()).isEqualTo(before);
  }

  @Test
  void everyChangeRequest_withoutTheCsrfToken_isRefused403_andChangesNothing() throws Exception {
    assertThat(admin.signIn("admin", PanelFixture.ADMIN_PASSWORD).statusCode()).isEqualTo(303);
    String before = fingerprint();
    for (String[] change : CHANGES) {
      String[] fields = java.util.Arrays.copyOfRange(change, 1, change.length);
      assertThat(admin.post(change[0], fields).statusCode()).as(change[0]).isEqualTo(403);
      String[] wrong = new String[fields.length + 2];
      wrong[0] = "_csrf";
      wrong[1] = "not-the-token";
      System.arraycopy(fields, 0, wrong, 2, fields.length);
      assertThat(admin.post(change[0], wrong).statusCode()).as(change[0] + " wrong token")
          .isEqualTo(403);
    }
    HttpResponse<String> json = admin.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
        + core.httpPort() + "/panel/api/queues/sales")).header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString("{\"strategy\": \"ringall\"}")));
    assertThat(json.statusCode()).isEqualTo(403);
    assertThat(fingerprint()).isEqualTo(before);

    // with the token the same requests go through
    assertThat(admin.change("/panel/queues/support", "ringTimeout", "20s").statusCode())
        .isEqualTo(200);
    assertThat(snapshot().queues().values().iterator().next().config().ringTimeout())
        .hasSeconds(20);
  }

  @Test
  void theSessionCookie_isHttpOnlyAndSameSiteStrict_andSigningOutEndsIt() throws Exception {
    PanelClient c = new PanelClient(core.httpPort());
    HttpResponse<String> page = c.get("/panel/login");
    assertThat(page.headers().allValues("Set-Cookie")).allSatisfy(
        v -> assertThat(v).contains("HttpOnly").contains("SameSite=Strict"));
    HttpResponse<String> r = c.signIn("admin", PanelFixture.ADMIN_PASSWORD);
    String session = r.headers().allValues("Set-Cookie").stream()
        .filter(v -> v.startsWith(Panel.SESSION_COOKIE + "=")).findFirst().orElseThrow();
    assertThat(session).contains("HttpOnly").contains("SameSite=Strict").contains("Path=/");
    assertThat(session).doesNotContain("Secure"); // plain HTTP here: a Secure cookie is not sent
    PanelClient proxied = new PanelClient(core.httpPort());
    assertThat(proxied.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
        + core.httpPort() + "/panel/login")).header("X-Forwarded-Proto", "https").GET())
        .headers().allValues("Set-Cookie")).allSatisfy(v -> assertThat(v).endsWith("; Secure"));
    assertThat(c.get("/panel/queues").statusCode()).isEqualTo(200);
    String id = c.cookies.get(Panel.SESSION_COOKIE);
    assertThat(c.change("/panel/logout").statusCode()).isEqualTo(303);
    c.cookies.put(Panel.SESSION_COOKIE, id); // a stolen cookie is worthless after sign-out
    assertThat(c.get("/panel/queues").statusCode()).isEqualTo(303);
  }

  @Test
  void anAdministratorSession_isAcceptedByTheJsonApi_withoutTheToken() throws Exception {
    admin.signIn("admin", PanelFixture.ADMIN_PASSWORD);
    HttpResponse<String> r = admin.get("/api/snapshot");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("support");
  }

  @Test
  void wrongPasswords_areThrottledPerUserAndAddress() throws Exception {
    PanelClient c = new PanelClient(core.httpPort());
    for (int i = 0; i < Throttle.MAX_FAILURES; i++) {
      assertThat(c.signIn("admin", "guess-" + i).statusCode()).isEqualTo(401);
    }
    HttpResponse<String> locked = c.signIn("admin", PanelFixture.ADMIN_PASSWORD);
    assertThat(locked.statusCode()).isEqualTo(429);
    assertThat(locked.headers().firstValue("Retry-After")).contains("900");
    assertThat(locked.body()).contains("Too many wrong passwords");
    assertThat(c.cookies).doesNotContainKey(Panel.SESSION_COOKIE);
    // another user from the same address is not locked out
    assertThat(new PanelClient(core.httpPort()).signIn("agent1", "secret-one").statusCode())
        .isEqualTo(303);
  }

  @Test
  void anAgent_runsOnlyTheirOwnAgent_andCannotChangeAQueueOrAnotherAgent() throws Exception {
    PanelClient agent = new PanelClient(core.httpPort());
    assertThat(agent.signIn("agent1", "secret-one").headers().firstValue("Location"))
        .contains("/panel/agent");
    HttpResponse<String> home = agent.get("/panel/agent");
    assertThat(home.statusCode()).isEqualTo(200);
    assertThat(home.body()).contains("my-agent-agent1").doesNotContain("my-agent-agent2")
        .contains("support");
    String before = fingerprint();
    assertThat(agent.change("/panel/agent/agent2/pause").statusCode()).isEqualTo(403);
    assertThat(agent.change("/panel/queues", "name", "sales").statusCode()).isEqualTo(403);
    assertThat(agent.change("/panel/queues/support", "ringTimeout", "20s").statusCode())
        .isEqualTo(403);
    assertThat(agent.change("/panel/agents", "id", "agent2", "sip", "agent2", "password",
        "stolen").statusCode()).isEqualTo(403);
    assertThat(agent.change("/panel/password", "current", "secret-one", "new",
        "a new administrator password", "repeat", "a new administrator password").statusCode())
        .isEqualTo(403);
    assertThat(agent.get("/panel/queues").statusCode()).isEqualTo(403);
    assertThat(agent.get("/panel/api/state").statusCode()).isEqualTo(403);
    assertThat(agent.get("/api/snapshot").statusCode()).isEqualTo(403);
    assertThat(fingerprint()).isEqualTo(before);

    assertThat(agent.change("/panel/agent/no-such-agent/pause").statusCode()).isEqualTo(403);
    assertThat(agent.change("/panel/agent/agent1/login").statusCode()).isEqualTo(200);
    assertThat(agent.change("/panel/agent/agent1/pause").statusCode()).isEqualTo(200);
    assertThat(snapshot().agents().get(AgentId.of("agent1")).state())
        .isEqualTo(AgentState.PAUSED);
    assertThat(agent.change("/panel/agent/agent1/unpause").statusCode()).isEqualTo(200);
    assertThat(snapshot().agents().get(AgentId.of("agent1")).state())
        .isEqualTo(AgentState.AVAILABLE);
  }

  @Test
  void markupInAQueueName_isRefusedWithTheMessage_escaped_andChangesNothing() throws Exception {
    admin.signIn("admin", PanelFixture.ADMIN_PASSWORD);
    String before = fingerprint();
    HttpResponse<String> r = admin.change("/panel/queues", "name",
        "<script>alert(1)</script>");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).doesNotContain("<script>alert").contains("&lt;script&gt;alert(1)")
        .contains("name must be 1-64 letters, digits");
    assertThat(fingerprint()).isEqualTo(before);
  }

  @Test
  void aBadSetting_isRefusedWithTheConfigurationsMessage() throws Exception {
    admin.signIn("admin", PanelFixture.ADMIN_PASSWORD);
    String before = fingerprint();
    HttpResponse<String> r = admin.change("/panel/queues/support", "ringTimeout", "soon",
        "weight", "heavy");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("support.ringTimeout: must be a duration like 15s, 500ms, 2m"
        + " or 1h").contains("support.weight: must be a whole number, was &#39;heavy&#39;");
    assertThat(fingerprint()).isEqualTo(before);
  }

  @Test
  void pagesAreInPolishOrEnglish_byAcceptLanguage_orTheSwitch() throws Exception {
    PanelClient c = new PanelClient(core.httpPort());
    c.acceptLanguage = "pl-PL,pl;q=0.9,en;q=0.5";
    assertThat(c.get("/panel/login").body()).contains("Logowanie").contains("lang=\"pl\"");
    c.acceptLanguage = "de-DE,en;q=0.5";
    assertThat(c.get("/panel/login").body()).contains("Sign in");
    assertThat(c.get("/panel/lang/pl?back=/panel/login").headers().firstValue("Location"))
        .contains("/panel/login");
    assertThat(c.get("/panel/login").body()).contains("Logowanie");
    // the switch never redirects away from the panel
    assertThat(c.get("/panel/lang/en?back=//evil.example/").headers().firstValue("Location"))
        .contains("/panel");
    assertThat(c.get("/panel/lang/en?back=https://evil.example/").headers()
        .firstValue("Location")).contains("/panel");
  }

  @Test
  void noPasswordAppearsInAPageOrInTheStateFilesPanelBlock() throws Exception {
    admin.signIn("admin", PanelFixture.ADMIN_PASSWORD);
    assertThat(admin.get("/panel/agents").body()).doesNotContain("secret-one")
        .doesNotContain(PanelFixture.ADMIN_PASSWORD);
    assertThat(admin.get("/panel/api/state").body()).doesNotContain("secret-one");
    ServerConfig c = PanelFixture.config(dir);
    assertThat(c.panel().toString()).doesNotContain(PanelFixture.ADMIN_HASH);
  }
}
