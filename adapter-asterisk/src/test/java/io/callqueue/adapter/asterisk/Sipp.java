package io.callqueue.adapter.asterisk;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * SIPp, the real SIP peer of the wire tests (callers and agent phones): one process per phone,
 * on 127.0.0.1 with free SIP, media and control ports, in the foreground under {@code timeout},
 * with its error and message traces kept for assertion messages. Scenarios are in
 * {@code src/test/resources/sipp/}. (adapter-sip's tests have a fuller runner; this one is the
 * few options these tests need.)
 */
final class Sipp {
  private static final Path BINARY = Path.of("/usr/bin/sipp");
  private static final Path WORK = Path.of("target", "sipp").toAbsolutePath();

  private final List<String> args = new ArrayList<>();
  private final Path scenario;
  private final int port = AsteriskInstance.freeUdpPort();

  private Sipp(Path scenario) {
    this.scenario = scenario;
  }

  /** Skips the test when SIPp is missing (CI installs it; under CI=true it fails instead). */
  static void assumeInstalled() {
    boolean installed = Files.isExecutable(BINARY);
    if (!installed && "true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new AssertionError("SIPp not found at /usr/bin/sipp (apt-get install sip-tester)");
    }
    assumeTrue(installed, "SIPp not found at /usr/bin/sipp (apt-get install sip-tester):"
        + " Asterisk wire tests skipped");
  }

  static Sipp scenario(String name) {
    try {
      return new Sipp(Path.of(Sipp.class.getResource("/sipp/" + name).toURI()));
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(e);
    }
  }

  int port() {
    return port;
  }

  Sipp key(String key, String value) {
    args.addAll(List.of("-key", key, value));
    return this;
  }

  Sipp service(String value) {
    args.addAll(List.of("-s", value));
    return this;
  }

  Sipp credentials(String user, String password) {
    args.addAll(List.of("-au", user, "-ap", password));
    return this;
  }

  Sipp pause(Duration value) {
    args.addAll(List.of("-d", Long.toString(value.toMillis())));
    return this;
  }

  Sipp outOfCall(String name) {
    args.addAll(List.of("-oocsf", scenario(name).scenario.toString()));
    return this;
  }

  /**
   * An out-of-call scenario with {@code @NAME@} placeholders replaced: for values SIPp reads when
   * it loads the file (an {@code rtp_stream} file name is no {@code -key} keyword).
   */
  Sipp outOfCall(String name, Map<String, String> values) {
    try {
      String text = Files.readString(scenario(name).scenario, StandardCharsets.ISO_8859_1);
      for (Map.Entry<String, String> value : values.entrySet()) {
        text = text.replace("@" + value.getKey() + "@", value.getValue());
      }
      Files.createDirectories(WORK);
      Path copy = Files.createTempFile(WORK, name.replace(".xml", "-"), ".xml");
      Files.writeString(copy, text, StandardCharsets.ISO_8859_1);
      args.addAll(List.of("-oocsf", copy.toString()));
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Running start(int serverPort, Duration timeout) {
    try {
      Files.createDirectories(WORK);
      Path traces = Files.createTempDirectory(WORK,
          scenario.getFileName().toString().replace(".xml", "") + "-");
      List<String> command = new ArrayList<>(List.of(
          "timeout", "-k", "2", Long.toString(timeout.toSeconds()),
          BINARY.toString(), "127.0.0.1:" + serverPort, "-sf", scenario.toString(),
          "-i", "127.0.0.1", "-p", Integer.toString(port),
          "-mi", "127.0.0.1", "-mp", Integer.toString(AsteriskInstance.freeUdpPort()),
          "-ci", "127.0.0.1", "-cp", Integer.toString(AsteriskInstance.freeUdpPort()),
          "-m", "1", "-nostdin", "-aa",
          "-trace_err", "-error_file", traces.resolve("errors.log").toString(),
          "-trace_msg", "-message_file", traces.resolve("messages.log").toString()));
      command.addAll(args);
      Process process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(traces.resolve("stdout.log").toFile()).start();
      return new Running(process, traces, timeout);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A SIPp process; {@link #await} waits for its end, {@link #stop} ends it now. */
  static final class Running implements AutoCloseable {
    private final Process process;
    private final Path traces;
    private final Duration timeout;

    private Running(Process process, Path traces, Duration timeout) {
      this.process = process;
      this.traces = traces;
      this.timeout = timeout;
    }

    Result await() {
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

    /** SIGTERM (SIPp ends its calls), then whatever is left is killed. */
    Result stop() {
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
      return await();
    }

    /** The message trace so far. */
    String messages() {
      try {
        Path file = traces.resolve("messages.log");
        return Files.exists(file) ? Files.readString(file, StandardCharsets.ISO_8859_1) : "";
      } catch (IOException e) {
        return "";
      }
    }

    @Override
    public void close() {
      if (process.isAlive()) {
        stop();
      }
    }
  }

  /** SIPp's exit code (0: every call succeeded) and its traces. */
  record Result(int exitCode, Path traces) {
    String log() {
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
}
