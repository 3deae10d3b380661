package io.callqueue.examples.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callqueue.api.AgentConfig;
import io.callqueue.api.AgentId;
import io.callqueue.api.CallId;
import io.callqueue.api.CallOffer;
import io.callqueue.api.Membership;
import io.callqueue.api.QueueConfig;
import io.callqueue.api.QueueId;
import io.callqueue.core.CallQueueEngine;
import io.callqueue.core.records.CallRecorder;
import io.callqueue.core.records.CallStatistics;
import io.callqueue.core.records.InMemoryCallRecordStore;
import io.callqueue.testkit.ManualScheduler;
import io.callqueue.testkit.RecordingTelephonyPort;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The endpoint over real HTTP on 127.0.0.1, against a real engine in virtual time. */
class StatsEndpointTest {
  private final ManualScheduler scheduler = new ManualScheduler();
  private final InMemoryCallRecordStore store = new InMemoryCallRecordStore();
  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();
  private CallQueueEngine engine;
  private CallRecorder recorder;
  private StatsEndpoint endpoint;

  @BeforeEach
  void start() throws Exception {
    engine = CallQueueEngine.builder().telephony(new RecordingTelephonyPort())
        .clock(scheduler.clock()).scheduler(scheduler).executor(Runnable::run).build();
    recorder = CallRecorder.builder(store, scheduler).executor(Runnable::run).build();
    engine.addListener(recorder);
    QueueConfig support = QueueConfig.builder("support").build();
    engine.addQueue(support);
    engine.addAgent(AgentConfig.sip("alice", "alice"));
    engine.addMembership(Membership.of(QueueId.of("support"), AgentId.of("alice")));
    engine.sipRegistered("alice");
    endpoint = new StatsEndpoint(engine, store,
        () -> CallStatistics.forQueues(List.of(support)), scheduler.clock(), "127.0.0.1", 0);
  }

  @AfterEach
  void stop() {
    endpoint.close();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + endpoint.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
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
        h -> assertThat(h).startsWith("call_id,queue"));
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
}
