package io.callqueue.adapter.twilio.standin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A wire-faithful stand-in for the parts of Twilio the adapter uses, written from Twilio's public
 * API reference (REST Calls resource, TwiML voice verbs, webhook and status-callback parameters,
 * request signing), not from the adapter:
 *
 * <ul>
 *   <li>REST: {@code POST /2010-04-01/Accounts/{AC}/Calls.json} (201 with the Call JSON, status
 *       {@code queued}), {@code POST /Calls/{CA}.json} ({@code Twiml}, {@code Url},
 *       {@code Status=canceled|completed}, {@code StatusCallback}; 21220 on a finished call),
 *       {@code GET /Calls/{CA}.json}; HTTP Basic auth (20003 / 401 otherwise); Twilio's error
 *       body {@code {code, message, more_info, status}}.
 *   <li>Webhooks: form POSTs with Twilio's parameters and an {@code X-Twilio-Signature} from
 *       {@link TwilioSignature}; status callbacks with {@code SequenceNumber} for the requested
 *       {@code StatusCallbackEvent}s ({@code completed} always).
 *   <li>Calls run their TwiML in {@link SimCall}; {@link Phone}s answer, ignore, are busy or
 *       reject.
 * </ul>
 *
 * <p>Media time is scaled: one TwiML "second" ({@code Pause length}, Gather {@code timeout}) is
 * {@link #secondMillis} ms of real time, and a {@code <Play>} file lasts {@link #playMillis} ms.
 * Ring {@code Timeout}s run in real seconds, like the engine's ring timer they race.
 */
public final class FakeTwilio implements AutoCloseable {
  public static final String API_VERSION = "2010-04-01";
  private static final Pattern CALLS =
      Pattern.compile("/2010-04-01/Accounts/(AC[0-9a-f]{32})/Calls(?:/(CA[0-9a-f]{32}))?\\.json");
  static final DateTimeFormatter RFC_2822 = DateTimeFormatter.RFC_1123_DATE_TIME;

  final String accountSid;
  final String authToken;
  final long secondMillis;
  final long playMillis;
  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "fake-twilio");
    t.setDaemon(true);
    return t;
  });
  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();
  private final AtomicLong sids = new AtomicLong(0x1000);
  final Map<String, SimCall> calls = new ConcurrentHashMap<>();
  final Map<String, Conference> conferences = new ConcurrentHashMap<>();
  private final Map<String, Phone> phones = new ConcurrentHashMap<>();
  private final Map<String, Character> gatherKeys = new ConcurrentHashMap<>();
  private final List<String> restLog = new CopyOnWriteArrayList<>();
  private final List<Integer> webhookStatuses = new CopyOnWriteArrayList<>();
  private volatile long restDelayMillis;
  private volatile long recordingProcessingMillis = 300;
  private volatile boolean recordingStatusLost;
  private final List<String> webhookLog = new CopyOnWriteArrayList<>();
  private final java.util.concurrent.ScheduledExecutorService timers =
      Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fake-twilio-timers");
        t.setDaemon(true);
        return t;
      });
  private final Map<String, List<Long>> webhookNanos = new ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.AtomicInteger failingCreates =
      new java.util.concurrent.atomic.AtomicInteger();
  private final java.util.concurrent.atomic.AtomicInteger throttledRequests =
      new java.util.concurrent.atomic.AtomicInteger();

  public FakeTwilio(String accountSid, String authToken, long secondMillis, long playMillis)
      throws IOException {
    this.accountSid = accountSid;
    this.authToken = authToken;
    this.secondMillis = secondMillis;
    this.playMillis = playMillis;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(threads);
    server.createContext("/", this::rest);
    server.start();
  }

  /** Where the SDK reaches the stand-in's REST API. */
  public URI apiBase() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** How the phone at {@code to} ({@code +E164}, {@code client:x}, {@code sip:...}) behaves. */
  public void phone(String to, Phone behaviour) {
    phones.put(to, behaviour);
  }

  /**
   * The key a person at {@code to} presses when a call the stand-in placed to that phone reaches
   * its first {@code <Gather>} (the confirm prompt, issue 16), or {@code null}: nobody presses
   * anything, like a voicemail box answering.
   */
  public void gatherKey(String to, Character key) {
    if (key == null) {
      gatherKeys.remove(to);
    } else {
      gatherKeys.put(to, key);
    }
  }

  /** A call arrives at one of the account's numbers, whose voice webhook is {@code voiceUrl}. */
  public SimCall incoming(String from, String to, String voiceUrl) {
    SimCall c = new SimCall(this, newSid(), "inbound", from, to, voiceUrl, null, List.of(), 0);
    calls.put(c.sid, c);
    c.status = "ringing";
    threads.execute(c::runInbound);
    return c;
  }

  /** Makes every REST request wait this long before Twilio acts on it (a slow API). */
  public void delayRest(Duration delay) {
    restDelayMillis = delay.toMillis();
  }

  /**
   * How long Twilio takes to process a {@code <Record>}ing before its recording status callback
   * ({@code completed}, with the file's URL); the Record {@code action} comes at once, before it.
   */
  public void recordingProcessing(Duration d) {
    recordingProcessingMillis = d.toMillis();
  }

  /** Recording status callbacks are never delivered (a lost webhook). */
  public void loseRecordingStatus() {
    recordingStatusLost = true;
  }

  /** The next {@code n} {@code POST Calls.json} fail with 500 (error 20500) and place no call. */
  public void failNextCreates(int n) {
    failingCreates.set(n);
  }

  /** The next {@code n} REST requests get 429 (error 20429, too many requests). */
  public void throttleNext(int n) {
    throttledRequests.set(n);
  }

  /** The child call a {@code <Dial><Number>} of {@code parent} places. */
  SimCall dialed(SimCall parent, String from, String to) {
    SimCall c = new SimCall(this, newSid(), "outbound-dial", from, to, null, null, List.of(), 0);
    c.parent = parent;
    c.status = "ringing";
    calls.put(c.sid, c);
    return c;
  }

  /** Calls placed by {@code <Dial><Number>}, in order. */
  public List<SimCall> dialedCalls() {
    List<SimCall> out = new ArrayList<>();
    for (SimCall c : calls.values()) {
      if (c.direction.equals("outbound-dial")) {
        out.add(c);
      }
    }
    out.sort((a, b) -> Long.compare(a.created, b.created));
    return out;
  }

  /** Every REST request as {@code METHOD path form}, in order. */
  public List<String> restLog() {
    return Collections.unmodifiableList(restLog);
  }

  /** The calls the API created, in order. */
  public List<SimCall> outboundCalls() {
    List<SimCall> out = new ArrayList<>();
    for (SimCall c : calls.values()) {
      if (c.direction.equals("outbound-api")) {
        out.add(c);
      }
    }
    out.sort((a, b) -> Long.compare(a.created, b.created));
    return out;
  }

  /** HTTP statuses the adapter answered the stand-in's webhooks with, in order. */
  public List<Integer> webhookStatuses() {
    return Collections.unmodifiableList(webhookStatuses);
  }

  /** The paths of every webhook sent, in the order they were sent. */
  public List<String> webhookLog() {
    return List.copyOf(webhookLog);
  }

  /** Round-trip times (request out, TwiML in) of the webhooks to {@code path}, in ns. */
  public List<Long> webhookNanos(String path) {
    return List.copyOf(webhookNanos.getOrDefault(path, List.of()));
  }

  public Conference conference(String name) {
    return conferences.get(name);
  }

  @Override
  public void close() {
    for (SimCall c : calls.values()) {
      c.shutdown();
    }
    server.stop(0);
    threads.shutdownNow();
    timers.shutdownNow();
  }

  // ===== REST ===========================================================================

  private void rest(HttpExchange x) throws IOException {
    try (x) {
      String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String path = x.getRequestURI().getPath();
      if (restDelayMillis > 0) {
        try {
          Thread.sleep(restDelayMillis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      restLog.add(x.getRequestMethod() + " " + path + " " + body);
      Map<String, List<String>> form = parseForm(body);
      Matcher m = CALLS.matcher(path);
      if (!m.matches()) {
        error(x, 404, 20404, "The requested resource " + path + " was not found");
        return;
      }
      if (!authorized(x.getRequestHeaders().getFirst("Authorization"), m.group(1))) {
        error(x, 401, 20003, "Authenticate");
        return;
      }
      String sid = m.group(2);
      if (throttledRequests.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        error(x, 429, 20429, "Too Many Requests");
      } else if (sid == null && x.getRequestMethod().equals("POST")
          && failingCreates.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        error(x, 500, 20500, "Internal Server Error");
      } else if (sid == null && x.getRequestMethod().equals("POST")) {
        create(x, form);
      } else if (sid != null) {
        SimCall c = calls.get(sid);
        if (c == null) {
          error(x, 404, 20404, "The requested resource " + path + " was not found");
        } else if (x.getRequestMethod().equals("GET")) {
          send(x, 200, callJson(c));
        } else if (x.getRequestMethod().equals("POST")) {
          update(x, c, form);
        } else {
          error(x, 405, 20004, "Method not allowed");
        }
      } else {
        error(x, 405, 20004, "Method not allowed");
      }
    }
  }

  private boolean authorized(String header, String account) {
    if (header == null || !header.startsWith("Basic ") || !account.equals(accountSid)) {
      return false;
    }
    String pair = new String(Base64.getDecoder().decode(header.substring(6)),
        StandardCharsets.UTF_8);
    return pair.equals(accountSid + ":" + authToken);
  }

  private void create(HttpExchange x, Map<String, List<String>> form) throws IOException {
    String to = first(form, "To");
    String from = first(form, "From");
    String url = first(form, "Url");
    if (to == null || from == null) {
      error(x, 400, 21201, "No 'To' number is specified");
      return;
    }
    if (url == null && first(form, "Twiml") == null) {
      error(x, 400, 21205, "Url parameter is required");
      return;
    }
    int timeout = 60;
    String t = first(form, "Timeout");
    if (t != null) {
      timeout = Integer.parseInt(t);
      if (timeout < 5 || timeout > 600) {
        error(x, 400, 21216, "Timeout must be between 5 and 600");
        return;
      }
    }
    List<String> events = form.getOrDefault("StatusCallbackEvent", List.of());
    SimCall c = new SimCall(this, newSid(), "outbound-api", from, to, url,
        first(form, "StatusCallback"), events, timeout);
    calls.put(c.sid, c);
    send(x, 201, callJson(c));
    Phone p = phones.getOrDefault(to, Phone.IGNORE);
    threads.execute(() -> c.runOutbound(p));
  }

  private void update(HttpExchange x, SimCall c, Map<String, List<String>> form)
      throws IOException {
    String status = first(form, "Status");
    String twiml = first(form, "Twiml");
    String url = first(form, "Url");
    String callback = first(form, "StatusCallback");
    synchronized (c) {
      if (c.ended()) {
        error(x, 400, 21220, "Call is not in-progress. Cannot redirect.");
        return;
      }
      if (callback != null) {
        c.statusCallback = callback;
      }
    }
    if ("completed".equals(status) || "canceled".equals(status)) {
      c.endByApi(status);
    } else if (twiml != null) {
      c.redirect(new SimCall.Next(twiml, null));
    } else if (url != null) {
      c.redirect(new SimCall.Next(null, url));
    }
    send(x, 200, callJson(c));
  }

  private String callJson(SimCall c) {
    ObjectNode n = json.createObjectNode();
    String now = ZonedDateTime.now().format(RFC_2822);
    n.put("sid", c.sid);
    n.put("account_sid", accountSid);
    n.put("api_version", API_VERSION);
    n.put("date_created", now);
    n.put("date_updated", now);
    n.put("direction", c.direction);
    n.put("from", c.from);
    n.put("to", c.to);
    n.put("status", c.status);
    n.putNull("parent_call_sid");
    n.putNull("price");
    n.put("uri", "/2010-04-01/Accounts/" + accountSid + "/Calls/" + c.sid + ".json");
    return n.toString();
  }

  private void error(HttpExchange x, int status, int code, String message) throws IOException {
    ObjectNode n = json.createObjectNode();
    n.put("code", code);
    n.put("message", message);
    n.put("more_info", "https://www.twilio.com/docs/errors/" + code);
    n.put("status", status);
    send(x, status, n.toString());
  }

  private static void send(HttpExchange x, int status, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().set("Content-Type", "application/json");
    x.sendResponseHeaders(status, b.length);
    x.getResponseBody().write(b);
  }

  // ===== Webhooks ============================================================================

  /** A signed form POST to the application; the response body, or null on a non-2xx. */
  String post(String url, Map<String, String> params) {
    return post(url, params, TwilioSignature.sign(authToken, url, params));
  }

  /** A form POST with the given signature header (null for none). */
  public String post(String url, Map<String, String> params, String signature) {
    StringBuilder body = new StringBuilder();
    params.forEach((k, v) -> body.append(body.length() == 0 ? "" : "&")
        .append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
        .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("User-Agent", "TwilioProxy/1.1")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    if (signature != null) {
      b.header("X-Twilio-Signature", signature);
    }
    webhookLog.add(URI.create(url).getPath());
    try {
      long t0 = System.nanoTime();
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      webhookNanos.computeIfAbsent(URI.create(url).getPath(),
          k -> new CopyOnWriteArrayList<>()).add(System.nanoTime() - t0);
      webhookStatuses.add(r.statusCode());
      return r.statusCode() / 100 == 2 ? r.body() : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** The parameters Twilio sends with every voice request about a call. */
  Map<String, String> callParams(SimCall c) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("AccountSid", accountSid);
    p.put("ApiVersion", API_VERSION);
    p.put("CallSid", c.sid);
    p.put("CallStatus", c.status);
    p.put("Direction", c.direction);
    p.put("From", c.from);
    p.put("To", c.to);
    p.put("Caller", c.from);
    p.put("Called", c.to);
    return p;
  }

  Character gatherKeyOf(String to) {
    return gatherKeys.get(to);
  }

  Phone phoneOf(String to) {
    return phones.getOrDefault(to, Phone.IGNORE);
  }

  void execute(Runnable r) {
    threads.execute(r);
  }

  /** A recording status callback, after the processing time (unless they are lost). */
  void recordingStatus(String url, Map<String, String> params) {
    if (recordingStatusLost) {
      return;
    }
    timers.schedule(() -> threads.execute(() -> post(url, params)), recordingProcessingMillis,
        java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  private String newSid() {
    return String.format("CA%032x", sids.incrementAndGet());
  }

  static Map<String, List<String>> parseForm(String body) {
    Map<String, List<String>> form = new LinkedHashMap<>();
    if (body.isEmpty()) {
      return form;
    }
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      form.computeIfAbsent(k, key -> new ArrayList<>()).add(v);
    }
    return form;
  }

  private static String first(Map<String, List<String>> form, String key) {
    List<String> v = form.get(key);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  static String readAll(InputStream in) throws IOException {
    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
  }
}
