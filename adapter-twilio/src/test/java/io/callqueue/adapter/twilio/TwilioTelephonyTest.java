package io.callqueue.adapter.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import com.twilio.security.RequestValidator;
import io.callqueue.adapter.twilio.standin.FakeTwilio;
import io.callqueue.adapter.twilio.standin.Phone;
import io.callqueue.adapter.twilio.standin.SimCall;
import io.callqueue.adapter.twilio.standin.TwilioSignature;
import io.callqueue.api.AgentConfig;
import io.callqueue.api.AgentId;
import io.callqueue.api.CallOutcome;
import io.callqueue.api.EstimateAnnouncement;
import io.callqueue.api.JoinPolicy;
import io.callqueue.api.Membership;
import io.callqueue.api.QueueConfig;
import io.callqueue.api.QueueEvent;
import io.callqueue.api.QueueId;
import io.callqueue.api.Strategy;
import io.callqueue.core.CallQueueEngine;
import io.callqueue.testkit.tier.WireTest;
import io.callqueue.prompts.PromptLibrary;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The adapter against the Twilio stand-in, on the wire (webhooks, REST through the real SDK). */
@WireTest
@Timeout(30)
class TwilioTelephonyTest {
  static final String AC = "AC" + "0123456789abcdef".repeat(2);
  static final String TOKEN = "stand-in-auth-token";
  static final String NUMBER = "+15005550006";
  static final String MUSIC = "https://media.example/moh/default.wav";
  static final Duration WAIT = Duration.ofSeconds(10);

