package io.callqueue.examples.server.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.callqueue.api.AgentId;
import io.callqueue.api.CallOutcome;
import io.callqueue.api.CallQuery;
import io.callqueue.api.CallQueue;
import io.callqueue.api.CallRecord;
import io.callqueue.api.EngineSnapshot;
import io.callqueue.api.QueueId;
import io.callqueue.core.estimate.QueueAccuracy;
import io.callqueue.core.records.AgentStats;
import io.callqueue.core.records.CallRecordCsv;
import io.callqueue.core.records.CallStatistics;
import io.callqueue.core.records.QueueStats;
import io.callqueue.core.records.StatisticsReport;
import io.callqueue.examples.server.config.ConfigLoader;
import io.callqueue.examples.server.config.ServerConfig;
import io.callqueue.spi.CallRecordStore;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.Supplier;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live statistics and the call list over HTTP, as JSON (capability 20), on Javalin (Jetty 12),
 * bound to one address (127.0.0.1 by default).
 *
 * <ul>
 *   <li>{@code GET /api/snapshot} — every queue (waiting callers with position and wait, members
 *       by state, longest wait, estimated wait for a new caller) and every agent.
 *   <li>{@code GET /api/calls?from=&to=&queue=&agent=&outcome=&offset=&limit=} — the call list;
 *       times are ISO-8601 instants, the range defaults to the last 24 hours; {@code offset}
 *       skips that many matching records (paging, with {@code limit}).
 *   <li>{@code GET /api/calls.csv?...} — the same as CSV.
 *   <li>{@code GET /api/stats?from=&to=&interval=15m} — aggregates per queue and agent, and per
 *       interval when {@code interval} is given (at most {@value #MAX_INTERVALS} intervals).
 *       The answer also carries {@code estimateAccuracy}, one entry per queue that announced a
 *       wait estimate: the announced estimates' live accuracy since the records store first kept
 *       it (saved with the recorder's heartbeat, continued after a restart; not limited to the
 *       range; see {@link io.callqueue.core.estimate.LiveAccuracy}) —
 *       {@code queue}, {@code n}, {@code rmseSeconds}, {@code maeSeconds}, {@code biasSeconds}
 *       ({@code null} while {@code n} is 0), {@code censored}, {@code censoredExceeded}, and the
 *       same per position band in {@code bands}.
 * </ul>
 *
 * <p>On an untrusted network: every request needs {@code Authorization: Bearer <token>} (401
 * otherwise) and a {@code Host} that is an IP address, {@code localhost} or one of the configured
 * names (403 otherwise: a DNS-rebinding page in a browser names its own host). Request reading is
 * bounded (headers at most {@value #MAX_HEADER_BYTES} bytes, idle connections closed after
 * {@link #IDLE_TIMEOUT}; Jetty parses requests without holding a thread, so half-sent requests
 * stall nobody), at most {@value #MAX_THREADS} threads serve, and responses are streamed as they
 * are written. Bad parameters answer 400 with {@code {"error": "..."}} naming the parameter and
 * value. Times in JSON are ISO-8601 instants; durations are seconds (decimals).
 */
public final class StatsEndpoint implements AutoCloseable {
  /** The most intervals one {@code /api/stats} answer holds (a day by the minute). */
  public static final int MAX_INTERVALS = 1440;
  /** The largest request head (request line and headers) read. */
  public static final int MAX_HEADER_BYTES = 8192;
  /** The most threads serving requests (so the most requests in progress at once, roughly). */
  public static final int MAX_THREADS = 16;
  /** How long a connection may stay silent (mid-request or between requests). */
  public static final Duration IDLE_TIMEOUT = Duration.ofSeconds(10);
  /** The earliest and latest instant a parameter may name (keeps all arithmetic in range). */
  private static final Instant EARLIEST = Instant.EPOCH;
  private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

  private static final Logger log = LoggerFactory.getLogger(StatsEndpoint.class);
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
          .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

  private final CallQueue engine;
  private final CallRecordStore store;
  private final Supplier<CallStatistics> statistics;
  private final Supplier<Map<QueueId, QueueAccuracy>> accuracy;
  private final Clock clock;
  private final byte[] token;
  private final Set<String> hosts;
  private final List<WebModule> modules;
  private final Javalin app;

  /**
   * Starts serving.
   *
   * @param statistics the statistics with each queue's service-level threshold (a supplier, as
   *     queues may change at run time)
   * @param http the address, port, token and extra host names
   * @throws IOException when the address cannot be bound (the message names it)
   */
  public StatsEndpoint(CallQueue engine, CallRecordStore store,
      Supplier<CallStatistics> statistics, Clock clock, ServerConfig.Http http)
      throws IOException {
    this(engine, store, statistics, Map::of, clock, http);
  }

  /**
   * Starts serving, with the estimates' live accuracy in {@code /api/stats}.
   *
   * @param statistics the statistics with each queue's service-level threshold (a supplier, as
   *     queues may change at run time)
   * @param accuracy the live accuracy per queue (e.g. {@link
   *     io.callqueue.core.estimate.LiveAccuracy#snapshot()}), read once per request
   * @param http the address, port, token and extra host names
   * @throws IOException when the address cannot be bound (the message names it)
   */
  public StatsEndpoint(CallQueue engine, CallRecordStore store,
      Supplier<CallStatistics> statistics, Supplier<Map<QueueId, QueueAccuracy>> accuracy,
      Clock clock, ServerConfig.Http http) throws IOException {
    this(engine, store, statistics, accuracy, clock, http, List.of());
  }

  /**
   * Starts serving the API and the given web modules on one port.
   *
   * @param statistics the statistics with each queue's service-level threshold (a supplier, as
   *     queues may change at run time)
   * @param accuracy the live accuracy per queue, read once per request
   * @param http the address, port, token and extra host names
   * @param modules further parts of the web interface, registered after the API's routes and
   *     behind the same admission check
   * @throws IOException when the address cannot be bound (the message names it)
   */
  public StatsEndpoint(CallQueue engine, CallRecordStore store,
      Supplier<CallStatistics> statistics, Supplier<Map<QueueId, QueueAccuracy>> accuracy,
      Clock clock, ServerConfig.Http http, List<WebModule> modules) throws IOException {
    this.engine = engine;
    this.store = store;
    this.statistics = statistics;
    this.accuracy = accuracy;
    this.clock = clock;
    this.token = http.token().getBytes(StandardCharsets.UTF_8);
    Set<String> names = new HashSet<>();
    names.add("localhost");
    http.hosts().forEach(h -> names.add(h.toLowerCase(Locale.ROOT)));
    this.hosts = Set.copyOf(names);
    this.modules = List.copyOf(modules);
    QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, 2);
    threads.setName("callqueue-http");
    threads.setDaemon(true);
    this.app = Javalin.create(c -> {
      c.startup.showJavalinBanner = false;
      c.startup.showOldJavalinVersionWarning = false;
      c.http.prefer405over404 = true;
      c.http.compressionStrategy = CompressionStrategy.NONE;
      c.jetty.threadPool = threads;
      c.jetty.modifyHttpConfiguration(h -> {
        h.setRequestHeaderSize(MAX_HEADER_BYTES);
        h.setSendServerVersion(false);
        h.setSendXPoweredBy(false);
      });
      c.jetty.addConnector((server, httpConfig) -> {
        ServerConnector connector = new ServerConnector(server, 1, 1,
            new HttpConnectionFactory(httpConfig));
        connector.setHost(http.bindAddress());
        connector.setPort(http.port());
        connector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
        return connector;
      });
      c.routes.before(this::admit);
      c.routes.get("/api/snapshot", ctx -> json(ctx, snapshot()));
      c.routes.get("/api/calls", this::calls);
      c.routes.get("/api/calls.csv", this::callsCsv);
      c.routes.get("/api/stats", this::stats);
      modules.forEach(m -> m.register(c));
      c.routes.exception(Refused.class, (e, ctx) -> {
        e.headers.forEach(ctx::header);
        error(ctx, e.status, e.getMessage());
      });
      c.routes.exception(Exception.class, (e, ctx) -> {
        // one line (no stack trace in the log unless DEBUG is on for this class)
        log.error("HTTP {} {} failed: {}: {}", ctx.method(), ctx.path(),
            e.getClass().getSimpleName(), e.getMessage());
        log.debug("HTTP {} failed", ctx.path(), e);
        error(ctx, 500, "internal error; the server log has the details");
      });
      c.routes.error(404, ctx -> error(ctx, 404, "no such resource " + ctx.path()
          + "; try /api/snapshot, /api/calls, /api/calls.csv, /api/stats"));
      c.routes.error(405, ctx -> error(ctx, 405, "only GET is supported"));
    });
    try {
      app.start();
    } catch (RuntimeException e) {
      app.stop();
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new IOException("cannot listen for HTTP on " + http.bindAddress() + ":" + http.port()
          + ": " + cause.getMessage(), e);
    }
    if (!isLoopback(http.bindAddress())) {
      log.warn("HTTP listens on {}:{}, beyond this machine: the API needs the token, but the"
          + " traffic is plain HTTP (no TLS); put it behind a TLS proxy or a firewall",
          http.bindAddress(), port());
    }
  }

  /** Whether an address (a name or IP literal) is a loopback address; unresolvable is not. */
  public static boolean isLoopback(String address) {
    try {
      return InetAddress.getByName(address).isLoopbackAddress();
    } catch (IOException e) {
      return false;
    }
  }

  /** The port actually bound (useful when 0 was asked for). */
  public int port() {
    return app.port();
  }

  @Override
  public void close() {
    app.stop();
  }

  /**
   * Refuses a request from a foreign Host (DNS rebinding); then lets the web modules judge it (a
   * session, the sign-in page); what none of them admits needs the bearer token.
   */
  private void admit(Context ctx) {
    String host = hostName(ctx.header("Host"));
    if (host == null || !(hosts.contains(host) || isIpLiteral(host))) {
      throw new Refused(403, "Host " + (host == null ? "(none)" : "'" + host + "'")
          + " is not a name of this server: use its IP address, localhost or a name listed in"
          + " http.hosts", Map.of());
    }
    for (WebModule m : modules) {
      switch (m.admission(ctx)) {
        case OPEN, SIGNED_IN -> {
          return;
        }
        case FORBIDDEN -> throw new Refused(403, "not allowed: this needs another role, or a"
            + " change without its CSRF token (reload the page)", Map.of());
        case ANSWERED -> {
          ctx.skipRemainingHandlers();
          return;
        }
        case ABSTAIN -> { }
      }
    }
    String auth = ctx.header("Authorization");
    byte[] given = auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)
        ? auth.substring(7).trim().getBytes(StandardCharsets.UTF_8) : new byte[0];
    if (!MessageDigest.isEqual(given, token)) {
      throw new Refused(401, (auth == null ? "no token" : "wrong token")
          + ": send Authorization: Bearer <token> (http.token in the configuration, or the one"
          + " printed at start)", Map.of("WWW-Authenticate", "Bearer realm=\"callqueue\""));
    }
  }

  /** The host part of a Host header, lower case, without the port; {@code null} if none. */
  static String hostName(String header) {
    if (header == null || header.isBlank()) {
      return null;
    }
    String h = header.trim().toLowerCase(Locale.ROOT);
    if (h.startsWith("[")) {
      int end = h.indexOf(']');
      return end < 0 ? h : h.substring(0, end + 1);
    }
    int colon = h.indexOf(':');
    return colon < 0 ? h : h.substring(0, colon);
  }

  /** IPv4 dotted quads and bracketed IPv6: a rebinding page always has a name, never these. */
  private static boolean isIpLiteral(String host) {
    return host.matches("(\\d{1,3})(\\.\\d{1,3}){3}") || host.matches("\\[[0-9a-f:.]+\\]");
  }

  // ---- resources ----------------------------------------------------------------------------

  private Map<String, Object> snapshot() {
    EngineSnapshot s = engine.snapshot().toCompletableFuture().join();
    List<Object> queues = new ArrayList<>();
    for (EngineSnapshot.QueueSnapshot q : s.queues().values()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", q.config().id().value());
      m.put("strategy", q.config().strategy());
      m.put("weight", q.config().weight());
      m.put("waitingCount", q.waiting().size());
      m.put("longestWaitSeconds", seconds(q.longestWait()));
      m.put("estimatedWaitSeconds", q.estimatedWait() == null ? null : seconds(q.estimatedWait()));
      List<Object> waiting = new ArrayList<>();
      for (EngineSnapshot.WaitingCaller w : q.waiting()) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("call", w.call().value());
        c.put("callerNumber", w.callerNumber());
        c.put("position", w.position());
        c.put("priority", w.priority());
        c.put("joinedAt", w.joinedAt().toString());
        c.put("waitedSeconds", seconds(w.waited()));
        c.put("ringing", w.ringing().stream().map(AgentId::value).toList());
        waiting.add(c);
      }
      m.put("waiting", waiting);
      List<Object> members = new ArrayList<>();
      for (EngineSnapshot.MemberSnapshot mem : q.members()) {
        members.add(Map.of("agent", mem.agent().value(), "priority", mem.priority(),
            "state", mem.state().name()));
      }
      m.put("members", members);
      queues.add(m);
    }
    List<Object> agents = new ArrayList<>();
    for (EngineSnapshot.AgentSnapshot a : s.agents().values()) {
      agents.add(agent(a));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("at", s.at().toString());
    out.put("queues", queues);
    out.put("agents", agents);
    return out;
  }

  private void calls(Context ctx) throws IOException {
    List<CallRecord> records = store.query(callQuery(params(ctx), clock.instant()));
    stream(ctx, g -> {
      g.writeStartArray();
      for (CallRecord r : records) {
        g.writeObject(record(r));
      }
      g.writeEndArray();
    });
  }

  private void callsCsv(Context ctx) throws IOException {
    List<CallRecord> records = store.query(callQuery(params(ctx), clock.instant()));
    ctx.status(200).contentType("text/csv; charset=utf-8");
    Writer w = new OutputStreamWriter(ctx.outputStream(), StandardCharsets.UTF_8);
    CallRecordCsv.write(w, records);
    w.flush();
  }

  private void stats(Context ctx) throws IOException {
    Map<String, String> params = params(ctx);
    Instant to = instant(params, "to", clock.instant());
    Instant from = instant(params, "from", to.minus(Duration.ofDays(1)));
    if (!from.isBefore(to)) {
      throw new BadRequest("from (" + from + ") must be before to (" + to + ")");
    }
    String interval = params.get("interval");
    Duration width = interval == null ? null : duration("interval", interval);
    if (width != null) {
      if (width.compareTo(Duration.ofMinutes(1)) < 0) {
        throw new BadRequest("interval must be at least 1m, was '" + interval + "'");
      }
      long w = width.toMillis();
      long count = Math.floorDiv(to.toEpochMilli() - 1, w) - Math.floorDiv(from.toEpochMilli(), w)
          + 1;
      if (count > MAX_INTERVALS) {
        throw new BadRequest("interval " + interval + " gives " + count + " intervals between "
            + from + " and " + to + "; at most " + MAX_INTERVALS + " (a day by the minute, 60"
            + " days by the hour): ask for a shorter range or a longer interval");
      }
    }
    List<CallRecord> records = store.query(CallQuery.between(from, to));
    CallStatistics stats = statistics.get();
    Map<String, Object> total = reportJson(stats.report(records, from, to));
    total.put("estimateAccuracy", accuracy.get().values().stream()
        .map(StatsEndpoint::accuracy).toList());
    List<StatisticsReport> intervals = width == null ? null
        : stats.intervals(records, from, to, width);
    stream(ctx, g -> {
      g.writeStartObject();
      for (Map.Entry<String, Object> e : total.entrySet()) {
        g.writeObjectField(e.getKey(), e.getValue());
      }
      if (intervals != null) {
        g.writeArrayFieldStart("intervals");
        for (StatisticsReport r : intervals) {
          g.writeObject(reportJson(r));
        }
        g.writeEndArray();
      }
      g.writeEndObject();
    });
  }

  /**
   * The call-list query of {@code /api/calls} and {@code /api/calls.csv} (also the panel's call
   * list): {@code from}, {@code to} (ISO-8601 instants; the last 24 hours up to {@code now} by
   * default), {@code queue}, {@code agent}, {@code outcome}, {@code offset} and {@code limit}.
   *
   * @throws BadRequest naming the parameter and value that are wrong
   */
  public static CallQuery callQuery(Map<String, String> params, Instant now) {
    Instant to = instant(params, "to", now.plusMillis(1));
    Instant from = instant(params, "from", to.minus(Duration.ofDays(1)));
    if (!from.isBefore(to)) {
      throw new BadRequest("from (" + from + ") must be before to (" + to + ")");
    }
    CallQuery q = CallQuery.between(from, to);
    if (params.containsKey("queue")) {
      q = q.withQueue(id("queue", params.get("queue"), QueueId::of));
    }
    if (params.containsKey("agent")) {
      q = q.withAgent(id("agent", params.get("agent"), AgentId::of));
    }
    if (params.containsKey("outcome")) {
      try {
        q = q.withOutcome(CallOutcome.valueOf(params.get("outcome").toUpperCase()));
      } catch (IllegalArgumentException e) {
        throw new BadRequest("outcome must be one of " + List.of(CallOutcome.values())
            + ", was '" + params.get("outcome") + "'");
      }
    }
    if (params.containsKey("limit")) {
      q = q.withLimit(wholeNumber(params, "limit", 1));
    }
    if (params.containsKey("offset")) {
      q = q.withOffset(wholeNumber(params, "offset", 0));
    }
    return q;
  }

  // ---- mapping --------------------------------------------------------------------------------

  private static Map<String, Object> agent(EngineSnapshot.AgentSnapshot a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", a.config().id().value());
    m.put("endpoint", a.config().endpoint().toString());
    m.put("autoActivate", a.config().autoActivate());
    m.put("state", a.state().name());
    m.put("since", a.since().toString());
    m.put("pauseReason", a.pauseReason());
    m.put("call", a.call() == null ? null : a.call().value());
    m.put("registered", a.registered());
    m.put("callsAnswered", a.callsAnswered());
    m.put("callsMissed", a.callsMissed());
    m.put("talkSeconds", seconds(a.talkTime()));
    return m;
  }

  private static Map<String, Object> record(CallRecord r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("record", r.recordId().value());
    m.put("call", r.callId().value());
    m.put("queue", r.queue().value());
    m.put("callerNumber", r.callerNumber());
    m.put("outcome", r.outcome().name());
    m.put("notQueuedReason", r.notQueuedReason() == null ? null : r.notQueuedReason().name());
    m.put("offeredAt", text(r.offeredAt()));
    m.put("joinedAt", text(r.joinedAt()));
    m.put("answeredAt", text(r.answeredAt()));
    m.put("leftAt", text(r.leftAt()));
    m.put("completedAt", text(r.completedAt()));
    m.put("interruptedAt", text(r.interruptedAt()));
    m.put("agent", r.agent() == null ? null : r.agent().value());
    m.put("positionOnEntry", r.positionOnEntry());
    m.put("waitSeconds", seconds(r.waited()));
    m.put("talkSeconds", r.talkTime() == null ? null : seconds(r.talkTime()));
    m.put("attempts", r.attempts().stream().map(a -> {
      Map<String, Object> am = new LinkedHashMap<>();
      am.put("agent", a.agent().value());
      am.put("rungAt", text(a.rungAt()));
      am.put("endedAt", text(a.endedAt()));
      am.put("result", a.result().name());
      return am;
    }).toList());
    if (r.voicemail() != null) {
      m.put("voicemail", Map.of("reference", r.voicemail().reference(),
          "durationSeconds", seconds(r.voicemail().duration())));
    }
    if (r.callback() != null) {
      Map<String, Object> cb = new LinkedHashMap<>();
      cb.put("requestedAt", text(r.callback().requestedAt()));
      cb.put("position", r.callback().position());
      cb.put("keepsPlace", r.callback().keepsPlace());
      cb.put("startedAt", text(r.callback().startedAt()));
      cb.put("agent", r.callback().agent() == null ? null : r.callback().agent().value());
      m.put("callback", cb);
    }
    return m;
  }

  /** A statistics report as the JSON of {@code /api/stats} writes it. */
  public static Map<String, Object> reportJson(StatisticsReport r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("from", r.from().toString());
    m.put("to", r.to().toString());
    m.put("allQueues", queueStats(r.allQueues()));
    m.put("queues", r.queues().values().stream().map(StatsEndpoint::queueStats).toList());
    m.put("agents", r.agents().values().stream().map(StatsEndpoint::agentStats).toList());
    return m;
  }

  private static Map<String, Object> queueStats(QueueStats q) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("queue", q.queue() == null ? null : q.queue().value());
    m.put("offered", q.offered());
    m.put("answered", q.answered());
    m.put("abandoned", q.abandoned());
    m.put("voicemail", q.voicemail());
    m.put("callback", q.callback());
    m.put("unreached", q.unreached());
    m.put("timeout", q.timeout());
    m.put("notQueued", q.notQueued());
    m.put("leftEmpty", q.leftEmpty());
    m.put("averageWaitSeconds", seconds(q.averageWait()));
    m.put("maxWaitSeconds", seconds(q.maxWait()));
    m.put("averageSpeedOfAnswerSeconds", seconds(q.averageAnswerWait()));
    m.put("averageTalkSeconds", seconds(q.averageTalk()));
    m.put("serviceLevel", ratio(q.serviceLevel()));
    m.put("serviceLevel2", ratio(q.serviceLevel2()));
    m.put("abandonmentRate", ratio(q.abandonmentRate()));
    return m;
  }

  /** One queue's live accuracy: the queue, its figures over every band, and each band's. */
  private static Map<String, Object> accuracy(QueueAccuracy a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("queue", a.queue().value());
    m.putAll(accuracyBand(a.all()));
    m.remove("band");
    m.put("bands", a.bands().stream().map(StatsEndpoint::accuracyBand).toList());
    return m;
  }

  private static Map<String, Object> accuracyBand(QueueAccuracy.Band b) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("band", b.label());
    m.put("n", b.n());
    m.put("rmseSeconds", finite(b.rmseSeconds()));
    m.put("maeSeconds", finite(b.maeSeconds()));
    m.put("biasSeconds", finite(b.biasSeconds()));
    m.put("censored", b.censored());
    m.put("censoredExceeded", b.censoredExceeded());
    return m;
  }

  private static Double finite(double d) {
    return Double.isFinite(d) ? d : null;
  }

  private static Map<String, Object> agentStats(AgentStats a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("agent", a.agent().value());
    m.put("answered", a.answered());
    m.put("callbacks", a.callbacks());
    m.put("missed", a.missedAttempts());
    m.put("talkSeconds", seconds(a.totalTalk()));
    m.put("averageTalkSeconds", seconds(a.averageTalk()));
    return m;
  }

  static Double seconds(Duration d) {
    return d == null ? null : d.toMillis() / 1000.0;
  }

  private static Double seconds(Optional<Duration> d) {
    return d.map(StatsEndpoint::seconds).orElse(null);
  }

  private static Double ratio(OptionalDouble d) {
    return d.isPresent() ? d.getAsDouble() : null;
  }

  private static String text(Instant i) {
    return i == null ? null : i.toString();
  }

  // ---- parameters ------------------------------------------------------------------------------

  /** A request refused with a status and a message (and headers, e.g. a challenge). */
  static class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;
    final transient Map<String, String> headers;

    Refused(int status, String message, Map<String, String> headers) {
      super(message, null, false, false);
      this.status = status;
      this.headers = headers;
    }
  }

  /** A request parameter that is wrong; the message names it and its value (answered 400). */
  public static final class BadRequest extends Refused {
    private static final long serialVersionUID = 1L;

    BadRequest(String message) {
      super(400, message, Map.of());
    }
  }

  /** The query parameters, the first value of each. */
  private static Map<String, String> params(Context ctx) {
    Map<String, String> out = new LinkedHashMap<>();
    ctx.queryParamMap().forEach((k, v) -> out.put(k, v.isEmpty() ? "" : v.get(0)));
    return out;
  }

  private static Instant instant(Map<String, String> params, String name, Instant dflt) {
    String v = params.get(name);
    if (v == null) {
      return dflt;
    }
    Instant i;
    try {
      i = Instant.parse(v);
    } catch (DateTimeParseException e) {
      throw new BadRequest(name + " must be an ISO-8601 instant like 2026-01-05T08:00:00Z, was '"
          + v + "'");
    }
    if (i.isBefore(EARLIEST) || i.isAfter(LATEST)) {
      throw new BadRequest(name + " must lie between " + EARLIEST + " and " + LATEST + ", was '"
          + v + "'");
    }
    return i;
  }

  /** A whole-number parameter of at least {@code min}. */
  private static int wholeNumber(Map<String, String> params, String name, int min) {
    String v = params.get(name);
    try {
      int n = Integer.parseInt(v);
      if (n >= min) {
        return n;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new BadRequest(name + " must be a whole number >= " + min + ", was '" + v + "'");
  }

  private static Duration duration(String name, String v) {
    Duration d = ConfigLoader.parseDuration(v);
    if (d == null) {
      throw new BadRequest(name + " must be a duration like 15m or 1h, was '" + v + "'");
    }
    return d;
  }

  private static <T> T id(String name, String v, java.util.function.Function<String, T> make) {
    try {
      return make.apply(v);
    } catch (IllegalArgumentException e) {
      throw new BadRequest(name + ": " + e.getMessage());
    }
  }

  private interface JsonWriting {
    void write(JsonGenerator g) throws IOException;
  }

  /** Writes JSON straight to the response as it is produced (no copy of it in memory). */
  private static void stream(Context ctx, JsonWriting body) throws IOException {
    ctx.status(200).contentType("application/json");
    try (JsonGenerator g = JSON.createGenerator(ctx.outputStream())) {
      body.write(g);
    }
  }

  private static void json(Context ctx, Object value) throws IOException {
    stream(ctx, g -> g.writeObject(value));
  }

  private static void error(Context ctx, int status, String message) {
    try {
      ctx.status(status).contentType("application/json")
          .result(JSON.writeValueAsString(Map.of("error", message)));
    } catch (IOException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }
}
