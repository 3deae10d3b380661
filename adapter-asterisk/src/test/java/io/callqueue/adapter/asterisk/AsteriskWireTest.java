package io.callqueue.adapter.asterisk;

import static org.assertj.core.api.Assertions.assertThat;

import io.callqueue.adapter.asterisk.ari.AriClient;
import io.callqueue.adapter.asterisk.ari.AriEvent;
import io.callqueue.api.AgentConfig;
import io.callqueue.api.AgentId;
import io.callqueue.api.AgentState;
import io.callqueue.api.CallOutcome;
import io.callqueue.api.EstimateAnnouncement;
import io.callqueue.api.Membership;
import io.callqueue.api.NotQueuedReason;
import io.callqueue.api.QueueConfig;
import io.callqueue.api.QueueEvent;
import io.callqueue.api.QueueId;
import io.callqueue.api.Strategy;
import io.callqueue.core.CallQueueEngine;
import io.callqueue.testkit.sipp.Sipp;
import io.callqueue.testkit.tier.WireTest;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Real-time wire tests (tag: WireTest): the engine and {@link AsteriskTelephonyPort} against the
 * real Asterisk 22 ({@link AsteriskInstance}, one per class) with SIPp callers and agent phones,
 * each checking what the far end saw or heard: the music a waiting caller's socket receives, the
 * agent phone's voice in the bridge, the dialplan taking the caller back with
 * {@code CALLQUEUE_OUTCOME} (observed by a second ARI application, {@code probe}, that the
 * dialplan enters after {@code Stasis(callqueue,...)}).
 */
@WireTest
class AsteriskWireTest {
  private static final Duration WAIT = Duration.ofSeconds(15);
  /** Every byte of the agent phone's A-law "voice": music on hold never looks like this. */
  private static final byte VOICE = 0x2A;
  /** Every byte of a second agent's voice (issue 16's person who confirms). */
  private static final byte PERSON = 0x55;
  private static final String DIALPLAN = String.join("\n",
      "exten => 100,1,Stasis(callqueue,support)",
      " same => n,Answer()",
      " same => n,Stasis(probe,${CALLQUEUE_OUTCOME},${STASISSTATUS})",
      " same => n,Hangup()",
      "exten => 101,1,Stasis(callqueue,no-such-queue)",
      " same => n,Answer()",
      " same => n,Stasis(probe,${CALLQUEUE_OUTCOME},${STASISSTATUS})",
      " same => n,Hangup()",
      "exten => 103,1,Stasis(callqueue,announced)",
      " same => n,Hangup()",
      "exten => 104,1,Stasis(callqueue,confirming)",
      " same => n,Hangup()",
      "exten => 102,1,Stasis(callqueue)",
      " same => n,Answer()",
      " same => n,Stasis(probe,${CALLQUEUE_OUTCOME},${STASISSTATUS})",
      " same => n,Hangup()");

  private static AsteriskInstance asterisk;
  private static Path voice;
  private static AriClient probe;
  private static final BlockingQueue<AriEvent.StasisStart> probed = new LinkedBlockingQueue<>();

  private CallQueueEngine engine;
  private AsteriskTelephonyPort port;
  private final Queue<QueueEvent> events = new ConcurrentLinkedQueue<>();
  private final Queue<Sipp.Running> phones = new ConcurrentLinkedQueue<>();
  private final java.util.Set<String> registered = new java.util.LinkedHashSet<>();

  @BeforeAll
  static void startAsterisk() throws IOException {
    Sipp.requireInstalledUnderCi();
    asterisk = AsteriskInstance.start("AsteriskWireTest",
        List.of(new AsteriskInstance.Account("agent1", "secret1"),
            new AsteriskInstance.Account("agent2", "secret2")), DIALPLAN, 0);
    Path dir = Files.createDirectories(Path.of("target", "sipp").toAbsolutePath());
    voice = dir.resolve("agent-voice.alaw");
    byte[] bytes = new byte[8000 * 10];
    Arrays.fill(bytes, VOICE);
    Files.write(voice, bytes);
    probe = new AriClient(asterisk.ariUri(), AsteriskInstance.ARI_USER,
        AsteriskInstance.ARI_PASSWORD, "probe", event -> {
          if (event instanceof AriEvent.StasisStart start) {
            probed.add(start);
          }
        });
    probe.connect().join();
  }

