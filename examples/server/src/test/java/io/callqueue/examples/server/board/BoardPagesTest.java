package io.callqueue.examples.server.board;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callqueue.api.AgentConfig;
import io.callqueue.api.AgentId;
import io.callqueue.api.CallId;
import io.callqueue.api.CallOffer;
import io.callqueue.api.CallOutcome;
import io.callqueue.api.CallRecord;
import io.callqueue.api.JoinPolicy;
import io.callqueue.api.Membership;
import io.callqueue.api.QueueConfig;
import io.callqueue.api.QueueId;
import io.callqueue.api.RecordId;
import io.callqueue.api.VoicemailMessage;
import io.callqueue.core.CallQueueEngine;
import io.callqueue.core.records.CallRecorder;
import io.callqueue.core.records.CallStatistics;
import io.callqueue.core.records.InMemoryCallRecordStore;
import io.callqueue.testkit.ManualScheduler;
import io.callqueue.testkit.RecordingTelephonyPort;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The board's pages and JSON over real HTTP, against an engine in virtual time. */
class BoardPagesTest {
  private static final QueueId SUPPORT = QueueId.of("support");
  private static final AgentId ALICE = AgentId.of("alice");
  private static final String MARKUP = "<img src=x onerror=alert(1)>";

  @TempDir
  Path dir;
  private final ManualScheduler scheduler = new ManualScheduler();
  private final InMemoryCallRecordStore store = new InMemoryCallRecordStore();
  private final ObjectMapper json = new ObjectMapper();
  private CallQueueEngine engine;
  private CallRecorder recorder;
  private BoardServer server;
  private Path voicemails;

