package io.callqueue.adapter.asterisk;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.callqueue.prompts.PromptRecording;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The adapter's own HTTP server for prompt recordings, which Asterisk fetches through
 * res_http_media_cache ({@code sound:http://host:port/prompts/<sha256>.wav}). URLs are content
 * hashes: a changed recording gets a new URL, so Asterisk's media cache never plays a stale one.
 * Only recordings the adapter has published are served; anything else is a 404.
 */
final class PromptServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PromptServer.class);
  private static final String PREFIX = "/prompts/";

  private final HttpServer server;
  private final ExecutorService workers = Executors.newFixedThreadPool(2, r -> {
    Thread t = new Thread(r, "callqueue-asterisk-prompts");
    t.setDaemon(true);
    return t;
  });
  private final Map<String, byte[]> published = new ConcurrentHashMap<>();
  private final List<String> served = new CopyOnWriteArrayList<>();
  private final String base;

  /**
   * @param bind the address Asterisk reaches this server at (a specific one, not the wildcard:
   *     it goes into the media URIs); port 0 picks a free port
   */
  PromptServer(InetSocketAddress bind) {
    if (bind.getAddress() == null || bind.getAddress().isAnyLocalAddress()) {
      throw new IllegalArgumentException("Asterisk adapter: the prompt server must be bound to an"
          + " address Asterisk can reach (it goes into the media URIs), not " + bind);
    }
    try {
      server = HttpServer.create(bind, 16);
    } catch (IOException e) {
      throw new UncheckedIOException("Asterisk adapter: cannot serve prompts on " + bind + ": "
          + e.getMessage(), e);
    }
    server.createContext(PREFIX, this::serve);
    server.setExecutor(workers);
    server.start();
    String host = bind.getAddress().getHostAddress();
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    base = "http://" + host + ":" + server.getAddress().getPort() + PREFIX;
    log.info("prompt recordings served for Asterisk at {}", base);
  }

  /** Publishes a recording and returns its URL ({@code http://host:port/prompts/<sha256>.wav}). */
  String publish(PromptRecording recording) throws IOException {
    String hash = recording.sha256();
    if (!published.containsKey(hash)) {
      published.put(hash, recording.bytes());
    }
    return base + hash + ".wav";
  }

  /** The hashes of the recordings served so far, in order (for tests and diagnostics). */
  List<String> served() {
    return List.copyOf(served);
  }

  private void serve(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String name = path.substring(Math.min(path.length(), PREFIX.length()));
      String hash = name.endsWith(".wav") ? name.substring(0, name.length() - 4) : "";
      byte[] wav = published.get(hash);
      boolean head = "HEAD".equals(exchange.getRequestMethod());
      if (wav == null || !(head || "GET".equals(exchange.getRequestMethod()))) {
        log.warn("prompt request {} {}: not a published recording", exchange.getRequestMethod(),
            path);
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      exchange.getResponseHeaders().set("Content-Type", "audio/wav");
      exchange.getResponseHeaders().set("Cache-Control", "max-age=86400, immutable");
      exchange.sendResponseHeaders(200, head ? -1 : wav.length);
      if (!head) {
        try (OutputStream body = exchange.getResponseBody()) {
          body.write(wav);
        }
      }
      served.add(hash);
      log.debug("served prompt {} to {}", hash, exchange.getRemoteAddress());
    }
  }

  @Override
  public void close() {
    server.stop(0);
    workers.shutdownNow();
  }
}