  @AfterAll
  static void stopAsterisk() {
    if (probe != null) {
      probe.close();
    }
    if (asterisk != null) {
      asterisk.close();
      assertThat(asterisk.alive()).as("Asterisk stopped").isFalse();
    }
  }

  @BeforeEach
  void startEngine() {
    probed.clear();
    engine = CallQueueEngine.builder().telephony(portFor()).build();
    port.attach(engine);
    engine.addListener(events::add);
    engine.addQueue(QueueConfig.builder("support").ringTimeout(Duration.ofSeconds(5))
        .retryDelay(Duration.ofSeconds(1)).announcePosition(false)
        .estimateAnnouncement(EstimateAnnouncement.OFF).build()).toCompletableFuture().join();
    engine.addQueue(QueueConfig.builder("announced").ringTimeout(Duration.ofSeconds(5))
        .retryDelay(Duration.ofSeconds(1)).positionFirstAfter(Duration.ofSeconds(1))
        .positionEvery(Duration.ofSeconds(60)).announceOnImprovement(false)
        .estimateAnnouncement(EstimateAnnouncement.OFF).build()).toCompletableFuture().join();
    for (String agent : List.of("agent1", "agent2")) {
      engine.addAgent(AgentConfig.sip(agent, agent)).toCompletableFuture().join();
      engine.addMembership(Membership.of(QueueId.of("support"), AgentId.of(agent)))
          .toCompletableFuture().join();
    }
    engine.addMembership(Membership.of(QueueId.of("announced"), AgentId.of("agent1")))
        .toCompletableFuture().join();
    engine.addQueue(QueueConfig.builder("confirming").strategy(Strategy.LINEAR)
        .ringTimeout(Duration.ofSeconds(6)).retryDelay(Duration.ofSeconds(1))
        .announcePosition(false).estimateAnnouncement(EstimateAnnouncement.OFF)
        .confirmAnswer(true).confirmTimeout(Duration.ofSeconds(2)).build())
        .toCompletableFuture().join();
    for (String agent : List.of("agent1", "agent2")) {
      engine.addMembership(Membership.of(QueueId.of("confirming"), AgentId.of(agent)))
          .toCompletableFuture().join();
    }
    port.start().orTimeout(10, TimeUnit.SECONDS).join();
  }

  private AsteriskTelephonyPort portFor() {
    port = new AsteriskTelephonyPort(AsteriskConfig.of(asterisk.ariUri(),
        AsteriskInstance.ARI_USER, AsteriskInstance.ARI_PASSWORD));
    return port;
  }

  @AfterEach
  void stopEngine() throws IOException {
    phones.forEach(Sipp.Running::close);
    for (String agent : registered) {
      unregister(agent);
    }
    if (port != null) {
      port.close();
    }
    if (engine != null) {
      engine.close();
    }
  }

  @Test
  void noActiveAgent_theDialplanContinuesWithTheOutcome() throws Exception {
    Sipp.Running caller = Sipp.scenario("caller_until_bye.xml").autoAnswer().service("100")
        .key("mediaport", Integer.toString(AsteriskInstance.freeUdpPort()))
        .start(asterisk.sipPort(), Duration.ofSeconds(20));

    AriEvent.StasisStart after = probed.poll(WAIT.toSeconds(), TimeUnit.SECONDS);

    assertThat(after).as(asterisk.logs()).isNotNull();
    assertThat(after.args()).containsExactly("NOT_QUEUED", "SUCCESS");
    assertThat(left()).satisfies(l -> {
      assertThat(l.outcome()).isEqualTo(CallOutcome.NOT_QUEUED);
      assertThat(l.notQueuedReason()).isEqualTo(NotQueuedReason.NO_ACTIVE_AGENT);
      assertThat(l.call().value()).isEqualTo(after.channel().id());
    });
    probe.hangUp(after.channel().id(), "normal").join();
    Sipp.Result result = caller.await();
    assertThat(result.exitCode()).as(result.log()).isZero();
  }

