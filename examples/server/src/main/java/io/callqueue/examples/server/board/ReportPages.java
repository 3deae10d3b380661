package io.callqueue.examples.server.board;

import static io.callqueue.examples.server.panel.Shell.esc;

import io.callqueue.api.AgentId;
import io.callqueue.api.CallOutcome;
import io.callqueue.api.CallQuery;
import io.callqueue.api.CallQueue;
import io.callqueue.api.CallRecord;
import io.callqueue.api.EngineSnapshot;
import io.callqueue.api.RecordId;
import io.callqueue.core.records.AgentStats;
import io.callqueue.core.records.CallStatistics;
import io.callqueue.core.records.QueueStats;
import io.callqueue.core.records.StatisticsReport;
import io.callqueue.examples.server.http.StatsEndpoint;
import io.callqueue.examples.server.panel.Shell;
import io.callqueue.spi.CallRecordStore;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The board's reporting pages: statistics with charts, the call list (filters, paging, CSV),
 * voicemails and callbacks. Pages are rendered on the server (every value escaped); the charts
 * are drawn by {@code stats.js} with uPlot from the JSON embedded in the page (also served alone
 * at {@code /panel/stats/data}).
 *
 * <p>A voicemail is played only through its call record ({@code /panel/voicemail/<record id>}):
 * the browser never names a file, and the file the record names is served only when its real
 * path lies inside the voicemail folder and it is a regular {@code .wav} file.
 */
final class ReportPages {
  /** Records per page of the call list. */
  static final int PAGE_SIZE = 50;
  /** The most voicemails or callbacks the messages page lists. */
  static final int MAX_MESSAGES = 500;
  /** The wait-time distribution's bucket edges, in seconds (the last bucket is open). */
  static final int[] WAIT_EDGES = {0, 10, 20, 30, 60, 120, 300};
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private final CallQueue engine;
  private final CallRecordStore store;
  private final Supplier<CallStatistics> statistics;
  private final Clock clock;
  private final ZoneId zone;
  private final Path voicemails;

  ReportPages(CallQueue engine, CallRecordStore store, Supplier<CallStatistics> statistics,
      Clock clock, ZoneId zone, Path voicemails) {
    this.engine = engine;
    this.store = store;
    this.statistics = statistics;
    this.clock = clock;
    this.zone = zone;
    this.voicemails = voicemails;
  }

  void register(JavalinConfig c) {
    c.routes.get("/panel/stats", this::statsPage);
    c.routes.get("/panel/stats/data", ctx -> {
      BoardMessages m = BoardMessages.forRequest(ctx);
      Filter f = filter(ctx, m, 1);
      Shell.secure(ctx);
      Map<String, Object> d = charts(f, m);
      d.put("report", StatsEndpoint.reportJson((StatisticsReport) d.get("report")));
      ctx.contentType("application/json").result(WallboardHub.json(d));
    });
    c.routes.get("/panel/calls", this::callsPage);
    c.routes.get("/panel/messages", this::messagesPage);
    c.routes.get("/panel/voicemail/{record}", this::voicemail);
    c.routes.exception(Period.BadDate.class, (e, ctx) ->
        ctx.status(400).contentType("text/plain; charset=utf-8").result(e.getMessage()));
  }

  // ---- filters ----------------------------------------------------------------------------

  /** A page's filters: the period, and optionally a queue, an agent and an outcome. */
  private record Filter(Period period, String queue, String agent, String outcome, int page) {
    CallQuery query(Instant now) {
      Map<String, String> p = new HashMap<>();
      p.put("from", period.start().toString());
      p.put("to", period.end().toString());
      if (queue != null) {
        p.put("queue", queue);
      }
      if (agent != null) {
        p.put("agent", agent);
      }
      if (outcome != null) {
        p.put("outcome", outcome);
      }
      return StatsEndpoint.callQuery(p, now);
    }

    /** The filters as query parameters of the JSON and CSV API (instants). */
    String apiQuery() {
      return param("from", period.start().toString()) + "&" + param("to", period.end().toString())
          + (queue == null ? "" : "&" + param("queue", queue))
          + (agent == null ? "" : "&" + param("agent", agent))
          + (outcome == null ? "" : "&" + param("outcome", outcome));
    }

