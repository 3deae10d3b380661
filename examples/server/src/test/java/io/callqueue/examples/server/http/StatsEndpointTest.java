package io.callqueue.examples.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callqueue.api.AgentConfig;
import io.callqueue.api.AgentId;
import io.callqueue.api.CallId;
import io.callqueue.api.CallOffer;
import io.callqueue.api.Membership;
import io.callqueue.api.QueueConfig;
import io.callqueue.api.QueueId;
import io.callqueue.api.RingFailure;
import io.callqueue.api.CallOutcome;
import io.callqueue.api.QueueEvent;
import io.callqueue.core.CallQueueEngine;
import io.callqueue.core.estimate.LiveAccuracy;
import io.callqueue.core.records.CallRecorder;
import io.callqueue.core.records.CallStatistics;
import io.callqueue.core.records.InMemoryCallRecordStore;
import io.callqueue.testkit.ManualScheduler;
import io.callqueue.testkit.RecordingTelephonyPort;
import io.callqueue.examples.server.config.ServerConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The endpoint over real HTTP on 127.0.0.1, against a real engine in virtual time. */
class StatsEndpointTest {
  private static final String TOKEN = "test-token-0123456789abcdef";
  private final ManualScheduler scheduler = new ManualScheduler();
  private final InMemoryCallRecordStore store = new InMemoryCallRecordStore();
  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();
  private CallQueueEngine engine;
  private CallRecorder recorder;
  private final LiveAccuracy accuracy = new LiveAccuracy();
  private StatsEndpoint endpoint;

  @BeforeEach
  void start() throws Exception {
    engine = CallQueueEngine.builder().telephony(new RecordingTelephonyPort())
        .scheduler(scheduler).executor(Runnable::run).build();
    recorder = CallRecorder.builder(store, scheduler).executor(Runnable::run).build();
    engine.addListener(recorder);
    engine.addListener(accuracy);
    QueueConfig support = QueueConfig.builder("support").build();
    engine.addQueue(support);
    engine.addAgent(AgentConfig.sip("alice", "alice"));
    engine.addMembership(Membership.of(QueueId.of("support"), AgentId.of("alice")));
    engine.sipRegistered("alice");
    endpoint = new StatsEndpoint(engine, store,
        () -> CallStatistics.forQueues(List.of(support)), accuracy::snapshot, scheduler.clock(),
        new ServerConfig.Http("127.0.0.1", 0, TOKEN, false, List.of("callqueue.example.com")));
  }

  @AfterEach
  void stop() {
    endpoint.close();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return get(path, "Bearer " + TOKEN);
  }

