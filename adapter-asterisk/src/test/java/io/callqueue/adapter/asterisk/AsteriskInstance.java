package io.callqueue.adapter.asterisk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A real Asterisk (see {@link AsteriskHome}) for one test class: a fresh configuration tree under
 * {@code target/asterisk-runs/} (the control socket and the media cache in a short {@code /tmp}
 * folder: a Unix socket path has 108 bytes at most, and Asterisk 22.10.1 cannot play cached
 * {@code http://} media from a cache folder path of 36 characters or more) with the base configs of {@code shared/asterisk/base-conf} and our
 * own pjsip, extensions, http, ari, rtp and musiconhold, everything on 127.0.0.1 and free ports.
 * Asterisk runs in the foreground as our child process ({@code -f}); {@link #start} returns once
 * {@code core waitfullybooted} does, {@link #close} sends {@code core stop now} and kills what is
 * left after 5 s, so no process outlives the test class.
 */
final class AsteriskInstance implements AutoCloseable {
  static final String ARI_USER = "callqueue";
  static final String ARI_PASSWORD = "ari-secret";
  private static final Duration BOOT = Duration.ofSeconds(20);

  private final Path root;
  private final Path tree;
  private final Path runDir;
  private final int sipPort;
  private final int httpPort;
  private final Process process;

  /** One PJSIP account an agent phone registers, with digest auth. */
  record Account(String name, String password) {}

  private AsteriskInstance(Path root, Path tree, Path runDir, int sipPort, int httpPort,
      Process process) {
    this.root = root;
    this.tree = tree;
    this.runDir = runDir;
    this.sipPort = sipPort;
    this.httpPort = httpPort;
    this.process = process;
  }

  /**
   * Writes the configs and starts Asterisk.
   *
   * @param name the test class, for the folder's name
   * @param accounts agent accounts (PJSIP endpoint + auth + aor each)
   * @param dialplan the {@code [incoming]} context's body (callers come in as endpoint
   *     {@code caller}, unauthenticated)
   * @param httpPort the HTTP/ARI port (0: a free one)
   */
  static AsteriskInstance start(String name, List<Account> accounts, String dialplan,
      int httpPort) {
    return start(name, accounts, dialplan, httpPort, "");
  }

  /**
   * Like {@link #start(String, List, String, int)}, with more PJSIP sections (a trunk, see
   * {@link #trunk}) appended to {@code pjsip.conf}.
   */
  static AsteriskInstance start(String name, List<Account> accounts, String dialplan,
      int httpPort, String morePjsip) {
    return start(name, accounts, dialplan, httpPort, morePjsip, Map.of());
  }

  /** Like {@link #start(String, List, String, int, String)}, with more config files written. */
  static AsteriskInstance start(String name, List<Account> accounts, String dialplan,
      int httpPort, String morePjsip, Map<String, String> moreFiles) {
    Path root = AsteriskHome.locate();
    try {
      Path base = Path.of("target", "asterisk-runs").toAbsolutePath();
      Files.createDirectories(base);
      Path tree = Files.createTempDirectory(base, name + "-");
      Path runDir = Files.createTempDirectory("cqa");
      // res_http_media_cache's files cannot be played from a cache folder of 36 characters or
      // more (measured on 22.10.1: "does not exist in any format"); /tmp/cqa<digits>/c is ~29.
      Path cacheDir = Files.createDirectories(runDir.resolve("c"));
      Path etc = tree.resolve("etc");
      for (String dir : List.of("etc", "log/cdr-csv", "lib", "spool/recording")) {
        Files.createDirectories(tree.resolve(dir));
      }
      copyBaseConf(etc);
      int sip = freeUdpPort();
      int http = httpPort == 0 ? freeTcpPort() : httpPort;
      int rtp = 20000 + 2 * ThreadLocalRandom.current().nextInt(10000);
      Map<String, String> files = new LinkedHashMap<>();
      files.put("asterisk.conf", "[directories]\n"
          + "astetcdir => " + etc + "\n"
          + "astmoddir => " + root.resolve("lib/asterisk/modules") + "\n"
          + "astvarlibdir => " + tree.resolve("lib") + "\n"
          + "astdbdir => " + tree.resolve("lib") + "\n"
          + "astkeydir => " + tree.resolve("lib") + "\n"
          + "astdatadir => " + root.resolve("var/lib/asterisk") + "\n"
          + "astagidir => " + root.resolve("var/lib/asterisk/agi-bin") + "\n"
          + "astspooldir => " + tree.resolve("spool") + "\n"
          + "astrundir => " + runDir + "\n"
          + "astlogdir => " + tree.resolve("log") + "\n"
          + "astsbindir => " + root.resolve("sbin") + "\n"
          + "astcachedir => " + cacheDir + "\n"
          + "[options]\nverbose = 0\nmaxfiles = 20000\n");
      files.put("http.conf", "[general]\nenabled=yes\nbindaddr=127.0.0.1\nbindport=" + http
          + "\n");
      files.put("ari.conf", "[general]\nenabled=yes\n[" + ARI_USER + "]\ntype=user\n"
          + "read_only=no\npassword=" + ARI_PASSWORD + "\n");
      files.put("rtp.conf", "[general]\nrtpstart=" + rtp + "\nrtpend=" + (rtp + 199) + "\n");
      files.put("pjsip.conf", pjsip(sip, accounts) + morePjsip);
      files.put("extensions.conf", "[incoming]\n" + dialplan + "\n");
      files.putAll(moreFiles);
      for (Map.Entry<String, String> file : files.entrySet()) {
        Files.writeString(etc.resolve(file.getKey()), file.getValue(), StandardCharsets.UTF_8);
      }
      Process process = new ProcessBuilder(root.resolve("sbin/asterisk").toString(), "-f",
          "-C", etc.resolve("asterisk.conf").toString())
          .redirectErrorStream(true).redirectOutput(tree.resolve("log/console.log").toFile())
          .start();
      AsteriskInstance instance = new AsteriskInstance(root, tree, runDir, sip, http, process);
      Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
      instance.awaitBooted();
      return instance;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void copyBaseConf(Path etc) throws IOException {
    Path baseConf = AsteriskHome.baseConf();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(baseConf)) {
      for (Path file : files) {
        Files.copy(file, etc.resolve(file.getFileName().toString()));
      }
    }
  }

  private static final String MEDIA = "disallow=all\nallow=alaw,ulaw\ndirect_media=no\n"
      + "media_address=127.0.0.1\nbind_rtp_to_media_address=yes\nrtp_symmetric=no\n";

  /**
   * A PJSIP trunk {@code name} without registration or auth whose far end is
   * {@code 127.0.0.1:port} (a SIPp there plays the other network): {@code PJSIP/<number>@name}
   * dials {@code sip:<number>@127.0.0.1:port}.
   */
  static String trunk(String name, int port) {
    return "[" + name + "]\ntype=endpoint\ncontext=incoming\n" + MEDIA + "aors=" + name
        + "\n\n[" + name + "]\ntype=aor\ncontact=sip:127.0.0.1:" + port + "\n\n";
  }

  private static String pjsip(int sipPort, List<Account> accounts) {
    String media = MEDIA;
    StringBuilder conf = new StringBuilder("[global]\ntype=global\n"
        + "endpoint_identifier_order=username,ip,anonymous\n\n"
        + "[udp]\ntype=transport\nprotocol=udp\nbind=127.0.0.1:" + sipPort + "\n\n"
        + "[caller]\ntype=endpoint\ncontext=incoming\n" + media + "\n");
    for (Account a : accounts) {
      conf.append('[').append(a.name()).append("]\ntype=endpoint\ncontext=incoming\n")
          .append(media).append("auth=").append(a.name()).append("\naors=").append(a.name())
          .append("\n\n[").append(a.name()).append("]\ntype=auth\nauth_type=userpass\nusername=")
          .append(a.name()).append("\npassword=").append(a.password()).append("\n\n[")
          .append(a.name()).append("]\ntype=aor\nmax_contacts=1\nremove_existing=yes\n\n");
    }
    return conf.toString();
  }

  private void awaitBooted() {
    long deadline = System.nanoTime() + BOOT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("Asterisk exited at start (" + process.exitValue()
            + "): " + logs());
      }
      if (cli("core waitfullybooted").exitCode() == 0) {
        return;
      }
      pause(Duration.ofMillis(100));
    }
    close();
    throw new IllegalStateException("Asterisk did not boot within " + BOOT + ": " + logs());
  }

  /** A CLI command through the control socket ({@code -rx}). */
  Cli cli(String command) {
    try {
      Process p = new ProcessBuilder(root.resolve("sbin/asterisk").toString(), "-C",
          tree.resolve("etc/asterisk.conf").toString(), "-rx", command)
          .redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
      return new Cli(p.isAlive() ? -1 : p.exitValue(), out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  record Cli(int exitCode, String output) {}

  /** A stored recording's file ({@code astspooldir/recording/<name>.wav}). */
  Path recording(String name) {
    return tree.resolve("spool/recording/" + name + ".wav");
  }

  int sipPort() {
    return sipPort;
  }

  int httpPort() {
    return httpPort;
  }

  URI ariUri() {
    return URI.create("http://127.0.0.1:" + httpPort);
  }

  /** Asterisk's CPU time so far (user + system, from {@code /proc/<pid>/stat}). */
  Duration cpuTime() {
    try {
      String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
      return Duration.ofMillis(ticks * 10); // USER_HZ = 100 on Linux
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether the Asterisk process is still running. */
  boolean alive() {
    return process.isAlive();
  }

  /** The messages log and the console output, for assertion messages. */
  String logs() {
    StringBuilder text = new StringBuilder("Asterisk tree " + tree);
    for (String file : List.of("log/messages.log", "log/console.log")) {
      try {
        String content = Files.readString(tree.resolve(file), StandardCharsets.UTF_8);
        text.append("\n==== ").append(file).append('\n')
            .append(content.substring(Math.max(0, content.length() - 6000)));
      } catch (IOException e) {
        text.append("\n(no ").append(file).append(')');
      }
    }
    return text.toString();
  }

  /** The WARNING and ERROR lines of the messages log. */
  List<String> problems() {
    List<String> lines = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(tree.resolve("log/messages.log"))) {
        if (line.contains("WARNING[") || line.contains("ERROR[")) {
          lines.add(line);
        }
      }
    } catch (IOException e) {
      lines.add("no messages.log: " + e);
    }
    return lines;
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      cli("core stop now");
      try {
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
    try (java.util.stream.Stream<Path> files = Files.walk(runDir)) {
      for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      // a leftover /tmp folder is harmless
    }
  }

  static int freeUdpPort() {
    try (java.net.DatagramSocket s = new java.net.DatagramSocket(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static int freeTcpPort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void pause(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
