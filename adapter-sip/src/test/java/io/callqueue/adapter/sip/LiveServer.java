package io.callqueue.adapter.sip;

import io.callqueue.adapter.sip.ivr.Scenario;
import io.callqueue.adapter.sip.media.MediaEngine;
import io.callqueue.adapter.sip.signalling.SipConfig;
import io.callqueue.adapter.sip.signalling.Trunk;
import io.callqueue.api.AgentConfig;
import io.callqueue.api.AgentId;
import io.callqueue.api.AgentState;
import io.callqueue.api.CallId;
import io.callqueue.api.CallOutcome;
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
import io.callqueue.core.records.InMemoryCallRecordStore;
import io.callqueue.testkit.sipp.Sipp;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * The whole standalone server for the fault tests ({@code SipFuzzTest}, {@code SippSoakTest}): a
 * {@link SipCallQueue} on 127.0.0.1 with the real {@link CallQueueEngine}, a {@link CallRecorder}
 * into an {@link InMemoryCallRecordStore}, trunk number {@value #NUMBER} whose scenario is the
 * queue alone (so every admitted call is offered to the engine and gets exactly one record), and
 * agents' SIPp phones registered with digest auth (plus the account {@link SipFuzzer#ACCOUNT},
 * which no agent uses).
 *
 * <p>What the tests check it with: {@link #diagnostics()} (the server's own count of legs, ports
 * and calls), {@link #optionsAnswered()} (a fresh UDP socket gets 200 to OPTIONS), {@link
 * #normalCall} (a {@link WireCaller} is queued, bridged to an agent and hangs up, and its record
 * says ANSWERED and completed) and {@link #recordProblems()} (one record per call the engine
 * let go, no more, no fewer).
 */
final class LiveServer implements AutoCloseable {
  static final String NUMBER = "100";
  static final String QUEUE = "support";
  private static final Duration POLL = Duration.ofMillis(50);

