package io.callqueue.adapter.asterisk;

import com.fasterxml.jackson.databind.JsonNode;
import io.callqueue.adapter.asterisk.ari.AriClient;
import io.callqueue.adapter.asterisk.ari.AriEvent;
import io.callqueue.api.CallQueue;
import io.callqueue.api.QueueId;
import io.callqueue.core.CallQueueEngine;
import io.callqueue.testkit.conformance.AgentPhone;
import io.callqueue.testkit.conformance.AgentPhone.RingMode;
import io.callqueue.testkit.conformance.CallerPhone;
import io.callqueue.testkit.conformance.ConformanceFixture;
import io.callqueue.testkit.sipp.Sipp;
import io.callqueue.testkit.sipp.SippAgentPhone;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * The conformance kit's far side on the real Asterisk ({@link AsteriskConformanceTest} starts one
 * per class): the adapter connects to it as usual; agent phones are SIPp processes registered to
 * PJSIP accounts {@code agent-a} … (testkit's {@link SippAgentPhone}: each SIPp run registers
 * a new contact, which replaces the old in the AOR); a caller is a Local channel pair
 * that the fixture's own ARI application ({@code driver}) originates into extension
 * {@code <queue>} of context {@code conf-in} with the caller's number, which runs
 * {@code Stasis(callqueue,${EXTEN})}. The fixture holds the outer half: it hangs it up, sends
 * keys on it (Asterisk passes them to the inner half as received DTMF), sees the inner half in a
 * bridge (connected), and sees it enter {@code driver} again after {@code Stasis(callqueue)}
 * (released to the IVR).
 */
final class AsteriskConformanceFixture implements ConformanceFixture {
  static final String DIALPLAN_CONTEXT = String.join("\n",
      "[conf-in]",
      "exten => _[a-z].,1,Stasis(callqueue,${EXTEN})",
      " same => n,Stasis(driver,released,${CALLQUEUE_OUTCOME})",
      " same => n,Hangup()");
  /**
   * Where the adapter dials a called-back customer ({@code Local/{number}@cq-callback/n}): a
   * number marked unreachable ({@link #makeCustomerUnreachable}: the global variable
   * {@code CQ_UNREACHABLE_<digits>} = 1) is rejected (cause 21), any other answers and waits.
   */
  static final String CALLBACK_CONTEXT = String.join("\n",
      "[cq-callback]",
      "exten => _+X.,1,GotoIf($[\"${CQ_UNREACHABLE_${EXTEN:1}}\"=\"1\"]?gone)",
      " same => n,Answer()",
      " same => n,Wait(60)",
      " same => n,Hangup()",
      " same => n(gone),Hangup(21)");
  static final String CALLBACK_DIAL = "Local/" + AsteriskConfig.NUMBER + "@cq-callback/n";

  private final AsteriskInstance asterisk;
  private final Path directory;
  /** The out-of-call scenario of each ring mode, with the caller's audio file filled in. */
  private final Map<RingMode, Path> agentScenarios;
  /** The ANSWER scenario of each reaction to a confirm prompt (issue 16). */
  private final Map<AgentPhone.Confirm, Path> confirmScenarios;
  private final AriClient driver;
  private final Set<String> released = ConcurrentHashMap.newKeySet();
  /** Outer halves that entered {@code driver}: Asterisk puts them there once answered. */
  private final Set<String> answered = ConcurrentHashMap.newKeySet();
  private final List<SippAgentPhone> phones = new ArrayList<>();
  private final Map<String, String> outerByInner = new ConcurrentHashMap<>();
  private AsteriskTelephonyPort port;
  private int calls;

