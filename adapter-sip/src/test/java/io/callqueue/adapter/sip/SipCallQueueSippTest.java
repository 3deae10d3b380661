package io.callqueue.adapter.sip;

import static io.callqueue.adapter.sip.WireAudio.ear;
import static io.callqueue.adapter.sip.WireAudio.hear;
import static io.callqueue.adapter.sip.WireAudio.talk;
import static org.assertj.core.api.Assertions.assertThat;

import io.callqueue.adapter.sip.ivr.IvrRunner;
import io.callqueue.adapter.sip.ivr.Scenario;
import io.callqueue.adapter.sip.media.MediaEngine;
import io.callqueue.adapter.sip.signalling.SipConfig;
import io.callqueue.adapter.sip.signalling.Trunk;
import io.callqueue.api.AgentConfig;
import io.callqueue.api.AgentEndpoint;
import io.callqueue.api.AgentId;
import io.callqueue.api.AgentState;
import io.callqueue.api.CallOutcome;
import io.callqueue.api.EstimateAnnouncement;
import io.callqueue.api.HungUpBy;
import io.callqueue.api.JoinPolicy;
import io.callqueue.api.Membership;
import io.callqueue.api.PromptSequence;
import io.callqueue.api.QueueConfig;
import io.callqueue.api.QueueEvent;
import io.callqueue.api.QueueId;
import io.callqueue.api.RingFailure;
import io.callqueue.core.CallQueueEngine;
import io.callqueue.core.SystemScheduler;
import io.callqueue.core.records.CallRecorder;
import io.callqueue.core.records.InMemoryCallRecordStore;
import io.callqueue.testkit.sipp.Sipp;
import io.callqueue.testkit.tier.WireTest;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole server on the wire: SIPp agent phones register with digest auth and answer, SIPp
 * callers dial number 100 on the trunk, and the engine queues them through the IVR.
 */
@WireTest
class SipCallQueueSippTest {
  private static final Duration WAIT = Duration.ofSeconds(15);

  @TempDir
  Path voicemails;
  private final List<QueueEvent> events = new CopyOnWriteArrayList<>();
  private final List<IvrRunner.IvrVoicemail> ivrVoicemails = new CopyOnWriteArrayList<>();
  private CallQueueEngine engine;
  private SipCallQueue server;
  private int port;

  @BeforeAll
  static void sipp() {
    Sipp.assumeInstalled();
  }

  @BeforeEach
  void start() throws Exception {
    start(b -> b);
  }

  /** Stops the server started before the test and starts one with a customized SIP config. */
  private void restart(UnaryOperator<SipConfig.Builder> customize) throws Exception {
    stop();
    events.clear();
    start(customize);
  }

