package io.callqueue.adapter.asterisk;

import static org.assertj.core.api.Assertions.assertThat;

import io.callqueue.adapter.asterisk.AsteriskWireTest.RtpListener;
import io.callqueue.adapter.asterisk.ari.AriClient;
import io.callqueue.adapter.asterisk.ari.AriEvent;
import io.callqueue.api.AgentConfig;
import io.callqueue.api.AgentId;
import io.callqueue.api.AgentState;
import io.callqueue.api.CallOutcome;
import io.callqueue.api.EstimateAnnouncement;
import io.callqueue.api.JoinPolicy;
import io.callqueue.api.Membership;
import io.callqueue.api.QueueConfig;
import io.callqueue.api.QueueEvent;
import io.callqueue.api.QueueId;
import io.callqueue.api.Strategy;
import io.callqueue.core.CallQueueEngine;
import io.callqueue.prompts.PromptLibrary;
import io.callqueue.testkit.sipp.Sipp;
import io.callqueue.testkit.tier.WireTest;
import io.callqueue.api.CallQueue;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Real-time wire tests (tag: WireTest) of the second increment against the real Asterisk 22, each
 * checking what the far end saw or heard: a kept-place callback (the agent, then the customer
 * through a PJSIP trunk whose far end is SIPp, bridged, audio both ways, the agent's whisper), the
 * hold-time whisper before a bridge, an agent busy on a call outside the queue not rung.
 */
@WireTest
class AsteriskFeaturesWireTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final byte AGENT_VOICE = 0x2A;
  private static final byte CUSTOMER_VOICE = 0x3C;
  private static final String CUSTOMER = "+48615550100";
  private static final String DTMF = "/usr/share/sip-tester/dtmf_2833_";
  private static final String DIALPLAN = String.join("\n",
      "exten => 110,1,Set(CALLERID(num)=" + CUSTOMER + ")",
      " same => n,Stasis(callqueue,cb)",
      " same => n,Hangup()",
      "exten => 120,1,Stasis(callqueue,whisper)",
      " same => n,Hangup()",
      "exten => 130,1,Stasis(callqueue,ringall)",
      " same => n,Hangup()",
      "exten => 140,1,Stasis(callqueue,ringall)",
      " same => n,GotoIf($[\"${STASISSTATUS}\"=\"FAILED\"]?fallback)",
      " same => n,Hangup()",
      " same => n(fallback),Queue(fallback)",
      " same => n,Hangup()",
      "exten => 150,1,Stasis(callqueue,announced)",
      " same => n,Hangup()",
      "exten => 160,1,Stasis(callqueue,vm)",
      " same => n,Hangup()",
      "exten => 170,1,Stasis(callqueue,wrapup)",
      " same => n,Hangup()");
  /** app_queue's queue for the fallback: rings agent2's phone directly. */
  private static final String QUEUES = "[general]\n[fallback]\nstrategy=ringall\ntimeout=10\n"
      + "member => PJSIP/agent2\n";
  private static final byte CALLER_VOICE = 0x3A;

  private static AsteriskInstance asterisk;
  private static int trunkPort;
  private static Path dir;
  private static Path agentVoice;
  private static Path customerVoice;
  private static Path callerVoice;
  private static AriClient probe;
  private static final BlockingQueue<AriEvent.StasisStart> probed = new LinkedBlockingQueue<>();

  private TcpProxy proxy;
  private CallQueueEngine engine;
  private AsteriskTelephonyPort port;
  private final Queue<QueueEvent> events = new ConcurrentLinkedQueue<>();
  private final Queue<Sipp.Running> phones = new ConcurrentLinkedQueue<>();
  private final Queue<String> registered = new ConcurrentLinkedQueue<>();
  /** The keys the adapter reported to the engine. */
  private final Queue<Character> keys = new ConcurrentLinkedQueue<>();
  /** When the adapter reported prompts finished ({@code System.nanoTime()}). */
  private final Queue<Long> promptsFinished = new ConcurrentLinkedQueue<>();

  /** The engine as the adapter sees it, noting the keys and prompt ends it reports. */
  private CallQueue tap(CallQueue target) {
    return (CallQueue) Proxy.newProxyInstance(CallQueue.class.getClassLoader(),
        new Class<?>[] {CallQueue.class}, (proxy, method, args) -> {
          if (method.getName().equals("dtmf")) {
            keys.add((Character) args[1]);
          } else if (method.getName().equals("promptFinished")) {
            promptsFinished.add(System.nanoTime());
          }
          try {
            return method.invoke(target, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  @BeforeAll
  static void startAsterisk() throws IOException {
    Sipp.requireInstalledUnderCi();
    trunkPort = AsteriskInstance.freeUdpPort();
    asterisk = AsteriskInstance.start("AsteriskFeaturesWireTest",
        List.of(new AsteriskInstance.Account("agent1", "secret1"),
            new AsteriskInstance.Account("agent2", "secret2"),
            new AsteriskInstance.Account("agent3", "secret3")),
        DIALPLAN, 0, AsteriskInstance.trunk("trunk", trunkPort), Map.of("queues.conf", QUEUES));
    dir = Files.createDirectories(Path.of("target", "sipp").toAbsolutePath());
    agentVoice = voice("agent-voice.alaw", AGENT_VOICE);
    customerVoice = voice("customer-voice.alaw", CUSTOMER_VOICE);
    callerVoice = voice("caller-voice.alaw", CALLER_VOICE);
    probe = new AriClient(asterisk.ariUri(), AsteriskInstance.ARI_USER,
        AsteriskInstance.ARI_PASSWORD, "probe", event -> {
          if (event instanceof AriEvent.StasisStart start) {
            probed.add(start);
          }
        });
    probe.connect().join();
  }

  private static Path voice(String name, byte value) throws IOException {
    byte[] bytes = new byte[8000 * 10];
    Arrays.fill(bytes, value);
    return Files.write(dir.resolve(name), bytes);
  }

  @AfterAll
  static void stopAsterisk() {
    if (probe != null) {
      probe.close();
    }
    if (asterisk != null) {
      asterisk.close();
    }
  }

  @BeforeEach
  void startEngine() {
    probed.clear();
    proxy = new TcpProxy(asterisk.httpPort());
    port = new AsteriskTelephonyPort(AsteriskConfig.of(URI.create("http://127.0.0.1:" + proxy.port()),
        AsteriskInstance.ARI_USER, AsteriskInstance.ARI_PASSWORD)
        .withCallbackDial("PJSIP/" + AsteriskConfig.NUMBER + "@trunk"));
    engine = CallQueueEngine.builder().telephony(port).build();
    port.attach(tap(engine));
    engine.addListener(events::add);
    queue("cb", b -> b.joinPolicy(JoinPolicy.ALWAYS).leaveWhenEmpty(false)
        .callbackKeepsPlace(true).callbackAttempts(1), "agent1");
    queue("whisper", b -> b.reportHoldTime(true).joinPolicy(JoinPolicy.ALWAYS)
        .leaveWhenEmpty(false), "agent1");
    queue("ringall", b -> b.strategy(Strategy.RING_ALL), "agent2", "agent3");
    queue("announced", b -> b.joinPolicy(JoinPolicy.ALWAYS).leaveWhenEmpty(false)
        .announcePosition(true).positionFirstAfter(Duration.ofSeconds(1))
        .positionEvery(Duration.ofSeconds(60)).announceOnImprovement(false), "agent1");
    queue("vm", b -> b.joinPolicy(JoinPolicy.ALWAYS).leaveWhenEmpty(false).voicemailKey('0'),
        "agent1");
    queue("wrapup", b -> b.wrapUpTime(Duration.ofSeconds(3)), "agent1");
    port.start().orTimeout(10, TimeUnit.SECONDS).join();
  }

  private void queue(String name, Consumer<QueueConfig.Builder> tweak, String... agents) {
    QueueConfig.Builder b = QueueConfig.builder(name).ringTimeout(Duration.ofSeconds(6))
        .retryDelay(Duration.ofSeconds(1)).announcePosition(false)
        .estimateAnnouncement(EstimateAnnouncement.OFF).periodicPrompts(List.of());
    tweak.accept(b);
    engine.addQueue(b.build()).toCompletableFuture().join();
    for (String agent : agents) {
      if (!engine.snapshot().toCompletableFuture().join().agents()
          .containsKey(AgentId.of(agent))) {
        engine.addAgent(AgentConfig.sip(agent, agent)).toCompletableFuture().join();
      }
      engine.addMembership(Membership.of(QueueId.of(name), AgentId.of(agent)))
          .toCompletableFuture().join();
    }
  }

  @AfterEach
  void stopEngine() throws IOException {
    phones.forEach(Sipp.Running::close);
    for (String agent : registered) { // the next test's agents register afresh
      Sipp.Result result = Sipp.scenario("agent_unregister.xml").autoAnswer().service(agent)
          .credentials(agent, agent.replace("agent", "secret"))
          .key("markers", markers("unreg-").toString())
          .start(asterisk.sipPort(), Duration.ofSeconds(10)).await();
      assertThat(result.exitCode()).as(result.log()).isZero();
    }
    for (var channel : probe.get("channels").join()) {
      probe.hangUp(channel.path("id").asText(), "normal").exceptionally(t -> null).join();
    }
    if (port != null) {
      port.close();
    }
    if (proxy != null) {
      proxy.close();
    }
    if (engine != null) {
      engine.close();
    }
  }

  @Test
  void callbackKeepingThePlace_dialsTheAgentThenTheCustomerThroughTheTrunk_andBridgesThem()
      throws Exception {
    Path customerMarkers = markers("customer-");
    try (RtpListener callerEar = new RtpListener();
        RtpListener agentEar = new RtpListener(CUSTOMER_VOICE);
        RtpListener customerEar = new RtpListener(AGENT_VOICE);
        Sipp.Running customer = Sipp.template("trunk_customer.xml",
            Map.of("VOICE", customerVoice.toString(), "TALK", "4000"))
            .localPort(trunkPort).key("mediaport", Integer.toString(customerEar.port()))
            .key("markers", customerMarkers.toString()).start(asterisk.sipPort(),
                Duration.ofSeconds(60))) {
      Sipp.Result caller = Sipp.template("caller_key.xml", Map.of("DELAY", "1500",
          "PCAP", DTMF + "1.pcap", "VOICE", agentVoice.toString(), "TALK", "20000"))
          .autoAnswer().service("110").key("mediaport", Integer.toString(callerEar.port()))
          .start(asterisk.sipPort(), Duration.ofSeconds(30)).await();
      assertThat(caller.exitCode()).as("the caller is hung up after the acknowledgement: "
          + caller.log()).isZero();
      QueueEvent.CallerLeft left = left();
      assertThat(left.outcome()).isEqualTo(CallOutcome.CALLBACK);
      assertThat(left.callerNumber()).isEqualTo(CUSTOMER);

      Path agentMarkers = markers("agent1-");
      Sipp.Running agent = agentPhone("agent1", "agent_answer_ear.xml", agentMarkers,
          agentEar.port());

      Sipp.Result far = customer.await();
      assertThat(far.exitCode()).as("the trunk's far end: " + far.log()).isZero();
      assertThat(read(customerMarkers)).as("the customer's INVITE through the trunk")
          .contains("invite sip:" + CUSTOMER + "@127.0.0.1:" + trunkPort);
      await("the callback's conversation completed", () -> events.stream()
          .anyMatch(e -> e instanceof QueueEvent.CallCompleted c && c.call().equals(left.call())));
      await("the agent's leg hung up after the customer's BYE",
          () -> read(agentMarkers).contains("ended"));
      assertThat(customerEar.voicePackets()).as("the agent's voice at the customer")
          .isGreaterThan(50);
      assertThat(agentEar.voicePackets()).as("the customer's voice at the agent")
          .isGreaterThan(50);
      assertThat(port.servedPrompts()).as("the agent's callback whisper fetched")
          .contains(PromptLibrary.shipped().find("en", "agent-callback", null).sha256());
      assertThat(events).filteredOn(QueueEvent.CallbackStarted.class::isInstance).hasSize(1);
      assertThat(agent.messages()).as("the agent's INVITE shows the customer's number")
          .contains("From: <sip:" + CUSTOMER + "@");
    }
  }

  @Test
  void holdTimeWhisper_isPlayedToTheAgentBeforeTheBridge() throws Exception {
    Path agentMarkers = markers("whisper-");
    try (RtpListener callerEar = new RtpListener(AGENT_VOICE);
        RtpListener agentEar = new RtpListener()) {
      Sipp.Running caller = Sipp.scenario("caller.xml").autoAnswer().service("120")
          .key("mediaport", Integer.toString(callerEar.port())).pause(Duration.ofSeconds(12))
          .start(asterisk.sipPort(), Duration.ofSeconds(30));
      await("the caller waits", () -> events.stream()
          .anyMatch(QueueEvent.CallerJoined.class::isInstance));
      AsteriskInstance.pause(Duration.ofMillis(1500)); // a hold time worth whispering
      agentPhone("agent1", "agent_answer_ear.xml", agentMarkers, agentEar.port());

      await("the caller hears the agent (bridged)", () -> callerEar.voicePackets() > 20);
      int whisper = agentEar.packets();
      Sipp.Result result = caller.await();
      assertThat(result.exitCode()).as(result.log()).isZero();
      assertThat(whisper).as("RTP at the agent before the caller heard the agent's voice: the"
          + " whisper").isGreaterThan(50);
    }
    assertThat(events).filteredOn(QueueEvent.CallerLeft.class::isInstance)
        .map(e -> ((QueueEvent.CallerLeft) e).outcome()).containsExactly(CallOutcome.ANSWERED);
    assertThat(port.servedPrompts()).as("the hold-time whisper fetched")
        .contains(PromptLibrary.shipped().find("en", "agent-hold-time", null).sha256());
  }

  @Test
  void agentOnACallOutsideTheQueue_isNotRung_andAnotherAgentTakesTheCall() throws Exception {
    Path busyMarkers = markers("inuse-");
    agentPhone("agent2", "agent_answer.xml", busyMarkers, 0);
    agentPhone("agent3", "agent_answer.xml", markers("free-"), 0);
    probe.post("channels", AriClient.params("endpoint", "PJSIP/agent2", "app", "probe",
        "appArgs", "outside", "channelId", "outside-call")).join();
    await("agent2's phone answered the call outside the queue",
        () -> read(busyMarkers).contains("talking"));

    try (RtpListener ear = new RtpListener()) {
      Sipp.Result caller = Sipp.scenario("caller.xml").autoAnswer().service("130")
          .key("mediaport", Integer.toString(ear.port())).pause(Duration.ofSeconds(3))
          .start(asterisk.sipPort(), Duration.ofSeconds(20)).await();
      assertThat(caller.exitCode()).as(caller.log()).isZero();
      assertThat(ear.voicePackets()).as("an agent's voice at the caller").isGreaterThan(20);
    }
    QueueEvent.CallerLeft left = left();
    assertThat(left.agent()).isEqualTo(AgentId.of("agent3"));
    assertThat(events).filteredOn(QueueEvent.AgentRingEnded.class::isInstance)
        .map(e -> (QueueEvent.AgentRingEnded) e)
        .filteredOn(e -> e.agent().equals(AgentId.of("agent2")))
        .extracting(QueueEvent.AgentRingEnded::result).containsExactly(QueueEvent.RingResult.BUSY);
    assertThat(read(busyMarkers).lines().filter(l -> l.startsWith("ringing")).count())
        .as("INVITEs agent2's phone received: only the call outside the queue").isEqualTo(1);
  }

  @Test
  void ariWebsocketCutWhileAPromptPlays_theCallerGetsItsMusicBack_andIsServedAfterwards()
      throws Exception {
    try (RtpListener ear = new RtpListener(AGENT_VOICE)) {
      Sipp.Running caller = Sipp.scenario("caller.xml").autoAnswer().service("150")
          .key("mediaport", Integer.toString(ear.port())).pause(Duration.ofSeconds(25))
          .start(asterisk.sipPort(), Duration.ofSeconds(40));
      await("the position prompt plays (Asterisk fetched it)",
          () -> !port.servedPrompts().isEmpty());
      proxy.drop(); // the websocket and every REST connection cut; reconnecting refused
      AsteriskInstance.pause(Duration.ofSeconds(5)); // the prompt ends meanwhile, unseen
      assertThat(port.finishedPlaybacks()).as("playbacks seen ending while cut").isEmpty();
      proxy.resume();

      await("the adapter learns after the reconnect that the prompt ended",
          () -> !port.finishedPlaybacks().isEmpty());
      int before = ear.packets();
      AsteriskInstance.pause(Duration.ofSeconds(2));
      assertThat(ear.packets() - before).as("RTP at the caller in the 2 s after the resync:"
          + " the music again").isGreaterThan(60);

      agentPhone("agent1", "agent_answer.xml", markers("resync-"), 0);
      await("the caller is served after the gap", () -> ear.voicePackets() > 20);
      caller.close();
    }
    assertThat(WireChecks.firstLeft(events).orElseThrow().outcome())
        .isEqualTo(CallOutcome.ANSWERED);
  }

  @Test
  void appNotConnected_stasisFails_andTheQueueFallbackOfTheDialplanTakesTheCall()
      throws Exception {
    Path markers = markers("fallback-");
    agentPhone("agent2", "agent_answer.xml", markers, 0);
    port.close(); // callqueue down: Stasis() finds no application
    port = null;
    // Asterisk keeps the application (its endpoint subscription) but inactive once it has seen
    // the websocket close, and Stasis() then fails; a caller arriving before that would enter it.
    AsteriskInstance.pause(Duration.ofSeconds(1));
    try (RtpListener ear = new RtpListener(AGENT_VOICE)) {
      Sipp.Result caller = Sipp.scenario("caller.xml").autoAnswer().service("140")
          .key("mediaport", Integer.toString(ear.port())).pause(Duration.ofSeconds(4))
          .start(asterisk.sipPort(), Duration.ofSeconds(20)).await();
      assertThat(caller.exitCode()).as(caller.log()).isZero();
      assertThat(ear.voicePackets()).as("agent2's voice through app_queue's Queue()")
          .isGreaterThan(20);
    }
    assertThat(read(markers)).contains("talking");
    assertThat(events).noneMatch(QueueEvent.CallerJoined.class::isInstance);
  }

  @Test
  void ringAll_theFirstAnswerWins_andTheOtherPhoneGetsCancel() throws Exception {
    Path ignoring = markers("ignore-");
    Path answering = markers("answer-");
    agentPhone("agent2", "conf_agent_ignore.xml", ignoring, 0);
    agentPhone("agent3", "agent_answer.xml", answering, 0);
    try (RtpListener ear = new RtpListener(AGENT_VOICE)) {
      // the caller stays 8 s: on a loaded machine the answer and bridge took more than 3 s
      Sipp.Result caller = Sipp.scenario("caller.xml").autoAnswer().service("130")
          .key("mediaport", Integer.toString(ear.port())).pause(Duration.ofSeconds(8))
          .start(asterisk.sipPort(), Duration.ofSeconds(20)).await();
      assertThat(caller.exitCode()).as(caller.log()).isZero();
      assertThat(ear.voicePackets()).isGreaterThan(20);
    }
    assertThat(left().agent()).isEqualTo(AgentId.of("agent3"));
    await("agent2's phone got a CANCEL", () -> read(ignoring).contains("stopped"));
    assertThat(read(ignoring)).contains("ringing");
    assertThat(events).filteredOn(QueueEvent.AgentRingEnded.class::isInstance)
        .map(e -> (QueueEvent.AgentRingEnded) e)
        .filteredOn(e -> e.agent().equals(AgentId.of("agent2")))
        .extracting(QueueEvent.AgentRingEnded::result)
        .containsExactly(QueueEvent.RingResult.CANCELLED);
  }

  @Test
  void wrapUp_theAgentIsNotRungAgainBeforeItsWrapUpIsOver() throws Exception {
    Path markers = markers("wrapup-");
    agentPhone("agent1", "agent_answer.xml", markers, 0);
    Sipp.Result first = Sipp.scenario("caller.xml").autoAnswer().service("170")
        .key("mediaport", Integer.toString(AsteriskInstance.freeUdpPort()))
        .pause(Duration.ofSeconds(1)).start(asterisk.sipPort(), Duration.ofSeconds(20)).await();
    assertThat(first.exitCode()).as(first.log()).isZero();
    await("the first call completed", () -> events.stream()
        .anyMatch(QueueEvent.CallCompleted.class::isInstance));
    Sipp.Result second = Sipp.scenario("caller.xml").autoAnswer().service("170")
        .key("mediaport", Integer.toString(AsteriskInstance.freeUdpPort()))
        .pause(Duration.ofSeconds(5)).start(asterisk.sipPort(), Duration.ofSeconds(20)).await();
    assertThat(second.exitCode()).as(second.log()).isZero();

    List<QueueEvent.AgentRung> rung = events.stream()
        .filter(QueueEvent.AgentRung.class::isInstance).map(QueueEvent.AgentRung.class::cast)
        .toList();
    QueueEvent.CallCompleted completed = events.stream()
        .filter(QueueEvent.CallCompleted.class::isInstance)
        .map(QueueEvent.CallCompleted.class::cast).findFirst().orElseThrow();
    assertThat(rung).hasSize(2);
    assertThat(Duration.between(completed.at(), rung.get(1).at()))
        .as("from the end of the first call to the ring for the second")
        .isGreaterThanOrEqualTo(Duration.ofSeconds(3));
    assertThat(read(markers).lines().filter(l -> l.startsWith("talking")).count())
        .as("calls agent1's phone answered").isEqualTo(2);
  }

  @Test
  void voicemail_theRecordedFileHoldsTheCallersAudio() throws Exception {
    Sipp.Result caller = Sipp.template("caller_key.xml", Map.of("DELAY", "1500",
        "PCAP", DTMF + "0.pcap", "VOICE", callerVoice.toString(), "TALK", "7000"))
        .autoAnswer().service("160")
        .key("mediaport", Integer.toString(AsteriskInstance.freeUdpPort()))
        .start(asterisk.sipPort(), Duration.ofSeconds(30)).await();
    assertThat(caller.exitCode()).as(caller.log()).isZero();
    assertThat(keys).as("keys reported (once each)").containsExactly('0');
    await("the voicemail reported", () -> events.stream()
        .anyMatch(QueueEvent.VoicemailLeft.class::isInstance));
    QueueEvent.VoicemailLeft left = events.stream()
        .filter(QueueEvent.VoicemailLeft.class::isInstance)
        .map(QueueEvent.VoicemailLeft.class::cast).findFirst().orElseThrow();
    String name = "callqueue-vm-" + left.call().value();
    assertThat(left.message().reference()).endsWith("/recordings/stored/" + name + "/file");
    assertThat(port.servedPrompts()).as("the intro fetched").contains(PromptLibrary.shipped()
        .find("en", "queue-voicemail-intro", null).sha256());
    byte[] wav = Files.readAllBytes(asterisk.recording(name));
    int expected = alaw(CALLER_VOICE);
    int matching = 0;
    for (int i = 44; i + 1 < wav.length; i += 2) {
      int sample = (short) ((wav[i] & 0xFF) | wav[i + 1] << 8);
      if (Math.abs(sample - expected) <= 64) {
        matching++;
      }
    }
    assertThat(matching).as("samples of the caller's voice (%d) in the %d-byte recording",
        expected, wav.length).isGreaterThan(8000);
  }

  @Test
  void aKeyDuringAPrompt_stopsIt_andReachesTheEngineOnce() throws Exception {
    List<String> sequence = List.of("queue-position", "digits/1", "queue-position-end",
        "queue-thankyou");
    long natural = 0;
    for (String key : sequence) {
      natural += PromptLibrary.shipped().find("en", key, null).pcm().length / 16;
    }
    Sipp.Running caller = Sipp.template("caller_key.xml", Map.of("DELAY", "2000",
        "PCAP", DTMF + "5.pcap", "VOICE", callerVoice.toString(), "TALK", "6000"))
        .autoAnswer().service("150")
        .key("mediaport", Integer.toString(AsteriskInstance.freeUdpPort()))
        .start(asterisk.sipPort(), Duration.ofSeconds(30));
    await("the position prompt plays (Asterisk fetched it)",
        () -> !port.servedPrompts().isEmpty());
    long started = System.nanoTime();
    await("the key reached the engine", () -> keys.contains('5'));
    await("the prompt reported finished", () -> !promptsFinished.isEmpty());
    long played = (promptsFinished.peek() - started) / 1_000_000;
    Sipp.Result result = caller.await();
    assertThat(result.exitCode()).as(result.log()).isZero();
    assertThat(keys).as("keys reported (once each)").containsExactly('5');
    assertThat(played).as("ms the prompt played of its natural %d ms", natural)
        .isLessThan(natural - 1000);
  }

  /** G.711 A-law to 16-bit linear (ITU-T G.711). */
  private static int alaw(byte value) {
    int a = (value ^ 0x55) & 0xFF;
    int t = (a & 0x0F) << 4;
    int segment = (a & 0x70) >> 4;
    t += segment == 0 ? 8 : 0x108;
    if (segment > 1) {
      t <<= segment - 1;
    }
    return (a & 0x80) != 0 ? t : -t;
  }

  private Sipp.Running agentPhone(String agent, String answering, Path markers, int ear) {
    Sipp.Running phone = Sipp.scenario("agent_register.xml").autoAnswer().service(agent)
        .credentials(agent, agent.replace("agent", "secret")).key("expires", "60")
        .key("markers", markers.toString()).key("mediaport", Integer.toString(ear))
        .pause(Duration.ofSeconds(40))
        .outOfCall(Sipp.instantiate(answering, Map.of("VOICE", agentVoice.toString())))
        .start(asterisk.sipPort(), Duration.ofSeconds(50));
    phones.add(phone);
    registered.add(agent);
    await(agent + " activated by its registration", () -> engine.snapshot()
        .toCompletableFuture().join().agent(AgentId.of(agent)).state() != AgentState.LOGGED_OUT);
    return phone;
  }

  private static Path markers(String prefix) throws IOException {
    return Files.createTempFile(dir, prefix, ".log");
  }

  private QueueEvent.CallerLeft left() {
    await("the caller left the queue", () -> WireChecks.firstLeft(events).isPresent());
    return WireChecks.firstLeft(events).orElseThrow();
  }

  private static String read(Path file) {
    return WireChecks.read(file);
  }

  private void await(String what, BooleanSupplier condition) {
    WireChecks.await(WAIT, what, condition, () -> "events " + events + "\n" + asterisk.logs());
  }

}
