package io.callqueue.adapter.asterisk.ari;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small typed ARI client: the REST calls the adapter makes and the application's event
 * websocket ({@code /ari/events?app=<app>}), on the JDK's HttpClient and WebSocket.
 *
 * <p>Threading: every REST method returns at once with a stage that completes on the
 * HttpClient's threads. The websocket's listener never blocks: it joins a message's frames,
 * parses it and hands the {@link AriEvent} to the consumer given at construction, which must
 * return at once too (the adapter puts it on its own event thread). A dropped websocket is
 * reopened with backoff (1 s doubling to 30 s), and {@code onReconnect} runs after each reopening.
 *
 * <p>{@link #connect()} checks the credentials first: a 401 fails it with one clear message and no
 * retry; an Asterisk that does not answer is retried with backoff, each attempt logged.
 */
public final class AriClient implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AriClient.class);
  private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  private final URI base;
  private final String user;
  private final String authorization;
  private final String app;
  private final Consumer<AriEvent> events;
  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http;
  private final ScheduledExecutorService timer;
  private volatile Runnable onReconnect = () -> { };
  private volatile WebSocket socket;
  private volatile boolean closed;

  /**
   * @param base the Asterisk HTTP server, e.g. {@code http://127.0.0.1:8088} (ARI is under
   *     {@code /ari})
   * @param user an {@code ari.conf} user
   * @param password its password
   * @param app the Stasis application name the dialplan names ({@code Stasis(app,...)})
   * @param events receives every event of the application; must not block
   */
  public AriClient(URI base, String user, String password, String app, Consumer<AriEvent> events) {
    this.base = URI.create(base.toString().replaceAll("/+$", "") + "/ari/");
    this.user = user;
    this.authorization = "Basic " + Base64.getEncoder()
        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    this.app = app;
    this.events = events;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "callqueue-ari-reconnect");
      t.setDaemon(true);
      return t;
    });
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  /** Runs after the websocket has been reopened (events may have been missed meanwhile). */
  public void onReconnect(Runnable action) {
    this.onReconnect = action;
  }

  /**
   * Checks the credentials and opens the event websocket, retrying an unreachable Asterisk with
   * backoff. Completes when events flow; fails at once on wrong credentials.
   */
  public CompletableFuture<Void> connect() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    attempt(done, FIRST_BACKOFF, false);
    return done;
  }

  private void attempt(CompletableFuture<Void> done, Duration backoff, boolean reconnect) {
    if (closed) {
      done.completeExceptionally(new AriException("ARI client closed", 0));
      return;
    }
    get("asterisk/info").thenCompose(info -> openSocket()).whenComplete((ws, failure) -> {
      if (failure == null) {
        socket = ws;
        log.info("ARI connected: {} as user '{}', application '{}'", base, user, app);
        done.complete(null);
        if (reconnect) {
          onReconnect.run();
        }
        return;
      }
      Throwable cause = unwrap(failure);
      if (cause instanceof AriException e && e.status() == 401) {
        String message = "ARI at " + base + " refused user '" + user
            + "': wrong user or password (check the user's section in Asterisk's ari.conf)";
        log.error(message);
        done.completeExceptionally(new AriException(message, 401));
        return;
      }
      log.warn("Asterisk ARI at {} not reachable ({}); retrying in {} s", base,
          cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage(),
          backoff.toSeconds());
      Duration next = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF
          : backoff.multipliedBy(2);
      if (!closed) {
        timer.schedule(() -> attempt(done, next, reconnect), backoff.toMillis(),
            TimeUnit.MILLISECONDS);
      }
    });
  }

  private CompletableFuture<WebSocket> openSocket() {
    String scheme = base.getScheme().equals("https") ? "wss" : "ws";
    URI uri = URI.create(scheme + "://" + base.getRawAuthority() + base.getRawPath()
        + "events?app=" + encode(app) + "&subscribeAll=false");
    return http.newWebSocketBuilder().header("Authorization", authorization)
        .connectTimeout(Duration.ofSeconds(5)).buildAsync(uri, new Listener())
        .exceptionallyCompose(t -> {
          Throwable cause = unwrap(t);
          if (cause instanceof WebSocketHandshakeException e) {
            return CompletableFuture.failedFuture(new AriException(
                "ARI websocket refused: HTTP " + e.getResponse().statusCode(),
                e.getResponse().statusCode()));
          }
          return CompletableFuture.failedFuture(cause);
        });
  }

  /**
   * Reads the websocket; never blocks (frames joined, parsed, handed on). A message identical to
   * one of the last {@link #RECENT} (same event, same timestamp) is dropped: Asterisk sends a
   * channel's event once per subscription that covers it, and a PJSIP caller's channel is covered
   * twice (the channel itself in Stasis, and the {@code endpoint:PJSIP} subscription), so each
   * key would otherwise reach the engine twice.
   */
  private final class Listener implements WebSocket.Listener {
    private static final int RECENT = 16;
    private final StringBuilder text = new StringBuilder();
    private final java.util.ArrayDeque<String> recent = new java.util.ArrayDeque<>();

    @Override
    public void onOpen(WebSocket webSocket) {
      webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        String message = text.toString();
        text.setLength(0);
        if (recent.contains(message)) {
          webSocket.request(1);
          return null;
        }
        recent.addLast(message);
        if (recent.size() > RECENT) {
          recent.removeFirst();
        }
        try {
          events.accept(AriEvent.parse(json.readTree(message)));
        } catch (IOException | RuntimeException e) {
          log.warn("ARI event not understood, dropped: {} ({})", message, e.toString());
        }
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      lost("closed by Asterisk (" + statusCode + " " + reason + ")");
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      lost(error.toString());
    }
  }

  private void lost(String why) {
    socket = null;
    if (closed) {
      return;
    }
    log.warn("ARI websocket lost: {}; reconnecting", why);
    attempt(new CompletableFuture<>(), FIRST_BACKOFF, true);
  }

  // ---- REST ---------------------------------------------------------------------------------

  /** {@code GET path}: the JSON answer. */
  public CompletableFuture<JsonNode> get(String path) {
    return send("GET", path, Map.of());
  }

  /** {@code POST path?query}: the JSON answer (a missing node for 204). */
  public CompletableFuture<JsonNode> post(String path, Map<String, String> query) {
    return send("POST", path, query);
  }

  /** {@code DELETE path?query}. */
  public CompletableFuture<JsonNode> delete(String path, Map<String, String> query) {
    return send("DELETE", path, query);
  }

  /** Query parameters in order, skipping null values. */
  public static Map<String, String> params(String... keysAndValues) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
      if (keysAndValues[i + 1] != null) {
        map.put(keysAndValues[i], keysAndValues[i + 1]);
      }
    }
    return map;
  }

  private CompletableFuture<JsonNode> send(String method, String path, Map<String, String> query) {
    String q = query.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
        .collect(Collectors.joining("&"));
    URI uri = base.resolve(path + (q.isEmpty() ? "" : "?" + q));
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT)
        .header("Authorization", authorization)
        .method(method, HttpRequest.BodyPublishers.noBody()).build();
    String what = method + " /ari/" + path;
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .handle((response, failure) -> {
          if (failure != null) {
            Throwable cause = unwrap(failure);
            String reason = cause instanceof ConnectException ? "connection refused"
                : cause instanceof HttpTimeoutException ? "no answer within "
                    + REQUEST_TIMEOUT.toSeconds() + " s" : cause.toString();
            throw new AriException(what + ": " + reason, cause);
          }
          int status = response.statusCode();
          JsonNode body = parse(response.body());
          if (status >= 300) {
            // Asterisk says why in "message" (404, 409, 400) or "error" (500 Allocation failed).
            String why = body.path("message").asText(body.path("error").asText(response.body()));
            throw new AriException(what + ": HTTP " + status + " " + why, status);
          }
          return body;
        });
  }

  private JsonNode parse(String body) {
    if (body == null || body.isBlank()) {
      return MissingNode.getInstance();
    }
    try {
      return json.readTree(body);
    } catch (IOException e) {
      return MissingNode.getInstance();
    }
  }

  // ---- typed calls --------------------------------------------------------------------------

  /**
   * {@code POST /channels/create}: a channel with our id in this application, not yet dialled.
   * The number the called phone shows is the new channel's connected line (chan_pjsip builds the
   * INVITE's From from it), so {@code callerId} is set as {@code CONNECTEDLINE(num)}: without it
   * a channel with an originator shows the originator's number, one without shows "Anonymous".
   */
  public CompletableFuture<JsonNode> createChannel(String endpoint, String channelId,
      String originator, String callerId, List<String> appArgs) {
    return post("channels/create", params("endpoint", endpoint, "app", app,
        "appArgs", String.join(",", appArgs), "channelId", channelId, "originator", originator,
        "formats", null)).thenCompose(created -> callerId == null || callerId.isEmpty()
            ? CompletableFuture.completedFuture(created)
            : setVariable(channelId, "CONNECTEDLINE(num)", callerId).thenApply(v -> created));
  }

  /** {@code POST /channels/{id}/dial}: rings a created channel. */
  public CompletableFuture<JsonNode> dial(String channelId, String caller, Duration timeout) {
    return post("channels/" + encode(channelId) + "/dial", params("caller", caller,
        "timeout", Long.toString(Math.max(1, timeout.toSeconds()))));
  }

  /** {@code DELETE /channels/{id}}: hangs a channel up. */
  public CompletableFuture<JsonNode> hangUp(String channelId, String reason) {
    return delete("channels/" + encode(channelId), params("reason", reason));
  }

  /** {@code POST /channels/{id}/answer}. */
  public CompletableFuture<JsonNode> answer(String channelId) {
    return post("channels/" + encode(channelId) + "/answer", Map.of());
  }

  /** {@code POST /channels/{id}/moh}: music on hold of this Asterisk MOH class. */
  public CompletableFuture<JsonNode> startMoh(String channelId, String mohClass) {
    return post("channels/" + encode(channelId) + "/moh", params("mohClass", mohClass));
  }

  /** {@code DELETE /channels/{id}/moh}. */
  public CompletableFuture<JsonNode> stopMoh(String channelId) {
    return delete("channels/" + encode(channelId) + "/moh", Map.of());
  }

  /** {@code POST /channels/{id}/variable}: sets a channel (dialplan) variable. */
  public CompletableFuture<JsonNode> setVariable(String channelId, String name, String value) {
    return post("channels/" + encode(channelId) + "/variable",
        params("variable", name, "value", value));
  }

  /** {@code GET /channels/{id}/variable}: a channel variable's value. */
  public CompletableFuture<String> getVariable(String channelId, String name) {
    return get("channels/" + encode(channelId) + "/variable?variable=" + encode(name))
        .thenApply(v -> v.path("value").asText(""));
  }

  /** {@code POST /channels/{id}/continue}: back to the dialplan, at the priority after Stasis(). */
  public CompletableFuture<JsonNode> continueInDialplan(String channelId) {
    return post("channels/" + encode(channelId) + "/continue", Map.of());
  }

  /**
   * {@code POST /channels/{id}/record}: records what the caller says into the stored recording
   * {@code name} (wav, overwritten if it exists), after a beep, until {@code terminateOn}
   * ({@code #}, {@code *}, {@code any} or {@code none}) or {@code maxDuration}.
   */
  public CompletableFuture<JsonNode> record(String channelId, String name, Duration maxDuration,
      String terminateOn) {
    return post("channels/" + encode(channelId) + "/record", params("name", name,
        "format", "wav", "maxDurationSeconds", Long.toString(Math.max(1,
            maxDuration.toSeconds())), "terminateOn", terminateOn, "beep", "true",
        "ifExists", "overwrite"));
  }

  /** The URI of a stored recording's file ({@code GET /recordings/stored/{name}/file}). */
  public String storedRecordingUri(String name) {
    return base + "recordings/stored/" + encode(name) + "/file";
  }

  /**
   * {@code POST /channels/{id}/play/{playbackId}}: plays the media URIs in order as one playback
   * ({@code sound:<name>}, or {@code sound:http://host/file.wav} through res_http_media_cache:
   * the extension is required, a bare {@code http://} URI is refused); {@code PlaybackFinished}
   * with this id reports its end.
   */
  public CompletableFuture<JsonNode> play(String channelId, String playbackId,
      List<String> media) {
    return post("channels/" + encode(channelId) + "/play/" + encode(playbackId),
        params("media", String.join(",", media)));
  }

  /** {@code DELETE /playbacks/{id}}: stops a playback; its {@code PlaybackFinished} follows. */
  public CompletableFuture<JsonNode> stopPlayback(String playbackId) {
    return delete("playbacks/" + encode(playbackId), Map.of());
  }

  /** {@code POST /bridges}: a mixing bridge with our id. */
  public CompletableFuture<JsonNode> createBridge(String bridgeId) {
    return post("bridges", params("type", "mixing", "bridgeId", bridgeId, "name", bridgeId));
  }

  /** {@code POST /bridges/{id}/addChannel}. */
  public CompletableFuture<JsonNode> addToBridge(String bridgeId, String... channelIds) {
    return post("bridges/" + encode(bridgeId) + "/addChannel",
        params("channel", String.join(",", channelIds)));
  }

  /** {@code DELETE /bridges/{id}}. */
  public CompletableFuture<JsonNode> destroyBridge(String bridgeId) {
    return delete("bridges/" + encode(bridgeId), Map.of());
  }

  /** {@code POST /applications/{app}/subscription}: e.g. {@code endpoint:PJSIP}. */
  public CompletableFuture<JsonNode> subscribe(String eventSource) {
    return post("applications/" + encode(app) + "/subscription",
        params("eventSource", eventSource));
  }

  /** {@code GET /endpoints/{technology}}: every endpoint with its state. */
  public CompletableFuture<JsonNode> endpoints(String technology) {
    return get("endpoints/" + encode(technology));
  }

  /** {@code GET /endpoints/{technology}/{resource}}: one endpoint, with its {@code channel_ids}. */
  public CompletableFuture<JsonNode> endpoint(String technology, String resource) {
    return get("endpoints/" + encode(technology) + "/" + encode(resource));
  }

  /** The application's name. */
  public String app() {
    return app;
  }

  /** Closes the websocket; no reconnect after this. Pending REST calls still complete. */
  @Override
  public void close() {
    closed = true;
    WebSocket ws = socket;
    if (ws != null) {
      ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(t -> ws);
      ws.abort();
    }
    timer.shutdownNow();
  }

  private static Throwable unwrap(Throwable t) {
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
