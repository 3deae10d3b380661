package io.callqueue.examples.server.board;

import io.callqueue.api.CallQueue;
import io.callqueue.api.Subscription;
import io.callqueue.core.records.CallStatistics;
import io.callqueue.examples.server.http.WebModule;
import io.callqueue.examples.server.panel.Shell;
import io.callqueue.spi.CallRecordStore;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The operator panel's live and reporting pages, as one {@link WebModule}:
 *
 * <ul>
 *   <li>{@code /panel/wallboard} — the wallboard; {@code /panel/wallboard/events} pushes its
 *       picture as server-sent events ({@code event: state}, one JSON object each, see
 *       {@link WallboardHub}); {@code /panel/wallboard/state} answers the same picture once.
 *   <li>{@code /panel/stats} — statistics by period, queue and agent with charts;
 *       {@code /panel/stats/data} their JSON.
 *   <li>{@code /panel/calls} — the call list with filters, paging and the CSV export.
 *   <li>{@code /panel/messages} — voicemails to listen to ({@code /panel/voicemail/<record>})
 *       and callbacks with their state.
 * </ul>
 *
 * <p>Its pages are drawn in the panel's shell ({@link Shell#page}: navigation, language switch,
 * security headers). Authentication and the Host guard are the HTTP server's
 * ({@code StatsEndpoint.admit}: the panel's session, which only the administrator's reaches these
 * pages with, or the bearer token where the panel is absent); this module never sees a request
 * that did not pass them. {@link #close()} stops its threads and
 * listener.
 */
public final class BoardModule implements WebModule, AutoCloseable {
  /** Where the board's own scripts and styles are served. */
  static final String ASSET_PATH = "/panel/board/assets/";
  /** Where the uPlot WebJar's files are served. */
  static final String UPLOT_PATH = "/panel/board/assets/uplot/";
  private static final Map<String, String> ASSETS = Map.of(
      "board.css", "text/css; charset=utf-8",
      "wallboard.js", "text/javascript; charset=utf-8",
      "stats.js", "text/javascript; charset=utf-8");
  private static final String UPLOT_JAR = "/META-INF/resources/webjars/uplot/1.6.30/dist/";
  private static final Map<String, String> UPLOT = Map.of(
      "uPlot.iife.min.js", "text/javascript; charset=utf-8",
      "uPlot.min.css", "text/css; charset=utf-8");

  private final WallboardHub hub;
  private final Subscription subscription;
  private final ReportPages reports;

  /**
   * Builds the board and starts following the engine.
   *
   * @param statistics the statistics with each queue's service-level threshold
   * @param zone the time zone "today" and the pages' dates are in
   * @param voicemails the folder the voicemail recordings are in; the board plays only files
   *     there that a call record names
   */
  public BoardModule(CallQueue engine, CallRecordStore store,
      Supplier<CallStatistics> statistics, Clock clock, ZoneId zone, Path voicemails) {
    this.hub = new WallboardHub(engine, new TodayFigures(store, statistics, clock, zone));
    this.subscription = engine.addListener(hub);
    this.reports = new ReportPages(engine, store, statistics, clock, zone, voicemails);
  }

  @Override
  public void register(JavalinConfig c) {
    c.routes.get("/panel/wallboard", this::wallboard);
    c.routes.get("/panel/wallboard/state", ctx -> {
      Shell.secure(ctx);
      ctx.contentType("application/json").result(hub.currentJson());
    });
    c.routes.sse("/panel/wallboard/events", hub::join);
    c.routes.get("/panel/board/assets/{name}", ctx -> asset(ctx, ASSETS,
        "/io/callqueue/examples/server/board/assets/"));
    c.routes.get("/panel/board/assets/uplot/{name}", ctx -> asset(ctx, UPLOT, UPLOT_JAR));
    reports.register(c);
    // the event streams end while Jetty still serves them, whichever is closed first
    c.events.serverStopping(hub::close);
  }

  /** The wallboard's pushes (for tests and measurements). */
  WallboardHub hub() {
    return hub;
  }

  private void wallboard(Context ctx) throws Exception {
    BoardMessages m = BoardMessages.forRequest(ctx);
    String body = "<p class=\"status\" id=\"status\">" + Shell.esc(m.get("wallboard.connecting"))
        + "</p><section id=\"queues\"></section><h2>" + Shell.esc(m.get("wallboard.agents"))
        + "</h2><table class=\"agents\" id=\"agents\"><thead><tr><th>"
        + Shell.esc(m.get("agent.id")) + "</th><th>" + Shell.esc(m.get("agent.state"))
        + "</th><th>" + Shell.esc(m.get("agent.since")) + "</th><th>"
        + Shell.esc(m.get("agent.answeredToday")) + "</th><th>"
        + Shell.esc(m.get("agent.missedToday")) + "</th><th>"
        + Shell.esc(m.get("agent.talkToday")) + "</th></tr></thead><tbody></tbody></table>";
    page(ctx, m, "wallboard.title", "/panel/wallboard", body, List.of("wallboard.js"),
        Map.of("messages", m.withPrefix("js."), "events", "/panel/wallboard/events"));
  }

  /**
   * Answers with a board page in the panel's shell ({@link Shell#page}): its style sheets, its
   * scripts (names under {@link #ASSET_PATH}, or full paths) and the JSON they read, in
   * {@code <script id="board-data" type="application/json">}.
   */
  static void page(Context ctx, BoardMessages m, String titleKey, String path, String body,
      List<String> scripts, Object data) throws Exception {
    String withData = body + "<script id=\"board-data\" type=\"application/json\">"
        + WallboardHub.json(data) + "</script>";
    Shell.page(ctx, path, m.get(titleKey), withData,
        List.of(ASSET_PATH + "board.css", UPLOT_PATH + "uPlot.min.css"),
        scripts.stream().map(s -> s.startsWith("/") ? s : ASSET_PATH + s).toList());
  }

  private static void asset(Context ctx, Map<String, String> allowed, String folder)
      throws Exception {
    String name = ctx.pathParam("name");
    String type = allowed.get(name);
    ctx.header("X-Content-Type-Options", "nosniff");
    if (type == null || !Shell.asset(ctx, folder + name, type)) {
      ctx.status(404).result("no such board asset");
    }
  }

  @Override
  public void close() {
    subscription.close();
    hub.close();
  }
}
