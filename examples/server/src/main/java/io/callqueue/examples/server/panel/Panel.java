package io.callqueue.examples.server.panel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Ticker;
import io.callqueue.api.AgentConfig;
import io.callqueue.api.AgentEndpoint;
import io.callqueue.api.CallQueue;
import io.callqueue.api.ConfigException;
import io.callqueue.api.EngineSnapshot;
import io.callqueue.api.QueueConfig;
import io.callqueue.examples.server.http.WebModule;
import io.callqueue.examples.server.panel.Sessions.Role;
import io.callqueue.examples.server.panel.Sessions.Session;
import io.javalin.config.JavalinConfig;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's panel as a {@link WebModule}: pages under {@code /panel}, JSON under
 * {@code /panel/api}.
 *
 * <p>Security: only {@code /panel/login}, the language switch and {@code /panel/assets/} are
 * served without a session. The administrator signs in as {@code admin} with the password whose
 * PBKDF2 hash the configuration (or the state file) holds; an agent with a SIP account's user name
 * and password. Wrong passwords are throttled per user name and address ({@link Throttle}). A
 * session is a random id in an {@code HttpOnly; SameSite=Strict} cookie, ends after the configured
 * idle time, and carries a CSRF token that every POST, PUT, PATCH or DELETE must send (form field
 * {@code _csrf} or header {@code X-CSRF-Token}; 403 otherwise); the sign-in form has its own
 * double-submitted token. An administrator's session is also accepted by the JSON API
 * ({@code /api}, else token-protected). An agent's session reaches only the agent's own page and
 * changes only the agents of their account (403 otherwise). Other modules read the signed-in role
 * and user from the request attributes {@value #ROLE_ATTRIBUTE} and {@value #USER_ATTRIBUTE}.
 *
 * <p>Errors: bad input answers 400 with the configuration's messages and changes nothing; an
 * unexpected failure is logged and answered without its details.
 */
public final class Panel implements WebModule {
  /** The request attribute holding the signed-in role ({@code ADMIN} or {@code AGENT}). */
  public static final String ROLE_ATTRIBUTE = "callqueue.role";
  /** The request attribute holding the signed-in user ({@code admin} or a SIP account). */
  public static final String USER_ATTRIBUTE = "callqueue.user";
  /** The largest prompt recording accepted. */
  public static final int MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
  /** The administrator's user name. */
  public static final String ADMIN = "admin";
  /** What a form may add to the largest upload (the other fields, the multipart framing). */
  private static final int FORM_OVERHEAD = 64 * 1024;

  static final String SESSION_COOKIE = "callqueue_session";
  static final String LOGIN_COOKIE = "callqueue_login";
  static final String SESSION = "callqueue.session";
  private static final Logger log = LoggerFactory.getLogger(Panel.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<HandlerType> SAFE = Set.of(HandlerType.GET, HandlerType.HEAD,
      HandlerType.OPTIONS);

  private final PanelState state;
  private final CallQueue engine;
  private final Sessions sessions;
  private final Throttle throttle;
  private final Prompts prompts;

  /** A panel over this state and engine, sessions ending after {@code sessionTimeout} idle. */
  public Panel(PanelState state, CallQueue engine, Duration sessionTimeout) {
    this(state, engine, sessionTimeout, Ticker.systemTicker());
  }

  Panel(PanelState state, CallQueue engine, Duration sessionTimeout, Ticker ticker) {
    this.state = state;
    this.engine = engine;
    this.sessions = new Sessions(sessionTimeout, ticker);
    this.throttle = new Throttle(ticker);
    this.prompts = new Prompts(state);
  }

  // ---- admission ----------------------------------------------------------------------------

  @Override
  public Admission admission(Context ctx) {
    String path = ctx.path();
    boolean panel = path.equals("/panel") || path.startsWith("/panel/");
    boolean api = path.startsWith("/api/");
    if (!panel && !api) {
      return Admission.ABSTAIN;
    }
    if (path.equals("/panel/login") || path.startsWith("/panel/assets/")
        || path.startsWith("/panel/lang/")) {
      return Admission.OPEN;
    }
    Optional<Session> found = sessions.find(ctx.cookie(SESSION_COOKIE));
    if (found.isEmpty()) {
      if (api) {
        return Admission.ABSTAIN; // scripts: the bearer token
      }
      if (SAFE.contains(ctx.method()) && !path.startsWith("/panel/api/")) {
        ctx.redirect("/panel/login", HttpStatus.SEE_OTHER);
        return Admission.ANSWERED;
      }
      ctx.status(401).contentType("application/json")
          .result("{\"error\": \"not signed in (or the session has ended): sign in at"
              + " /panel/login\"}");
      return Admission.ANSWERED;
    }
    Session s = found.get();
    if (ctx.contentLength() > MAX_UPLOAD_BYTES + FORM_OVERHEAD) {
      // refused before its form is read (where the CSRF token would be): it changes nothing
      Messages m = messages(ctx);
      ctx.attribute(SESSION, s);
      page(ctx, 413, Pages.layout(m, s, path, m.t("prompt.title"),
          List.of(m.t("prompt.tooLarge", MAX_UPLOAD_BYTES / 1024 / 1024)), null, ""));
      return Admission.ANSWERED;
    }
    if (!SAFE.contains(ctx.method())) {
      if (!csrfMatches(ctx, s) || !sameOrigin(ctx)) {
        log.warn("panel: {} {} by {} refused: no or wrong CSRF token", ctx.method(),
            loggable(path), s.user());
        return Admission.FORBIDDEN;
      }
    }
    if (s.role() == Role.AGENT && !agentMay(path)) {
      return Admission.FORBIDDEN;
    }
    ctx.attribute(SESSION, s);
    ctx.attribute(ROLE_ATTRIBUTE, s.role().name());
    ctx.attribute(USER_ATTRIBUTE, s.user());
    return Admission.SIGNED_IN;
  }

  /** An agent reaches their own page, its actions (checked per agent there) and sign-out. */
  private static boolean agentMay(String path) {
    return path.equals("/panel") || path.equals("/panel/") || path.equals("/panel/agent")
        || path.startsWith("/panel/agent/") || path.equals("/panel/logout");
  }

  private static boolean csrfMatches(Context ctx, Session s) {
    String given = ctx.header("X-CSRF-Token");
    if (given == null) {
      String type = ctx.contentType();
      if (type != null && (type.startsWith("application/x-www-form-urlencoded")
          || type.startsWith("multipart/form-data"))) {
        try {
          given = ctx.formParam("_csrf");
        } catch (Exception e) {
          return false; // an unreadable form (e.g. a chunked upload over the limit) has no token
        }
      }
    }
    return given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
        s.csrf().getBytes(StandardCharsets.UTF_8));
  }

  /** A browser's {@code Origin}, when sent, must name this server as the {@code Host} does. */
  private static boolean sameOrigin(Context ctx) {
    String origin = ctx.header("Origin");
    if (origin == null) {
      return true;
    }
    String host = ctx.header("Host");
    return host != null && (origin.equalsIgnoreCase("http://" + host)
        || origin.equalsIgnoreCase("https://" + host));
  }

  /** Input as a log may show it: no line breaks or other control characters, at most 64. */
  static String loggable(String s) {
    if (s == null) {
      return "";
    }
    String clean = s.replaceAll("\\p{Cntrl}", "?");
    return clean.length() <= 64 ? clean : clean.substring(0, 64) + "…";
  }

  // ---- routes -------------------------------------------------------------------------------

  @Override
  public void register(JavalinConfig c) {
    c.jetty.multipartConfig.maxFileSize(MAX_UPLOAD_BYTES, SizeUnit.BYTES);
    c.jetty.multipartConfig.maxTotalRequestSize(MAX_UPLOAD_BYTES + FORM_OVERHEAD, SizeUnit.BYTES);
    c.jetty.multipartConfig.maxInMemoryFileSize(1, SizeUnit.MB);
    c.routes.get("/panel/assets/panel.css", ctx -> asset(ctx, "panel.css", "text/css"));
    c.routes.get("/panel/assets/panel.js", ctx -> asset(ctx, "panel.js",
        "text/javascript"));
    c.routes.get("/panel/login", this::loginPage);
    c.routes.post("/panel/login", this::login);
    c.routes.post("/panel/logout", this::logout);
    c.routes.get("/panel/lang/{lang}", this::language);
    c.routes.get("/panel", this::home);
    c.routes.get("/panel/queues", ctx -> queuesPage(ctx, null, List.of(), null, 200));
    c.routes.post("/panel/queues", this::createQueue);
    c.routes.get("/panel/queues/{name}", ctx -> queuePage(ctx, queueOr404(ctx), null,
        List.of(), null, 200));
    c.routes.post("/panel/queues/{name}", this::updateQueue);
    c.routes.post("/panel/queues/{name}/delete", this::deleteQueue);
    c.routes.post("/panel/queues/{name}/members", this::saveMember);
    c.routes.post("/panel/queues/{name}/members/remove", this::removeMember);
    c.routes.get("/panel/queues/{name}/prompt", this::listen);
    c.routes.post("/panel/queues/{name}/prompt", this::upload);
    c.routes.post("/panel/queues/{name}/prompt/restore", this::restore);
    c.routes.get("/panel/agents", ctx -> agentsPage(ctx, null, List.of(), null, 200));
    c.routes.post("/panel/agents", this::saveAgentForm);
    c.routes.post("/panel/agents/{id}/delete", this::deleteAgent);
    c.routes.get("/panel/agent", ctx -> agentHome(ctx, List.of(), null, 200));
    c.routes.post("/panel/agent/{id}/{action}", this::agentAction);
    c.routes.get("/panel/password", ctx -> page(ctx, 200, Pages.password(messages(ctx),
        session(ctx), List.of(), null)));
    c.routes.post("/panel/password", this::changePassword);
    c.routes.get("/panel/api/state", this::apiState);
    c.routes.put("/panel/api/queues/{name}", this::apiQueue);
    c.routes.put("/panel/api/agents/{id}", this::apiAgent);
    c.routes.post("/panel/api/agents/{id}/{action}", this::apiAgentAction);
    c.routes.exception(NotFound.class, (e, ctx) -> page(ctx, 404,
        Pages.layout(messages(ctx), session(ctx), ctx.path(), e.getMessage(), List.of(), null,
            "<p><a href=\"/panel\">callqueue</a></p>")));
  }

  private static Session session(Context ctx) {
    return ctx.attribute(SESSION);
  }

  static Messages messages(Context ctx) {
    return Messages.choose(ctx.cookie(Messages.COOKIE), ctx.header("Accept-Language"));
  }

  private static void page(Context ctx, int status, String html) {
    ctx.status(status);
    Shell.secure(ctx);
    ctx.html(html);
  }

  private void asset(Context ctx, String name, String type) throws IOException {
    if (!Shell.asset(ctx, "/panel/" + name, type + "; charset=utf-8")) {
      throw new IllegalStateException("panel asset " + name + " is missing from the jar");
    }
  }

  /**
   * Sets an {@code HttpOnly; SameSite=Strict} cookie, {@code Secure} as well when the request came
   * over HTTPS (directly, or through a TLS proxy that says so in {@code X-Forwarded-Proto}).
   */
  private static void cookie(Context ctx, String name, String value, String path, int maxAge) {
    boolean https = "https".equalsIgnoreCase(ctx.scheme())
        || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto"));
    ctx.res().addHeader("Set-Cookie", name + "=" + value + "; Path=" + path
        + (maxAge >= 0 ? "; Max-Age=" + maxAge : "") + "; HttpOnly; SameSite=Strict"
        + (https ? "; Secure" : ""));
  }

  // ---- sign-in ------------------------------------------------------------------------------

  private void loginPage(Context ctx) {
    loginPage(ctx, "", List.of(), 200);
  }

  private void loginPage(Context ctx, String user, List<String> errors, int status) {
    String token = Sessions.random();
    cookie(ctx, LOGIN_COOKIE, token, "/panel/login", -1);
    page(ctx, status, Pages.login(messages(ctx), token, user, errors));
  }

  private void login(Context ctx) {
    Messages m = messages(ctx);
    String user = Optional.ofNullable(ctx.formParam("user")).orElse("").strip();
    String password = Optional.ofNullable(ctx.formParam("password")).orElse("");
    String formToken = ctx.formParam("_login");
    String cookieToken = ctx.cookie(LOGIN_COOKIE);
    if (formToken == null || cookieToken == null || !MessageDigest.isEqual(
        formToken.getBytes(StandardCharsets.UTF_8), cookieToken.getBytes(StandardCharsets.UTF_8))) {
      loginPage(ctx, user, List.of(m.t("login.expired")), 403);
      return;
    }
    String address = ctx.ip();
    if (!throttle.allowed(user, address)) {
      log.warn("panel: sign-in as '{}' from {} refused: too many wrong passwords",
          loggable(user), address);
      ctx.header("Retry-After", String.valueOf(Throttle.LOCK.toSeconds()));
      loginPage(ctx, user, List.of(m.t("login.throttled", Throttle.LOCK.toMinutes())), 429);
      return;
    }
    Role role;
    if (user.equals(ADMIN)) {
      role = state.isAdminPassword(password) ? Role.ADMIN : null;
    } else {
      Optional<String> sip = state.accounts().password(user);
      role = sip.isPresent() && MessageDigest.isEqual(sip.get().getBytes(StandardCharsets.UTF_8),
          password.getBytes(StandardCharsets.UTF_8)) ? Role.AGENT : null;
    }
    if (role == null) {
      throttle.failed(user, address);
      log.info("panel: wrong password for '{}' from {}", loggable(user), address);
      loginPage(ctx, user, List.of(m.t("login.wrong")), 401);
      return;
    }
    throttle.succeeded(user, address);
    sessions.close(ctx.cookie(SESSION_COOKIE));
    Session s = sessions.open(role, user);
    cookie(ctx, SESSION_COOKIE, s.id(), "/", -1);
    cookie(ctx, LOGIN_COOKIE, "", "/panel/login", 0);
    log.info("panel: {} signed in from {}", user, address);
    ctx.redirect(role == Role.ADMIN ? "/panel/queues" : "/panel/agent", HttpStatus.SEE_OTHER);
  }

  private void logout(Context ctx) {
    sessions.close(ctx.cookie(SESSION_COOKIE));
    cookie(ctx, SESSION_COOKIE, "", "/", 0);
    ctx.redirect("/panel/login", HttpStatus.SEE_OTHER);
  }

  private void language(Context ctx) {
    String lang = ctx.pathParam("lang");
    if (Messages.LANGUAGES.contains(lang)) {
      ctx.res().addHeader("Set-Cookie", Messages.COOKIE + "=" + lang
          + "; Path=/; Max-Age=31536000; SameSite=Strict");
    }
    String back = ctx.queryParam("back");
    boolean local = back != null && back.startsWith("/panel") && !back.startsWith("//")
        && back.matches("[A-Za-z0-9/_.%@+:\\-]*");
    ctx.redirect(local ? back : "/panel", HttpStatus.SEE_OTHER);
  }

  private void home(Context ctx) {
    Session s = session(ctx);
    ctx.redirect(s.role() == Role.ADMIN ? "/panel/queues" : "/panel/agent", HttpStatus.SEE_OTHER);
  }

  private void changePassword(Context ctx) {
    Messages m = messages(ctx);
    String replacement = ctx.formParam("new");
    if (replacement == null || !replacement.equals(ctx.formParam("repeat"))) {
      page(ctx, 400, Pages.password(m, session(ctx), List.of(m.t("password.mismatch")), null));
      return;
    }
    try {
      state.changeAdminPassword(ctx.formParam("current"), replacement);
    } catch (ConfigException e) {
      page(ctx, 400, Pages.password(m, session(ctx), e.problems(), null));
      return;
    }
    sessions.closeAll(Role.ADMIN, ADMIN);
    cookie(ctx, SESSION_COOKIE, "", "/", 0);
    ctx.redirect("/panel/login", HttpStatus.SEE_OTHER);
  }

  // ---- queues -------------------------------------------------------------------------------

  private EngineSnapshot snapshot() {
    return engine.snapshot().toCompletableFuture().join();
  }

  private QueueConfig queueOr404(Context ctx) {
    String name = ctx.pathParam("name");
    return state.queue(name).orElseThrow(() -> new NotFound(messages(ctx).t("queue.notFound",
        name)));
  }

  private void queuesPage(Context ctx, JsonNode form, List<String> errors, String notice,
      int status) {
    page(ctx, status, Pages.queues(messages(ctx), session(ctx), state.queues(), snapshot(),
        state.memberships(), form, errors, notice));
  }

  private void queuePage(Context ctx, QueueConfig q, JsonNode form, List<String> errors,
      String notice, int status) {
    Optional<QueueConfig> now = state.queue(q.id().value());
    QueueConfig shown = now.orElse(q);
    JsonNode node = form != null ? form : state.queueNode(shown);
    page(ctx, status, Pages.queue(messages(ctx), session(ctx), shown, node, state.agents(),
        snapshot(), errors, notice));
  }

  private void createQueue(Context ctx) {
    ObjectNode node = QueueForm.toNode(ctx.formParam("name"), ctx.formParamMap(), null);
    try {
      QueueConfig q = state.saveQueue(null, node);
      ctx.redirect("/panel/queues/" + Html.seg(q.id().value()), HttpStatus.SEE_OTHER);
    } catch (ConfigException e) {
      queuesPage(ctx, node, e.problems(), null, 400);
    }
  }

  private void updateQueue(Context ctx) {
    QueueConfig q = queueOr404(ctx);
    ObjectNode node = QueueForm.toNode(q.id().value(), ctx.formParamMap(), state.queueNode(q));
    change(ctx, q, node, messages(ctx).t("queue.saved"));
  }

  /** Applies a queue's new YAML form and shows the queue's page with the outcome. */
  private void change(Context ctx, QueueConfig q, ObjectNode node, String notice) {
    try {
      state.saveQueue(q.id().value(), node);
      queuePage(ctx, q, null, List.of(), notice, 200);
    } catch (ConfigException e) {
      queuePage(ctx, q, null, e.problems(), null, 400);
    }
  }

  private void deleteQueue(Context ctx) {
    QueueConfig q = queueOr404(ctx);
    try {
      state.removeQueue(q.id().value());
      queuesPage(ctx, null, List.of(), messages(ctx).t("queue.deleted", q.id().value()), 200);
    } catch (ConfigException e) {
      queuePage(ctx, q, null, e.problems(), null, 400);
    }
  }

  private void saveMember(Context ctx) {
    QueueConfig q = queueOr404(ctx);
    ObjectNode node = state.queueNode(q);
    String agent = Optional.ofNullable(ctx.formParam("agent")).orElse("");
    String priority = Optional.ofNullable(ctx.formParam("priority")).orElse("0").strip();
    ArrayNode members = node.putArray("members");
    boolean replaced = false;
    for (JsonNode old : state.queueNode(q).path("members")) {
      if (old.path("agent").asText().equals(agent)) {
        members.add(member(agent, priority));
        replaced = true;
      } else {
        members.add(old);
      }
    }
    if (!replaced) {
      members.add(member(agent, priority));
    }
    change(ctx, q, node, messages(ctx).t("queue.memberSaved", agent));
  }

  private static ObjectNode member(String agent, String priority) {
    ObjectNode m = JsonNodeFactory.instance.objectNode().put("agent", agent);
    if (priority.matches("-?\\d{1,9}")) {
      m.put("priority", Integer.parseInt(priority));
    } else {
      m.put("priority", priority);
    }
    return m;
  }

  private void removeMember(Context ctx) {
    QueueConfig q = queueOr404(ctx);
    String agent = Optional.ofNullable(ctx.formParam("agent")).orElse("");
    ObjectNode node = state.queueNode(q);
    ArrayNode members = node.putArray("members");
    state.queueNode(q).path("members").forEach(old -> {
      if (!old.path("agent").asText().equals(agent)) {
        members.add(old);
      }
    });
    change(ctx, q, node, messages(ctx).t("queue.memberRemoved", agent));
  }

  // ---- prompts ------------------------------------------------------------------------------

  private void listen(Context ctx) throws IOException {
    QueueConfig q = queueOr404(ctx);
    Path file = q.promptOverrides().get(Optional.ofNullable(ctx.queryParam("key")).orElse(""));
    if (file == null || !Files.isRegularFile(file)) {
      throw new NotFound(messages(ctx).t("prompt.notFound"));
    }
    ctx.contentType("audio/wav").header("Cache-Control", "no-store")
        .result(Files.readAllBytes(file));
  }

  private void upload(Context ctx) {
    QueueConfig q = queueOr404(ctx);
    Messages m = messages(ctx);
    if (ctx.contentLength() > MAX_UPLOAD_BYTES + FORM_OVERHEAD) {
      queuePage(ctx, q, null, List.of(m.t("prompt.tooLarge", MAX_UPLOAD_BYTES / 1024 / 1024)),
          null, 413);
      return;
    }
    String key = ctx.formParam("key");
    UploadedFile file;
    try {
      file = ctx.uploadedFile("file");
    } catch (Exception e) {
      queuePage(ctx, q, null, List.of(m.t("prompt.tooLarge", MAX_UPLOAD_BYTES / 1024 / 1024)),
          null, 413);
      return;
    }
    if (file == null) {
      queuePage(ctx, q, null, List.of(m.t("prompt.noFile")), null, 400);
      return;
    }
    try {
      byte[] bytes;
      try (InputStream in = file.content()) {
        bytes = in.readNBytes(MAX_UPLOAD_BYTES + 1);
      }
      if (bytes.length > MAX_UPLOAD_BYTES) {
        queuePage(ctx, q, null, List.of(m.t("prompt.tooLarge", MAX_UPLOAD_BYTES / 1024 / 1024)),
            null, 413);
        return;
      }
      prompts.upload(q, key, bytes);
      queuePage(ctx, q, null, List.of(), m.t("prompt.saved", key), 200);
    } catch (ConfigException e) {
      queuePage(ctx, q, null, e.problems(), null, 400);
    } catch (IOException e) {
      log.warn("panel: prompt upload for {} failed: {}", q.id().value(), e.getMessage());
      queuePage(ctx, q, null, List.of(m.t("prompt.failed")), null, 500);
    }
  }

  private void restore(Context ctx) {
    QueueConfig q = queueOr404(ctx);
    String key = Optional.ofNullable(ctx.formParam("key")).orElse("");
    try {
      prompts.restore(q, key);
      queuePage(ctx, q, null, List.of(), messages(ctx).t("prompt.restored", key), 200);
    } catch (ConfigException e) {
      queuePage(ctx, q, null, e.problems(), null, 400);
    }
  }

  // ---- agents -------------------------------------------------------------------------------

  private void agentsPage(Context ctx, JsonNode form, List<String> errors, String notice,
      int status) {
    page(ctx, status, Pages.agents(messages(ctx), session(ctx), state.agents(), snapshot(),
        state.memberships(), form, errors, notice));
  }

  private void saveAgentForm(Context ctx) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    for (String field : List.of("id", "sip", "number")) {
      String v = ctx.formParam(field);
      if (v != null && !v.strip().isEmpty()) {
        node.put(field, v.strip());
      }
    }
    for (String field : List.of("autoActivate", "confirmAnswer")) {
      String v = ctx.formParam(field);
      if ("true".equals(v) || "false".equals(v)) {
        node.put(field, Boolean.parseBoolean(v));
      } else if (v != null && !v.isEmpty()) {
        node.put(field, v); // the loader names what is wrong with it
      }
    }
    String id = node.path("id").asText(null);
    boolean exists = id != null && state.agent(id).isPresent();
    try {
      String password = ctx.formParam("password");
      AgentConfig a = state.saveAgent(exists ? id : null, node, password);
      signOutIfPasswordChanged(a, password);
      agentsPage(ctx, null, List.of(), messages(ctx).t(exists ? "agent.changed" : "agent.added",
          a.id().value()), 200);
    } catch (ConfigException e) {
      agentsPage(ctx, node, e.problems(), null, 400);
    }
  }

  private void deleteAgent(Context ctx) {
    String id = ctx.pathParam("id");
    try {
      state.removeAgent(id);
      agentsPage(ctx, null, List.of(), messages(ctx).t("agent.deleted", id), 200);
    } catch (ConfigException e) {
      agentsPage(ctx, null, e.problems(), null, 400);
    }
  }

  /** A SIP account's new password ends the sessions signed in with the old one. */
  private void signOutIfPasswordChanged(AgentConfig a, String password) {
    if (password != null && !password.isEmpty()
        && a.endpoint() instanceof AgentEndpoint.SipAccount sip) {
      sessions.closeAll(Role.AGENT, sip.username());
    }
  }

  /** Whether the signed-in user may act for this agent: the administrator, or its account. */
  private boolean mayRun(Session s, String agentId) {
    if (s.role() == Role.ADMIN) {
      return true;
    }
    return state.agent(agentId).map(a -> a.endpoint() instanceof AgentEndpoint.SipAccount sip
        && sip.username().equals(s.user())).orElse(false);
  }

  private void agentAction(Context ctx) {
    Session s = session(ctx);
    String id = ctx.pathParam("id");
    String action = ctx.pathParam("action");
    if (!mayRun(s, id)) {
      log.warn("panel: {} may not {} agent {}", s.user(), loggable(action), loggable(id));
      ctx.status(403).contentType("application/json")
          .result("{\"error\": \"not allowed: you may change only your own agent\"}");
      return;
    }
    List<String> errors = List.of();
    String notice = null;
    try {
      state.agentAction(id, action);
      notice = messages(ctx).t("action.done." + action, id);
    } catch (ConfigException e) {
      errors = e.problems();
    }
    int status = errors.isEmpty() ? 200 : 400;
    String referer = ctx.header("Referer");
    if (s.role() == Role.ADMIN && referer != null && referer.endsWith("/panel/agents")) {
      agentsPage(ctx, null, errors, notice, status);
    } else {
      agentHome(ctx, errors, notice, status);
    }
  }

  private void agentHome(Context ctx, List<String> errors, String notice, int status) {
    Session s = session(ctx);
    List<AgentConfig> mine = s.role() == Role.ADMIN ? state.agents()
        : state.agentsOfAccount(s.user());
    page(ctx, status, Pages.agentHome(messages(ctx), s, mine, snapshot(), state.memberships(),
        errors, notice));
  }

  // ---- JSON ---------------------------------------------------------------------------------

  private void apiState(Context ctx) throws IOException {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    ArrayNode queues = root.putArray("queues");
    state.queues().forEach(q -> queues.add(state.queueNode(q)));
    ArrayNode agents = root.putArray("agents");
    EngineSnapshot snap = snapshot();
    for (AgentConfig a : state.agents()) {
      ObjectNode n = PanelState.agentNode(a);
      EngineSnapshot.AgentSnapshot as = snap.agents().get(a.id());
      n.put("state", as == null ? null : as.state().name());
      n.put("registered", as != null && as.registered());
      agents.add(n);
    }
    ArrayNode accounts = root.putArray("accounts");
    state.accounts().names().forEach(accounts::add);
    json(ctx, 200, root);
  }

  private void apiQueue(Context ctx) throws IOException {
    String name = ctx.pathParam("name");
    ObjectNode node = body(ctx);
    if (node == null) {
      return;
    }
    if (!node.has("name")) {
      node.put("name", name);
    } else if (!node.path("name").asText().equals(name)) {
      errors(ctx, List.of("queue '" + name + "': the body names another queue ('"
          + node.path("name").asText() + "'); a queue cannot be renamed"));
      return;
    }
    boolean exists = state.queue(name).isPresent();
    try {
      QueueConfig q = state.saveQueue(exists ? name : null, node);
      json(ctx, exists ? 200 : 201, state.queueNode(q));
    } catch (ConfigException e) {
      errors(ctx, e.problems());
    }
  }

  private void apiAgent(Context ctx) throws IOException {
    String id = ctx.pathParam("id");
    ObjectNode node = body(ctx);
    if (node == null) {
      return;
    }
    String password = node.has("password") ? node.remove("password").asText() : null;
    if (!node.has("id")) {
      node.put("id", id);
    } else if (!node.path("id").asText().equals(id)) {
      errors(ctx, List.of("agent '" + id + "': the body names another agent ('"
          + node.path("id").asText() + "'); an agent cannot be renamed"));
      return;
    }
    boolean exists = state.agent(id).isPresent();
    try {
      AgentConfig a = state.saveAgent(exists ? id : null, node, password);
      signOutIfPasswordChanged(a, password);
      json(ctx, exists ? 200 : 201, PanelState.agentNode(a));
    } catch (ConfigException e) {
      errors(ctx, e.problems());
    }
  }

  private void apiAgentAction(Context ctx) throws IOException {
    try {
      state.agentAction(ctx.pathParam("id"), ctx.pathParam("action"));
      json(ctx, 200, JsonNodeFactory.instance.objectNode().put("ok", true));
    } catch (ConfigException e) {
      errors(ctx, e.problems());
    } catch (IllegalArgumentException e) {
      errors(ctx, List.of(e.getMessage()));
    }
  }

  private ObjectNode body(Context ctx) throws IOException {
    try {
      JsonNode n = JSON.readTree(ctx.body());
      if (n instanceof ObjectNode o) {
        return o;
      }
    } catch (JsonProcessingException e) {
      errors(ctx, List.of("the body must be a JSON object: " + e.getOriginalMessage()));
      return null;
    }
    errors(ctx, List.of("the body must be a JSON object"));
    return null;
  }

  private static void errors(Context ctx, List<String> problems) throws IOException {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    ArrayNode list = n.putArray("errors");
    problems.forEach(list::add);
    json(ctx, 400, n);
  }

  private static void json(Context ctx, int status, JsonNode n) throws IOException {
    ctx.status(status).contentType("application/json").header("Cache-Control", "no-store")
        .result(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(n));
  }

  /** A page or resource that does not exist (the message names it). */
  static final class NotFound extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotFound(String message) {
      super(message, null, false, false);
    }
  }

}
