package io.callqueue.adapter.sip;

import io.callqueue.adapter.sip.ivr.Scenario;
import io.callqueue.adapter.sip.media.MediaEngine;
import io.callqueue.adapter.sip.signalling.SipConfig;
import io.callqueue.api.CallQueue;
import io.callqueue.api.PromptSequence;
import io.callqueue.api.QueueId;
import io.callqueue.core.CallQueueEngine;
import io.callqueue.core.SystemScheduler;
import io.callqueue.prompts.PromptLibrary;
import io.callqueue.prompts.PromptRecording;
import io.callqueue.testkit.conformance.AgentPhone;
import io.callqueue.testkit.conformance.AgentPhone.RingMode;
import io.callqueue.testkit.conformance.CallerPhone;
import io.callqueue.testkit.conformance.ConformanceFixture;
import io.callqueue.testkit.sipp.Sipp;
import io.callqueue.testkit.sipp.SippAgentPhone;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

/**
 * The SIP adapter's {@link ConformanceFixture}: the real server ({@link SipCallQueue} over
 * {@code SipServer} and {@code MediaEngine}) with the real {@link CallQueueEngine} on the system
 * clock and a {@link SystemScheduler}, bound to 127.0.0.1 on free ports, and real SIP peers on real
 * sockets: agents' phones are SIPp processes ({@link SippAgentPhone}), callers are {@link
 * WireCaller}s (a test-only SIP/RTP user agent, because the kit drives callers at run time).
 *
 * <p>How the kit's "offer to this queue" happens: each {@link #placeCall} gets a number of its own
 * ({@code 7001}, {@code 7002}, ...), and the server looks up that number's IVR scenario per call:
 * a {@code queue} step for the kit's queue, continued by a {@code play} step of the prompt
 * {@value #RELEASED_PROMPT}, then a hang-up. That prompt is a test recording of constant A-law
 * bytes ({@link WireCaller#RELEASED_TONE}) that nothing else plays, so the caller knows it was
 * released to the IVR when it hears it. The caller comes in as a SIP account with digest
 * authentication (its number is the account name), because a trunk admits only the numbers
 * configured at start, while the kit's queues are made per test.
 *
 * <p>Evidence of a run (SIPp traces, agent phones' marker files, callers' SIP transcripts,
 * voicemails) stays under {@code target/conformance/}.
 */
final class SipConformanceFixture implements ConformanceFixture {
  static final String RELEASED_PROMPT = "conformance-released";
  private static final Duration POLL = Duration.ofMillis(20);