  @Test
  void unknownQueueOrNoQueue_theCallerGoesBackNotQueued() throws Exception {
    for (String extension : List.of("101", "102")) {
      Sipp.Running caller = Sipp.scenario("caller_until_bye.xml").autoAnswer().service(extension)
          .key("mediaport", Integer.toString(AsteriskInstance.freeUdpPort()))
          .start(asterisk.sipPort(), Duration.ofSeconds(20));

      AriEvent.StasisStart after = probed.poll(WAIT.toSeconds(), TimeUnit.SECONDS);

      assertThat(after).as(extension + ": " + asterisk.logs()).isNotNull();
      assertThat(after.args()).as(extension).containsExactly("NOT_QUEUED", "SUCCESS");
      probe.hangUp(after.channel().id(), "normal").join();
      Sipp.Result result = caller.await();
      assertThat(result.exitCode()).as(result.log()).isZero();
    }
    assertThat(events).filteredOn(QueueEvent.CallerLeft.class::isInstance)
        .map(e -> ((QueueEvent.CallerLeft) e).notQueuedReason())
        .containsExactly(NotQueuedReason.UNKNOWN_QUEUE);
  }

  @Test
  void waitingCaller_hearsMusic_unreachableAndBusyAgentsFail_andHangingUpIsAbandoned()
      throws Exception {
    Path markers = Files.createTempFile(Path.of("target", "sipp").toAbsolutePath(), "busy-",
        ".log");
    agentPhone("agent2", "agent_busy.xml", markers);
    engine.login(AgentId.of("agent1")).toCompletableFuture().join(); // no phone registered
    try (RtpListener ear = new RtpListener()) {
      Sipp.Result caller = Sipp.scenario("caller.xml").autoAnswer().service("100")
          .key("mediaport", Integer.toString(ear.port())).pause(Duration.ofSeconds(4))
          .start(asterisk.sipPort(), Duration.ofSeconds(20)).await();

      assertThat(caller.exitCode()).as(caller.log()).isZero();
      assertThat(ear.packets()).as("RTP packets of music at the caller in 4 s")
          .isGreaterThan(100);
      assertThat(ear.voicePackets()).isZero();
    }
    assertThat(left().outcome()).isEqualTo(CallOutcome.ABANDONED);
    assertThat(ringEnds()).extracting(QueueEvent.AgentRingEnded::agent,
        QueueEvent.AgentRingEnded::result).contains(
            org.assertj.core.groups.Tuple.tuple(AgentId.of("agent1"),
                QueueEvent.RingResult.UNREACHABLE),
            org.assertj.core.groups.Tuple.tuple(AgentId.of("agent2"),
                QueueEvent.RingResult.BUSY));
    assertThat(Files.readString(markers)).contains("busy");
  }

  @Test
  void waitingCaller_hearsThePositionPrompt_fetchedFromTheAdapter_thenMusicAgain()
      throws Exception {
    engine.login(AgentId.of("agent1")).toCompletableFuture().join(); // no phone: keeps waiting
    String position = io.callqueue.prompts.PromptLibrary.shipped()
        .find("en", "queue-position", null).sha256();
    try (RtpListener ear = new RtpListener()) {
      Sipp.Result caller = Sipp.scenario("caller.xml").autoAnswer().service("103")
          .key("mediaport", Integer.toString(ear.port())).pause(Duration.ofSeconds(7))
          .start(asterisk.sipPort(), Duration.ofSeconds(20)).await();

      assertThat(caller.exitCode()).as(caller.log()).isZero();
      assertThat(ear.packets()).as("RTP packets at the caller in 7 s").isGreaterThan(200);
    }
    assertThat(events).filteredOn(QueueEvent.PromptPlayed.class::isInstance)
        .map(e -> ((QueueEvent.PromptPlayed) e).prompts().keys())
        .as("the engine asked for the position").isNotEmpty()
        .allSatisfy(keys -> assertThat(keys).contains("queue-position"));
    assertThat(port.servedPrompts()).as("recordings Asterisk fetched from the adapter; "
        + asterisk.logs()).contains(position);
    assertThat(port.finishedPlaybacks()).as("PlaybackFinished; " + asterisk.logs())
        .anySatisfy(p -> assertThat(p).endsWith(":done"));
    assertThat(left().outcome()).isEqualTo(CallOutcome.ABANDONED);
  }

