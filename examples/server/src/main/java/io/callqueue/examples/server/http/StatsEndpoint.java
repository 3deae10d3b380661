package io.callqueue.examples.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.callqueue.api.AgentId;
import io.callqueue.api.CallOutcome;
import io.callqueue.api.CallQuery;
import io.callqueue.api.CallQueue;
import io.callqueue.api.CallRecord;
import io.callqueue.api.EngineSnapshot;
import io.callqueue.api.QueueId;
import io.callqueue.core.records.AgentStats;
import io.callqueue.core.records.CallRecordCsv;
import io.callqueue.core.records.CallStatistics;
import io.callqueue.core.records.QueueStats;
import io.callqueue.core.records.StatisticsReport;
import io.callqueue.examples.server.config.ConfigLoader;
import io.callqueue.spi.CallRecordStore;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live statistics and the call list over HTTP, as JSON (capability 20), on the JDK's built-in
 * server, bound to one address (127.0.0.1 by default: it has no authentication).
 *
 * <ul>
 *   <li>{@code GET /api/snapshot} — every queue (waiting callers with position and wait, members
 *       by state, longest wait, estimated wait for a new caller) and every agent.
 *   <li>{@code GET /api/calls?from=&to=&queue=&agent=&outcome=&limit=} — the call list; times are
 *       ISO-8601 instants, the range defaults to the last 24 hours.
 *   <li>{@code GET /api/calls.csv?...} — the same as CSV.
 *   <li>{@code GET /api/stats?from=&to=&interval=15m} — aggregates per queue and agent, and per
 *       interval when {@code interval} is given.
 * </ul>
 * Bad parameters answer 400 with {@code {"error": "..."}} naming the parameter and value.
 * Times in JSON are ISO-8601 instants; durations are seconds (decimals).
 */
public final class StatsEndpoint implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StatsEndpoint.class);
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final CallQueue engine;
  private final CallRecordStore store;
  private final Supplier<CallStatistics> statistics;
  private final Clock clock;
  private final HttpServer server;
  private final ExecutorService executor;

  /**
   * Starts serving.
   *
   * @param statistics the statistics with each queue's service-level threshold (a supplier, as
   *     queues may change at run time)
   * @throws IOException when the address cannot be bound (the message names it)
   */
  public StatsEndpoint(CallQueue engine, CallRecordStore store,
      Supplier<CallStatistics> statistics, Clock clock, String bindAddress, int port)
      throws IOException {
    this.engine = engine;
    this.store = store;
    this.statistics = statistics;
    this.clock = clock;
    try {
      this.server = HttpServer.create(new InetSocketAddress(bindAddress, port), 16);
    } catch (IOException e) {
      throw new IOException("cannot listen for HTTP on " + bindAddress + ":" + port + ": "
          + e.getMessage(), e);
    }
    this.executor = Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "callqueue-http");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** The port actually bound (useful when 0 was asked for). */
  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    try {
      executor.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      if (!"GET".equals(ex.getRequestMethod())) {
        send(ex, 405, "application/json", json(Map.of("error", "only GET is supported")));
        return;
      }
      Map<String, String> params = params(ex.getRequestURI().getRawQuery());
      String path = ex.getRequestURI().getPath();
      try {
        switch (path) {
          case "/api/snapshot" -> send(ex, 200, "application/json", json(snapshot()));
          case "/api/calls" -> send(ex, 200, "application/json",
              json(store.query(query(params)).stream().map(StatsEndpoint::record).toList()));
          case "/api/calls.csv" -> {
            StringWriter w = new StringWriter();
            CallRecordCsv.write(w, store.query(query(params)));
            send(ex, 200, "text/csv; charset=utf-8", w.toString());
          }
          case "/api/stats" -> send(ex, 200, "application/json", json(stats(params)));
          default -> send(ex, 404, "application/json", json(Map.of("error",
              "no such resource " + path + "; try /api/snapshot, /api/calls, /api/calls.csv,"
                  + " /api/stats")));
        }
      } catch (BadRequest e) {
        send(ex, 400, "application/json", json(Map.of("error", e.getMessage())));
      } catch (RuntimeException e) {
        log.error("HTTP {} failed", path, e);
        send(ex, 500, "application/json", json(Map.of("error", "internal error: " + e)));
      }
    }
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

  private Map<String, Object> stats(Map<String, String> params) {
    Instant to = instant(params, "to", clock.instant());
    Instant from = instant(params, "from", to.minus(Duration.ofDays(1)));
    if (!from.isBefore(to)) {
      throw new BadRequest("from (" + from + ") must be before to (" + to + ")");
    }
    List<CallRecord> records = store.query(CallQuery.between(from, to));
    CallStatistics stats = statistics.get();
    Map<String, Object> out = new LinkedHashMap<>(report(stats.report(records, from, to)));
    String interval = params.get("interval");
    if (interval != null) {
      Duration width = duration("interval", interval);
      long count = Duration.between(from, to).toMillis() / Math.max(1, width.toMillis());
      if (width.compareTo(Duration.ofMinutes(1)) < 0 || count > 10_000) {
        throw new BadRequest("interval must be at least 1m and give at most 10000 intervals,"
            + " was " + interval);
      }
      out.put("intervals", stats.intervals(records, from, to, width).stream()
          .map(StatsEndpoint::report).toList());
    }
    return out;
  }

  private CallQuery query(Map<String, String> params) {
    Instant to = instant(params, "to", clock.instant().plusMillis(1));
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
      try {
        int limit = Integer.parseInt(params.get("limit"));
        if (limit < 1) {
          throw new NumberFormatException();
        }
        q = q.withLimit(limit);
      } catch (NumberFormatException e) {
        throw new BadRequest("limit must be a whole number >= 1, was '" + params.get("limit")
            + "'");
      }
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

  private static Map<String, Object> report(StatisticsReport r) {
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

  private static final class BadRequest extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadRequest(String message) {
      super(message);
    }
  }

  private static Map<String, String> params(String rawQuery) {
    Map<String, String> out = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return out;
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      out.put(k, v);
    }
    return out;
  }

  private static Instant instant(Map<String, String> params, String name, Instant dflt) {
    String v = params.get(name);
    if (v == null) {
      return dflt;
    }
    try {
      return Instant.parse(v);
    } catch (DateTimeParseException e) {
      throw new BadRequest(name + " must be an ISO-8601 instant like 2026-01-05T08:00:00Z, was '"
          + v + "'");
    }
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

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  private static void send(HttpExchange ex, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }
}