  @BeforeEach
  void start() throws Exception {
    engine = CallQueueEngine.builder().telephony(new RecordingTelephonyPort())
        .scheduler(scheduler).executor(Runnable::run).build();
    recorder = CallRecorder.builder(store, scheduler).executor(Runnable::run).build();
    engine.addListener(recorder);
    QueueConfig support = QueueConfig.builder("support").joinPolicy(JoinPolicy.ALWAYS).build();
    engine.addQueue(support);
    engine.addAgent(AgentConfig.sip("alice", "alice"));
    engine.addMembership(Membership.of(SUPPORT, ALICE));
    voicemails = Files.createDirectories(dir.resolve("voicemail"));
    server = new BoardServer(engine, store, () -> CallStatistics.forQueues(List.of(support)),
        scheduler.clock(), voicemails);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** {@code n} answered calls of 3 s wait and 60 s talk, one a minute, from 08:00. */
  private void answeredCalls(int n, String numberPrefix) {
    engine.sipRegistered("alice");
    for (int i = 0; i < n; i++) {
      CallId c = CallId.of("call-" + numberPrefix.length() + "-" + i);
      engine.offer(CallOffer.of(c, SUPPORT, numberPrefix + i));
      scheduler.advance(Duration.ofSeconds(3));
      engine.agentAnswered(c, ALICE);
      scheduler.advance(Duration.ofSeconds(50));
      engine.callEnded(c);
      scheduler.advance(Duration.ofSeconds(7));
    }
    recorder.flush();
  }

  private static int rows(String html, String tableId) {
    Matcher m = Pattern.compile("<table[^>]*id=\"" + tableId + "\".*?<tbody>(.*?)</tbody>",
        Pattern.DOTALL).matcher(html);
    assertThat(m.find()).as("table " + tableId).isTrue();
    return (int) Pattern.compile("<tr[ >]").matcher(m.group(1)).results().count();
  }

  @Test
  void wallboardPage_isTheShellWithTheScript_inTheBrowsersLanguage() throws Exception {
    HttpResponse<String> en = server.get("/panel/wallboard", "en-GB,en;q=0.8");
    HttpResponse<String> pl = server.get("/panel/wallboard", "pl-PL,pl;q=0.9,en;q=0.5");

    assertThat(en.statusCode()).isEqualTo(200);
    assertThat(en.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
    assertThat(en.headers().firstValue("Content-Security-Policy").orElse(""))
        .contains("script-src 'self'");
    assertThat(en.body()).contains("<title>Wallboard").contains("wallboard.js")
        .contains("\"events\":\"/panel/wallboard/events\"");
    assertThat(pl.body()).contains("<html lang=\"pl\">").contains("<title>Tablica")
        .contains("Konsultanci");
  }

  @Test
  void wallboardState_isTheLivePicture_withTodaysFigures() throws Exception {
    answeredCalls(2, "+4861");
    engine.sipUnregistered("alice");
    engine.offer(CallOffer.of(CallId.of("w1"), SUPPORT, MARKUP));
    scheduler.advance(Duration.ofSeconds(12));
    server.board.hub().today().refresh();

    HttpResponse<String> r = server.get("/panel/wallboard/state");

    assertThat(r.body()).doesNotContain("<img").contains("\\u003cimg");
    JsonNode q = json.readTree(r.body()).get("queues").get(0);
    assertThat(q.get("waitingCount").asInt()).isEqualTo(1);
    assertThat(q.get("waiting").get(0).get("callerNumber").asText()).isEqualTo(MARKUP);
    assertThat(q.get("waiting").get(0).get("waitedSeconds").asDouble()).isEqualTo(12.0);
    assertThat(q.get("answeredToday").asInt()).isEqualTo(2);
    assertThat(q.get("serviceLevelToday").asDouble()).isEqualTo(1.0);
    JsonNode alice = json.readTree(r.body()).get("agents").get(0);
    assertThat(alice.get("answeredToday").asInt()).isEqualTo(2);
    assertThat(alice.get("talkSecondsToday").asDouble()).isEqualTo(100.0);
  }

  @Test
  void callList_pagesThroughTheStore_fiftyAtATime() throws Exception {
    answeredCalls(120, "+4862");
    String day = "from=2026-01-05&to=2026-01-05";

    String first = server.get("/panel/calls?" + day).body();
    String third = server.get("/panel/calls?" + day + "&page=3").body();

    assertThat(rows(first, "calls")).isEqualTo(50);
    assertThat(first).contains("id=\"next\"").doesNotContain("id=\"prev\"")
        .contains("+48620<").contains("+486249<").doesNotContain("+486250<");
    assertThat(rows(third, "calls")).isEqualTo(20);
    assertThat(third).contains("id=\"prev\"").doesNotContain("id=\"next\"")
        .contains("+4862100<").contains("+4862119<");
    HttpResponse<String> api = server.get("/api/calls?from=2026-01-05T00:00:00Z"
        + "&to=2026-01-06T00:00:00Z&offset=110&limit=5");
    JsonNode page = json.readTree(api.body());
    assertThat(page).hasSize(5);
    assertThat(page.get(0).get("callerNumber").asText()).isEqualTo("+4862110");
    assertThat(server.get("/api/calls?offset=-1").statusCode()).isEqualTo(400);
  }

  @Test
  void callList_filtersAndItsCsvLink_selectTheSameCalls() throws Exception {
    answeredCalls(3, "+4863");
    engine.sipUnregistered("alice");
    engine.offer(CallOffer.of(CallId.of("gone"), SUPPORT, "+48639999"));
    scheduler.advance(Duration.ofSeconds(30));
    engine.callerHungUp(CallId.of("gone"));
    recorder.flush();

    String html = server.get("/panel/calls?from=2026-01-05&to=2026-01-05&outcome=ABANDONED")
        .body();
    assertThat(rows(html, "calls")).isEqualTo(1);
    assertThat(html).contains("+48639999");
    Matcher csv = Pattern.compile("id=\"csv\" href=\"([^\"]+)\"").matcher(html);
    assertThat(csv.find()).isTrue();
    String link = csv.group(1).replace("&amp;", "&");
    assertThat(link).startsWith("/api/calls.csv?").contains("outcome=ABANDONED")
        .contains("from=2026-01-05T00%3A00%3A00Z");

    HttpResponse<String> file = server.get(link);

    assertThat(file.statusCode()).isEqualTo(200);
    List<String> lines = file.body().lines().toList();
    assertThat(lines).hasSize(2); // header and the one abandoned call
    assertThat(lines.get(1)).contains("+48639999").contains("ABANDONED");
    String answered = server.get("/panel/calls?from=2026-01-05&to=2026-01-05&agent=alice")
        .body();
    assertThat(rows(answered, "calls")).isEqualTo(3);
  }

  @Test
  void everythingRendered_isEscaped() throws Exception {
    engine.offer(CallOffer.of(CallId.of("x1"), SUPPORT, MARKUP));
    scheduler.advance(Duration.ofSeconds(5));
    engine.callerHungUp(CallId.of("x1"));
    recorder.flush();

    String calls = server.get("/panel/calls?from=2026-01-05&to=2026-01-05&queue="
        + "%3Cb%3Ebad%3C%2Fb%3E").body();
    String list = server.get("/panel/calls?from=2026-01-05&to=2026-01-05").body();
    String bad = server.get("/panel/calls?from=%3Cscript%3E").body();

    assertThat(list).contains("&lt;img src=x onerror=alert(1)&gt;").doesNotContain(MARKUP);
    assertThat(calls).doesNotContain("<b>bad</b>");
    assertThat(bad).doesNotContain("<script>").contains("&lt;script&gt;");
    assertThat(server.get("/panel/calls?from=%3Cscript%3E").statusCode()).isEqualTo(400);
  }

  @Test
  void statistics_tablesAndChartData_forTheDay() throws Exception {
    answeredCalls(4, "+4864");
    engine.sipUnregistered("alice");
    engine.offer(CallOffer.of(CallId.of("long"), SUPPORT, "+48640000"));
    scheduler.advance(Duration.ofSeconds(75));
    engine.callerHungUp(CallId.of("long"));
    recorder.flush();

    String page = server.get("/panel/stats?from=2026-01-05&to=2026-01-05").body();
    JsonNode data = json.readTree(server.get("/panel/stats/data?from=2026-01-05&to=2026-01-05")
        .body());

    assertThat(rows(page, "queue-figures")).isEqualTo(2); // support and all queues
    assertThat(rows(page, "agent-figures")).isEqualTo(1);
    assertThat(page).contains("id=\"chart-hourly\"").contains("id=\"chart-waits\"")
        .contains("id=\"chart-serviceLevel\"").contains("uPlot.iife.min.js");
    assertThat(data.get("hours").get("t")).hasSize(24);
    int eight = 8;
    assertThat(data.get("hours").get("offered").get(eight).asInt()).isEqualTo(5);
    assertThat(data.get("hours").get("answered").get(eight).asInt()).isEqualTo(4);
    assertThat(data.get("hours").get("abandoned").get(eight).asInt()).isEqualTo(1);
    assertThat(data.get("hours").get("serviceLevel").get(eight).asDouble()).isEqualTo(100.0);
    JsonNode waits = data.get("waits").get("counts");
    assertThat(waits.get(0).asInt()).isEqualTo(4); // 3 s
    assertThat(waits.get(4).asInt()).isEqualTo(1); // 75 s: 60-120
    assertThat(data.get("report").get("allQueues").get("offered").asInt()).isEqualTo(5);
    HttpResponse<String> uplot = server.get("/panel/board/assets/uplot/uPlot.iife.min.js");
    assertThat(uplot.statusCode()).isEqualTo(200);
    assertThat(uplot.body()).contains("uPlot");
    assertThat(server.get("/panel/board/assets/..%2F..%2Fboard_en.properties").statusCode())
        .isEqualTo(404);
  }

  private CallRecord record(String id, CallOutcome outcome, VoicemailMessage vm,
      CallRecord.Callback cb) {
    Instant at = scheduler.clock().instant();
    return new CallRecord(RecordId.of(id), CallId.of(id), SUPPORT, "+48650" + id, at, at, 1, 1,
        List.of(), null, null, at.plusSeconds(20), null, null, outcome, null,
        Duration.ofSeconds(20), null, vm, cb);
  }

  @Test
  void voicemail_servesOnlyTheWavFileARecordNames_insideTheVoicemailFolder() throws Exception {
    byte[] wav = "RIFF....WAVEfmt fake".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    Path good = Files.write(voicemails.resolve("vm-1.wav"), wav);
    Path secret = Files.writeString(dir.resolve("secret.wav"), "not yours");
    Files.writeString(voicemails.resolve("notes.txt"), "text");
    Files.createSymbolicLink(voicemails.resolve("link.wav"), secret);
    Duration len = Duration.ofSeconds(4);
    store.save(record("vm-good", CallOutcome.VOICEMAIL, new VoicemailMessage(good.toString(), len),
        null));
    store.save(record("vm-dots", CallOutcome.VOICEMAIL,
        new VoicemailMessage(voicemails + "/../secret.wav", len), null));
    store.save(record("vm-abs", CallOutcome.VOICEMAIL,
        new VoicemailMessage(secret.toString(), len), null));
    store.save(record("vm-link", CallOutcome.VOICEMAIL,
        new VoicemailMessage(voicemails.resolve("link.wav").toString(), len), null));
    store.save(record("vm-txt", CallOutcome.VOICEMAIL,
        new VoicemailMessage(voicemails.resolve("notes.txt").toString(), len), null));

    HttpResponse<byte[]> ok = server.getBytes("/panel/voicemail/vm-good");

    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.headers().firstValue("Content-Type")).hasValue("audio/wav");
    assertThat(ok.body()).isEqualTo(wav);
    for (String refused : List.of("vm-dots", "vm-abs", "vm-link", "vm-txt", "no-such-record",
        "..%2F..%2Fsecret.wav", "%2Fetc%2Fpasswd")) {
      HttpResponse<byte[]> r = server.getBytes("/panel/voicemail/" + refused);
      assertThat(r.statusCode()).as(refused).isEqualTo(404);
      assertThat(new String(r.body(), java.nio.charset.StandardCharsets.UTF_8)).as(refused)
          .doesNotContain("not yours").doesNotContain(dir.toString());
    }
    String page = server.get("/panel/messages?from=2026-01-05&to=2026-01-05").body();
    assertThat(page).contains("src=\"/panel/voicemail/vm-good\"");
  }

  @Test
  void callbacks_showPendingPlacedAndUnreached() throws Exception {
    Instant at = scheduler.clock().instant();
    store.save(record("cb-pending", CallOutcome.CALLBACK, null,
        new CallRecord.Callback(at, 3, Duration.ofSeconds(20), false, null, null)));
    store.save(record("cb-placed", CallOutcome.CALLBACK, null,
        new CallRecord.Callback(at, 1, Duration.ofSeconds(20), true, at.plusSeconds(90), ALICE)));
    store.save(record("cb-unreached", CallOutcome.UNREACHED, null,
        new CallRecord.Callback(at, 2, Duration.ofSeconds(20), true, at.plusSeconds(60), ALICE)));

    String en = server.get("/panel/messages?from=2026-01-05&to=2026-01-05").body();
    String pl = server.get("/panel/messages?from=2026-01-05&to=2026-01-05", "pl").body();

    assertThat(rows(en, "callbacks")).isEqualTo(3);
    assertThat(en).contains("class=\"callback-pending\"").contains("class=\"callback-placed\"")
        .contains("class=\"callback-unreached\"").contains(">pending<").contains(">placed<")
        .contains(">unreached<");
    assertThat(pl).contains(">oczekuje<").contains(">oddzwoniono<");
  }

  @Test
  void bothLanguages_haveTheSameTexts() {
    BoardMessages en = BoardMessages.of(Locale.ENGLISH);
    BoardMessages pl = BoardMessages.of(Locale.forLanguageTag("pl"));

    assertThat(pl.locale().getLanguage()).isEqualTo("pl");
    assertThat(pl.keys()).containsExactlyInAnyOrderElementsOf(en.keys());
    for (CallOutcome o : CallOutcome.values()) {
      assertThat(en.keys()).contains("outcome." + o.name());
    }
    assertThat(BoardMessages.of(Locale.GERMAN).locale()).isEqualTo(Locale.ENGLISH);
  }
}