  @Test
  void registeredAgent_isRungAnswersAndIsBridged_andTheCallersHangUpEndsBothLegs()
      throws Exception {
    Path markers = Files.createTempFile(Path.of("target", "sipp").toAbsolutePath(), "answer-",
        ".log");
    Sipp.Running phone = agentPhone("agent1", "agent_answer.xml", markers);
    try (RtpListener ear = new RtpListener()) {
      Sipp.Result caller = Sipp.scenario("caller.xml").autoAnswer().service("100")
          .key("mediaport", Integer.toString(ear.port())).pause(Duration.ofSeconds(4))
          .start(asterisk.sipPort(), Duration.ofSeconds(20)).await();

      assertThat(caller.exitCode()).as(caller.log()).isZero();
      assertThat(ear.voicePackets()).as("the agent's voice at the caller (bridged)")
          .isGreaterThan(50);
    }
    QueueEvent.CallerLeft left = left();
    assertThat(left.outcome()).isEqualTo(CallOutcome.ANSWERED);
    assertThat(left.agent()).isEqualTo(AgentId.of("agent1"));
    await("the agent's leg hung up by Asterisk", () -> read(markers).contains("ended"));
    await("the call completed", () -> events.stream()
        .anyMatch(QueueEvent.CallCompleted.class::isInstance));
    assertThat(phone.messages()).contains("BYE sip:agent1@127.0.0.1");
  }

  /**
   * Issue 16 on Asterisk: agent1's phone is a voicemail (answers, plays audio, never presses a
   * key), agent2 presses 1 as RFC 4733 during the prompt. agent1 is hung up and its ring is
   * UNCONFIRMED, the caller never hears it (music meanwhile), and agent2 is bridged.
   */
  @Test
  void confirmedAnswers_aVoicemailIsNotBridged_andTheAgentWhoPresses1Is() throws Exception {
    Path machineMarkers = Files.createTempFile(Path.of("target", "sipp").toAbsolutePath(),
        "machine-", ".log");
    Path personMarkers = Files.createTempFile(Path.of("target", "sipp").toAbsolutePath(),
        "person-", ".log");
    agentPhone("agent1", "agent_answer.xml", machineMarkers);
    Path personVoice = voice.resolveSibling("person-voice.alaw");
    byte[] bytes = new byte[8000 * 10];
    Arrays.fill(bytes, PERSON);
    Files.write(personVoice, bytes);
    agentPhone("agent2", Sipp.instantiate("conf_agent_confirm.xml", Map.of("VOICE",
        personVoice.toString(), "KEY", "1", "KEY_AFTER_MS", "1000")), personMarkers);
    try (RtpListener ear = new RtpListener()) {
      Sipp.Result caller = Sipp.scenario("caller.xml").autoAnswer().service("104")
          .key("mediaport", Integer.toString(ear.port()))
          .pause(Duration.ofSeconds(12)).start(asterisk.sipPort(), Duration.ofSeconds(30))
          .await();
      assertThat(caller.exitCode()).as(caller.log()).isZero();
      assertThat(ear.packets()).as("RTP at the caller (music, then agent2)")
          .isGreaterThan(200);
      assertThat(ear.voicePackets()).as("the voicemail's audio at the caller").isZero();
      assertThat(ear.uniformPackets(PERSON)).as("agent2's voice at the caller (bridged)")
          .isGreaterThan(50);
    }
    assertThat(ringEnds()).extracting(QueueEvent.AgentRingEnded::agent,
        QueueEvent.AgentRingEnded::result).containsExactly(
            org.assertj.core.groups.Tuple.tuple(AgentId.of("agent1"),
                QueueEvent.RingResult.UNCONFIRMED));
    QueueEvent.CallerLeft left = left();
    assertThat(left.outcome()).isEqualTo(CallOutcome.ANSWERED);
    assertThat(left.agent()).isEqualTo(AgentId.of("agent2"));
    assertThat(read(machineMarkers)).as("the voicemail answered, then was hung up")
        .contains("talking").contains("ended");
    assertThat(port.servedPrompts()).as("the confirm prompt fetched from the adapter")
        .contains(io.callqueue.prompts.PromptLibrary.shipped().find("en", "agent-confirm", null)
            .sha256());
  }

  @Test
  void registration_activatesTheAgent_andUnregisteringDeactivatesIt() throws Exception {
    Path markers = Files.createTempFile(Path.of("target", "sipp").toAbsolutePath(), "reg-",
        ".log");
    agentPhone("agent2", "agent_answer.xml", markers);

    unregister("agent2");

    await("agent2 logged out when its contact was removed", () -> agentState("agent2")
        == AgentState.LOGGED_OUT);
    assertThat(events).filteredOn(QueueEvent.AgentStateChanged.class::isInstance)
        .map(e -> ((QueueEvent.AgentStateChanged) e).to())
        .containsExactly(AgentState.AVAILABLE, AgentState.LOGGED_OUT);
  }

