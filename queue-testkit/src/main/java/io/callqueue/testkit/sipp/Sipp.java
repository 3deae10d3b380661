package io.callqueue.testkit.sipp;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs SIPp (the real peer) against the server under test: one process per phone or caller, bound
 * to 127.0.0.x on free ports (SIP, media and the control socket, which would otherwise take
 * 0.0.0.0:8888), under a hard timeout, with its error trace and message log kept for the assertion
 * message.
 *
 * <p>The one SIPp harness of the project, used by every module's wire tests (adapter-sip,
 * adapter-asterisk, the server app). Scenarios stay with the tests that use them, in each module's
 * {@code src/test/resources/sipp/}, and are found by name on the class path; a scenario inside a
 * jar (the server's tests take adapter-sip's from its test jar) is copied out into
 * {@code target/sipp/scenarios/}, since SIPp reads files. Work files and traces go under
 * {@code target/sipp/} of the working directory. Uses JUnit's assumptions to skip when SIPp is
 * not installed, so it needs JUnit Jupiter on the class path (every test class path has it).
 */
public final class Sipp {
  private static final Path BINARY = Path.of("/usr/bin/sipp");
  private static final String MISSING =
      "SIPp not found at /usr/bin/sipp (apt-get install sip-tester)";
  private static final Path WORK = Path.of("target", "sipp").toAbsolutePath();

  private final List<String> args = new ArrayList<>();
  private final Path scenario;
  private int port;
  private String localIp = "127.0.0.1";
  private Path traces;

  private Sipp(Path scenario) {
    this.scenario = scenario;
    this.port = freeUdpPort("127.0.0.1");
  }

  /** Skips the calling test with a clear message when SIPp is not installed (CI installs it). */
  public static void assumeInstalled() {
    assumeTrue(Files.isExecutable(BINARY), MISSING + ": SIPp tests skipped");
  }

  /**
   * Like {@link #assumeInstalled()}, except that under {@code CI=true} a missing SIPp fails the
   * test instead of skipping it: for tests that CI must not pass by skipping them.
   */
  public static void requireInstalledUnderCi() {
    if (!Files.isExecutable(BINARY) && "true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new AssertionError(MISSING + " (required under CI=true)");
    }
    assumeInstalled();
  }

  /** Scenario {@code sipp/name} from the class path (see {@link #resource}). */
  public static Sipp scenario(String name) {
    return new Sipp(resource(name));
  }

  /**
   * A scenario written from a template with {@code @NAME@} placeholders replaced: for values SIPp
   * reads when it loads the file (a response code, or an {@code rtp_stream} file name, cannot be a
   * {@code -key} keyword).
   */
  public static Sipp template(String name, Map<String, String> values) {
    return new Sipp(instantiate(name, values));
  }

