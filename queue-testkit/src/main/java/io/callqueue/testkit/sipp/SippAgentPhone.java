package io.callqueue.testkit.sipp;

import io.callqueue.api.AgentEndpoint;
import io.callqueue.testkit.conformance.AgentPhone;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * An agent's phone for a conformance fixture ({@link AgentPhone}): a SIPp process that registers
 * the agent's SIP account (scenario and account from the fixture) and handles the server's INVITEs
 * with the out-of-call scenario of its {@link RingMode}. {@link #onRing} with another mode stops
 * that SIPp, waits until its SIP port is free, and starts one with the new scenario, which
 * registers again (on the same contact when the fixture fixes the local port).
 *
 * <p>The phone's state is observed at the phone, not at the server: the scenarios append
 * {@code registered} and {@code ringing|stopped|talking|ended <Call-ID>} to the marker file named
 * by their {@code [markers]} key ({@code <exec command>}), one file per SIPp run; a call rings or
 * talks when that is the last line about its Call-ID.
 *
 * <p>Thread-safe: the kit polls the state from its thread while the phone runs.
 */
public final class SippAgentPhone implements AgentPhone, AutoCloseable {
  private static final Duration REGISTERED_WITHIN = Duration.ofSeconds(10);
  private static final Duration LIFETIME = Duration.ofMinutes(3);

  private final String name;
  private final int serverPort;
  private final Path directory;
  private final Map<RingMode, Path> scenarios;
  private final Map<Confirm, Path> confirmScenarios;
  private final Supplier<Sipp> registration;
  private RingMode mode;
  /** What the phone does when asked to confirm an answer, or null: no confirm scenarios. */
  private Confirm confirm;
  private int localPort;
  private Sipp.Running running;
  private volatile Path markers;
  private int runs;

  /**
   * Starts the phone in mode {@link RingMode#IGNORE} and returns once it is registered (the marker
   * file says {@code registered}), or throws with SIPp's log after ten seconds.
   *
   * @param name the SIP account, which is also the phone's {@link AgentEndpoint.SipAccount}
   * @param serverPort the server's SIP port on 127.0.0.1
   * @param directory where the marker files go
   * @param scenarios the out-of-call scenario file of each mode
   * @param registration a new SIPp, for each run, that registers the account: its scenario,
   *     service, credentials and keys; the phone adds the {@code markers} key, the pause that
   *     keeps the registration for the run (three minutes), the out-of-call scenario, and starts it
   */
  public SippAgentPhone(String name, int serverPort, Path directory,
      Map<RingMode, Path> scenarios, Supplier<Sipp> registration) {
    this(name, serverPort, directory, scenarios, Map.of(), registration);
  }

  /**
   * As {@link #SippAgentPhone(String, int, Path, Map, Supplier)}, with the out-of-call scenarios
   * of {@link RingMode#ANSWER} for each reaction to a confirm prompt (issue 16), used once
   * {@link #onConfirmPrompt} has chosen one.
   */
  public SippAgentPhone(String name, int serverPort, Path directory,
      Map<RingMode, Path> scenarios, Map<Confirm, Path> confirmScenarios,
      Supplier<Sipp> registration) {
    this.name = name;
    this.serverPort = serverPort;
    this.directory = directory;
    this.scenarios = Map.copyOf(scenarios);
    this.confirmScenarios = Map.copyOf(confirmScenarios);
    this.registration = registration;
    start(RingMode.IGNORE);
  }

  /** Answers confirm prompts this way from now on (restarts SIPp if the phone answers now). */
  @Override
  public synchronized void onConfirmPrompt(Confirm how) {
    if (!confirmScenarios.containsKey(how)) {
      throw new UnsupportedOperationException(this + " has no scenario for " + how);
    }
    if (how != confirm) {
      confirm = how;
      if (mode == RingMode.ANSWER) {
        running.stop();
        awaitPortFree();
        start(RingMode.ANSWER);
      }
    }
  }

  @Override
  public AgentEndpoint endpoint() {
    return new AgentEndpoint.SipAccount(name);
  }

  @Override
  public synchronized void onRing(RingMode newMode) {
    if (newMode != mode) {
      running.stop();
      awaitPortFree();
      start(newMode);
    }
  }

  /**
   * SIPp runs {@code <exec command>} in a forked copy of itself, which holds SIPp's sockets until
   * the command is done: the port can be busy for a moment after SIPp itself has exited.
   */
  private void awaitPortFree() {
    long deadline = System.nanoTime() + REGISTERED_WITHIN.toNanos();
    while (true) {
      try {
        new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), localPort))
            .close();
        return;
      } catch (SocketException busy) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(this + ": port still in use after SIPp stopped", busy);
        }
        pause();
      }
    }
  }

  private static void pause() {
    try {
      Thread.sleep(10);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
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
    return "agent phone " + name + " (" + mode + ", 127.0.0.1:" + localPort + ", markers "
        + markers + ")";
  }

  private void start(RingMode newMode) {
    mode = newMode;
    markers = directory.resolve(name + "-" + (++runs) + "-"
        + newMode.name().toLowerCase(Locale.ROOT) + ".markers");
    Sipp sipp = registration.get();
    localPort = sipp.port();
    running = sipp.key("markers", markers.toString()).pause(LIFETIME)
        .outOfCall(newMode == RingMode.ANSWER && confirm != null ? confirmScenarios.get(confirm)
            : scenarios.get(newMode)).start(serverPort, LIFETIME.plusSeconds(30));
    long deadline = System.nanoTime() + REGISTERED_WITHIN.toNanos();
    while (!lines().contains("registered")) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(this + " did not register within " + REGISTERED_WITHIN
            + "\n" + running.stop().log());
      }
      pause();
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