  AsteriskConformanceFixture(AsteriskInstance asterisk, Path directory, Path voice) {
    this.asterisk = asterisk;
    // A folder of its own: the phones' marker files are named by agent and run and appended to,
    // so a later test's phone would read an earlier one's "registered" or "ringing".
    try {
      this.directory = java.nio.file.Files.createTempDirectory(directory, "fixture-");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    Map<String, String> values = Map.of("VOICE", voice.toString());
    this.agentScenarios = Map.of(
        RingMode.IGNORE, Sipp.instantiate("conf_agent_ignore.xml", values),
        RingMode.ANSWER, Sipp.instantiate("conf_agent_answer.xml", values),
        RingMode.REJECT, Sipp.instantiate("conf_agent_reject.xml", values),
        RingMode.BUSY, Sipp.instantiate("agent_busy.xml", values));
    // asked to press 1: the key as RFC 4733 a second into the prompt, or none (a voicemail)
    this.confirmScenarios = Map.of(
        AgentPhone.Confirm.PRESS_1, confirmScenario(voice, '1'),
        AgentPhone.Confirm.OTHER_KEY, confirmScenario(voice, '2'),
        AgentPhone.Confirm.SILENT, agentScenarios.get(RingMode.ANSWER));
    this.driver = new AriClient(asterisk.ariUri(), AsteriskInstance.ARI_USER,
        AsteriskInstance.ARI_PASSWORD, "driver", event -> {
          if (event instanceof AriEvent.StasisStart start && !start.args().isEmpty()) {
            (start.args().get(0).equals("released") ? released : answered)
                .add(start.channel().id());
          }
        });
    driver.connect().join();
  }

  @Override
  public CallQueue startEngine(Wiring wiring) {
    port = new AsteriskTelephonyPort(AsteriskConfig.of(asterisk.ariUri(),
        AsteriskInstance.ARI_USER, AsteriskInstance.ARI_PASSWORD).withCallbackDial(CALLBACK_DIAL));
    CallQueueEngine engine = CallQueueEngine.builder().telephony(wiring.port(port)).build();
    port.attach(wiring.inbound(engine));
    port.start().join();
    return engine;
  }

  @Override
  public AgentPhone newAgentPhone(String name) {
    SippAgentPhone phone = new SippAgentPhone(name, asterisk.sipPort(), directory,
        agentScenarios, confirmScenarios, () -> Sipp.scenario("agent_register.xml").autoAnswer().service(name)
            .credentials(name, "secret-" + name).key("expires", "300"));
    phones.add(phone);
    return phone;
  }

  private static Path confirmScenario(Path voice, char key) {
    return Sipp.instantiate("conf_agent_confirm.xml", Map.of("VOICE", voice.toString(), "KEY",
        Character.toString(key), "KEY_AFTER_MS", "1000"));
  }

  /** The adapter confirms answers, and the SIPp phones press their key as RFC 4733. */
  @Override
  public boolean supportsConfirmAnswer() {
    return true;
  }

  @Override
  public CallerPhone placeCall(QueueId queue, String callerNumber) {
    String outer = "conf-caller-" + (++calls) + "-" + System.identityHashCode(this);
    String inner = outer + "-in";
    outerByInner.put(inner, outer);
    driver.post("channels", AriClient.params("endpoint", "Local/" + queue.value() + "@conf-in/n",
        "app", "driver", "appArgs", "caller", "callerId", callerNumber, "channelId", outer,
        "otherChannelId", inner, "formats", "alaw")).join();
    return new CallerPhone() {
      @Override
      public void hangUp() {
        driver.hangUp(outer, "normal").exceptionally(t -> null).join();
      }

      @Override
      public void pressKey(char digit) {
        if (!awaitUntil(() -> answered.contains(outer), Duration.ofSeconds(10))) {
          throw new AssertionError("caller " + outer + " never answered: no key can be sent");
        }
        driver.post("channels/" + outer + "/dtmf", AriClient.params("dtmf",
            Character.toString(digit), "duration", "100")).join();
      }

      @Override
      public boolean isConnected() {
        for (JsonNode bridge : driver.get("bridges").join()) {
          for (JsonNode channel : bridge.path("channels")) {
            if (channel.asText().equals(inner)) {
              return true;
            }
          }
        }
        return false;
      }

      @Override
      public boolean isReleasedToIvr() {
        return released.contains(inner);
      }
    };
  }

  /** The {@code cq-callback} context rejects calls to this number from now on. */
  @Override
  public boolean makeCustomerUnreachable(String callerNumber) {
    driver.post("asterisk/variable", AriClient.params("variable",
        "CQ_UNREACHABLE_" + callerNumber.replaceAll("\\D", ""), "value", "1")).join();
    return true;
  }

  @Override
  public boolean awaitUntil(BooleanSupplier condition, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      AsteriskInstance.pause(Duration.ofMillis(50));
    }
    return true;
  }

  @Override
  public void close() {
    if (port != null) {
      port.close();
    }
    phones.forEach(SippAgentPhone::close);
    // Nothing of this test may ring or talk into the next one: every channel is hung up.
    for (JsonNode channel : driver.get("channels").join()) {
      driver.hangUp(channel.path("id").asText(), "normal").exceptionally(t -> null).join();
    }
    driver.close();
  }
}