  /** A copy of scenario {@code name} with {@code @NAME@} placeholders replaced (see template). */
  public static Path instantiate(String name, Map<String, String> values) {
    try {
      String text = Files.readString(resource(name), StandardCharsets.ISO_8859_1);
      for (Map.Entry<String, String> value : values.entrySet()) {
        text = text.replace("@" + value.getKey() + "@", value.getValue());
      }
      Files.createDirectories(WORK);
      Path copy = Files.createTempFile(WORK, name.replace(".xml", "-"), ".xml");
      Files.writeString(copy, text, StandardCharsets.ISO_8859_1);
      return copy;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The UDP port this SIPp sends from and listens on. */
  public int port() {
    return port;
  }

  /** Sends from and listens on this UDP port (a phone restarted on its registered contact). */
  public Sipp localPort(int value) {
    port = value;
    return this;
  }

  /** Binds SIP, media and control sockets to this address (default 127.0.0.1). */
  public Sipp localIp(String ip) {
    localIp = ip;
    return this;
  }

  /** Sets {@code [key]} in the scenario's messages. */
  public Sipp key(String key, String value) {
    args.addAll(List.of("-key", key, value));
    return this;
  }

  /** {@code [service]}: the Request-URI user (the number dialled, or the account name). */
  public Sipp service(String value) {
    args.addAll(List.of("-s", value));
    return this;
  }

  /** The user name and password SIPp answers digest challenges with. */
  public Sipp credentials(String user, String password) {
    args.addAll(List.of("-au", user, "-ap", password));
    return this;
  }

  /**
   * The digest {@code uri} SIPp answers challenges with, without {@code sip:} (SIPp's default is
   * the server's address, right for REGISTER; an INVITE's must be its Request-URI).
   */
  public Sipp authUri(String value) {
    args.addAll(List.of("-auth_uri", value));
    return this;
  }

  /** The length of {@code <pause/>} elements without their own length. */
  public Sipp pause(Duration value) {
    args.addAll(List.of("-d", Long.toString(value.toMillis())));
    return this;
  }

  /**
   * SIPp's {@code -aa}: answers INFO, NOTIFY, OPTIONS and UPDATE outside the scenario with 200 OK
   * (a PBX's qualify pings and mid-dialog requests, which would otherwise be unexpected messages).
   */
  public Sipp autoAnswer() {
    args.add("-aa");
    return this;
  }

  /** Scenario for requests outside the main scenario: how an agent phone answers INVITEs. */
  public Sipp outOfCall(String name) {
    return outOfCall(resource(name));
  }

  /** An out-of-call scenario from a file (e.g. made by {@link #instantiate}). */
  public Sipp outOfCall(Path file) {
    args.addAll(List.of("-oocsf", file.toString()));
    return this;
  }

  /** Like {@link #outOfCall(String)}, with a scenario written by {@link #template}. */
  public Sipp outOfCall(Sipp template) {
    args.addAll(List.of("-oocsf", template.scenario.toString()));
    return this;
  }

  /**
   * Further SIPp options, after the harness's own: a load run's {@code -m N -r R -l L}, say (for
   * SIPp a later option overrides an earlier one, so {@code -m} here replaces the single call).
   */
  public Sipp options(String... values) {
    args.addAll(List.of(values));
    return this;
  }

  /** Runs in the foreground and returns when SIPp exits (or is killed at the timeout). */
  public Result run(int serverPort, Duration timeout) {
    return start(serverPort, timeout).await();
  }

  /**
   * Starts SIPp in the background against {@code 127.0.0.1:serverPort}; SIPp is killed (with its
   * {@code timeout} wrapper) when {@code timeout} has passed.
   */
  public Running start(int serverPort, Duration timeout) {
    try {
      Files.createDirectories(WORK);
      traces = Files.createTempDirectory(WORK,
          scenario.getFileName().toString().replace(".xml", "") + "-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int control = freeUdpPort(localIp);
    int media = freeMediaPorts(localIp);
    List<String> command = new ArrayList<>(List.of(
        "timeout", "-k", "2", Long.toString(timeout.toSeconds()),
        BINARY.toString(), "127.0.0.1:" + serverPort,
        "-sf", scenario.toString(),
        "-i", localIp, "-p", Integer.toString(port),
        "-mi", localIp, "-mp", Integer.toString(media),
        "-ci", localIp, "-cp", Integer.toString(control),
        "-m", "1", "-nostdin",
        "-trace_err", "-error_file", traces.resolve("errors.log").toString(),
        "-trace_msg", "-message_file", traces.resolve("messages.log").toString()));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(traces.resolve("stdout.log").toFile());
    try {
      return new Running(builder.start(), traces, timeout);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A SIPp process in the background (an agent phone, or a caller held while others act). */
  public static final class Running implements AutoCloseable {
    private final Process process;
    private final Path traces;
    private final Duration timeout;

    private Running(Process process, Path traces, Duration timeout) {
      this.process = process;
      this.traces = traces;
      this.timeout = timeout;
    }

    /** Whether SIPp has not exited yet. */
    public boolean isRunning() {
      return process.isAlive();
    }

    /** Waits for SIPp to exit (killing it a little after its timeout) and returns its result. */
    public Result await() {
      try {
        if (!process.waitFor(timeout.toMillis() + 5000, TimeUnit.MILLISECONDS)) {
          process.destroyForcibly().waitFor();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
      return new Result(process.exitValue(), traces);
    }

    /**
     * Stops SIPp now and waits until it has exited (its ports are free then): SIGTERM to the
     * {@code timeout} wrapper, which passes it on to SIPp.
     */
    public Result stop() {
      // SIPp quits gracefully on SIGTERM, waiting for calls in progress; its forked exec
      // children hold its sockets too. Whatever is left after a moment is killed, so the ports
      // are free when this returns.
      List<ProcessHandle> tree = process.descendants().toList();
      process.destroy();
      try {
        if (!process.waitFor(3, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      tree.forEach(ProcessHandle::destroyForcibly);
      for (ProcessHandle p : tree) {
        p.onExit().orTimeout(5, TimeUnit.SECONDS).exceptionally(t -> p).join();
      }
      return await();
    }

    /** Where this run's traces are. */
    public Path traces() {
      return traces;
    }

    /** SIPp's message trace so far (every message sent and received), empty before the first. */
    public String messages() {
      try {
        Path file = traces.resolve("messages.log");
        return Files.exists(file) ? Files.readString(file, StandardCharsets.ISO_8859_1) : "";
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** {@link #stop() Stops} SIPp if it is still running (for try-with-resources and clean-ups). */
    @Override
    public void close() {
      if (process.isAlive()) {
        stop();
      }
    }
  }

  /** SIPp's exit code (0 all calls succeeded, 1 some failed, 124/137 timed out) and its traces. */
  public record Result(int exitCode, Path traces) {
    /** Everything SIPp logged, for assertion messages. */
    public String log() {
      StringBuilder text = new StringBuilder("SIPp exit " + exitCode + ", traces in " + traces);
      try (Stream<Path> files = Files.list(traces)) {
        for (Path file : files.sorted().toList()) {
          String content = Files.readString(file, StandardCharsets.ISO_8859_1);
          text.append("\n==== ").append(file.getFileName()).append('\n')
              .append(content.substring(Math.max(0, content.length() - 6000)));
        }
      } catch (IOException e) {
        text.append("\n(could not read traces: ").append(e).append(')');
      }
      return text.toString();
    }
  }

  /** Scenario {@code sipp/name} as a file SIPp can read (copied out of a jar if need be). */
  public static Path resource(String name) {
    URL url = Sipp.class.getResource("/sipp/" + name);
    if (url == null) {
      throw new IllegalArgumentException("no scenario sipp/" + name);
    }
    if (url.getProtocol().equals("file")) {
      try {
        return Path.of(url.toURI()).toAbsolutePath();
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException(e);
      }
    }
    Path copy = WORK.resolve("scenarios").resolve(name);
    try (InputStream in = url.openStream()) {
      Files.createDirectories(copy.getParent());
      Path part = Files.createTempFile(copy.getParent(), name, ".part");
      Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
      Files.move(part, copy, StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
      return copy;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A UDP port free right now on this address (never 5060: the kernel picks ephemeral ones). */
  public static int freeUdpPort(String ip) {
    try (DatagramSocket socket =
        new DatagramSocket(new InetSocketAddress(InetAddress.getByName(ip), 0))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An even port with the next three free too (SIPp's audio and video RTP/RTCP). */
  private static int freeMediaPorts(String ip) {
    for (int attempt = 0; attempt < 100; attempt++) {
      int base = 20000 + 4 * ThreadLocalRandom.current().nextInt(5000);
      if (allFree(ip, base, 4)) {
        return base;
      }
    }
    throw new IllegalStateException("no four consecutive free UDP ports found");
  }

  private static boolean allFree(String ip, int base, int count) {
    List<DatagramSocket> held = new ArrayList<>();
    try {
      for (int p = base; p < base + count; p++) {
        held.add(new DatagramSocket(new InetSocketAddress(InetAddress.getByName(ip), p)));
      }
      return true;
    } catch (SocketException e) {
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      held.forEach(DatagramSocket::close);
    }
  }
}