  private void start(UnaryOperator<SipConfig.Builder> customize) throws Exception {
    port = Sipp.freeUdpPort("127.0.0.1");
    Map<String, Scenario.Step> steps = new LinkedHashMap<>();
    steps.put("greeting", new Scenario.Play("greeting", "ivr-welcome", "queue"));
    steps.put("queue", new Scenario.Queue("queue", "support", "no-agent"));
    steps.put("no-agent", new Scenario.Play("no-agent", "queue-no-agent", "voicemail"));
    steps.put("voicemail", new Scenario.Voicemail("voicemail", "support"));
    server = new SipCallQueue(
        customize.apply(SipConfig.builder("127.0.0.1", port).realm("callqueue.test")
            .accounts(Map.of("agent1", "secret1", "agent2", "secret2"))
            .trunk(new Trunk("local", List.of("127.0.0.1"), Set.of("100")))),
        MediaEngine.builder().address(InetAddress.getLoopbackAddress()).portRange(32000, 32999),
        Map.of("100", new Scenario("100", "greeting", steps)), voicemails,
        (queue, key) -> new PromptSequence("en", List.of(PromptSequence.Prompt.of(key))),
        ivrVoicemails::add);
    engine = CallQueueEngine.builder().telephony(server).build();
    engine.addListener(events::add);
    engine.addQueue(QueueConfig.builder("support").ringTimeout(Duration.ofSeconds(10))
        .announcePosition(false).estimateAnnouncement(EstimateAnnouncement.OFF).build())
        .toCompletableFuture().join();
    engine.addAgent(AgentConfig.sip("agent1", "agent1")).toCompletableFuture().join();
    engine.addMembership(Membership.of(QueueId.of("support"), AgentId.of("agent1")))
        .toCompletableFuture().join();
    engine.addAgent(AgentConfig.sip("agent2", "agent2")).toCompletableFuture().join();
    engine.addMembership(Membership.of(QueueId.of("support"), AgentId.of("agent2")))
        .toCompletableFuture().join();
    server.attach(engine);
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
    engine.close();
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

  private AgentState agentState() {
    return agentState("agent1");
  }

  private AgentState agentState(String agent) {
    return engine.snapshot().toCompletableFuture().join().agent(AgentId.of(agent)).state();
  }

  /** An agent phone that registers and handles INVITEs with {@code answering}. */
  private Sipp.Running phone(String agent, String answering) throws InterruptedException {
    Sipp.Running phone = Sipp.scenario("register.xml").service(agent)
        .credentials(agent, agent.replace("agent", "secret")).key("expires", "60")
        .pause(Duration.ofSeconds(14)).outOfCall(answering).start(port, Duration.ofSeconds(25));
    await(agent + " auto-activated by its registration",
        () -> agentState(agent) == AgentState.AVAILABLE);
    return phone;
  }

  private List<QueueEvent.AgentRingEnded> ringEnds() {
    return events.stream().filter(QueueEvent.AgentRingEnded.class::isInstance)
        .map(QueueEvent.AgentRingEnded.class::cast).toList();
  }

  @Test
  void ringAll_firstAnswerWins_andTheOtherPhoneIsCancelled() throws Exception {
    Sipp.Running ringing = phone("agent1", "agent_ring.xml");
    Sipp.Running answering = phone("agent2", "agent_answer.xml");

    Sipp.Result caller = Sipp.scenario("caller_waits.xml").service("100")
        .pause(Duration.ofSeconds(7)).run(port, Duration.ofSeconds(20));

    assertThat(caller.exitCode()).as(caller.log()).isZero();
    QueueEvent.CallerLeft left = events.stream()
        .filter(QueueEvent.CallerLeft.class::isInstance).map(QueueEvent.CallerLeft.class::cast)
        .findFirst().orElseThrow();
    assertThat(left.agent()).isEqualTo(AgentId.of("agent2"));
    assertThat(ringEnds()).singleElement().satisfies(e -> {
      assertThat(e.agent()).isEqualTo(AgentId.of("agent1"));
      assertThat(e.result()).isEqualTo(QueueEvent.RingResult.CANCELLED);
    });
    Sipp.Result cancelled = ringing.await();
    assertThat(cancelled.exitCode()).as(cancelled.log()).isZero();
    assertThat(cancelled.log()).contains("CANCEL sip:agent1@127.0.0.1");
    assertThat(answering.await().exitCode()).isZero();
  }

  @Test
  void ringTimeout_movesToTheNextAgent_andCancelsTheFirstPhone() throws Exception {
    engine.updateQueue(QueueConfig.builder("support").strategy(io.callqueue.api.Strategy.LINEAR)
        .ringTimeout(Duration.ofSeconds(2)).announcePosition(false)
        .estimateAnnouncement(EstimateAnnouncement.OFF).build()).toCompletableFuture().join();
    Sipp.Running ringing = phone("agent1", "agent_ring.xml");
    Sipp.Running answering = phone("agent2", "agent_answer.xml");

    Sipp.Result caller = Sipp.scenario("caller_waits.xml").service("100")
        .pause(Duration.ofSeconds(9)).run(port, Duration.ofSeconds(25));

    assertThat(caller.exitCode()).as(caller.log()).isZero();
    assertThat(ringEnds()).singleElement().satisfies(e -> {
      assertThat(e.agent()).isEqualTo(AgentId.of("agent1"));
      assertThat(e.result()).isEqualTo(QueueEvent.RingResult.NO_ANSWER);
    });
    QueueEvent.CallerLeft left = events.stream()
        .filter(QueueEvent.CallerLeft.class::isInstance).map(QueueEvent.CallerLeft.class::cast)
        .findFirst().orElseThrow();
    assertThat(left.agent()).isEqualTo(AgentId.of("agent2"));
    assertThat(left.waited()).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    Sipp.Result cancelled = ringing.await();
    assertThat(cancelled.exitCode()).as(cancelled.log()).isZero();
    assertThat(answering.await().exitCode()).isZero();
  }

  @Test
  void registeredAgent_isRungAndBridged_andTheCallersHangUpEndsBothLegs() throws Exception {
    Sipp.Running agent = Sipp.scenario("register.xml").service("agent1")
        .credentials("agent1", "secret1").key("expires", "60").pause(Duration.ofSeconds(14))
        .outOfCall("agent_answer.xml").start(port, Duration.ofSeconds(25));
    await("agent1 auto-activated by its registration",
        () -> agentState() == AgentState.AVAILABLE);

    Sipp.Result caller = Sipp.scenario("caller_waits.xml").service("100")
        .pause(Duration.ofSeconds(7)).run(port, Duration.ofSeconds(20));

    assertThat(caller.exitCode()).as(caller.log()).isZero();
    await("the call completed", () -> events.stream()
        .anyMatch(e -> e instanceof QueueEvent.CallCompleted));
    QueueEvent.CallerLeft left = events.stream()
        .filter(QueueEvent.CallerLeft.class::isInstance).map(QueueEvent.CallerLeft.class::cast)
        .findFirst().orElseThrow();
    assertThat(left.outcome()).isEqualTo(CallOutcome.ANSWERED);
    assertThat(left.agent()).isEqualTo(AgentId.of("agent1"));
    assertThat(left.callerNumber()).isEqualTo("+48111222333");
    Sipp.Result phone = agent.await();
    assertThat(phone.exitCode()).as(phone.log()).isZero();
    assertThat(phone.log()).contains("BYE sip:agent1@127.0.0.1");
  }

  @Test
  void keyOneAsSipInfo_requestsACallback_andTheCallEndsAfterTheAcknowledgement()
      throws Exception {
    restart(b -> b.gatewayUri("sip:127.0.0.1:9")); // E.164 numbers are called back through it
    engine.updateQueue(QueueConfig.builder("support").joinPolicy(JoinPolicy.ALWAYS)
        .announcePosition(false).estimateAnnouncement(EstimateAnnouncement.OFF).build())
        .toCompletableFuture().join();

    Sipp.Result caller = Sipp.scenario("caller_info_key.xml").service("100")
        .run(port, Duration.ofSeconds(20));

    assertThat(caller.exitCode()).as(caller.log()).isZero();
    QueueEvent.CallbackRequested request = events.stream()
        .filter(QueueEvent.CallbackRequested.class::isInstance)
        .map(QueueEvent.CallbackRequested.class::cast).findFirst().orElseThrow();
    assertThat(request.callerNumber()).isEqualTo("+48111222333");
    assertThat(request.position()).isEqualTo(1);
    assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(
        QueueEvent.PromptPlayed.class,
        p -> assertThat(p.prompts().keys()).containsExactly("queue-callback-ack")));
  }