  private final Path directory;
  private final int sipPort = Sipp.freeUdpPort("127.0.0.1");
  private final Map<String, String> passwords = new ConcurrentHashMap<>();
  private final Map<String, QueueId> numbers = new ConcurrentHashMap<>();
  private final List<AutoCloseable> peers = new CopyOnWriteArrayList<>();
  private final Map<RingMode, Path> agentScenarios;
  private final Map<AgentPhone.Confirm, Path> confirmScenarios;
  private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "conformance-engine-timers");
    t.setDaemon(true);
    return t;
  });
  private SipCallQueue adapter;

  SipConformanceFixture() {
    try {
      Path root = Path.of("target", "conformance").toAbsolutePath();
      Files.createDirectories(root);
      directory = Files.createTempDirectory(root, "run-");
      Path voice = directory.resolve("agent-voice.alaw");
      byte[] second = new byte[8000];
      Arrays.fill(second, WireCaller.AGENT_VOICE);
      Files.write(voice, second);
      agentScenarios = Map.of(
          RingMode.IGNORE, Sipp.resource("conf_agent_ignore.xml"),
          RingMode.ANSWER, Sipp.instantiate("conf_agent_answer.xml",
              Map.of("VOICE", voice.toString())),
          RingMode.REJECT, Sipp.resource("conf_agent_reject.xml"),
          RingMode.BUSY, Sipp.resource("agent_busy.xml"));
      // answering phones asked to press 1 (issue 16): the key goes as SIP INFO after the prompt
      confirmScenarios = Map.of(
          AgentPhone.Confirm.PRESS_1, confirmScenario(voice, ConfirmKeys.info('1', 1800)),
          AgentPhone.Confirm.OTHER_KEY, confirmScenario(voice, ConfirmKeys.info('2', 1800)),
          AgentPhone.Confirm.SILENT, confirmScenario(voice, ConfirmKeys.SILENT));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public CallQueue startEngine(Wiring wiring) {
    try {
      adapter = new SipCallQueue(
          SipConfig.builder("127.0.0.1", sipPort).realm("conformance")
              .accounts(user -> Optional.ofNullable(user == null ? null : passwords.get(user))),
          MediaEngine.builder().address(InetAddress.getLoopbackAddress())
              .portRange(17000, 17998).prompts(prompts()),
          this::scenario, directory.resolve("voicemail"),
          (queue, key) -> new PromptSequence("en", List.of(PromptSequence.Prompt.of(key))),
          voicemail -> { });
      CallQueueEngine engine = CallQueueEngine.builder()
          .telephony(wiring.port(adapter))
          .scheduler(new SystemScheduler(timers))
          .build();
      adapter.attach(wiring.inbound(engine));
      adapter.start();
      return engine;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public AgentPhone newAgentPhone(String name) {
    String password = "pw-" + name;
    passwords.put(name, password);
    // one local port for all runs: each new SIPp registers the same contact again
    int localPort = Sipp.freeUdpPort("127.0.0.1");
    SippAgentPhone phone = new SippAgentPhone(name, sipPort, directory, agentScenarios,
        confirmScenarios,
        () -> Sipp.scenario("conf_agent_register.xml").localPort(localPort).service(name)
            .credentials(name, password).key("expires", "300"));
    peers.add(phone);
    return phone;
  }

  private static Path confirmScenario(Path voice, String key) {
    return Sipp.instantiate("conf_agent_confirm.xml", Map.of("VOICE", voice.toString(),
        "KEY", key));
  }

  /** The SIP server confirms answers, and its SIPp phones press keys by SIP INFO. */
  @Override
  public boolean supportsConfirmAnswer() {
    return true;
  }

  @Override
  public CallerPhone placeCall(QueueId queue, String callerNumber) {
    String number = Integer.toString(7001 + numbers.size());
    numbers.put(number, queue);
    String password = "pw-" + callerNumber;
    passwords.put(callerNumber, password);
    WireCaller caller = new WireCaller(sipPort, callerNumber, password, number,
        directory.resolve("caller-" + callerNumber + ".sip.log"));
    peers.add(caller);
    caller.dial();
    return caller;
  }

  /**
   * Every called-back customer is unreachable here: the callers come in as SIP accounts, so a
   * callback rings the caller's account through the registrar, and a {@link WireCaller} never
   * registers (there is no gateway for external numbers either), so the customer leg always fails.
   */
  @Override
  public boolean makeCustomerUnreachable(String callerNumber) {
    return true;
  }

  @Override
  public boolean awaitUntil(BooleanSupplier condition, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline >= 0) {
        return false;
      }
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  @Override
  public void close() {
    try {
      for (AutoCloseable peer : peers) {
        try {
          peer.close();
        } catch (Exception e) {
          throw new IllegalStateException("closing " + peer, e);
        }
      }
    } finally {
      if (adapter != null) {
        adapter.close();
      }
      timers.shutdownNow();
    }
  }

  /** The scenario of a number {@link #placeCall} handed out: queue, else the "released" prompt. */
  private Scenario scenario(String number) {
    QueueId queue = numbers.get(number);
    if (queue == null) {
      return null;
    }
    return new Scenario(number, "queue", Map.of(
        "queue", new Scenario.Queue("queue", queue.value(), "released"),
        "released", new Scenario.Play("released", RELEASED_PROMPT, null)));
  }

  /** The shipped prompts, plus the test's "released" prompt: 1.5 s of constant A-law bytes. */
  private PromptLibrary prompts() throws IOException {
    Path file = directory.resolve(RELEASED_PROMPT + ".wav");
    byte[] samples = new byte[12_000];
    Arrays.fill(samples, WireCaller.RELEASED_TONE);
    AudioFormat alaw = new AudioFormat(AudioFormat.Encoding.ALAW, 8000f, 8, 1, 1, 8000f, false);
    try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(samples), alaw,
        samples.length)) {
      AudioSystem.write(in, AudioFileFormat.Type.WAVE, file.toFile());
    }
    PromptRecording released = PromptRecording.of("en", RELEASED_PROMPT, file.toUri().toURL());
    PromptLibrary shipped = PromptLibrary.shipped();
    return (language, key, customFile) -> RELEASED_PROMPT.equals(key) ? released
        : shipped.find(language, key, customFile);
  }
}