  private HttpResponse<String> get(String path, String authorization) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + endpoint.port() + path)).timeout(Duration.ofSeconds(5));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Sends a raw request head on a new connection; returns the response's status line. */
  private String rawStatusLine(String head) throws Exception {
    try (Socket s = new Socket("127.0.0.1", endpoint.port())) {
      s.setSoTimeout(5000);
      s.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
      return new BufferedReader(new InputStreamReader(s.getInputStream(),
          StandardCharsets.ISO_8859_1)).readLine();
    }
  }

  private void callsAnsweredAndAbandoned() {
    engine.offer(CallOffer.of(CallId.of("c1"), QueueId.of("support"), "+48600000001"));
    scheduler.advance(Duration.ofSeconds(5));
    engine.agentAnswered(CallId.of("c1"), AgentId.of("alice"));
    engine.offer(CallOffer.of(CallId.of("c2"), QueueId.of("support"), "+48600000002"));
    scheduler.advance(Duration.ofSeconds(30));
    engine.callerHungUp(CallId.of("c2"));
    scheduler.advance(Duration.ofSeconds(60));
    engine.callEnded(CallId.of("c1"));
    recorder.flush();
  }

  @Test
  void snapshot_showsWaitingCallersAndAgents() throws Exception {
    engine.offer(CallOffer.of(CallId.of("c1"), QueueId.of("support"), "+48600000001"));
    engine.offer(CallOffer.of(CallId.of("c2"), QueueId.of("support"), "+48600000002"));
    scheduler.advance(Duration.ofSeconds(7));

    HttpResponse<String> r = get("/api/snapshot");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
    JsonNode body = json.readTree(r.body());
    JsonNode q = body.get("queues").get(0);
    assertThat(q.get("name").asText()).isEqualTo("support");
    assertThat(q.get("waitingCount").asInt()).isEqualTo(2);
    assertThat(q.get("longestWaitSeconds").asDouble()).isEqualTo(7.0);
    assertThat(q.get("waiting").get(0).get("ringing").get(0).asText()).isEqualTo("alice");
    assertThat(q.get("waiting").get(1).get("position").asInt()).isEqualTo(2);
    JsonNode alice = body.get("agents").get(0);
    assertThat(alice.get("state").asText()).isEqualTo("RINGING");
    assertThat(alice.get("registered").asBoolean()).isTrue();
  }

  @Test
  void calls_listEveryCallWithItsOutcome_filteredByOutcome() throws Exception {
    callsAnsweredAndAbandoned();

    JsonNode all = json.readTree(get("/api/calls").body());
    assertThat(all).hasSize(2);
    JsonNode c1 = all.get(0);
    assertThat(c1.get("call").asText()).isEqualTo("c1");
    assertThat(c1.get("record").asText()).isNotBlank()
        .isNotEqualTo(all.get(1).get("record").asText());
    assertThat(c1.get("interruptedAt").isNull()).isTrue();
    assertThat(c1.get("outcome").asText()).isEqualTo("ANSWERED");
    assertThat(c1.get("agent").asText()).isEqualTo("alice");
    assertThat(c1.get("waitSeconds").asDouble()).isEqualTo(5.0);
    assertThat(c1.get("talkSeconds").asDouble()).isEqualTo(90.0);

    JsonNode abandoned = json.readTree(get("/api/calls?outcome=abandoned").body());
    assertThat(abandoned).singleElement()
        .satisfies(c -> assertThat(c.get("call").asText()).isEqualTo("c2"));
  }

  @Test
  void callsCsv_isACsvDocument() throws Exception {
    callsAnsweredAndAbandoned();
    HttpResponse<String> r = get("/api/calls.csv");
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
        t -> assertThat(t).startsWith("text/csv"));
    assertThat(r.body().lines()).hasSize(3);
    assertThat(r.body().lines().findFirst()).hasValueSatisfying(
        h -> assertThat(h).startsWith("record_id,call_id,queue"));
  }

  @Test
  void stats_aggregatePerQueueAndAgent_andPerInterval() throws Exception {
    callsAnsweredAndAbandoned();
    JsonNode s = json.readTree(get("/api/stats?from=2026-01-05T08:00:00Z"
        + "&to=2026-01-05T09:00:00Z&interval=15m").body());
    JsonNode q = s.get("queues").get(0);
    assertThat(q.get("offered").asInt()).isEqualTo(2);
    assertThat(q.get("answered").asInt()).isEqualTo(1);
    assertThat(q.get("abandoned").asInt()).isEqualTo(1);
    assertThat(q.get("serviceLevel").asDouble()).isEqualTo(1.0);
    assertThat(q.get("abandonmentRate").asDouble()).isEqualTo(0.5);
    assertThat(s.get("agents").get(0).get("answered").asInt()).isEqualTo(1);
    assertThat(s.get("intervals")).hasSize(4);
    assertThat(s.get("intervals").get(0).get("allQueues").get("offered").asInt()).isEqualTo(2);
  }

  /** Announcements the engine would have made: their callers' leaving scores or censors them. */
  private void announce(String call, int position, long estimateSeconds, long leftAfterSeconds,
      CallOutcome outcome) {
    java.time.Instant at = scheduler.clock().instant();
    QueueId q = QueueId.of("support");
    accuracy.onEvent(new QueueEvent.WaitEstimated(at, CallId.of(call), q, "default", position,
        Duration.ZERO, Duration.ofSeconds(estimateSeconds)));
    accuracy.onEvent(new QueueEvent.CallerLeft(at.plusSeconds(leftAfterSeconds), CallId.of(call),
        q, "", outcome, outcome == CallOutcome.ANSWERED ? AgentId.of("alice") : null, null,
        Duration.ofSeconds(leftAfterSeconds), position));
  }

  @Test
  void stats_carryEachQueuesLiveEstimateAccuracy_perBand() throws Exception {
    announce("e1", 1, 50, 40, CallOutcome.ANSWERED); // +10
    announce("e2", 2, 20, 50, CallOutcome.ANSWERED); // -30
    announce("e3", 5, 30, 45, CallOutcome.ABANDONED); // censored, already outwaited
    JsonNode all = json.readTree(get("/api/stats").body()).get("estimateAccuracy");
    assertThat(all).hasSize(1);
    JsonNode a = all.get(0);
    assertThat(a.get("queue").asText()).isEqualTo("support");
    assertThat(a.get("n").asLong()).isEqualTo(2);
    assertThat(a.get("rmseSeconds").asDouble()).isEqualTo(Math.sqrt((100 + 900) / 2.0));
    assertThat(a.get("maeSeconds").asDouble()).isEqualTo(20.0);
    assertThat(a.get("biasSeconds").asDouble()).isEqualTo(-10.0);
    assertThat(a.get("censored").asLong()).isEqualTo(1);
    assertThat(a.get("censoredExceeded").asLong()).isEqualTo(1);
    JsonNode bands = a.get("bands");
    assertThat(bands).hasSize(4);
    assertThat(bands.get(0).get("band").asText()).isEqualTo("1");
    assertThat(bands.get(0).get("biasSeconds").asDouble()).isEqualTo(10.0);
    assertThat(bands.get(1).get("band").asText()).isEqualTo("2-3");
    assertThat(bands.get(1).get("biasSeconds").asDouble()).isEqualTo(-30.0);
    assertThat(bands.get(2).get("n").asLong()).isZero();
    assertThat(bands.get(2).get("rmseSeconds").isNull()).isTrue();
    assertThat(bands.get(2).get("censored").asLong()).isEqualTo(1);
  }

  @Test
  void stats_withoutAnnouncements_haveAnEmptyEstimateAccuracy() throws Exception {
    callsAnsweredAndAbandoned();
    JsonNode s = json.readTree(get("/api/stats").body());
    assertThat(s.get("estimateAccuracy").isArray()).isTrue();
    assertThat(s.get("estimateAccuracy")).isEmpty();
  }

  /**
   * c3 asks for a kept-place callback with one attempt; alice answers it, the customer is not
   * reached, and the engine gives it up: an UNREACHED record.
   */
  private void callbackUnreached() {
    engine.updateQueue(QueueConfig.builder("support").callbackKeepsPlace(true)
        .callbackAttempts(1).build());
    engine.offer(CallOffer.of(CallId.of("c3"), QueueId.of("support"), "+48600000003"));
    scheduler.advance(Duration.ofSeconds(2));
    engine.dtmf(CallId.of("c3"), '1');
    engine.promptFinished(CallId.of("c3"));
    scheduler.advance(Duration.ofSeconds(10));
    engine.agentAnswered(CallId.of("c3"), AgentId.of("alice"));
    engine.customerUnreached(CallId.of("c3"), RingFailure.UNREACHABLE);
    scheduler.advance(Duration.ofSeconds(1));
    recorder.flush();
  }

  @Test
  void stats_countUnreachedCallbacks_andTheCallListShowsTheirOutcome() throws Exception {
    callsAnsweredAndAbandoned();
    callbackUnreached();

    JsonNode s = json.readTree(get("/api/stats?from=2026-01-05T08:00:00Z"
        + "&to=2026-01-05T09:00:00Z&interval=15m").body());
    JsonNode q = s.get("queues").get(0);
    assertThat(q.get("offered").asInt()).isEqualTo(3);
    assertThat(q.get("unreached").asInt()).isEqualTo(1);
    assertThat(q.get("callback").asInt()).isZero();
    assertThat(s.get("allQueues").get("unreached").asInt()).isEqualTo(1);
    assertThat(s.get("intervals").get(0).get("allQueues").get("unreached").asInt())
        .isEqualTo(1);

    JsonNode unreached = json.readTree(get("/api/calls?outcome=unreached").body());
    assertThat(unreached).singleElement()
        .satisfies(c -> assertThat(c.get("call").asText()).isEqualTo("c3"));
    assertThat(get("/api/calls.csv").body().lines())
        .anySatisfy(l -> assertThat(l).contains(",c3,").contains("UNREACHED"));
  }

  @Test
  void badParameters_areA400NamingTheParameter() throws Exception {
    HttpResponse<String> r = get("/api/calls?from=yesterday");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json.readTree(r.body()).get("error").asText())
        .startsWith("from must be an ISO-8601 instant").contains("'yesterday'");
    assertThat(get("/api/calls?outcome=LOST").statusCode()).isEqualTo(400);
    assertThat(get("/api/stats?interval=5x").statusCode()).isEqualTo(400);
    assertThat(get("/nowhere").statusCode()).isEqualTo(404);
  }

  @Test
  void overflowingParameters_areA400_notA500() throws Exception {
    HttpResponse<String> r = get("/api/stats?interval=99999999999999999999m");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json.readTree(r.body()).get("error").asText())
        .startsWith("interval must be a duration");
    assertThat(get("/api/stats?interval=9999999999999999h").statusCode()).isEqualTo(400);
    assertThat(get("/api/stats?from=-1000000000-01-01T00:00:00Z").statusCode()).isEqualTo(400);
    assertThat(get("/api/calls?to=+1000000000-01-01T00:00:00Z").statusCode()).isEqualTo(400);
    assertThat(get("/api/calls?limit=99999999999").statusCode()).isEqualTo(400);
  }

  @Test
  void stats_withMoreIntervalsThanTheLimit_isA400NamingTheLimit() throws Exception {
    HttpResponse<String> r = get("/api/stats?from=2026-01-01T00:00:00Z"
        + "&to=2026-01-03T00:00:00Z&interval=1m");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json.readTree(r.body()).get("error").asText())
        .contains("2880 intervals").contains("at most " + StatsEndpoint.MAX_INTERVALS);
    assertThat(get("/api/stats?from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z&interval=1m")
        .statusCode()).isEqualTo(200);
  }

  @Test
  void withoutTheRightToken_everyResourceIsA401WithABearerChallenge() throws Exception {
    for (String path : List.of("/api/snapshot", "/api/calls", "/api/calls.csv", "/api/stats",
        "/nowhere")) {
      HttpResponse<String> none = get(path, null);
      assertThat(none.statusCode()).as(path).isEqualTo(401);
      assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue(
          "Bearer realm=\"callqueue\"");
      assertThat(none.body()).doesNotContain("support");
      assertThat(get(path, "Bearer " + TOKEN + "x").statusCode()).as(path).isEqualTo(401);
      assertThat(get(path, "Basic " + TOKEN).statusCode()).as(path).isEqualTo(401);
    }
  }

  @Test
  void aForeignHost_isA403_whileIpAddressesLocalhostAndConfiguredNamesAreServed()
      throws Exception {
    String request = "GET /api/snapshot HTTP/1.1\r\nAuthorization: Bearer " + TOKEN
        + "\r\nConnection: close\r\nHost: ";
    assertThat(rawStatusLine(request + "attacker.example:" + endpoint.port() + "\r\n\r\n"))
        .startsWith("HTTP/1.1 403");
    assertThat(rawStatusLine(request + "localhost.attacker.example\r\n\r\n"))
        .startsWith("HTTP/1.1 403");
    for (String host : List.of("127.0.0.1:" + endpoint.port(), "localhost", "[::1]:8080",
        "192.168.1.5", "CallQueue.Example.com:8080")) {
      assertThat(rawStatusLine(request + host + "\r\n\r\n")).as(host)
          .startsWith("HTTP/1.1 200");
    }
  }

  @Test
  void halfSentRequests_doNotStallAnotherRequest() throws Exception {
    List<Socket> halfSent = new ArrayList<>();
    try {
      for (int i = 0; i < 2 * StatsEndpoint.MAX_THREADS; i++) {
        Socket s = new Socket("127.0.0.1", endpoint.port());
        s.getOutputStream().write(("GET /api/snapshot HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + "Authorization: Bearer " + TOKEN + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        s.getOutputStream().flush();
        halfSent.add(s);
      }
      HttpResponse<String> r = get("/api/snapshot");
      assertThat(r.statusCode()).isEqualTo(200);
    } finally {
      for (Socket s : halfSent) {
        s.close();
      }
    }
  }

  @Test
  void loopback_isTellingBindAddressesThatStayOnThisMachine() {
    assertThat(StatsEndpoint.isLoopback("127.0.0.1")).isTrue();
    assertThat(StatsEndpoint.isLoopback("::1")).isTrue();
    assertThat(StatsEndpoint.isLoopback("localhost")).isTrue();
    assertThat(StatsEndpoint.isLoopback("0.0.0.0")).isFalse();
    assertThat(StatsEndpoint.isLoopback("192.168.1.5")).isFalse();
  }

  @Test
  void aPortInUse_isAnIOExceptionNamingTheAddress() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      assertThatThrownBy(() -> new StatsEndpoint(engine, store,
          () -> CallStatistics.forQueues(List.of()), scheduler.clock(),
          new ServerConfig.Http("127.0.0.1", taken.getLocalPort())))
          .isInstanceOf(IOException.class)
          .hasMessageStartingWith("cannot listen for HTTP on 127.0.0.1:" + taken.getLocalPort()
              + ": ");
    }
  }

  @Test
  void anOversizedRequestHead_isRefused() throws Exception {
    String head = "GET /api/snapshot HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Filler: "
        + "x".repeat(StatsEndpoint.MAX_HEADER_BYTES) + "\r\n\r\n";
    assertThat(rawStatusLine(head)).startsWith("HTTP/1.1 431");
  }
}