  @Test
  void keyOneFromASipUserThatIsNoAccount_isRefusedWithTheUnavailablePrompt_andTheCallerWaits()
      throws Exception {
    // a gateway dials E.164 numbers only; "alice" on the trunk is no account here either
    restart(b -> b.gatewayUri("sip:127.0.0.1:9"));
    engine.updateQueue(QueueConfig.builder("support").joinPolicy(JoinPolicy.ALWAYS)
        .callbackKeepsPlace(true).announcePosition(false)
        .estimateAnnouncement(EstimateAnnouncement.OFF).build()).toCompletableFuture().join();

    Sipp.Result caller = Sipp.scenario("caller_info_key_refused.xml").service("100")
        .key("caller", "alice").run(port, Duration.ofSeconds(20));

    assertThat(caller.exitCode()).as("the caller is not hung up after pressing 1: "
        + caller.log()).isZero();
    assertThat(events).noneMatch(QueueEvent.CallbackRequested.class::isInstance);
    assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(
        QueueEvent.PromptPlayed.class,
        p -> assertThat(p.prompts().keys()).containsExactly("queue-callback-unavailable")));
    await("the caller leaves by hanging up", () -> events.stream()
        .anyMatch(e -> e instanceof QueueEvent.CallerLeft));
    QueueEvent.CallerLeft left = events.stream().filter(QueueEvent.CallerLeft.class::isInstance)
        .map(QueueEvent.CallerLeft.class::cast).findFirst().orElseThrow();
    assertThat(left.callerNumber()).isEqualTo("alice");
    assertThat(left.outcome()).isEqualTo(CallOutcome.ABANDONED);
  }

  @Test
  void keyZeroAsRtpEvent_inTheQueue_leavesAVoicemailForTheQueue() throws Exception {
    engine.updateQueue(QueueConfig.builder("support").joinPolicy(JoinPolicy.ALWAYS)
        .announcePosition(false).estimateAnnouncement(EstimateAnnouncement.OFF).build())
        .toCompletableFuture().join();

    Sipp.Result caller = Sipp.template("caller_key0_voicemail.xml", Map.of("INTRO_MS", "4000"))
        .service("100").pause(Duration.ofSeconds(5)).run(port, Duration.ofSeconds(30));

    assertThat(caller.exitCode()).as(caller.log()).isZero();
    await("the queue's voicemail", () -> events.stream()
        .anyMatch(e -> e instanceof QueueEvent.VoicemailLeft));
    QueueEvent.CallerLeft left = events.stream()
        .filter(QueueEvent.CallerLeft.class::isInstance).map(QueueEvent.CallerLeft.class::cast)
        .findFirst().orElseThrow();
    assertThat(left.outcome()).isEqualTo(CallOutcome.VOICEMAIL);
    QueueEvent.VoicemailLeft vm = events.stream()
        .filter(QueueEvent.VoicemailLeft.class::isInstance)
        .map(QueueEvent.VoicemailLeft.class::cast).findFirst().orElseThrow();
    assertThat(Path.of(vm.message().reference())).exists().startsWith(voicemails.resolve("support"));
    assertThat(vm.message().duration()).isGreaterThan(Duration.ofSeconds(2));
  }

  @Test
  void waitingCaller_hearsSteadyRtp_welcomeMusicAndPositionAnnouncements() throws Exception {
    engine.updateQueue(QueueConfig.builder("support").joinPolicy(JoinPolicy.ALWAYS)
        .positionFirstAfter(Duration.ofSeconds(2)).positionEvery(Duration.ofSeconds(30))
        .estimateAnnouncement(EstimateAnnouncement.OFF).build()).toCompletableFuture().join();
    try (java.net.DatagramSocket ear = new java.net.DatagramSocket(0,
        InetAddress.getLoopbackAddress())) {
      ear.setSoTimeout(200);
      Sipp.Running caller = Sipp.scenario("caller_listens.xml").service("100")
          .key("mediaport", Integer.toString(ear.getLocalPort())).pause(Duration.ofSeconds(10))
          .start(port, Duration.ofSeconds(20));
      long first = 0;
      long last = 0;
      int packets = 0;
      int gaps = 0;
      int previousSeq = -1;
      byte[] buffer = new byte[2048];
      long end = System.nanoTime() + Duration.ofSeconds(9).toNanos();
      while (System.nanoTime() < end) {
        java.net.DatagramPacket p = new java.net.DatagramPacket(buffer, buffer.length);
        try {
          ear.receive(p);
        } catch (java.net.SocketTimeoutException e) {
          continue;
        }
        long now = System.nanoTime();
        first = first == 0 ? now : first;
        last = now;
        packets++;
        assertThat(buffer[1] & 0x7f).as("payload type").isEqualTo(8);
        assertThat(p.getLength()).as("RTP header + 20 ms of A-law").isEqualTo(12 + 160);
        int seq = ((buffer[2] & 0xff) << 8) | (buffer[3] & 0xff);
        if (previousSeq >= 0 && seq != ((previousSeq + 1) & 0xffff)) {
          gaps++;
        }
        previousSeq = seq;
      }
      Sipp.Result result = caller.await();
      assertThat(result.exitCode()).as(result.log()).isZero();
      double seconds = (last - first) / 1e9;
      assertThat(seconds).as("audio heard for").isGreaterThan(7.0);
      assertThat(packets).as("packets over %.1f s", seconds)
          .isGreaterThanOrEqualTo((int) (seconds / 0.020 * 0.9));
      assertThat(gaps).as("sequence gaps").isZero();
    }
    assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(
        QueueEvent.PromptPlayed.class,
        p -> assertThat(p.prompts().keys()).contains("queue-position", "digits/1")));
  }


  /** A SIPp gateway that challenges with 401 (qop=auth) for trunk7 and answers with media. */
  private static Sipp challengingGateway(java.net.DatagramSocket media) {
    return Sipp.template("gateway_auth.xml", Map.of("STATUS", "401",
        "AUTHENTICATE", "WWW-Authenticate", "QOP", ", qop=\"auth\"", "USER", "trunk7",
        "PASSWORD", "gw-secret", "MEDIA_PORT", Integer.toString(media.getLocalPort()),
        "SKIP_CHECK", ""));
  }

  /**
   * The caller hears the server's leg, then audio crosses the bridge both ways: the caller's to
   * {@code far}, {@code far}'s back to the caller.
   */
  private void assertAudioBothWays(java.net.DatagramSocket caller, java.net.DatagramSocket far,
      String farName) throws Exception {
    java.net.SocketAddress callerLeg = hear(caller, (byte) 0, Duration.ofSeconds(5));
    assertThat(callerLeg).as("the server's caller leg sends audio").isNotNull();
    await("connected", () -> events.stream().anyMatch(e -> e instanceof QueueEvent.CallerLeft));

    talk(caller, callerLeg, (byte) 0x55);
    java.net.SocketAddress farLeg = hear(far, (byte) 0x55, Duration.ofSeconds(3));
    assertThat(farLeg).as("the " + farName + " hears the caller").isNotNull();
    talk(far, farLeg, (byte) 0x33);
    assertThat(hear(caller, (byte) 0x33, Duration.ofSeconds(3)))
        .as("the caller hears the " + farName).isNotNull();
  }



  @Test
  void agentHangsUp_theCompletionSaysTheAgentEndedIt() throws Exception {
    Sipp agentHangsUp = Sipp.template("agent_answer_hangup.xml", Map.of("TALK_MS", "1500"));
    Sipp.Running phone = Sipp.scenario("register.xml").service("agent1")
        .credentials("agent1", "secret1").key("expires", "60").key("mediaport", "9")
        .pause(Duration.ofSeconds(8)).outOfCall(agentHangsUp).start(port, Duration.ofSeconds(20));
    await("agent1 registered", () -> agentState() == AgentState.AVAILABLE);
    Sipp.Running call = Sipp.scenario("caller_until_bye.xml").service("100")
        .start(port, Duration.ofSeconds(20));

    await("the call completed", () -> events.stream()
        .anyMatch(e -> e instanceof QueueEvent.CallCompleted));
    QueueEvent.CallCompleted done = events.stream()
        .filter(QueueEvent.CallCompleted.class::isInstance)
        .map(QueueEvent.CallCompleted.class::cast).findFirst().orElseThrow();
    assertThat(done.hungUpBy()).isEqualTo(HungUpBy.AGENT);
    Sipp.Result caller = call.await();
    assertThat(caller.exitCode()).as(caller.log()).isZero();
    assertThat(phone.await().exitCode()).isZero();
  }

  @Test
  void answeredCall_audioFlowsBothWaysAcrossTheBridge() throws Exception {
    try (java.net.DatagramSocket caller = ear(); java.net.DatagramSocket agent = ear()) {
      Sipp.Running phone = Sipp.scenario("register.xml").service("agent1")
          .credentials("agent1", "secret1").key("expires", "60")
          .key("mediaport", Integer.toString(agent.getLocalPort()))
          .pause(Duration.ofSeconds(14)).outOfCall("agent_answer_port.xml")
          .start(port, Duration.ofSeconds(25));
      await("agent1 registered", () -> agentState() == AgentState.AVAILABLE);
      Sipp.Running call = Sipp.scenario("caller_listens.xml").service("100")
          .key("mediaport", Integer.toString(caller.getLocalPort())).pause(Duration.ofSeconds(9))
          .start(port, Duration.ofSeconds(20));

      assertAudioBothWays(caller, agent, "agent");

      Sipp.Result callerResult = call.await();
      assertThat(callerResult.exitCode()).as(callerResult.log()).isZero();
      assertThat(phone.await().exitCode()).isZero();
    }
  }

  @Test
  void externalNumberAgent_rungThroughAGatewayThatChallenges_answersAndIsBridged()
      throws Exception {
    try (java.net.DatagramSocket caller = ear(); java.net.DatagramSocket mobile = ear()) {
      Sipp gateway = challengingGateway(mobile);
      restart(b -> b.gatewayUri("sip:127.0.0.1:" + gateway.port())
          .gatewayCredentials(new SipConfig.Credentials("trunk7", "gw-secret")));
      engine.addAgent(AgentConfig.external("mobile", "+48600100200")).toCompletableFuture().join();
      engine.addMembership(Membership.of(QueueId.of("support"), AgentId.of("mobile")))
          .toCompletableFuture().join();
      engine.login(AgentId.of("mobile")).toCompletableFuture().join();
      Sipp.Running gw = gateway.start(port, Duration.ofSeconds(25));
      Thread.sleep(100); // let SIPp bind its socket before the INVITE arrives

      Sipp.Running call = Sipp.scenario("caller_listens.xml").service("100")
          .key("mediaport", Integer.toString(caller.getLocalPort())).pause(Duration.ofSeconds(8))
          .start(port, Duration.ofSeconds(20));
      assertAudioBothWays(caller, mobile, "external agent");

      Sipp.Result callerResult = call.await();
      assertThat(callerResult.exitCode()).as(callerResult.log()).isZero();
      Sipp.Result gatewayResult = gw.await();
      assertThat(gatewayResult.exitCode()).as(gatewayResult.log()).isZero();
      assertThat(gatewayResult.log()).contains("Authorization: Digest username=\"trunk7\"",
          "BYE sip:gateway@127.0.0.1");
    }
    await("the call completed", () -> events.stream()
        .anyMatch(e -> e instanceof QueueEvent.CallCompleted));
    QueueEvent.CallerLeft left = events.stream()
        .filter(QueueEvent.CallerLeft.class::isInstance).map(QueueEvent.CallerLeft.class::cast)
        .findFirst().orElseThrow();
    assertThat(left.outcome()).isEqualTo(CallOutcome.ANSWERED);
    assertThat(left.agent()).isEqualTo(AgentId.of("mobile"));
  }

  /**
   * With nobody registered and keep-my-place callbacks on, a caller waits, presses 1 (SIP INFO),
   * hears the acknowledgement and is hung up; the request keeps its place in the queue.
   */
  private void requestKeptPlaceCallback() {
    requestKeptPlaceCallback(UnaryOperator.identity());
  }

  private void requestKeptPlaceCallback(UnaryOperator<QueueConfig.Builder> customize) {
    engine.updateQueue(customize.apply(QueueConfig.builder("support"))
        .joinPolicy(JoinPolicy.ALWAYS).callbackKeepsPlace(true).announcePosition(false)
        .estimateAnnouncement(EstimateAnnouncement.OFF).build()).toCompletableFuture().join();
    Sipp.Result caller = Sipp.scenario("caller_info_key.xml").service("100")
        .run(port, Duration.ofSeconds(20));
    assertThat(caller.exitCode()).as(caller.log()).isZero();
  }

  @Test
  void keptPlaceCallback_ringsTheAgentFirst_thenTheCustomerThroughTheGateway_bridgingBoth()
      throws Exception {
    java.util.concurrent.ScheduledExecutorService recorderTimers =
        java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
    try (java.net.DatagramSocket agentEar = ear(); java.net.DatagramSocket customerEar = ear()) {
      Sipp gateway = challengingGateway(customerEar);
      restart(b -> b.gatewayUri("sip:127.0.0.1:" + gateway.port())
          .gatewayCredentials(new SipConfig.Credentials("trunk7", "gw-secret")));
      InMemoryCallRecordStore records = new InMemoryCallRecordStore();
      engine.addListener(
          CallRecorder.builder(records, new SystemScheduler(recorderTimers)).build());
      // the queue's own recording of its name (issue 16): a constant tone, one A-law byte
      Path queueName = voicemails.resolve("queue-name.wav");
      byte nameByte = constantWav(queueName, (short) 4000);
      requestKeptPlaceCallback(b -> b.promptOverride("queue-name", queueName));
      QueueEvent.CallbackRequested request = events.stream()
          .filter(QueueEvent.CallbackRequested.class::isInstance)
          .map(QueueEvent.CallbackRequested.class::cast).findFirst().orElseThrow();
      assertThat(request.keepsPlace()).isTrue();

      // later agent1 comes: its phone is rung first, hears the whisper (the queue's name first),
      // then the customer is dialled through the gateway (which challenges) and both are bridged
      Sipp.Running gw = gateway.start(port, Duration.ofSeconds(30));
      Sipp agentHangsUp = Sipp.template("agent_answer_hangup.xml", Map.of("TALK_MS", "10000"));
      Sipp.Running phone = Sipp.scenario("register.xml").service("agent1")
          .credentials("agent1", "secret1").key("expires", "60")
          .key("mediaport", Integer.toString(agentEar.getLocalPort()))
          .pause(Duration.ofSeconds(18)).outOfCall(agentHangsUp)
          .start(port, Duration.ofSeconds(30));
      await("the callback started", () -> events.stream()
          .anyMatch(e -> e instanceof QueueEvent.CallbackStarted));
      java.net.SocketAddress agentLeg = hear(agentEar, nameByte, Duration.ofSeconds(3));
      assertThat(agentLeg).as("the agent hears the queue's name recording").isNotNull();

      java.net.SocketAddress customerLeg = null;
      long deadline = System.nanoTime() + Duration.ofSeconds(8).toNanos();
      while (customerLeg == null && System.nanoTime() < deadline) {
        talk(agentEar, agentLeg, (byte) 0x55);
        customerLeg = hear(customerEar, (byte) 0x55, Duration.ofMillis(300));
      }
      assertThat(customerLeg).as("the customer hears the agent").isNotNull();
      talk(customerEar, customerLeg, (byte) 0x33);
      assertThat(hear(agentEar, (byte) 0x33, Duration.ofSeconds(3)))
          .as("the agent hears the customer").isNotNull();

      Sipp.Result agent = phone.await();
      assertThat(agent.exitCode()).as(agent.log()).isZero();
      Sipp.Result customer = gw.await();
      assertThat(customer.exitCode()).as(customer.log()).isZero();
      assertThat(customer.log()).contains("INVITE sip:+48111222333@127.0.0.1",
          "Authorization: Digest username=\"trunk7\"", "BYE sip:gateway@127.0.0.1");
      await("the callback conversation completed", () -> events.stream()
          .anyMatch(e -> e instanceof QueueEvent.CallCompleted));
      QueueEvent.CallbackStarted started = events.stream()
          .filter(QueueEvent.CallbackStarted.class::isInstance)
          .map(QueueEvent.CallbackStarted.class::cast).findFirst().orElseThrow();
      assertThat(started.call()).isEqualTo(request.call());
      assertThat(started.agent()).isEqualTo(AgentId.of("agent1"));
      assertThat(started.callerNumber()).isEqualTo("+48111222333");
      await("the call record completed", () -> records.findByCall(request.call()).stream()
          .anyMatch(r -> r.completedAt() != null));
      io.callqueue.api.CallRecord record = records.findByCall(request.call()).get(0);
      assertThat(record.outcome()).isEqualTo(CallOutcome.CALLBACK);
      assertThat(record.callback().keepsPlace()).isTrue();
      assertThat(record.callback().agent()).isEqualTo(AgentId.of("agent1"));
      assertThat(record.callback().startedAt()).isNotNull();
      assertThat(record.talkTime()).isGreaterThan(Duration.ofSeconds(5));
    } finally {
      recorderTimers.shutdownNow();
    }
  }

  @Test
  void keptPlaceCallback_agentHangsUpDuringTheWhisper_theCustomerIsNotDialled()
      throws Exception {
    Sipp gateway = Sipp.template("gateway_reply.xml", Map.of("STATUS", "503"));
    restart(b -> b.gatewayUri("sip:127.0.0.1:" + gateway.port()));
    requestKeptPlaceCallback();

    Sipp.Running gw = gateway.start(port, Duration.ofSeconds(9));
    Sipp agentHangsUp = Sipp.template("agent_answer_hangup.xml", Map.of("TALK_MS", "500"));
    Sipp.Running phone = Sipp.scenario("register.xml").service("agent1")
        .credentials("agent1", "secret1").key("expires", "60").key("mediaport", "9")
        .pause(Duration.ofSeconds(3)).outOfCall(agentHangsUp).start(port, Duration.ofSeconds(10));

    await("the callback conversation ended", () -> events.stream()
        .anyMatch(e -> e instanceof QueueEvent.CallCompleted));
    Sipp.Result agent = phone.await();
    assertThat(agent.exitCode()).as(agent.log()).isZero();
    Sipp.Result customer = gw.await();
    assertThat(customer.log()).as("the gateway got no INVITE").doesNotContain("INVITE sip:");
  }

  @Test
  void keptPlaceCallback_dialingTheCustomerFails_theAgentsLegIsHungUp() throws Exception {
    restart(b -> b.gatewayUri("sip:127.0.0.1:9")); // the customer's E.164 number goes there
    requestKeptPlaceCallback();
    // after the agent answered, the dialler refuses the customer's leg (as it once did for a
    // callerId with '#' that the config had let through)
    List<AgentEndpoint> dialled = new CopyOnWriteArrayList<>();
    server.dialers = real -> (target, callerId, sdp, ringTimeout) -> {
      dialled.add(target);
      if (target instanceof AgentEndpoint.ExternalNumber) {
        throw new IllegalArgumentException("callerId must be a SIP URI user part, was 100#");
      }
      return real.dial(target, callerId, sdp, ringTimeout);
    };

    Sipp.Running agent = Sipp.scenario("register.xml").service("agent1")
        .credentials("agent1", "secret1").key("expires", "60").pause(Duration.ofSeconds(12))
        .outOfCall("agent_answer.xml").start(port, Duration.ofSeconds(20));

    await("the callback started", () -> events.stream()
        .anyMatch(e -> e instanceof QueueEvent.CallbackStarted));
    // the engine hears that the customer was not reached (it frees the agent and retries later)
    await("the customer reported unreached", () -> events.stream()
        .anyMatch(e -> e instanceof QueueEvent.CallbackUnreached u
            && u.failure() == RingFailure.UNREACHABLE));
    Sipp.Result phone = agent.await();
    assertThat(phone.exitCode()).as(phone.log()).isZero();
    assertThat(phone.log()).as("the agent's phone got our BYE").contains("BYE sip:agent1@127.0.0.1");
    assertThat(dialled).containsExactly(new AgentEndpoint.SipAccount("agent1"),
        new AgentEndpoint.ExternalNumber("+48111222333"));
    assertThat(server.activeCalls()).isZero();
  }

  @Test
  void keyZeroVoicemail_callerHangsUpDuringThePrompt_endsQuietlyWithOneRecord()
      throws Exception {
    java.util.concurrent.ScheduledExecutorService recorderTimers =
        java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
    try {
      InMemoryCallRecordStore records = new InMemoryCallRecordStore();
      engine.addListener(
          CallRecorder.builder(records, new SystemScheduler(recorderTimers)).build());
      engine.updateQueue(QueueConfig.builder("support").joinPolicy(JoinPolicy.ALWAYS)
          .announcePosition(false).estimateAnnouncement(EstimateAnnouncement.OFF).build())
          .toCompletableFuture().join();

      // presses 0 in the queue, then hangs up 0.7 s into the voicemail intro (2.3 s long)
      String quietEnd = "the caller hung up during the voicemail prompt; nothing recorded";
      String log;
      try (StandardErrorCapture capture = StandardErrorCapture.start()) {
        Sipp.Result caller = Sipp.template("caller_key0_voicemail.xml",
            Map.of("INTRO_MS", "700")).service("100").pause(Duration.ofMillis(1))
            .run(port, Duration.ofSeconds(20));
        assertThat(caller.exitCode()).as(caller.log()).isZero();
        await("the caller's leg released", () -> server.activeCalls() == 0);
        await("the call recorded", () -> records.size() == 1);
        await("the end of the voicemail step logged", () -> capture.text().contains(quietEnd)
            || capture.text().contains(" ERROR "));
        log = capture.text();
      }

      assertThat(log).as("the server's log").doesNotContain(" ERROR ").contains(quietEnd);
      QueueEvent.CallerLeft left = events.stream()
          .filter(QueueEvent.CallerLeft.class::isInstance).map(QueueEvent.CallerLeft.class::cast)
          .findFirst().orElseThrow();
      assertThat(left.outcome()).isEqualTo(CallOutcome.VOICEMAIL);
      assertThat(events).noneMatch(QueueEvent.VoicemailLeft.class::isInstance);
      // the engine's view: the caller chose voicemail and left no message
      assertThat(records.all()).singleElement().satisfies(r -> {
        assertThat(r.callId()).isEqualTo(left.call());
        assertThat(r.outcome()).isEqualTo(CallOutcome.VOICEMAIL);
        assertThat(r.voicemail()).isNull();
        assertThat(r.leftAt()).isNotNull();
      });
      assertThat(voicemails.resolve("support")).isEmptyDirectory();
    } finally {
      recorderTimers.shutdownNow();
    }
  }

  @Test
  void noRegisteredAgent_theIvrContinues_toAVoicemailWithTheCallersAudio() throws Exception {
    Sipp.Result caller = Sipp.scenario("caller_voicemail.xml").service("100")
        .pause(Duration.ofSeconds(5)).run(port, Duration.ofSeconds(30));

    assertThat(caller.exitCode()).as(caller.log()).isZero();
    QueueEvent.CallerLeft left = events.stream()
        .filter(QueueEvent.CallerLeft.class::isInstance).map(QueueEvent.CallerLeft.class::cast)
        .findFirst().orElseThrow();
    assertThat(left.outcome()).isEqualTo(CallOutcome.NOT_QUEUED);
    await("the voicemail", () -> !ivrVoicemails.isEmpty());
    IvrRunner.IvrVoicemail vm = ivrVoicemails.get(0);
    assertThat(vm.queue()).isEqualTo(QueueId.of("support"));
    Path file = Path.of(vm.message().reference());
    assertThat(file).exists().startsWith(voicemails);
    assertThat(vm.message().duration()).isGreaterThan(Duration.ofSeconds(2));
    try (AudioInputStream in = AudioSystem.getAudioInputStream(file.toFile())) {
      byte[] pcm = in.readAllBytes();
      int loud = 0;
      for (int i = 0; i + 1 < pcm.length; i += 2) {
        int sample = (short) ((pcm[i + 1] << 8) | (pcm[i] & 0xff));
        if (Math.abs(sample) > 1000) {
          loud++;
        }
      }
      assertThat(loud).as("samples of the caller's voice in the recording").isGreaterThan(4000);
    }
    assertThat(Files.list(voicemails.resolve("ivr"))).hasSize(1);
  }

  /**
   * Writes one second of 8 kHz 16-bit mono PCM, every sample {@code sample}; returns the A-law
   * byte (the agent's phone offers PCMA) it is sent as, by the JDK's own encoder.
   */
  private static byte constantWav(Path file, short sample) throws Exception {
    byte[] pcm = new byte[16000];
    for (int i = 0; i < pcm.length; i += 2) {
      pcm[i] = (byte) sample;
      pcm[i + 1] = (byte) (sample >> 8);
    }
    javax.sound.sampled.AudioFormat format =
        new javax.sound.sampled.AudioFormat(8000f, 16, 1, true, false);
    AudioSystem.write(new AudioInputStream(new java.io.ByteArrayInputStream(pcm), format, 8000),
        javax.sound.sampled.AudioFileFormat.Type.WAVE, file.toFile());
    javax.sound.sampled.AudioFormat alaw = new javax.sound.sampled.AudioFormat(
        javax.sound.sampled.AudioFormat.Encoding.ALAW, 8000f, 8, 1, 1, 8000f, false);
    try (AudioInputStream encoded = AudioSystem.getAudioInputStream(alaw,
        new AudioInputStream(new java.io.ByteArrayInputStream(pcm, 0, 2), format, 1))) {
      return encoded.readAllBytes()[0];
    }
  }
}