    /** The filters as this page's own query parameters (dates). */
    String pageQuery(int pageNumber) {
      return param("from", period.first().toString()) + "&" + param("to", period.last().toString())
          + (queue == null ? "" : "&" + param("queue", queue))
          + (agent == null ? "" : "&" + param("agent", agent))
          + (outcome == null ? "" : "&" + param("outcome", outcome))
          + "&page=" + pageNumber;
    }
  }

  private static String param(String name, String value) {
    return name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private Filter filter(Context ctx, BoardMessages m, int defaultDays) {
    Period p = Period.parse(ctx.queryParam("from"), ctx.queryParam("to"), clock.instant(), zone,
        defaultDays, m);
    int page = 1;
    String pg = ctx.queryParam("page");
    if (pg != null && !pg.isBlank()) {
      try {
        page = Integer.parseInt(pg.strip());
      } catch (NumberFormatException e) {
        page = 0;
      }
      if (page < 1 || page > 1_000_000) {
        throw new Period.BadDate(m.format("error.page", pg));
      }
    }
    return new Filter(p, blankToNull(ctx.queryParam("queue")), blankToNull(ctx.queryParam("agent")),
        blankToNull(ctx.queryParam("outcome")), page);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  private String filterForm(BoardMessages m, String action, Filter f, boolean outcomes) {
    EngineSnapshot s = snapshot();
    TreeSet<String> queues = new TreeSet<>();
    s.queues().keySet().forEach(q -> queues.add(q.value()));
    TreeSet<String> agents = new TreeSet<>();
    s.agents().keySet().forEach(a -> agents.add(a.value()));
    StringBuilder h = new StringBuilder("<form class=\"filters\" method=\"get\" action=\"")
        .append(esc(action)).append("\"><label>").append(esc(m.get("filter.from")))
        .append(" <input type=\"date\" name=\"from\" value=\"").append(esc(f.period().first()))
        .append("\"></label><label>").append(esc(m.get("filter.to")))
        .append(" <input type=\"date\" name=\"to\" value=\"").append(esc(f.period().last()))
        .append("\"></label>");
    h.append(select(m, "queue", m.get("filter.queue"), queues, f.queue(), null));
    h.append(select(m, "agent", m.get("filter.agent"), agents, f.agent(), null));
    if (outcomes) {
      List<String> names = new ArrayList<>();
      for (CallOutcome o : CallOutcome.values()) {
        names.add(o.name());
      }
      h.append(select(m, "outcome", m.get("filter.outcome"), names, f.outcome(), "outcome."));
    }
    h.append("<button type=\"submit\">").append(esc(m.get("filter.show")))
        .append("</button></form>");
    return h.toString();
  }

  private static String select(BoardMessages m, String name, String label,
      Iterable<String> values, String selected, String textPrefix) {
    StringBuilder h = new StringBuilder("<label>").append(esc(label)).append(" <select name=\"")
        .append(name).append("\"><option value=\"\">").append(esc(m.get("filter.all")))
        .append("</option>");
    boolean found = selected == null;
    for (String v : values) {
      boolean sel = v.equals(selected);
      found |= sel;
      h.append("<option value=\"").append(esc(v)).append('"').append(sel ? " selected" : "")
          .append('>').append(esc(textPrefix == null ? v : m.get(textPrefix + v)))
          .append("</option>");
    }
    if (!found) { // a removed queue or agent still has records
      h.append("<option value=\"").append(esc(selected)).append("\" selected>")
          .append(esc(selected)).append("</option>");
    }
    return h.append("</select></label>").toString();
  }

  private EngineSnapshot snapshot() {
    try {
      return engine.snapshot().toCompletableFuture().get(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading the engine's snapshot", e);
    } catch (Exception e) {
      throw new IllegalStateException("no snapshot from the engine", e);
    }
  }

  /** Renders a page, or the same page with the error and a 400 for bad filters. */
  private interface Body {
    String render(BoardMessages m) throws Exception;
  }

  private void render(Context ctx, String titleKey, String path, List<String> scripts,
      Body body, Supplier<Object> data) throws Exception {
    BoardMessages m = BoardMessages.forRequest(ctx);
    String html;
    Object d;
    try {
      html = body.render(m);
      d = data.get();
    } catch (Period.BadDate | StatsEndpoint.BadRequest e) {
      ctx.status(400);
      html = "<p class=\"error\" role=\"alert\">" + esc(e.getMessage()) + "</p><p><a href=\""
          + esc(path) + "\">" + esc(m.get("filter.reset")) + "</a></p>";
      d = Map.of();
      scripts = List.of();
    }
    BoardModule.page(ctx, m, titleKey, path, html, scripts, d);
  }

  // ---- statistics ---------------------------------------------------------------------------

  private void statsPage(Context ctx) throws Exception {
    Object[] charts = new Object[1];
    render(ctx, "stats.title", "/panel/stats",
        List.of(BoardModule.UPLOT_PATH + "uPlot.iife.min.js", "stats.js"), m -> {
          Filter f = filter(ctx, m, 1);
          Map<String, Object> data = charts(f, m);
          charts[0] = data;
          StatisticsReport r = (StatisticsReport) data.remove("report");
          StringBuilder h = new StringBuilder(filterForm(m, "/panel/stats", f, false));
          h.append("<h2>").append(esc(m.get("stats.queues"))).append("</h2>")
              .append("<table class=\"figures\" id=\"queue-figures\"><thead><tr>");
          for (String k : List.of("stats.queue", "stats.offered", "stats.answered",
              "stats.abandoned", "stats.voicemail", "stats.callback", "stats.averageWait",
              "stats.maxWait", "stats.asa", "stats.averageTalk", "stats.serviceLevel",
              "stats.abandonmentRate")) {
            h.append("<th>").append(esc(m.get(k))).append("</th>");
          }
          h.append("</tr></thead><tbody>");
          for (QueueStats q : r.queues().values()) {
            h.append(queueRow(q.queue().value(), q));
          }
          h.append(queueRow(m.get("stats.allQueues"), r.allQueues()));
          h.append("</tbody></table><h2>").append(esc(m.get("stats.agents"))).append("</h2>")
              .append("<table class=\"figures\" id=\"agent-figures\"><thead><tr>");
          for (String k : List.of("stats.agent", "stats.answered", "stats.callbacks",
              "stats.missed", "stats.talk", "stats.averageTalk")) {
            h.append("<th>").append(esc(m.get(k))).append("</th>");
          }
          h.append("</tr></thead><tbody>");
          for (AgentStats a : r.agents().values()) {
            h.append("<tr><td>").append(esc(a.agent().value())).append("</td><td>")
                .append(a.answered()).append("</td><td>").append(a.callbacks())
                .append("</td><td>").append(a.missedAttempts()).append("</td><td>")
                .append(duration(a.totalTalk())).append("</td><td>")
                .append(duration(a.averageTalk())).append("</td></tr>");
          }
          h.append("</tbody></table>");
          for (String chart : List.of("hourly", "waits", "serviceLevel")) {
            h.append("<h2>").append(esc(m.get("chart." + chart))).append("</h2>")
                .append("<div class=\"chart\" id=\"chart-").append(chart).append("\"></div>");
          }
          return h.toString();
        }, () -> charts[0]);
  }

  private static String queueRow(String name, QueueStats q) {
    return "<tr><td>" + esc(name) + "</td><td>" + q.offered() + "</td><td>" + q.answered()
        + "</td><td>" + q.abandoned() + "</td><td>" + q.voicemail() + "</td><td>" + q.callback()
        + "</td><td>" + duration(q.averageWait()) + "</td><td>" + duration(q.maxWait())
        + "</td><td>" + duration(q.averageAnswerWait()) + "</td><td>"
        + duration(q.averageTalk()) + "</td><td>" + percent(q.serviceLevel()) + "</td><td>"
        + percent(q.abandonmentRate()) + "</td></tr>";
  }

  /**
   * The statistics page's figures and charts: the report of the period (under {@code report},
   * for the page; the JSON route writes it as {@code /api/stats} does), calls offered, answered
   * and abandoned per hour, the service level per hour and cumulated over the period, and the
   * distribution of the waits of the callers who joined.
   */
  private Map<String, Object> charts(Filter f, BoardMessages m) {
    CallQuery q = f.query(clock.instant());
    List<CallRecord> records = store.query(q);
    CallStatistics stats = statistics.get();
    Instant start = f.period().start();
    Instant end = f.period().end();
    StatisticsReport report = stats.report(records, start, end);
    List<StatisticsReport> hours = stats.intervals(records, start, end, Duration.ofHours(1));
    List<Long> t = new ArrayList<>();
    List<Integer> offered = new ArrayList<>();
    List<Integer> answered = new ArrayList<>();
    List<Integer> abandoned = new ArrayList<>();
    List<Double> level = new ArrayList<>();
    List<Double> cumulative = new ArrayList<>();
    long within = 0;
    long answeredSoFar = 0;
    for (StatisticsReport h : hours) {
      QueueStats a = h.allQueues();
      t.add(h.from().getEpochSecond());
      offered.add(a.offered());
      answered.add(a.answered());
      abandoned.add(a.abandoned());
      OptionalDouble sl = a.serviceLevel();
      level.add(sl.isPresent() ? Math.round(sl.getAsDouble() * 1000) / 10.0 : null);
      if (sl.isPresent()) {
        within += Math.round(sl.getAsDouble() * a.answered());
        answeredSoFar += a.answered();
      }
      cumulative.add(answeredSoFar == 0 ? null
          : Math.round(1000.0 * within / answeredSoFar) / 10.0);
    }
    int[] counts = new int[WAIT_EDGES.length];
    for (CallRecord r : records) {
      if (r.joinedAt() == null || r.offeredAt().isBefore(start) || !r.offeredAt().isBefore(end)) {
        continue;
      }
      long s = r.waited().getSeconds();
      int b = WAIT_EDGES.length - 1;
      while (b > 0 && s < WAIT_EDGES[b]) {
        b--;
      }
      counts[b]++;
    }
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < WAIT_EDGES.length; i++) {
      labels.add(i + 1 < WAIT_EDGES.length ? WAIT_EDGES[i] + "–" + WAIT_EDGES[i + 1] + " s"
          : "≥ " + WAIT_EDGES[i] + " s");
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("from", start.toString());
    out.put("to", end.toString());
    out.put("hours", Map.of("t", t, "offered", offered, "answered", answered,
        "abandoned", abandoned, "serviceLevel", level, "serviceLevelCumulative", cumulative));
    List<Integer> countList = new ArrayList<>();
    for (int c : counts) {
      countList.add(c);
    }
    out.put("waits", Map.of("labels", labels, "counts", countList));
    out.put("messages", m.withPrefix("chart."));
    out.put("report", report);
    return out;
  }

  // ---- call list ----------------------------------------------------------------------------

  private void callsPage(Context ctx) throws Exception {
    render(ctx, "calls.title", "/panel/calls", List.of(), m -> {
      Filter f = filter(ctx, m, 1);
      CallQuery q = f.query(clock.instant()).withOffset((f.page() - 1) * PAGE_SIZE)
          .withLimit(PAGE_SIZE + 1);
      List<CallRecord> found = store.query(q);
      boolean more = found.size() > PAGE_SIZE;
      List<CallRecord> rows = more ? found.subList(0, PAGE_SIZE) : found;
      StringBuilder h = new StringBuilder(filterForm(m, "/panel/calls", f, true));
      h.append("<p class=\"actions\"><a id=\"csv\" href=\"/api/calls.csv?")
          .append(esc(f.apiQuery())).append("\" download>").append(esc(m.get("calls.csv")))
          .append("</a></p>");
      h.append("<table class=\"calls\" id=\"calls\"><thead><tr>");
      for (String k : List.of("calls.offeredAt", "calls.queue", "calls.caller", "calls.outcome",
          "calls.agent", "calls.position", "calls.wait", "calls.talk", "calls.attempts",
          "calls.voicemail")) {
        h.append("<th>").append(esc(m.get(k))).append("</th>");
      }
      h.append("</tr></thead><tbody>");
      for (CallRecord r : rows) {
        h.append("<tr><td>").append(esc(time(r.offeredAt()))).append("</td><td>")
            .append(esc(r.queue().value())).append("</td><td class=\"caller\">")
            .append(esc(r.callerNumber())).append("</td><td>")
            .append(esc(m.get("outcome." + r.outcome().name()))).append("</td><td>")
            .append(esc(r.handledBy().map(AgentId::value).orElse(""))).append("</td><td>")
            .append(r.positionOnEntry() == 0 ? "" : r.positionOnEntry()).append("</td><td>")
            .append(duration(r.waited())).append("</td><td>")
            .append(r.talkTime() == null ? "" : duration(r.talkTime())).append("</td><td>")
            .append(r.attempts().size()).append("</td><td>");
        if (r.voicemail() != null) {
          h.append(audio(r, m));
        }
        h.append("</td></tr>");
      }
      if (rows.isEmpty()) {
        h.append("<tr><td colspan=\"10\" class=\"empty\">").append(esc(m.get("calls.none")))
            .append("</td></tr>");
      }
      h.append("</tbody></table><p class=\"pages\">");
      int from = (f.page() - 1) * PAGE_SIZE;
      h.append(esc(m.format("calls.showing", rows.isEmpty() ? 0 : from + 1,
          from + rows.size(), f.page())));
      if (f.page() > 1) {
        h.append(" <a id=\"prev\" rel=\"prev\" href=\"/panel/calls?")
            .append(esc(f.pageQuery(f.page() - 1))).append("\">")
            .append(esc(m.get("calls.previous"))).append("</a>");
      }
      if (more) {
        h.append(" <a id=\"next\" rel=\"next\" href=\"/panel/calls?")
            .append(esc(f.pageQuery(f.page() + 1))).append("\">")
            .append(esc(m.get("calls.next"))).append("</a>");
      }
      return h.append("</p>").toString();
    }, Map::of);
  }

  // ---- voicemails and callbacks ---------------------------------------------------------------

  private static String audio(CallRecord r, BoardMessages m) {
    return "<audio controls preload=\"none\" src=\"/panel/voicemail/"
        + esc(URLEncoder.encode(r.recordId().value(), StandardCharsets.UTF_8)) + "\" title=\""
        + esc(m.get("messages.listen")) + "\"></audio>";
  }

  /** Where a callback request stands: given up, placed (an agent called back) or pending. */
  static String callbackState(CallRecord r, boolean waitingInQueue) {
    if (r.outcome() == CallOutcome.UNREACHED) {
      return "UNREACHED";
    }
    if (waitingInQueue) {
      return "PENDING";
    }
    return r.callback() != null && r.callback().startedAt() != null ? "PLACED" : "PENDING";
  }

  private void messagesPage(Context ctx) throws Exception {
    render(ctx, "messages.title", "/panel/messages", List.of(), m -> {
      Filter f = filter(ctx, m, 7);
      CallQuery base = f.query(clock.instant());
      StringBuilder h = new StringBuilder(filterForm(m, "/panel/messages", f, false));
      List<CallRecord> vms = store.query(base.withOutcome(CallOutcome.VOICEMAIL)
          .withLimit(MAX_MESSAGES));
      h.append("<h2>").append(esc(m.get("messages.voicemails"))).append("</h2>")
          .append("<table class=\"calls\" id=\"voicemails\"><thead><tr>");
      for (String k : List.of("calls.offeredAt", "calls.queue", "calls.caller",
          "messages.length", "messages.listen")) {
        h.append("<th>").append(esc(m.get(k))).append("</th>");
      }
      h.append("</tr></thead><tbody>");
      int shown = 0;
      for (CallRecord r : vms) {
        if (r.voicemail() == null) {
          continue; // still being recorded
        }
        shown++;
        h.append("<tr><td>").append(esc(time(r.offeredAt()))).append("</td><td>")
            .append(esc(r.queue().value())).append("</td><td class=\"caller\">")
            .append(esc(r.callerNumber())).append("</td><td>")
            .append(duration(r.voicemail().duration())).append("</td><td>")
            .append(audio(r, m)).append("</td></tr>");
      }
      if (shown == 0) {
        h.append("<tr><td colspan=\"5\" class=\"empty\">").append(esc(m.get("messages.none")))
            .append("</td></tr>");
      }
      h.append("</tbody></table>");
      Map<String, Integer> waiting = new HashMap<>();
      for (EngineSnapshot.QueueSnapshot qs : snapshot().queues().values()) {
        for (EngineSnapshot.WaitingCaller w : qs.waiting()) {
          waiting.put(qs.config().id().value() + "\n" + w.call().value(), w.position());
        }
      }
      List<CallRecord> callbacks = new ArrayList<>(store.query(
          base.withOutcome(CallOutcome.CALLBACK).withLimit(MAX_MESSAGES)));
      callbacks.addAll(store.query(base.withOutcome(CallOutcome.UNREACHED)
          .withLimit(MAX_MESSAGES)));
      callbacks.sort((a, b) -> a.offeredAt().compareTo(b.offeredAt()));
      h.append("<h2>").append(esc(m.get("messages.callbacks"))).append("</h2>")
          .append("<table class=\"calls\" id=\"callbacks\"><thead><tr>");
      for (String k : List.of("messages.requestedAt", "calls.queue", "calls.caller",
          "messages.state", "calls.position", "calls.agent", "messages.placedAt")) {
        h.append("<th>").append(esc(m.get(k))).append("</th>");
      }
      h.append("</tr></thead><tbody>");
      for (CallRecord r : callbacks) {
        Integer position = waiting.get(r.queue().value() + "\n" + r.callId().value());
        CallRecord.Callback cb = r.callback();
        String state = callbackState(r, position != null);
        h.append("<tr class=\"callback-").append(state.toLowerCase(Locale.ROOT))
            .append("\"><td>").append(esc(time(cb == null ? r.leftAt() : cb.requestedAt())))
            .append("</td><td>").append(esc(r.queue().value())).append("</td><td class=\"caller\">")
            .append(esc(r.callerNumber())).append("</td><td class=\"state\">")
            .append(esc(m.get("callback." + state))).append("</td><td>")
            .append(position == null ? "" : position).append("</td><td>")
            .append(esc(cb == null || cb.agent() == null ? "" : cb.agent().value()))
            .append("</td><td>")
            .append(esc(cb == null || cb.startedAt() == null ? "" : time(cb.startedAt())))
            .append("</td></tr>");
      }
      if (callbacks.isEmpty()) {
        h.append("<tr><td colspan=\"7\" class=\"empty\">").append(esc(m.get("messages.noCallbacks")))
            .append("</td></tr>");
      }
      return h.append("</tbody></table>").toString();
    }, Map::of);
  }

  /**
   * Plays a voicemail by its call record. Refused (404, without saying where anything is) when
   * the record is unknown or has no voicemail, or when the file it names is not a regular
   * {@code .wav} file whose real path (links resolved) lies inside the voicemail folder.
   */
  private void voicemail(Context ctx) throws IOException {
    Optional<Path> file = voicemailFile(ctx.pathParam("record"));
    if (file.isEmpty()) {
      ctx.status(404).result("no such voicemail");
      return;
    }
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Cache-Control", "private, max-age=60");
    ctx.header("Content-Disposition", "inline; filename=\"voicemail.wav\"");
    try (InputStream in = Files.newInputStream(file.get())) {
      ctx.contentType("audio/wav").result(in.readAllBytes());
    }
  }

  /** The recording a record names, if it may be served (see {@link #voicemail}). */
  Optional<Path> voicemailFile(String recordParam) {
    RecordId id;
    try {
      id = RecordId.of(recordParam);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    Optional<CallRecord> r = store.find(id);
    if (r.isEmpty() || r.get().voicemail() == null) {
      return Optional.empty();
    }
    try {
      Path folder = voicemails.toRealPath();
      Path named = Path.of(r.get().voicemail().reference());
      Path real = (named.isAbsolute() ? named : folder.resolve(named)).toRealPath();
      if (!real.startsWith(folder) || !Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)
          || !real.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".wav")) {
        return Optional.empty();
      }
      return Optional.of(real);
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // no such file, no folder, or a reference that is no path
    }
  }

  // ---- formatting ---------------------------------------------------------------------------

  private String time(Instant i) {
    return LocalDateTime.ofInstant(i, zone).format(TIME);
  }

  private static String duration(Duration d) {
    long s = Math.round(d.toMillis() / 1000.0);
    return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
        : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }

  private static String duration(Optional<Duration> d) {
    return d.map(ReportPages::duration).orElse("–");
  }

  private static String percent(OptionalDouble d) {
    return d.isPresent() ? String.format(Locale.ROOT, "%.1f %%", d.getAsDouble() * 100) : "–";
  }
}