  private FakeTwilio twilio;
  private TwilioTelephony adapter;
  private CallQueueEngine engine;
  private String base;
  /** The configured music URL; null has the adapter serve the shipped hold music. */
  private String musicUrl = MUSIC;
  private final List<QueueEvent> events = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    if (engine != null) {
      engine.close();
    }
    if (adapter != null) {
      adapter.close();
    }
    if (twilio != null) {
      twilio.close();
    }
  }

  private void start(double cps, QueueConfig queue, AgentConfig... agents) throws IOException {
    start(Duration.ofSeconds(2), cps, queue, agents);
  }

  private void start(Duration webhookWait, double cps, QueueConfig queue, AgentConfig... agents)
      throws IOException {
    twilio = new FakeTwilio(AC, TOKEN, 20, 100);
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    base = "http://127.0.0.1:" + port;
    TwilioConfig config = TwilioConfig.of(AC, TOKEN, URI.create(base), "127.0.0.1", port, NUMBER,
            musicUrl, null)
        .withApiBaseUrl(twilio.apiBase()).withCallsPerSecond(cps)
        .withBackoff(Duration.ofMillis(50)).withWebhookWait(webhookWait);
    adapter = new TwilioTelephony(config);
    engine = CallQueueEngine.builder().telephony(adapter).build();
    adapter.attach(engine);
    adapter.start();
    engine.addListener(events::add);
    engine.addQueue(queue).toCompletableFuture().join();
    for (AgentConfig a : agents) {
      engine.addAgent(a).toCompletableFuture().join();
      engine.addMembership(Membership.of(queue.id(), a.id())).toCompletableFuture().join();
      engine.login(a.id()).toCompletableFuture().join();
    }
  }

  /** A queue whose only agent is paused: callers wait. */
  private void startWithPausedAgent() throws IOException {
    start(1, quiet("sales").joinPolicy(JoinPolicy.REQUIRE_LOGGED_IN_AGENT).build(),
        AgentConfig.external("alice", "+15550000001"));
    engine.pause(AgentId.of("alice"), "lunch").toCompletableFuture().join();
  }

  private static QueueConfig.Builder quiet(String name) {
    return QueueConfig.builder(name).announcePosition(false)
        .estimateAnnouncement(EstimateAnnouncement.OFF);
  }

  private SimCall call(String queue) {
    return twilio.incoming("+48600100200", NUMBER, base + "/cq/enter?queue=" + queue
        + "&continue=https%3A%2F%2Fivr.example%2Fafter");
  }

  private Map<String, String> entryParams(String account) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("AccountSid", account);
    p.put("ApiVersion", "2010-04-01");
    p.put("CallSid", "CA" + "f".repeat(32));
    p.put("CallStatus", "ringing");
    p.put("Direction", "inbound");
    p.put("From", "+48600100200");
    p.put("To", NUMBER);
    return p;
  }

  @Test
  void standInSignatureMatchesTwilioPublishedExampleAndTheSdkValidator() {
    // Twilio's documented example (auth token 12345, its URL and POST parameters).
    Map<String, String> p = new LinkedHashMap<>();
    p.put("CallSid", "CA1234567890ABCDE");
    p.put("Caller", "+14158675309");
    p.put("Digits", "1234");
    p.put("From", "+14158675309");
    p.put("To", "+18005551212");
    String url = "https://mycompany.com/myapp.php?foo=1&bar=2";
    String signature = TwilioSignature.sign("12345", url, p);
    assertThat(signature).isEqualTo("RSOYDt4T1cUTdK1PDd93/VVr8B8=");
    assertThat(new RequestValidator("12345").validate(url, p, signature)).isTrue();
  }

  @Test
  void unsignedWronglySignedReplayedAndForeignWebhooksGet403AndLeaveNoTrace() throws IOException {
    start(1, quiet("sales").build(), AgentConfig.external("alice", "+15550000001"));
    String url = base + "/cq/enter?queue=sales";
    Map<String, String> p = entryParams(AC);
    assertThat(twilio.post(url, p, null)).isNull();
    assertThat(twilio.post(url, p, "d3Jvbmc=")).isNull();
    String signedElsewhere = TwilioSignature.sign(TOKEN, base + "/cq/enter?queue=other", p);
    assertThat(twilio.post(url, p, signedElsewhere)).isNull();
    Map<String, String> foreign = entryParams("AC" + "9".repeat(32));
    assertThat(twilio.post(url, foreign, TwilioSignature.sign(TOKEN, url, foreign))).isNull();
    assertThat(twilio.webhookStatuses()).containsExactly(403, 403, 403, 403);
    assertThat(engine.snapshot().toCompletableFuture().join().queue(QueueId.of("sales"))
        .waiting()).isEmpty();
    assertThat(events).noneMatch(e -> e instanceof QueueEvent.CallerJoined);
    assertThat(twilio.restLog()).isEmpty();
    // and the same request, correctly signed, is a caller
    assertThat(twilio.post(url, p, TwilioSignature.sign(TOKEN, url, p))).contains("<Gather");
  }

  @Test
  void malformedUnknownAndLateWebhooksAreAnsweredWithoutAnEngineChange() throws IOException {
    start(1, quiet("sales").build(), AgentConfig.external("alice", "+15550000001"));
    Map<String, String> p = entryParams(AC);
    p.remove("CallSid");
    String enter = base + "/cq/enter?queue=sales";
    assertThat(twilio.post(enter, p, TwilioSignature.sign(TOKEN, enter, p)))
        .contains("<Hangup/>");
    String badQueue = base + "/cq/enter?queue=no%20such/queue";
    Map<String, String> q = entryParams(AC);
    assertThat(twilio.post(badQueue, q, TwilioSignature.sign(TOKEN, badQueue, q)))
        .contains("<Hangup/>");
    String key = base + "/cq/key?call=CA" + "e".repeat(32) + "&e=1";
    Map<String, String> k = entryParams(AC);
    k.put("Digits", "0");
    assertThat(twilio.post(key, k, TwilioSignature.sign(TOKEN, key, k))).contains("<Hangup/>");
    String late = base + "/cq/agent-status?call=CA" + "e".repeat(32) + "&agent=alice&leg=999";
    Map<String, String> l = entryParams(AC);
    l.put("CallStatus", "no-answer");
    assertThat(twilio.post(late, l, TwilioSignature.sign(TOKEN, late, l))).isNotNull();
    String answer = base + "/cq/agent?call=CA" + "e".repeat(32) + "&agent=alice&leg=999";
    assertThat(twilio.post(answer, l, TwilioSignature.sign(TOKEN, answer, l)))
        .contains("<Hangup/>");
    assertThat(twilio.webhookStatuses()).containsOnly(200);
    assertThat(events).allMatch(e -> e instanceof QueueEvent.AgentStateChanged);
    assertThat(twilio.restLog()).isEmpty();
  }

  @Test
  void positionPromptsAreServedByTheAdapterUnderContentHashedUrls() throws Exception {
    Path custom = Files.createTempFile("own-queue-position", ".wav");
    try {
      PromptLibrary shipped = PromptLibrary.shipped();
      byte[] own = shipped.find("en", "digits/7", null).bytes();
      Files.write(custom, own);
      start(1, announcing("sales").build(), AgentConfig.external("alice", "+15550000001"));
      engine.addQueue(announcing("support").promptOverride("queue-position", custom).build())
          .toCompletableFuture().join();
      engine.addMembership(Membership.of(QueueId.of("support"), AgentId.of("alice")))
          .toCompletableFuture().join();
      engine.pause(AgentId.of("alice"), "lunch").toCompletableFuture().join();

      String salesUrl = firstPromptUrl(call("sales"));
      String supportUrl = firstPromptUrl(call("support"));

      byte[] expected = shipped.find("en", "queue-position", null).bytes();
      assertThat(salesUrl).matches(Pattern.quote(base) + "/prompts/[0-9a-f]{64}\\.wav")
          .isEqualTo(base + "/prompts/" + shipped.find("en", "queue-position", null).sha256()
              + ".wav");
      HttpResponse<byte[]> got = get(salesUrl);
      assertThat(got.statusCode()).isEqualTo(200);
      assertThat(got.body()).isEqualTo(expected);
      assertThat(got.headers().firstValue("Cache-Control")).hasValueSatisfying(
          v -> assertThat(v).contains("max-age=31536000"));

      assertThat(supportUrl).isNotEqualTo(salesUrl).startsWith(base + "/prompts/");
      assertThat(get(supportUrl).body()).isEqualTo(own);

      assertThat(get(base + "/prompts/" + "0".repeat(64) + ".wav").statusCode()).isEqualTo(404);
      assertThat(get(base + "/prompts/..%2F..%2Fetc%2Fpasswd").statusCode()).isEqualTo(404);
      assertThat(get(base + "/prompts/en%2Fqueue-position.wav").statusCode()).isEqualTo(404);
      // the webhooks still insist on a signature
      assertThat(twilio.post(base + "/cq/enter?queue=sales", entryParams(AC), null)).isNull();
      List<Integer> statuses = twilio.webhookStatuses();
      assertThat(statuses.get(statuses.size() - 1)).isEqualTo(403);
    } finally {
      Files.deleteIfExists(custom);
    }
  }

  @Test
  void theAgentLegPlaysTheWhisperAndThenJoinsTheConferenceWhereTheCallerWaits()
      throws Exception {
    startWithPausedAgent();
    engine.updateQueue(quiet("sales").joinPolicy(JoinPolicy.REQUIRE_LOGGED_IN_AGENT)
        .reportHoldTime(true).build()).toCompletableFuture().join();
    twilio.phone("+15550000001", Phone.ANSWER);
    SimCall caller = call("sales");
    awaitEvent(QueueEvent.CallerJoined.class);
    pauseFor(Duration.ofMillis(1500)); // a hold time worth whispering
    engine.unpause(AgentId.of("alice")).toCompletableFuture().join();
    String room = "cq-" + caller.sid;
    awaitTrue(() -> twilio.conference(room) != null && twilio.conference(room).started()
        && twilio.conference(room).members().size() == 2);

    SimCall leg = twilio.outboundCalls().get(0);
    String answer = leg.documents().get(0);
    List<String> whisper = promptKeys(answer);
    assertThat(whisper).as("the whisper in %s", answer).first().isEqualTo("en/agent-hold-time");
    assertThat(whisper).hasSizeGreaterThan(1).allMatch(k -> k.startsWith("en/"));
    assertThat(answer.indexOf("<Play>")).isLessThan(answer.indexOf("<Dial>"));
    assertThat(answer).contains("startConferenceOnEnter=\"true\"").contains(">" + room + "<");
    // the stand-in played every whisper file on the agent's leg before the room started
    long whisperNanos = Duration.ofMillis(100L * whisper.size()).toNanos();
    assertThat(twilio.conference(room).startedNanos() - leg.answeredNanos())
        .isGreaterThanOrEqualTo(whisperNanos);
    assertThat(promptKeys(caller.documents().get(caller.documents().size() - 1)))
        .as("the caller hears no whisper").isEmpty();
  }

  @Test
  void positionAndEstimatePromptsArePlayedToTheWaitingCallerInsideTheGather() throws Exception {
    start(1, announcing("sales").estimateAnnouncement(EstimateAnnouncement.ONCE).build(),
        AgentConfig.external("alice", "+15550000001"));
    twilio.phone("+15550000001", Phone.ANSWER);
    // one call answered and ended gives the estimator a handle time; the next keeps alice busy
    SimCall first = call("sales");
    awaitTrue(() -> conferenceOf(first) && twilio.outboundCalls().size() == 1);
    pauseFor(Duration.ofMillis(1200));
    twilio.outboundCalls().get(0).hangUp();
    awaitEvent(QueueEvent.CallCompleted.class);
    SimCall busy = twilio.incoming("+48600100202", NUMBER, base + "/cq/enter?queue=sales");
    awaitTrue(() -> conferenceOf(busy));
    SimCall second = twilio.incoming("+48600100201", NUMBER, base + "/cq/enter?queue=sales");

    String doc = second.awaitDocument(d -> d.contains("actionOnEmptyResult"), WAIT);
    List<String> keys = promptKeys(doc);
    assertThat(keys).as("the announcement in %s", doc).startsWith("en/queue-position")
        .contains("en/digits/1", "en/queue-ewt").endsWith("en/queue-thankyou");
    Matcher gather = Pattern.compile("<Gather [^>]*>(.*?)</Gather>", Pattern.DOTALL)
        .matcher(doc);
    assertThat(gather.find()).isTrue();
    assertThat(promptKeys(gather.group(1))).as("every prompt inside the one-key Gather")
        .isEqualTo(keys);
    assertThat(gather.group(0)).contains("numDigits=\"1\"").contains("finishOnKey=\"\"")
        .contains("action=\"" + base + "/cq/prompt-end?call=" + second.sid);
    // after the prompts the Gather's action is called and the caller hears music again
    awaitTrue(() -> twilio.webhookLog().contains("/cq/prompt-end")
        && second.documents().indexOf(doc) < second.documents().size() - 1);
    List<String> docs = second.documents();
    assertThat(docs.get(docs.size() - 1)).contains("<Play loop=\"0\">" + MUSIC + "</Play>");
    assertThat(events).anyMatch(e -> e instanceof QueueEvent.WaitEstimated w
        && w.call().value().equals(second.sid));
  }

  private boolean conferenceOf(SimCall caller) {
    var room = twilio.conference("cq-" + caller.sid);
    return room != null && room.started() && room.members().size() == 2;
  }

  /** The shipped prompts a document's {@code <Play>}s play, as {@code <lang>/<key>}, in order. */
  private static List<String> promptKeys(String twiml) throws IOException {
    Map<String, String> byHash = new java.util.HashMap<>();
    for (var r : io.callqueue.prompts.PromptPack.shipped().recordings()) {
      byHash.put(r.sha256(), r.language() + "/" + r.key());
    }
    List<String> keys = new java.util.ArrayList<>();
    Matcher m = Pattern.compile("<Play>[^<]*/prompts/([0-9a-f]{64})\\.wav</Play>").matcher(twiml);
    while (m.find()) {
      keys.add(byHash.getOrDefault(m.group(1), "?" + m.group(1)));
    }
    return keys;
  }

  private static QueueConfig.Builder announcing(String name) {
    return QueueConfig.builder(name).joinPolicy(JoinPolicy.ALWAYS).announcePosition(true)
        .positionFirstAfter(Duration.ofMillis(200))
        .estimateAnnouncement(EstimateAnnouncement.OFF);
  }

  private static String firstPromptUrl(SimCall caller) {
    String doc = caller.awaitDocument(d -> d.contains("actionOnEmptyResult"), WAIT);
    Matcher m = Pattern.compile("<Play>([^<]+)</Play>").matcher(doc);
    assertThat(m.find()).as("a <Play> in %s", doc).isTrue();
    return m.group(1);
  }

  private static HttpResponse<byte[]> get(String url) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void waitingCallerHearsMusicInAOneKeyGather() throws IOException {
    start(1, quiet("sales").joinPolicy(JoinPolicy.REQUIRE_LOGGED_IN_AGENT).build(),
        AgentConfig.external("alice", "+15550000001"));
    SimCall caller = call("sales");
    String hold = caller.awaitDocument(d -> d.contains("<Gather"), WAIT);
    assertThat(hold).contains("numDigits=\"1\"").contains("finishOnKey=\"\"")
        .contains("<Play loop=\"0\">" + MUSIC + "</Play>")
        .contains("action=\"" + base + "/cq/key?call=" + caller.sid + "&amp;e=");
    awaitEvent(QueueEvent.CallerJoined.class);
    assertThat(caller.status()).isEqualTo("in-progress");
  }

  @Test
  void withNoMusicUrlTheShippedHoldMusicIsServedUnderAContentHashedUrl() throws Exception {
    musicUrl = null;
    startWithPausedAgent();
    SimCall caller = call("sales");
    String hold = caller.awaitDocument(d -> d.contains("<Gather"), WAIT);
    var music = io.callqueue.prompts.HoldMusic.shippedDefault();
    String url = base + "/prompts/" + music.sha256() + ".wav";
    assertThat(hold).contains("<Play loop=\"0\">" + url + "</Play>");
    HttpResponse<byte[]> got = get(url);
    assertThat(got.statusCode()).isEqualTo(200);
    assertThat(got.body()).isEqualTo(music.bytes());
    assertThat(got.headers().firstValue("Content-Type")).hasValue("audio/wav");
    assertThat(got.headers().firstValue("Cache-Control")).hasValueSatisfying(
        v -> assertThat(v).contains("immutable"));
  }

  @Test
  void anAgentIsRungWithCallsCreateAndAnsweringJoinsTheConference() throws IOException {
    start(1, quiet("sales").build(), AgentConfig.external("alice", "+15550000001"));
    twilio.phone("+15550000001", Phone.ANSWER);
    SimCall caller = call("sales");
    String room = "cq-" + caller.sid;
    awaitTrue(() -> twilio.conference(room) != null
        && twilio.conference(room).members().size() == 2 && twilio.conference(room).started());
    List<SimCall> legs = twilio.outboundCalls();
    assertThat(legs).hasSize(1);
    assertThat(legs.get(0).to).isEqualTo("+15550000001");
    assertThat(legs.get(0).from).isEqualTo(NUMBER);
    assertThat(twilio.restLog()).filteredOn(l -> l.startsWith("POST ") && l.contains(
        "/Calls.json ")).hasSize(1);
    assertThat(caller.documents().get(caller.documents().size() - 1))
        .contains("startConferenceOnEnter=\"false\"").contains(room);
    // the agent hangs up: the conference ends, the caller's call ends, the engine records it
    legs.get(0).hangUp();
    caller.awaitStatus("completed", WAIT);
    awaitEvent(QueueEvent.CallCompleted.class);
  }

  @Test
  void ringTimeoutCancelsTheLegAndRingsTheNextAgent() throws IOException {
    start(10, quiet("sales").strategy(Strategy.LINEAR).ringTimeout(Duration.ofSeconds(1))
            .retryDelay(Duration.ofSeconds(1)).build(),
        AgentConfig.external("alice", "+15550000001"), AgentConfig.external("bob", "+15550000002"));
    twilio.phone("+15550000001", Phone.IGNORE);
    twilio.phone("+15550000002", Phone.ANSWER);
    SimCall caller = call("sales");
    String room = "cq-" + caller.sid;
    awaitTrue(() -> twilio.conference(room) != null
        && twilio.conference(room).members().size() == 2);
    List<SimCall> legs = twilio.outboundCalls();
    assertThat(legs).extracting(l -> l.to).containsExactly("+15550000001", "+15550000002");
    legs.get(0).awaitStatus("canceled", WAIT);
    assertThat(twilio.restLog()).anyMatch(l -> l.contains("/Calls/" + legs.get(0).sid + ".json")
        && l.contains("Status=completed"));
  }

  @Test
  void aMachineAnsweredLegIsNotBridgedAndTheNextAgentWhoPresses1Is() throws IOException {
    start(10, quiet("sales").strategy(Strategy.LINEAR).ringTimeout(Duration.ofSeconds(5))
            .joinPolicy(JoinPolicy.REQUIRE_LOGGED_IN_AGENT)
            .retryDelay(Duration.ofSeconds(1)).reportHoldTime(true).confirmAnswer(true)
            .confirmTimeout(Duration.ofMillis(1500)).build(),
        AgentConfig.external("alice", "+15550000001"), AgentConfig.external("bob", "+15550000002"));
    twilio.phone("+15550000001", Phone.ANSWER); // a voicemail box: answers, never presses
    twilio.phone("+15550000002", Phone.ANSWER);
    twilio.gatherKey("+15550000002", '1'); // a person: presses 1 during the prompt
    engine.pause(AgentId.of("alice"), "lunch").toCompletableFuture().join();
    engine.pause(AgentId.of("bob"), "lunch").toCompletableFuture().join();
    SimCall caller = call("sales");
    awaitEvent(QueueEvent.CallerJoined.class);
    pauseFor(Duration.ofMillis(1500)); // a hold time worth whispering
    engine.unpause(AgentId.of("alice")).toCompletableFuture().join();
    engine.unpause(AgentId.of("bob")).toCompletableFuture().join();
    String room = "cq-" + caller.sid;
    awaitTrue(() -> twilio.conference(room) != null && twilio.conference(room).started()
        && twilio.conference(room).members().size() == 2);

    List<SimCall> legs = twilio.outboundCalls();
    assertThat(legs).extracting(l -> l.to).containsExactly("+15550000001", "+15550000002");
    SimCall machine = legs.get(0);
    machine.awaitStatus("completed", WAIT);
    String prompt = machine.documents().get(0);
    assertThat(prompt).as("the machine's answer TwiML").contains("<Gather")
        .contains("numDigits=\"1\"").contains("timeout=\"2\"").doesNotContain("<Dial");
    assertThat(promptKeys(prompt)).as("the confirm prompt in %s", prompt)
        .endsWith("en/agent-confirm");
    assertThat(machine.documents()).as("what the machine's leg ran")
        .noneMatch(d -> d.contains("<Conference"))
        .last().satisfies(d -> assertThat(d).contains("<Hangup"));
    assertThat(events).filteredOn(QueueEvent.AgentRingEnded.class::isInstance)
        .map(QueueEvent.AgentRingEnded.class::cast)
        .filteredOn(e -> e.agent().equals(AgentId.of("alice")))
        .extracting(QueueEvent.AgentRingEnded::result)
        .containsExactly(QueueEvent.RingResult.UNCONFIRMED);

    SimCall person = legs.get(1);
    assertThat(twilio.conference(room).members()).as("who talks").contains(person, caller)
        .doesNotContain(machine);
    String asked = person.documents().get(0);
    assertThat(promptKeys(asked)).as("the whisper (the caller has waited), then the prompt, in %s",
        asked).startsWith("en/agent-hold-time").endsWith("en/agent-confirm");
    String joined = person.documents().get(person.documents().size() - 1);
    assertThat(joined).contains("<Conference").contains(room);
    assertThat(promptKeys(joined)).as("the whisper was heard while confirming").isEmpty();
    assertThat(awaitEvent(QueueEvent.CallerLeft.class).agent()).as("who took the call")
        .isEqualTo(AgentId.of("bob"));
  }

  @Test
  void anAgentLegHangingUpDuringTheConfirmPromptIsAnUnconfirmedRing() throws IOException {
    // a confirm timeout of 30 TwiML seconds: 600 ms of the stand-in's time to hang up in
    start(10, quiet("sales").ringTimeout(Duration.ofSeconds(5)).confirmAnswer(true)
        .confirmTimeout(Duration.ofSeconds(30)).build(),
        AgentConfig.external("alice", "+15550000001"));
    twilio.phone("+15550000001", Phone.ANSWER);
    SimCall caller = call("sales");
    awaitTrue(() -> !twilio.outboundCalls().isEmpty());
    SimCall leg = twilio.outboundCalls().get(0);
    leg.awaitDocument(d -> d.contains("<Gather"), WAIT);
    leg.hangUp();

    assertThat(awaitEvent(QueueEvent.AgentRingEnded.class).result())
        .isEqualTo(QueueEvent.RingResult.UNCONFIRMED);
    assertThat(caller.status()).as("the caller still waits").isEqualTo("in-progress");
    assertThat(twilio.conference("cq-" + caller.sid)).as("no room was opened").isNull();
  }

  @Test
  void aKeyTheEngineIgnoresIsAnsweredAsSoonAsTheEngineHasReacted() throws IOException {
    start(Duration.ofSeconds(5), 1, quiet("sales").joinPolicy(JoinPolicy.ALWAYS).build());
    SimCall caller = call("sales");
    caller.awaitDocument(d -> d.contains("<Gather"), WAIT);
    awaitEvent(QueueEvent.CallerJoined.class);
    caller.pressKey('5');
    awaitTrue(() -> twilio.webhookNanos("/cq/key").size() == 1);
    // the engine sends nothing for '5': the webhook does not wait out its 5 s cap
    assertThat(Duration.ofNanos(twilio.webhookNanos("/cq/key").get(0)))
        .isLessThan(Duration.ofSeconds(2));
    List<String> docs = caller.documents();
    assertThat(docs.get(docs.size() - 1)).contains("<Play loop=\"0\">" + MUSIC + "</Play>");
  }

  @Test
  void callerHangingUpDuringMusicLeavesTheQueue() throws IOException {
    startWithPausedAgent();
    SimCall caller = call("sales");
    caller.awaitDocument(d -> d.contains("<Gather"), WAIT);
    awaitEvent(QueueEvent.CallerJoined.class);
    awaitTrue(() -> caller.statusCallback() != null); // the adapter's REST update has landed
    caller.hangUp();
    QueueEvent.CallerLeft left = awaitEvent(QueueEvent.CallerLeft.class);
    assertThat(left.outcome()).isEqualTo(CallOutcome.ABANDONED);
    assertThat(caller.callbacks()).containsExactly("completed");
  }

  @Test
  void callerHangingUpBeforeTheStatusCallbackIsSetStillLeavesTheQueue() throws IOException {
    startWithPausedAgent();
    twilio.delayRest(Duration.ofMillis(500));
    SimCall caller = call("sales");
    caller.awaitDocument(d -> d.contains("<Gather"), WAIT);
    caller.hangUp();
    caller.awaitStatus("completed", WAIT);
    QueueEvent.CallerLeft left = awaitEvent(QueueEvent.CallerLeft.class);
    assertThat(left.outcome()).isEqualTo(CallOutcome.ABANDONED);
    assertThat(caller.callbacks()).isEmpty();
  }

  @Test
  void keyZeroRecordsAVoicemailReportedWithTheRecordingsUrlAndLength() throws IOException {
    startWithPausedAgent();
    // Twilio processes the file after the call has ended: the recording status comes last
    twilio.recordingProcessing(Duration.ofMillis(800));
    SimCall caller = call("sales");
    caller.awaitDocument(d -> d.contains("<Gather"), WAIT);
    awaitEvent(QueueEvent.CallerJoined.class);
    caller.pressKey('0');
    String record = caller.awaitDocument(d -> d.contains("<Record"), WAIT);
    assertThat(record).contains("finishOnKey=\"#\"").contains("playBeep=\"true\"")
        .contains("maxLength=\"120\"").contains("timeout=\"120\"")
        .contains("recordingStatusCallback=\"" + base + "/cq/rec-status?call=" + caller.sid)
        .contains("recordingStatusCallbackEvent=\"completed absent\"");
    pauseFor(Duration.ofMillis(1600));
    caller.pressKey('#');
    caller.awaitStatus("completed", WAIT);
    QueueEvent.VoicemailLeft left = awaitEvent(QueueEvent.VoicemailLeft.class);
    assertThat(left.message().reference()).startsWith("https://api.twilio.com/2010-04-01/Accounts/"
        + AC + "/Recordings/RE");
    assertThat(left.message().duration()).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(3));
    List<String> hooks = twilio.webhookLog();
    assertThat(hooks.lastIndexOf("/cq/rec-status")).as("recording status after the hang-up's"
        + " status callback, in %s", hooks).isGreaterThan(hooks.lastIndexOf("/cq/status"));
    assertThat(hooks.indexOf("/cq/recorded")).as("the Record action first")
        .isLessThan(hooks.lastIndexOf("/cq/status"));
  }

  @Test
  void aLostRecordingStatusStillReportsTheVoicemailFromTheRecordActionThenTheHangUp()
      throws IOException {
    startWithPausedAgent();
    adapter.recordingWait(Duration.ofSeconds(1));
    twilio.loseRecordingStatus();
    SimCall caller = call("sales");
    caller.awaitDocument(d -> d.contains("<Gather"), WAIT);
    awaitEvent(QueueEvent.CallerJoined.class);
    caller.pressKey('0');
    caller.awaitDocument(d -> d.contains("<Record"), WAIT);
    pauseFor(Duration.ofMillis(1600));
    caller.pressKey('#');
    caller.awaitStatus("completed", WAIT);
    QueueEvent.VoicemailLeft left = awaitEvent(QueueEvent.VoicemailLeft.class);
    assertThat(left.message().reference()).contains("/Recordings/RE");
    assertThat(twilio.webhookLog()).doesNotContain("/cq/rec-status");
  }

  @Test
  void aServerErrorOnCallsCreateIsNotRetriedAndTheRingIsReportedFailed() throws IOException {
    start(10, quiet("sales").build(), AgentConfig.external("alice", "+15550000001"));
    twilio.phone("+15550000001", Phone.IGNORE);
    twilio.failNextCreates(1);
    call("sales");
    QueueEvent.AgentRingEnded ended = awaitEvent(QueueEvent.AgentRingEnded.class);
    assertThat(ended.result()).isEqualTo(QueueEvent.RingResult.UNREACHABLE);
    assertThat(twilio.restLog()).filteredOn(l -> l.startsWith("POST ")
        && l.contains("/Calls.json ")).hasSize(1);
  }

  @Test
  void aTooManyRequestsAnswerIsRetriedAfterABackOff() throws IOException {
    start(10, quiet("sales").build(), AgentConfig.external("alice", "+15550000001"));
    twilio.phone("+15550000001", Phone.ANSWER);
    twilio.throttleNext(2);
    SimCall caller = call("sales");
    String room = "cq-" + caller.sid;
    awaitTrue(() -> twilio.conference(room) != null
        && twilio.conference(room).members().size() == 2);
    assertThat(twilio.outboundCalls()).hasSize(1);
    assertThat(events).as("the first ring went through").noneMatch(
        e -> e instanceof QueueEvent.AgentRingEnded);
  }

  @Test
  void keyOneInKeepMyPlaceModeRingsTheAgentFirstThenDialsTheCustomer() throws IOException {
    start(10, quiet("sales").joinPolicy(JoinPolicy.REQUIRE_LOGGED_IN_AGENT)
            .callbackKeepsPlace(true).build(),
        AgentConfig.external("alice", "+15550000001"));
    engine.pause(AgentId.of("alice"), "lunch").toCompletableFuture().join();
    twilio.phone("+15550000001", Phone.ANSWER);
    twilio.phone("+48600100200", Phone.ANSWER);
    SimCall caller = call("sales");
    caller.awaitDocument(d -> d.contains("<Gather"), WAIT);
    awaitEvent(QueueEvent.CallerJoined.class);
    caller.pressKey('1');
    caller.awaitStatus("completed", WAIT);
    assertThat(awaitEvent(QueueEvent.CallerLeft.class).outcome()).isEqualTo(CallOutcome.CALLBACK);
    engine.unpause(AgentId.of("alice")).toCompletableFuture().join();
    awaitTrue(() -> twilio.dialedCalls().size() == 1
        && twilio.dialedCalls().get(0).status().equals("in-progress"));
    SimCall agentLeg = twilio.outboundCalls().get(0);
    assertThat(agentLeg.to).isEqualTo("+15550000001");
    assertThat(agentLeg.documents().get(0)).contains("callerId=\"" + NUMBER + "\"")
        .contains("<Number>+48600100200</Number>");
    awaitEvent(QueueEvent.CallbackStarted.class);
    twilio.dialedCalls().get(0).hangUp();
    agentLeg.awaitStatus("completed", WAIT);
    awaitEvent(QueueEvent.CallCompleted.class);
  }

  @Test
  void aCallerHangingUpWhileRingsWaitForTheRateLimitRingsNobodyElse() throws IOException {
    start(1, quiet("sales").strategy(Strategy.RING_ALL).build(),
        AgentConfig.external("alice", "+15550000001"), AgentConfig.external("bob", "+15550000002"),
        AgentConfig.external("carol", "+15550000003"), AgentConfig.external("dave", "+15550000004"));
    SimCall caller = call("sales");
    awaitTrue(() -> !twilio.outboundCalls().isEmpty());
    caller.hangUp();
    awaitEvent(QueueEvent.CallerLeft.class);
    int placed = twilio.outboundCalls().size();
    pauseFor(Duration.ofMillis(3500)); // three more permits at 1/s
    assertThat(twilio.outboundCalls()).as("legs placed after the caller left").hasSize(placed);
    assertThat(placed).isLessThan(4);
    for (SimCall leg : twilio.outboundCalls()) {
      leg.awaitStatus("canceled", WAIT);
    }
  }

  @Test
  void aHundredCallersArrivingAtOnceAllWaitWithMusic() throws IOException {
    startWithPausedAgent();
    SimCall warmUp = call("sales"); // the first webhook loads the SDK and the web stack
    warmUp.awaitDocument(d -> d.contains("<Play loop=\"0\">"), WAIT);
    List<SimCall> callers = new java.util.ArrayList<>();
    for (int i = 0; i < 100; i++) {
      callers.add(twilio.incoming(String.format("+4860010%04d", i), NUMBER,
          base + "/cq/enter?queue=sales"));
    }
    for (SimCall c : callers) {
      c.awaitDocument(d -> d.contains("<Play loop=\"0\">"), WAIT);
    }
    awaitTrue(() -> engine.snapshot().toCompletableFuture().join().queue(QueueId.of("sales"))
        .waiting().size() == 101);
    List<Long> all = twilio.webhookNanos("/cq/enter");
    List<Long> nanos = new java.util.ArrayList<>(all.subList(1, all.size()));
    java.util.Collections.sort(nanos);
    org.slf4j.LoggerFactory.getLogger(TwilioTelephonyTest.class).info(
        "entry webhook, 100 callers at once: p50 {} ms, p99 {} ms, max {} ms",
        nanos.get(49) / 1_000_000, nanos.get(98) / 1_000_000, nanos.get(99) / 1_000_000);
    assertThat(nanos).hasSize(100);
  }

  @Test
  void oneWebhookAtATimeIsAnsweredInMilliseconds() throws IOException {
    startWithPausedAgent();
    int n = 200;
    for (int i = 0; i < n + 20; i++) { // the first 20 warm the JIT up and are not counted
      SimCall c = twilio.incoming(String.format("+4860020%04d", i), NUMBER,
          base + "/cq/enter?queue=sales");
      c.awaitDocument(d -> d.contains("<Play loop=\"0\">"), WAIT);
      int keys = twilio.webhookNanos("/cq/key").size();
      c.pressKey('5'); // a key the engine ignores: answered after the engine's barrier
      awaitTrue(() -> twilio.webhookNanos("/cq/key").size() == keys + 1);
      c.hangUp();
    }
    List<Long> enter = last(twilio.webhookNanos("/cq/enter"), n);
    List<Long> key = last(twilio.webhookNanos("/cq/key"), n);
    org.slf4j.LoggerFactory.getLogger(TwilioTelephonyTest.class).info(
        "one webhook at a time, {} callers: entry p50 {} ms, p99 {} ms; key p50 {} ms, p99 {} ms",
        n, millis(enter, 50), millis(enter, 99), millis(key, 50), millis(key, 99));
    // local HTTP: a few ms; far below the 2 s webhookWait cap and Twilio's 15 s
    assertThat(Duration.ofNanos(enter.get(n / 2))).isLessThan(Duration.ofMillis(100));
    assertThat(Duration.ofNanos(key.get(n / 2))).isLessThan(Duration.ofMillis(100));
  }

  /** The last {@code n} values, sorted. */
  private static List<Long> last(List<Long> all, int n) {
    List<Long> l = new java.util.ArrayList<>(all.subList(all.size() - n, all.size()));
    java.util.Collections.sort(l);
    return l;
  }

  private static String millis(List<Long> sorted, int percentile) {
    long v = sorted.get(Math.min(sorted.size() - 1, sorted.size() * percentile / 100));
    return String.format(java.util.Locale.ROOT, "%.1f", v / 1e6);
  }

  @Test
  void notQueuedIsRedirectedToTheContinuationWithTheOutcome() throws IOException {
    start(1, quiet("sales").joinPolicy(JoinPolicy.REQUIRE_ACTIVE_AGENT).build());
    SimCall caller = call("sales");
    String doc = caller.awaitDocument(d -> d.contains("<Redirect"), WAIT);
    assertThat(doc).contains("<Redirect>https://ivr.example/after?CallqueueOutcome=NOT_QUEUED"
        + "</Redirect>");
    assertThat(caller.documents()).hasSize(1);
  }

  @Test
  void ringAllIsOneLegPerAgentPacedByTheRateLimitFirstAnswerWins() throws IOException {
    start(2, quiet("sales").strategy(Strategy.RING_ALL).build(),
        AgentConfig.external("alice", "+15550000001"), AgentConfig.external("bob", "+15550000002"),
        AgentConfig.external("carol", "+15550000003"), AgentConfig.external("dave", "+15550000004"),
        AgentConfig.external("erin", "+15550000005"), AgentConfig.external("frank", "+15550000006"));
    SimCall caller = call("sales");
    awaitTrue(() -> twilio.outboundCalls().size() == 6);
    List<SimCall> legs = twilio.outboundCalls();
    assertThat(legs).extracting(l -> l.to).containsExactlyInAnyOrder("+15550000001",
        "+15550000002", "+15550000003", "+15550000004", "+15550000005", "+15550000006");
    long t0 = legs.get(0).createdNanos();
    org.slf4j.LoggerFactory.getLogger(TwilioTelephonyTest.class).info(
        "calls.create pacing at 2/s, ring-all of 6: legs created at {} ms",
        legs.stream().map(c -> (c.createdNanos() - t0) / 1_000_000).toList());
    // Guava's RateLimiter lets one second's permits (2) and the next one start at once after an
    // idle second; from the fourth leg on, one every 500 ms (measured between warm requests)
    Duration paced = Duration.ofNanos(legs.get(5).createdNanos() - legs.get(3).createdNanos());
    assertThat(paced).isBetween(Duration.ofMillis(900), Duration.ofMillis(1500));
    legs.get(1).answer();
    String room = "cq-" + caller.sid;
    awaitTrue(() -> twilio.conference(room) != null
        && twilio.conference(room).members().size() == 2);
    for (int i : new int[] {0, 2, 3, 4, 5}) {
      legs.get(i).awaitStatus("canceled", WAIT);
    }
  }

  private <E extends QueueEvent> E awaitEvent(Class<E> type) {
    return awaitEvent(type, WAIT);
  }

  private <E extends QueueEvent> E awaitEvent(Class<E> type, Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    while (true) {
      for (QueueEvent e : events) {
        if (type.isInstance(e)) {
          return type.cast(e);
        }
      }
      if (System.nanoTime() > deadline) {
        if (within.isZero()) {
          return null;
        }
        throw new AssertionError("no " + type.getSimpleName() + " within " + within + ": "
            + events);
      }
      pause();
    }
  }

  private static void awaitTrue(java.util.function.BooleanSupplier test) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!test.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within " + WAIT);
      }
      pause();
    }
  }

  private static void pauseFor(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void pause() {
    try {
      Thread.sleep(10);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