  /** Removes every contact of the account (REGISTER Contact: *, Expires: 0). */
  private void unregister(String agent) throws IOException {
    Path markers = Files.createTempFile(Path.of("target", "sipp").toAbsolutePath(), "unreg-",
        ".log");
    Sipp.Result result = Sipp.scenario("agent_unregister.xml").autoAnswer().service(agent)
        .credentials(agent, agent.replace("agent", "secret")).key("markers", markers.toString())
        .start(asterisk.sipPort(), Duration.ofSeconds(10)).await();
    assertThat(result.exitCode()).as(result.log()).isZero();
  }

  private Sipp.Running agentPhone(String agent, String answering, Path markers) {
    return agentPhone(agent, Sipp.instantiate(answering, Map.of("VOICE", voice.toString())),
        markers);
  }

  private Sipp.Running agentPhone(String agent, Path answering, Path markers) {
    Sipp.Running phone = Sipp.scenario("agent_register.xml").autoAnswer().service(agent)
        .credentials(agent, agent.replace("agent", "secret")).key("expires", "60")
        .key("markers", markers.toString()).pause(Duration.ofSeconds(20))
        .outOfCall(answering)
        .start(asterisk.sipPort(), Duration.ofSeconds(30));
    phones.add(phone);
    registered.add(agent);
    await(agent + " activated by its registration (endpoint online)",
        () -> agentState(agent) == AgentState.AVAILABLE);
    return phone;
  }

  private AgentState agentState(String agent) {
    return engine.snapshot().toCompletableFuture().join().agent(AgentId.of(agent)).state();
  }

  private QueueEvent.CallerLeft left() {
    await("the caller left the queue", () -> WireChecks.firstLeft(events).isPresent());
    return WireChecks.firstLeft(events).orElseThrow();
  }

  private List<QueueEvent.AgentRingEnded> ringEnds() {
    return events.stream().filter(QueueEvent.AgentRingEnded.class::isInstance)
        .map(QueueEvent.AgentRingEnded.class::cast).toList();
  }

  private static String read(Path file) {
    return WireChecks.read(file);
  }

  private void await(String what, BooleanSupplier condition) {
    WireChecks.await(WAIT, what, condition, () -> "events " + events + "\n" + asterisk.logs());
  }

  /** The caller's media socket: counts the RTP packets it receives, and those of the voice. */
  static final class RtpListener implements AutoCloseable {
    private final DatagramSocket socket;
    private final AtomicInteger packets = new AtomicInteger();
    private final AtomicInteger voicePackets = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicIntegerArray byPayloadByte =
        new java.util.concurrent.atomic.AtomicIntegerArray(256);
    private final byte voice;
    private final Thread reader;

    RtpListener() throws SocketException {
      this(VOICE);
    }

    /** Counts as voice the packets whose every payload byte is {@code voice}. */
    RtpListener(byte voice) throws SocketException {
      this.voice = voice;
      socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      reader = new Thread(this::read, "rtp-ear");
      reader.setDaemon(true);
      reader.start();
    }

    private void read() {
      byte[] buffer = new byte[2048];
      DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
      while (!socket.isClosed()) {
        try {
          socket.receive(packet);
        } catch (IOException e) {
          return;
        }
        packets.incrementAndGet();
        int length = packet.getLength();
        boolean uniform = length > 12 + 80;
        for (int i = 13; uniform && i < length; i++) {
          uniform = buffer[i] == buffer[12];
        }
        if (uniform) {
          byPayloadByte.incrementAndGet(buffer[12] & 0xFF);
          if (buffer[12] == voice) {
            voicePackets.incrementAndGet();
          }
        }
      }
    }

    int port() {
      return socket.getLocalPort();
    }

    int packets() {
      return packets.get();
    }

    int voicePackets() {
      return voicePackets.get();
    }

    /** The packets whose every payload byte is {@code b} (a constant "voice" file's). */
    int uniformPackets(byte b) {
      return byPayloadByte.get(b & 0xFF);
    }

    @Override
    public void close() {
      socket.close();
    }
  }
}
