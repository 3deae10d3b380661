package io.callqueue.examples.server.board;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callqueue.api.CallQueue;
import io.callqueue.core.records.CallStatistics;
import io.callqueue.examples.server.config.ServerConfig;
import io.callqueue.examples.server.http.StatsEndpoint;
import io.callqueue.spi.CallRecordStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The HTTP server with the board on 127.0.0.1 (a free port) for the board's tests, with
 * requests carrying the bearer token, and an SSE reader of the wallboard.
 */
final class BoardServer implements AutoCloseable {
  static final String TOKEN = "board-test-token-0123456789";
  static final ZoneId ZONE = ZoneId.of("UTC");
  private static final ObjectMapper JSON = new ObjectMapper();

  final BoardModule board;
  final StatsEndpoint endpoint;
  final HttpClient http = HttpClient.newHttpClient();

  BoardServer(CallQueue engine, CallRecordStore store, Supplier<CallStatistics> stats,
      Clock clock, Path voicemails) throws Exception {
    board = new BoardModule(engine, store, stats, clock, ZONE, voicemails);
    endpoint = new StatsEndpoint(engine, store, stats, java.util.Map::of, clock,
        new ServerConfig.Http("127.0.0.1", 0, TOKEN, false, List.of()), List.of(board));
  }

  String base() {
    return "http://127.0.0.1:" + endpoint.port();
  }

  HttpResponse<String> get(String path) throws Exception {
    return get(path, "en");
  }

  HttpResponse<String> get(String path, String language) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(base() + path))
        .header("Authorization", "Bearer " + TOKEN).header("Accept-Language", language)
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<byte[]> getBytes(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(base() + path))
        .header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  /** Opens the wallboard's event stream; frames arrive in {@link Frames#queue}. */
  Frames events() throws Exception {
    Frames f = new Frames();
    HttpResponse<Stream<String>> r = http.send(HttpRequest.newBuilder(
        URI.create(base() + "/panel/wallboard/events"))
        .header("Authorization", "Bearer " + TOKEN).header("Accept", "text/event-stream")
        .build(), HttpResponse.BodyHandlers.ofLines());
    f.status = r.statusCode();
    f.contentType = r.headers().firstValue("Content-Type").orElse("");
    Thread t = new Thread(() -> {
      StringBuilder data = new StringBuilder();
      String event = null;
      try (Stream<String> lines = r.body()) {
        for (String line : (Iterable<String>) lines::iterator) {
          if (line.isEmpty()) {
            if ("state".equals(event) && data.length() > 0) {
              f.queue.add(new Frame(System.nanoTime(), JSON.readTree(data.toString())));
            }
            data.setLength(0);
            event = null;
          } else if (line.startsWith("data:")) {
            data.append(line.substring(line.startsWith("data: ") ? 6 : 5));
          } else if (line.startsWith("event:")) {
            event = line.substring(6).strip();
          }
        }
      } catch (Exception e) {
        // the stream closed: the test ended or the server stopped
      }
    }, "test-sse-reader");
    t.setDaemon(true);
    t.start();
    f.reader = t;
    return f;
  }

  @Override
  public void close() {
    endpoint.close(); // the board ends its event streams as the server stops
    board.close();
  }

  /** One received frame: when (System.nanoTime) and what. */
  record Frame(long receivedNanos, JsonNode state) {
    JsonNode queue(String name) {
      for (JsonNode q : state.get("queues")) {
        if (q.get("name").asText().equals(name)) {
          return q;
        }
      }
      return null;
    }

    JsonNode agent(String id) {
      for (JsonNode a : state.get("agents")) {
        if (a.get("id").asText().equals(id)) {
          return a;
        }
      }
      return null;
    }
  }

  /** The frames of one event stream. */
  static final class Frames {
    final BlockingQueue<Frame> queue = new LinkedBlockingQueue<>();
    int status;
    String contentType;
    Thread reader;

    /** The first frame (from now on) that satisfies {@code p}, or fails after {@code within}. */
    Frame await(Predicate<Frame> p, Duration within, String what) throws InterruptedException {
      long end = System.nanoTime() + within.toNanos();
      Frame last = null;
      while (true) {
        long left = end - System.nanoTime();
        Frame f = left <= 0 ? null : queue.poll(left, TimeUnit.NANOSECONDS);
        if (f == null) {
          throw new AssertionError("no frame with " + what + " within " + within
              + "; last frame: " + (last == null ? "none" : last.state()));
        }
        last = f;
        if (p.test(f)) {
          return f;
        }
      }
    }
  }

}
