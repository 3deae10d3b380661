package io.callqueue.adapter.sip;

import static io.callqueue.adapter.sip.WireAudio.ear;
import static io.callqueue.adapter.sip.WireAudio.hear;
import static io.callqueue.adapter.sip.WireAudio.listen;
import static io.callqueue.adapter.sip.WireAudio.pressKey;
import static io.callqueue.adapter.sip.WireAudio.talk;
import static org.assertj.core.api.Assertions.assertThat;

import io.callqueue.adapter.sip.ivr.Scenario;
import io.callqueue.adapter.sip.media.MediaEngine;
import io.callqueue.adapter.sip.signalling.SipConfig;
import io.callqueue.adapter.sip.signalling.Trunk;
import io.callqueue.api.AgentAttempt;
import io.callqueue.api.AgentConfig;
import io.callqueue.api.AgentId;
import io.callqueue.api.AgentState;
import io.callqueue.api.CallRecord;
import io.callqueue.api.EstimateAnnouncement;
import io.callqueue.api.Membership;
import io.callqueue.api.PromptSequence;
import io.callqueue.api.QueueConfig;
import io.callqueue.api.QueueEvent;
import io.callqueue.api.QueueId;
import io.callqueue.api.Strategy;
import io.callqueue.core.CallQueueEngine;
import io.callqueue.core.SystemScheduler;
import io.callqueue.core.records.CallRecorder;
import io.callqueue.core.records.CallStatistics;
import io.callqueue.core.records.InMemoryCallRecordStore;
import io.callqueue.core.records.QueueLogWriter;
import io.callqueue.testkit.sipp.Sipp;
import io.callqueue.testkit.tier.WireTest;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16 on the wire: agents whose answer counts only once they press 1. The external number
 * {@code +48600100200} is reached through a SIPp gateway whose media is a socket of the test (the
 * far end's audio and RFC 4733 keys are the test's packets; SIP INFO keys are the gateway's); the
 * SIP account {@code agent1} is a registered SIPp phone. The caller's media is a socket of the
 * test too, so what the caller hears is counted at the caller.
 */
@WireTest
class ConfirmAnswerSippTest {
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final AgentId MOBILE = AgentId.of("mobile");
  private static final AgentId AGENT1 = AgentId.of("agent1");
  private static final byte FAR_END_VOICE = 0x33;
  private static final byte CALLER_VOICE = 0x55;

  @TempDir
  Path voicemails;
  private final List<QueueEvent> events = new CopyOnWriteArrayList<>();
  private final InMemoryCallRecordStore records = new InMemoryCallRecordStore();
  private final StringBuffer queueLog = new StringBuffer();
  private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
  private CallQueueEngine engine;
  private SipCallQueue server;
  private int port;

  @BeforeAll
  static void sipp() {
    Sipp.assumeInstalled();
  }

  /**
   * Starts the server with the gateway at {@code gatewayPort}, queue {@code support} (ring 10 s,
   * confirm within 2 s) and the external agent {@code mobile}, who must confirm; {@code agent1}
   * (a SIP account) is added by the tests that need it, first or after the mobile.
   */
  private void start(int gatewayPort, Strategy strategy) throws Exception {
    port = Sipp.freeUdpPort("127.0.0.1");
    server = new SipCallQueue(
        SipConfig.builder("127.0.0.1", port).realm("callqueue.test")
            .accounts(Map.of("agent1", "secret1"))
            .trunk(new Trunk("local", List.of("127.0.0.1"), Set.of("100")))
            .gatewayUri("sip:127.0.0.1:" + gatewayPort),
        MediaEngine.builder().address(InetAddress.getLoopbackAddress()).portRange(33000, 33999),
        Map.of("100", new Scenario("100", "queue",
            Map.of("queue", new Scenario.Queue("queue", "support", null)))),
        voicemails,
        (queue, key) -> new PromptSequence("en", List.of(PromptSequence.Prompt.of(key))),
        voicemail -> { });
    engine = CallQueueEngine.builder().telephony(server).build();
    engine.addListener(events::add);
    engine.addListener(CallRecorder.builder(records, new SystemScheduler(timers)).build());
    engine.addListener(new QueueLogWriter(queueLog));
    join(engine.addQueue(QueueConfig.builder("support").strategy(strategy)
        .ringTimeout(Duration.ofSeconds(10)).confirmTimeout(Duration.ofSeconds(2))
        .reportHoldTime(true).announcePosition(false)
        .estimateAnnouncement(EstimateAnnouncement.OFF).build()));
    join(engine.addAgent(AgentConfig.external("mobile", "+48600100200").withConfirmAnswer(true)));
    join(engine.addMembership(Membership.of(QueueId.of("support"), MOBILE)));
    join(engine.login(MOBILE));
    server.attach(engine);
    server.start();
  }

  private void addAgent1(boolean confirms) {
    join(engine.addAgent(AgentConfig.sip("agent1", "agent1").withConfirmAnswer(confirms)));
    join(engine.addMembership(Membership.of(QueueId.of("support"), AGENT1)));
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
      engine.close();
    }
    timers.shutdownNow();
  }

  private static <T> T join(java.util.concurrent.CompletionStage<T> stage) {
    return stage.toCompletableFuture().join();
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(50);
    }
  }

  /** The gateway for the mobile: answers after 300 ms; {@code key} is what it does then. */
  private static Sipp phone(DatagramSocket media, String key) {
    return Sipp.template("confirm_phone.xml", Map.of("ANSWER_MS", "300",
        "MEDIA_PORT", Integer.toString(media.getLocalPort()), "KEY", key));
  }


  /** agent1's registered phone, answering every INVITE with {@code answering}. */
  private Sipp.Running agent1Phone(Sipp answering) throws InterruptedException {
    Sipp.Running phone = Sipp.scenario("register.xml").service("agent1")
        .credentials("agent1", "secret1").key("expires", "60")
        .pause(Duration.ofSeconds(16)).outOfCall(answering).start(port, Duration.ofSeconds(28));
    await("agent1 registered", () -> agentState("agent1") == AgentState.AVAILABLE);
    return phone;
  }

  private AgentState agentState(String agent) {
    return join(engine.snapshot()).agent(AgentId.of(agent)).state();
  }

  private Sipp.Running caller(DatagramSocket media, Duration stay) {
    return Sipp.scenario("caller_listens.xml").service("100")
        .key("mediaport", Integer.toString(media.getLocalPort())).pause(stay)
        .start(port, stay.plusSeconds(12));
  }

  /** A caller who stays 9 s, once the gateway's SIPp has had a moment to bind its socket. */
  private Sipp.Running callerOnHold(DatagramSocket media) throws InterruptedException {
    Thread.sleep(100);
    return caller(media, Duration.ofSeconds(9));
  }

  private List<String> ringEnds() {
    return events.stream().filter(QueueEvent.AgentRingEnded.class::isInstance)
        .map(QueueEvent.AgentRingEnded.class::cast)
        .map(e -> e.agent().value() + ":" + e.result()).toList();
  }

  private QueueEvent.CallerLeft left() {
    return events.stream().filter(QueueEvent.CallerLeft.class::isInstance)
        .map(QueueEvent.CallerLeft.class::cast).findFirst().orElse(null);
  }

  /** The caller's audio reaches the far end, and the far end's reaches the caller. */
  private static void assertAudioBothWays(DatagramSocket caller, SocketAddress callerLeg,
      DatagramSocket far) throws Exception {
    // drain what the caller heard while waiting: a full receive buffer would drop the agent's voice
    listen(caller, FAR_END_VOICE, Duration.ofMillis(300));
    talk(caller, callerLeg, CALLER_VOICE);
    SocketAddress farLeg = hear(far, CALLER_VOICE, Duration.ofSeconds(3));
    assertThat(farLeg).as("the agent hears the caller").isNotNull();
    talk(far, farLeg, FAR_END_VOICE);
    assertThat(hear(caller, FAR_END_VOICE, Duration.ofSeconds(3)))
        .as("the caller hears the agent").isNotNull();
  }

  @Test
  void machineAnswersAndPlaysAudioButNeverPresses1_isNotBridged_callerKeepsMusic_nextAgentRings()
      throws Exception {
    try (DatagramSocket caller = ear(); DatagramSocket mobile = ear();
        DatagramSocket agentEar = ear()) {
      Sipp gateway = phone(mobile, ConfirmKeys.SILENT);
      start(gateway.port(), Strategy.LINEAR);
      addAgent1(false); // after the mobile in the linear order; a desk phone, no confirmation
      Sipp.Running agentPhone = agent1Phone(Sipp.template("confirm_phone.xml", Map.of(
          "ANSWER_MS", "300", "MEDIA_PORT", Integer.toString(agentEar.getLocalPort()),
          "KEY", ConfirmKeys.SILENT)));
      Sipp.Running gw = gateway.start(port, Duration.ofSeconds(20));
      Thread.sleep(100); // let SIPp bind its socket before the INVITE arrives
      Sipp.Running call = caller(caller, Duration.ofSeconds(12));

      // the mobile's voicemail answers and hears the whisper and "press 1"; it talks, never a key
      SocketAddress mobileLeg = hear(mobile, (byte) 0, Duration.ofSeconds(6));
      assertThat(mobileLeg).as("the mobile's leg hears the prompt").isNotNull();
      Thread machine = new Thread(() -> {
        try {
          for (int i = 0; i < 3; i++) {
            talk(mobile, mobileLeg, FAR_END_VOICE); // a greeting: 3 x 1 s of audio
          }
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      machine.start();
      WireAudio.Heard meanwhile = listen(caller, FAR_END_VOICE, Duration.ofSeconds(2));
      machine.join();
      assertThat(meanwhile.packets()).as("the caller keeps hearing music (20 ms packets in 2 s)")
          .isGreaterThan(80);
      assertThat(meanwhile.heardFill()).as("the caller hears nothing of the mobile").isFalse();
      assertThat(left()).as("the caller is still waiting").isNull();

      await("agent1 answered", () -> left() != null);
      assertThat(left().agent()).isEqualTo(AGENT1);
      assertThat(ringEnds()).containsExactly("mobile:UNCONFIRMED");
      Sipp.Result gatewayResult = gw.await();
      assertThat(gatewayResult.exitCode()).as(gatewayResult.log()).isZero();
      assertThat(gatewayResult.log()).as("the server hung the mobile's leg up")
          .contains("BYE sip:phone@127.0.0.1");

      Sipp.Result callerResult = call.await();
      assertThat(callerResult.exitCode()).as(callerResult.log()).isZero();
      assertThat(agentPhone.await().exitCode()).isZero();
    }
    await("the call's record", () -> !records.all().isEmpty());
    CallRecord record = records.all().get(0);
    assertThat(record.attempts()).extracting(a -> a.agent().value() + ":" + a.result())
        .containsExactly("mobile:" + AgentAttempt.Result.UNCONFIRMED,
            "agent1:" + AgentAttempt.Result.ANSWERED);
    assertThat(queueLog.toString()).containsPattern("\\|support\\|mobile\\|RINGNOANSWER\\|\\d+\n");
    Instant now = Instant.now();
    var report = new CallStatistics(Map.of()).report(records.all(),
        now.minus(Duration.ofHours(1)), now.plus(Duration.ofHours(1)));
    assertThat(report.agent(MOBILE).missedAttempts()).isEqualTo(1);
    assertThat(report.agent(AGENT1).answered()).isEqualTo(1);
    assertThat(join(engine.snapshot()).agent(MOBILE).callsMissed()).isEqualTo(1);
  }

  @Test
  void mobilePresses1AsSipInfo_isBridgedWithAudioBothWays() throws Exception {
    try (DatagramSocket caller = ear(); DatagramSocket mobile = ear()) {
      Sipp gateway = phone(mobile, ConfirmKeys.info('1', 1500));
      start(gateway.port(), Strategy.RING_ALL);
      Sipp.Running gw = gateway.start(port, Duration.ofSeconds(20));
      Sipp.Running call = callerOnHold(caller);
      SocketAddress callerLeg = hear(caller, (byte) 0, Duration.ofSeconds(5));
      assertThat(callerLeg).as("the caller hears the server").isNotNull();
      await("the mobile confirmed", () -> left() != null);
      assertThat(left().agent()).isEqualTo(MOBILE);
      assertThat(ringEnds()).isEmpty();
      assertAudioBothWays(caller, callerLeg, mobile);

      Sipp.Result callerResult = call.await();
      assertThat(callerResult.exitCode()).as(callerResult.log()).isZero();
      Sipp.Result gatewayResult = gw.await();
      assertThat(gatewayResult.exitCode()).as(gatewayResult.log()).isZero();
      assertThat(gatewayResult.log()).contains("INFO sip:", "Signal=1");
    }
  }

  @Test
  void mobilePresses1AsRfc4733_isBridgedWithAudioBothWays() throws Exception {
    try (DatagramSocket caller = ear(); DatagramSocket mobile = ear()) {
      Sipp gateway = phone(mobile, ConfirmKeys.SILENT);
      start(gateway.port(), Strategy.RING_ALL);
      Sipp.Running gw = gateway.start(port, Duration.ofSeconds(20));
      Sipp.Running call = callerOnHold(caller);
      SocketAddress callerLeg = hear(caller, (byte) 0, Duration.ofSeconds(5));
      assertThat(callerLeg).isNotNull();
      SocketAddress mobileLeg = hear(mobile, (byte) 0, Duration.ofSeconds(6));
      assertThat(mobileLeg).as("the mobile's leg hears the prompt").isNotNull();
      assertThat(left()).as("not connected before the key").isNull();
      pressKey(mobile, mobileLeg, 1);
      await("the mobile confirmed", () -> left() != null);
      assertThat(left().agent()).isEqualTo(MOBILE);
      assertAudioBothWays(caller, callerLeg, mobile);

      Sipp.Result callerResult = call.await();
      assertThat(callerResult.exitCode()).as(callerResult.log()).isZero();
      Sipp.Result gatewayResult = gw.await();
      assertThat(gatewayResult.exitCode()).as(gatewayResult.log()).isZero();
    }
  }

  @Test
  void ringAll_machineAnsweredMobileAndAConfirmingPerson_connectsThePerson() throws Exception {
    try (DatagramSocket caller = ear(); DatagramSocket mobile = ear();
        DatagramSocket agentEar = ear()) {
      Sipp gateway = phone(mobile, ConfirmKeys.SILENT); // the mobile's voicemail: answers at once, no key
      start(gateway.port(), Strategy.RING_ALL);
      addAgent1(true); // a SIP account that must confirm too: a person, who presses 1 late
      Sipp.Running agentPhone = agent1Phone(Sipp.template("confirm_phone.xml", Map.of(
          "ANSWER_MS", "2500", "MEDIA_PORT", Integer.toString(agentEar.getLocalPort()),
          "KEY", ConfirmKeys.info('1', 2500))));
      Sipp.Running gw = gateway.start(port, Duration.ofSeconds(20));
      Thread.sleep(100);
      Sipp.Running call = caller(caller, Duration.ofSeconds(11));

      SocketAddress callerLeg = hear(caller, (byte) 0, Duration.ofSeconds(5));
      assertThat(callerLeg).isNotNull();
      await("the person confirmed", () -> left() != null);
      assertThat(left().agent()).isEqualTo(AGENT1);
      assertThat(ringEnds()).as("the voicemail failed first; the person's phone kept ringing")
          .containsExactly("mobile:UNCONFIRMED");
      assertAudioBothWays(caller, callerLeg, agentEar);

      Sipp.Result callerResult = call.await();
      assertThat(callerResult.exitCode()).as(callerResult.log()).isZero();
      Sipp.Result gatewayResult = gw.await();
      assertThat(gatewayResult.exitCode()).as(gatewayResult.log()).isZero();
      assertThat(agentPhone.await().exitCode()).isZero();
    }
  }

  @Test
  void mobileHangsUpDuringThePrompt_isUnconfirmed_andTheCallerKeepsWaiting() throws Exception {
    try (DatagramSocket caller = ear()) {
      Sipp gateway = Sipp.template("agent_answer_hangup.xml", Map.of("TALK_MS", "500"))
          .key("mediaport", "9");
      start(gateway.port(), Strategy.RING_ALL);
      Sipp.Running gw = gateway.start(port, Duration.ofSeconds(15));
      Sipp.Running call = callerOnHold(caller);

      await("the mobile's ring ended", () -> !ringEnds().isEmpty());
      assertThat(ringEnds()).first().isEqualTo("mobile:UNCONFIRMED");
      assertThat(left()).as("the caller still waits").isNull();
      assertThat(listen(caller, FAR_END_VOICE, Duration.ofSeconds(1)).packets())
          .as("the caller hears music").isGreaterThan(40);
      Sipp.Result gatewayResult = gw.await();
      assertThat(gatewayResult.exitCode()).as(gatewayResult.log()).isZero();
      call.await();
    }
  }
}