  final int port = Sipp.freeUdpPort("127.0.0.1");
  final Path directory;
  final InMemoryCallRecordStore records = new InMemoryCallRecordStore();
  private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "live-server-timers");
    t.setDaemon(true);
    return t;
  });
  private final SipCallQueue server;
  private final CallQueueEngine engine;
  private final CallRecorder recorder;
  private final AtomicInteger callersLeft = new AtomicInteger();
  private final Map<CallId, Integer> leftPerCall = new ConcurrentHashMap<>();
  private final Map<String, String> passwords;
  private final List<Sipp.Running> phones = new CopyOnWriteArrayList<>();
  private final AtomicInteger normalCalls = new AtomicInteger();

  /**
   * @param agents the agents' account names (password {@code pw-<name>}); each is a member of the
   *     queue, rung by {@code strategy}
   * @param firstMediaPort the first of 1,000 RTP ports of the server's media range
   */
  LiveServer(Path directory, List<String> agents, Strategy strategy, int firstMediaPort)
      throws IOException {
    this.directory = directory;
    Files.createDirectories(directory);
    Map<String, String> accounts = new java.util.HashMap<>();
    agents.forEach(a -> accounts.put(a, "pw-" + a));
    accounts.put(SipFuzzer.ACCOUNT, SipFuzzer.PASSWORD);
    this.passwords = Map.copyOf(accounts);
    server = new SipCallQueue(
        SipConfig.builder("127.0.0.1", port).realm("callqueue.test").accounts(passwords)
            .trunk(new Trunk("local", List.of("127.0.0.1"), Set.of(NUMBER)))
            // an un-ACKed answer is given up after 64·T1 = 6.4 s, within the idle check's 10 s
            .timerT1(Duration.ofMillis(100))
            // fuzzed digests and the test's own phones share 127.0.0.1: the failure throttle
            // (DigestReplayWireTest's subject) would lock the agents out after ten fuzz cases
            .authFailures(new SipConfig.FailureLimit(Integer.MAX_VALUE, Duration.ofMinutes(1),
                Duration.ofSeconds(1))),
        MediaEngine.builder().address(InetAddress.getLoopbackAddress())
            .portRange(firstMediaPort, firstMediaPort + 998),
        Map.of(NUMBER, new Scenario(NUMBER, "queue",
            Map.of("queue", new Scenario.Queue("queue", QUEUE, null)))),
        directory.resolve("voicemail"),
        (queue, key) -> new PromptSequence("en", List.of(PromptSequence.Prompt.of(key))),
        voicemail -> { });
    engine = CallQueueEngine.builder().telephony(server).scheduler(new SystemScheduler(timers))
        .build();
    recorder = CallRecorder.builder(records, new SystemScheduler(timers)).build();
    engine.addListener(recorder);
    engine.addListener(event -> {
      if (event instanceof QueueEvent.CallerLeft left) {
        callersLeft.incrementAndGet();
        leftPerCall.merge(left.call(), 1, Integer::sum);
      }
    });
    engine.addQueue(QueueConfig.builder(QUEUE).strategy(strategy)
        .ringTimeout(Duration.ofSeconds(10)).announcePosition(false)
        .estimateAnnouncement(EstimateAnnouncement.OFF).build()).toCompletableFuture().join();
    for (String agent : agents) {
      engine.addAgent(AgentConfig.sip(agent, agent)).toCompletableFuture().join();
      engine.addMembership(Membership.of(QueueId.of(QUEUE), AgentId.of(agent)))
          .toCompletableFuture().join();
    }
    server.attach(engine);
    server.start();
  }

  /** A new working folder under {@code target/fault-tests/} for one run's evidence. */
  static Path runDirectory(String prefix) throws IOException {
    return Files.createTempDirectory(
        Files.createDirectories(Path.of("target", "fault-tests").toAbsolutePath()), prefix);
  }

  /**
   * A server with one agent, {@code agent1}, whose SIPp phone answers every call and talks until
   * the server's BYE, for {@code phoneLifetime}.
   */
  static LiveServer withOneAgent(String prefix, int firstMediaPort, Duration phoneLifetime)
      throws IOException, InterruptedException {
    LiveServer server = new LiveServer(runDirectory(prefix), List.of("agent1"),
        Strategy.RING_ALL, firstMediaPort);
    try {
      server.phone("agent1", server.answeringUntilBye(), phoneLifetime);
      return server;
    } catch (RuntimeException | InterruptedException e) {
      server.close();
      throw e;
    }
  }

  /**
   * Starts an agent's SIPp phone (REGISTER, then the out-of-call scenario {@code answering} for
   * every INVITE) and returns once the engine has the agent available.
   */
  Sipp.Running phone(String agent, Path answering, Duration lifetime) throws InterruptedException {
    Sipp.Running phone = Sipp.scenario("register.xml").service(agent)
        .credentials(agent, passwords.get(agent))
        .key("expires", Long.toString(lifetime.plusMinutes(1).toSeconds()))
        .key("markers", "/dev/null").pause(lifetime).outOfCall(answering)
        .start(port, lifetime.plusSeconds(30));
    phones.add(phone);
    if (!await(Duration.ofSeconds(10), () -> agentState(agent) == AgentState.AVAILABLE)) {
      throw new IllegalStateException(agent + " did not register: " + phone.stop().log());
    }
    return phone;
  }

  /** The agents' scenario that answers after 300 ms and talks (a constant voice) until BYE. */
  Path answeringUntilBye() throws IOException {
    Path voice = directory.resolve("agent-voice.alaw");
    byte[] second = new byte[8000];
    java.util.Arrays.fill(second, WireCaller.AGENT_VOICE);
    Files.write(voice, second);
    return Sipp.instantiate("conf_agent_answer.xml", Map.of("VOICE", voice.toString()));
  }

  AgentState agentState(String agent) {
    return engine.snapshot().toCompletableFuture().join().agent(AgentId.of(agent)).state();
  }

  SipDiagnostics diagnostics() {
    return server.diagnostics().toCompletableFuture().orTimeout(5, TimeUnit.SECONDS).join();
  }

  /** Waits up to {@code settle} for the server to hold no call; the last diagnostics read. */
  SipDiagnostics awaitIdle(Duration settle) throws InterruptedException {
    long deadline = System.nanoTime() + settle.toNanos();
    SipDiagnostics now = diagnostics();
    while (!now.isIdle() && System.nanoTime() < deadline) {
      Thread.sleep(POLL.toMillis());
      now = diagnostics();
    }
    return now;
  }

  /** Sends OPTIONS from a fresh socket: whether 200 came back within two seconds. */
  boolean optionsAnswered() throws IOException {
    try (DatagramSocket socket = new DatagramSocket(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      socket.setSoTimeout(500);
      String branch = "z9hG4bKprobe" + System.nanoTime();
      String local = "127.0.0.1:" + socket.getLocalPort();
      String options = "OPTIONS sip:" + NUMBER + "@127.0.0.1:" + port + " SIP/2.0\r\n"
          + "Via: SIP/2.0/UDP " + local + ";branch=" + branch + ";rport\r\n"
          + "Max-Forwards: 70\r\n"
          + "From: <sip:probe@127.0.0.1>;tag=probe\r\n"
          + "To: <sip:" + NUMBER + "@127.0.0.1>\r\n"
          + "Call-ID: probe-" + branch + "@127.0.0.1\r\n"
          + "CSeq: 1 OPTIONS\r\n"
          + "Content-Length: 0\r\n\r\n";
      byte[] bytes = options.getBytes(StandardCharsets.UTF_8);
      byte[] buffer = new byte[65536];
      for (int attempt = 0; attempt < 4; attempt++) {
        socket.send(new DatagramPacket(bytes, bytes.length,
            new InetSocketAddress(InetAddress.getLoopbackAddress(), port)));
        try {
          while (true) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            socket.receive(packet);
            String reply = new String(buffer, 0, packet.getLength(), StandardCharsets.UTF_8);
            if (reply.startsWith("SIP/2.0 200") && reply.contains(branch)) {
              return true;
            }
          }
        } catch (SocketTimeoutException retry) {
          // retransmit, as a UAC would
        }
      }
      return false;
    }
  }

  /**
   * A normal call: a {@link WireCaller} dials the queue, is bridged to an agent (hears the
   * agent's voice), hangs up, and its record is ANSWERED and completed. Null if it all happened,
   * else what did not.
   */
  String normalCall(Duration within) throws InterruptedException {
    String caller = "4860000" + String.format("%04d", normalCalls.incrementAndGet());
    WireCaller call = new WireCaller(port, caller, "unused", NUMBER,
        directory.resolve("normal-" + caller + ".sip.log"));
    try {
      call.dial();
      if (!await(within, call::isConnected)) {
        return "the normal call " + call + " was not bridged to an agent within " + within;
      }
      call.hangUp();
      if (!await(within, () -> completedRecordOf(caller) != null)) {
        return "the normal call from " + caller + " has no completed ANSWERED record within "
            + within + " (records of it: " + recordsOf(caller) + ")";
      }
      return null;
    } finally {
      call.close();
    }
  }

  private CallRecord completedRecordOf(String caller) {
    recorder.flush();
    return recordsOf(caller).stream()
        .filter(r -> r.outcome() == CallOutcome.ANSWERED && r.completedAt() != null)
        .findFirst().orElse(null);
  }

  private List<CallRecord> recordsOf(String caller) {
    return records.all().stream().filter(r -> caller.equals(r.callerNumber())).toList();
  }

  /** Calls the engine let go of (CallerLeft events) so far. */
  int callersLeft() {
    return callersLeft.get();
  }

  /**
   * What is wrong with the call list, or an empty list: every call the engine let go has exactly
   * one record, and there is no record without such a call.
   */
  List<String> recordProblems() {
    recorder.flush();
    List<String> problems = new ArrayList<>();
    // a call id may come back (a reused or replayed SIP Call-ID): each time it leaves the engine
    // it has a record of its own, none replacing another
    for (Map.Entry<CallId, Integer> left : leftPerCall.entrySet()) {
      int recorded = records.findByCall(left.getKey()).size();
      if (recorded != left.getValue()) {
        problems.add("call " + left.getKey() + " left the engine " + left.getValue()
            + " times and has " + recorded + " records");
      }
    }
    int left = callersLeft.get();
    if (records.size() != left) {
      problems.add(records.size() + " records for " + left + " calls the engine let go");
    }
    return problems;
  }

  /** Polls {@code condition} every 50 ms until it holds or {@code timeout} passes. */
  static boolean await(Duration timeout, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(POLL.toMillis());
    }
    return true;
  }

  @Override
  public void close() {
    for (Sipp.Running phone : phones) {
      phone.stop();
    }
    // the engine first: it must not ring an agent through a SIP server that has stopped
    engine.close();
    server.close();
    recorder.close();
    timers.shutdownNow();
  }
}
