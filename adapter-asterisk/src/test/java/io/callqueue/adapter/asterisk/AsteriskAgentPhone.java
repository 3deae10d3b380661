package io.callqueue.adapter.asterisk;

import io.callqueue.api.AgentEndpoint;
import io.callqueue.testkit.conformance.AgentPhone;
import io.callqueue.testkit.sipp.Sipp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An agent's phone for {@link AsteriskConformanceTest}: a SIPp process that registers the agent's
 * PJSIP account on the real Asterisk (digest) and answers Asterisk's INVITEs with the out-of-call
 * scenario of its {@link RingMode}. A new mode stops that SIPp and registers a new one (the AOR
 * keeps one contact, replacing the old). The phone's state is read at the phone: the scenarios
 * append {@code ringing|stopped|talking|ended <Call-ID>} to a marker file, one per SIPp run.
 */
final class AsteriskAgentPhone implements AgentPhone, AutoCloseable {
  private static final Duration REGISTERED_WITHIN = Duration.ofSeconds(10);
  private static final Duration LIFETIME = Duration.ofMinutes(2);
  private static final Map<RingMode, String> SCENARIOS = Map.of(
      RingMode.IGNORE, "conf_agent_ignore.xml", RingMode.ANSWER, "conf_agent_answer.xml",
      RingMode.REJECT, "conf_agent_reject.xml", RingMode.BUSY, "agent_busy.xml");

  private final String name;
  private final String password;
  private final int sipPort;
  private final Path directory;
  private final Path voice;
  private RingMode mode;
  private Sipp.Running running;
  private volatile Path markers;
  private int runs;

  AsteriskAgentPhone(String name, String password, int sipPort, Path directory, Path voice) {
    this.name = name;
    this.password = password;
    this.sipPort = sipPort;
    this.directory = directory;
    this.voice = voice;
    start(RingMode.IGNORE);
  }

  @Override
  public AgentEndpoint endpoint() {
    return new AgentEndpoint.SipAccount(name);
  }

  @Override
  public synchronized void onRing(RingMode newMode) {
    if (newMode != mode) {
      running.stop();
      start(newMode);
    }
  }

  @Override
  public boolean isRinging() {
    return callStates().containsValue("ringing");
  }

  @Override
  public boolean isInCall() {
    return callStates().containsValue("talking");
  }

  @Override
  public synchronized void close() {
    if (running != null) {
      running.stop();
      running = null;
    }
  }

  @Override
  public String toString() {
    return "agent phone " + name + " (" + mode + ", markers " + markers + ")";
  }

  private void start(RingMode newMode) {
    mode = newMode;
    markers = directory.resolve(name + "-" + (++runs) + "-"
        + newMode.name().toLowerCase(Locale.ROOT) + ".markers");
    running = Sipp.scenario("agent_register.xml").autoAnswer().service(name)
        .credentials(name, password)
        .key("expires", "300").key("markers", markers.toString()).pause(LIFETIME)
        .outOfCall(Sipp.instantiate(SCENARIOS.get(newMode), Map.of("VOICE", voice.toString())))
        .start(sipPort, LIFETIME.plusSeconds(30));
    long deadline = System.nanoTime() + REGISTERED_WITHIN.toNanos();
    while (!lines().contains("registered")) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(this + " did not register within " + REGISTERED_WITHIN
            + "\n" + running.stop().log());
      }
      AsteriskInstance.pause(Duration.ofMillis(10));
    }
  }

  /** Each call's last state in this run's marker file. */
  private Map<String, String> callStates() {
    Map<String, String> states = new HashMap<>();
    for (String line : lines()) {
      String[] parts = line.trim().split("\\s+", 2);
      if (parts.length == 2) {
        states.put(parts[1], parts[0]);
      }
    }
    return states;
  }

  private List<String> lines() {
    try {
      return Files.readAllLines(markers, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
