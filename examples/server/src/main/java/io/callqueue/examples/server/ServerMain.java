package io.callqueue.examples.server;

import io.callqueue.adapter.sip.SipCallQueue;
import io.callqueue.adapter.sip.media.MediaEngine;
import io.callqueue.adapter.sip.signalling.SipConfig;
import io.callqueue.adapter.sip.signalling.Trunk;
import io.callqueue.api.ConfigException;
import io.callqueue.api.PromptSequence;
import io.callqueue.api.QueueConfig;
import io.callqueue.examples.server.config.ConfigLoader;
import io.callqueue.examples.server.config.ServerConfig;
import io.callqueue.examples.server.http.StatsEndpoint;
import io.callqueue.examples.server.panel.Accounts;
import io.callqueue.examples.server.panel.PanelState;
import io.callqueue.examples.server.panel.PasswordHash;
import io.callqueue.prompts.PromptLibrary;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The standalone callqueue SIP server: {@code ServerMain [config.yaml]}. Without an argument it
 * runs the built-in default configuration (everything on 127.0.0.1, demo passwords). Config
 * problems are printed all at once and the process exits with 2; a port that cannot be bound exits
 * with 1. SIGTERM (or Ctrl-C) hangs up calls with BYE, flushes the call records and exits 0; a
 * second one while stopping exits at once with 1.
 */
public final class ServerMain {
  private static final Logger log = LoggerFactory.getLogger(ServerMain.class);
  private static final String DEFAULT_CONFIG = "callqueue-default.yaml";

  private ServerMain() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Starts the server and blocks until it is stopped; returns the exit code. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 1 && args[0].equals("--hash-password")) {
      return hashPassword(System.in, out, err);
    }
    if (args.length > 1 || args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
      out.println("usage: ServerMain [config.yaml]   (no argument: the built-in default config)");
      out.println("       ServerMain --hash-password  (reads a password, prints its hash for"
          + " panel.adminPasswordHash)");
      return args.length == 1 ? 0 : 2;
    }
    ServerConfig config;
    try {
      config = args.length == 1 ? ConfigLoader.load(Path.of(args[0])) : defaultConfig();
    } catch (ConfigException e) {
      err.println("callqueue: the configuration cannot be used:");
      e.problems().forEach(p -> err.println("  - " + p));
      return 2;
    }
    Running running;
    try {
      running = start(config);
    } catch (ConfigException e) {
      err.println("callqueue: the configuration cannot be used:");
      e.problems().forEach(p -> err.println("  - " + p));
      return 2;
    } catch (IOException | RuntimeException e) {
      err.println("callqueue: cannot start: " + e.getMessage());
      return 1;
    }
    banner(running.config(), running, args.length == 0, out);
    // SIGTERM and Ctrl-C end the wait below, and the server stops on this thread, so run() can
    // return 0; the JVM's own handlers would exit 143 and 130. Any other way the JVM stops
    // (System.exit elsewhere, SIGHUP) still closes through the hook; closing twice is harmless.
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(running::close, "callqueue-shutdown"));
    if (!StopSignals.install(stop::countDown)) {
      err.println("callqueue: SIGTERM cannot be handled on this JVM: it stops the server through"
          + " the shutdown hook and exits 143");
    }
    try {
      stop.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    log.info("stopping: hanging up calls and flushing call records");
    running.close();
    return 0;
  }

  /**
   * Reads the panel administrator's password (the first line of {@code in}: typed, or piped) and
   * prints its hash as {@code panel.adminPasswordHash} takes it; nothing else is printed.
   */
  static int hashPassword(InputStream in, PrintStream out, PrintStream err) {
    String password;
    try {
      BufferedReader reader = new BufferedReader(new InputStreamReader(in,
          StandardCharsets.UTF_8));
      err.println("password for the panel's administrator (at least 12 characters), then Enter:");
      password = reader.readLine();
    } catch (IOException e) {
      err.println("callqueue: cannot read the password: " + e.getMessage());
      return 1;
    }
    if (password == null || password.length() < 12) {
      err.println("callqueue: the administrator password must be at least 12 characters");
      return 2;
    }
    out.println("panel:");
    out.println("  adminPasswordHash: '" + PasswordHash.hash(password) + "'");
    return 0;
  }

  private static ServerConfig defaultConfig() {
    try (InputStream in = ServerMain.class.getClassLoader().getResourceAsStream(DEFAULT_CONFIG)) {
      if (in == null) {
        throw new ConfigException(DEFAULT_CONFIG + " is missing from the class path");
      }
      return ConfigLoader.parse(Path.of(DEFAULT_CONFIG),
          new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new ConfigException(DEFAULT_CONFIG + ": cannot read: " + e.getMessage());
    }
  }

  /** The server's parts, stopped in the right order, once; {@code config} as it was started. */
  record Running(SipCallQueue sip, ServerCore core, ServerConfig config, AtomicBoolean closed)
      implements AutoCloseable {
    Running(SipCallQueue sip, ServerCore core, ServerConfig config) {
      this(sip, core, config, new AtomicBoolean());
    }

    @Override
    public void close() {
      if (closed.compareAndSet(false, true)) {
        sip.close();
        core.close();
      }
    }
  }

  /**
   * Starts SIP, the engine and HTTP for {@code given} as the panel's state file amends it
   * ({@link PanelState#overlay}); SIP accounts added in the panel may register at once.
   */
  static Running start(ServerConfig given) throws IOException {
    ServerConfig config = PanelState.overlay(given);
    Accounts accounts = new Accounts(config.accounts());
    SipConfig.Builder sip = SipConfig.builder(config.sip().bindAddress(), config.sip().port())
        .realm(config.sip().realm()).maxCalls(config.sip().maxCalls())
        .answerTimeout(config.sip().answerTimeout())
        .accounts(accounts::password);
    for (ServerConfig.Trunk t : config.trunks()) {
      sip.trunk(new Trunk(t.name(), t.allowFrom(), Set.copyOf(t.numbers())));
    }
    if (config.outbound() != null) {
      sip.gatewayUri(config.outbound().gateway());
      if (config.outbound().callerId() != null) {
        sip.callbackCallerId(config.outbound().callerId());
      }
      if (config.outbound().username() != null) {
        sip.gatewayCredentials(new SipConfig.Credentials(config.outbound().username(),
            config.outbound().password()));
      }
    }
    MediaEngine.Builder media = MediaEngine.builder()
        .address(InetAddress.getByName(config.sip().bindAddress()))
        .portRange(config.media().rtpPortMin(), config.media().rtpPortMax())
        .prompts(config.media().promptDirectory() == null
            ? PromptLibrary.shipped()
            : PromptLibrary.directory(config.media().promptDirectory(), "en"));
    if (config.media().musicDirectory() != null) {
      musicClasses(config.media().musicDirectory()).forEach(media::musicClass);
    }
    AtomicReference<ServerCore> started = new AtomicReference<>();
    SipCallQueue binding = new SipCallQueue(sip, media, config.scenarios(),
        ServerCore.voicemailFolder(config), ivrPrompts(() -> started.get() == null ? config.queues()
            : started.get().panel().queues()),
        vm -> log.info("voicemail for {} from {}: {}", vm.queue(), vm.callerNumber(),
            vm.message().reference()));
    ServerCore core = ServerCore.start(config, binding, accounts);
    started.set(core);
    binding.attach(core.engine());
    try {
      binding.start();
    } catch (IOException | RuntimeException e) {
      binding.close();
      core.close();
      throw e;
    }
    return new Running(binding, core, config);
  }

  /**
   * The music-on-hold classes of {@code media.music}: each folder {@code <dir>/<class>/} is a
   * class whose {@code *.wav} files play in name order; a folder named {@code default} replaces
   * the built-in loop.
   *
   * @throws IOException if the folder cannot be listed or a class folder has no WAV file
   */
  static Map<String, List<Path>> musicClasses(Path directory) throws IOException {
    Map<String, List<Path>> classes = new TreeMap<>();
    List<Path> folders;
    try (Stream<Path> entries = Files.list(directory)) {
      folders = entries.filter(Files::isDirectory).sorted().toList();
    }
    for (Path folder : folders) {
      List<Path> files;
      try (Stream<Path> entries = Files.list(folder)) {
        files = entries.filter(f -> Files.isRegularFile(f)
            && f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".wav"))
            .sorted().toList();
      }
      if (files.isEmpty()) {
        throw new IOException("media.music: music class folder " + folder + " has no .wav file");
      }
      classes.put(folder.getFileName().toString(), files);
    }
    if (classes.isEmpty()) {
      log.warn("media.music: {} has no class folder (<class>/*.wav); playing the built-in loop",
          directory);
    }
    return classes;
  }

  /**
   * IVR prompts: a queue's language and recordings in its voicemail step, else the first's (the
   * queues as they are now: the panel may change them).
   */
  private static BiFunction<String, String, PromptSequence> ivrPrompts(
      Supplier<List<QueueConfig>> now) {
    return (queue, key) -> {
      List<QueueConfig> queues = now.get();
      String language = queues.isEmpty() ? "en" : queues.get(0).language();
      QueueConfig q = queues.stream().filter(c -> c.id().value().equals(queue)).findFirst()
          .orElse(null);
      String lang = q == null ? language : q.language();
      Path custom = q == null ? null : q.promptOverrides().get(key);
      return new PromptSequence(lang, List.of(new PromptSequence.Prompt(key, custom)));
    };
  }

  private static void banner(ServerConfig config, Running running, boolean builtIn,
      PrintStream out) {
    String sip = config.sip().bindAddress() + ":" + config.sip().port();
    out.println("callqueue server is running");
    out.println("  SIP (UDP)  " + sip + ", realm " + config.sip().realm());
    String url = "http://" + config.http().bindAddress() + ":" + running.core().httpPort();
    out.println("  HTTP       " + url + "/api/snapshot   (also /api/calls, /api/calls.csv,"
        + " /api/stats)");
    if (config.http().tokenGenerated()) {
      out.println("  HTTP token " + config.http().token() + "   (made for this run; set"
          + " http.token to keep one)");
      out.println("             curl -H 'Authorization: Bearer " + config.http().token() + "' "
          + url + "/api/calls");
    } else {
      out.println("  HTTP token from http.token: send 'Authorization: Bearer <token>'");
    }
    out.println("  panel      " + url + "/panel   (sign in as admin; agents with their SIP"
        + " account)");
    running.core().panel().generatedAdminPassword().ifPresentOrElse(p -> {
      out.println("  WARNING    first start: the panel's administrator password is " + p);
      out.println("             shown only now; its hash is kept in "
          + running.core().panel().stateFile() + " (set panel.adminPasswordHash to choose one)");
    }, () -> out.println("  panel      administrator password: "
        + (config.panel().adminPasswordHash() != null ? "panel.adminPasswordHash"
            : "the one made at first start or set in the panel (hash in "
                + running.core().panel().stateFile() + ")")));
    if (!StatsEndpoint.isLoopback(config.http().bindAddress())) {
      out.println("  WARNING    HTTP listens on " + config.http().bindAddress() + ", beyond this"
          + " machine, as plain HTTP (no TLS): put it behind a TLS proxy or a firewall");
    }
    config.trunks().forEach(t -> out.println("  trunk      " + t.name() + ": from "
        + String.join(", ", t.allowFrom()) + " to " + String.join(", ", t.numbers())));
    config.scenarios().forEach((number, s) -> out.println("  number     " + number
        + " -> scenario starting at '" + s.start() + "'"));
    List<String> accounts = List.copyOf(config.accounts().keySet());
    out.println("  agents     " + (accounts.size() <= 10 ? String.join(", ", accounts)
        : String.join(", ", accounts.subList(0, 3)) + " … " + accounts.get(accounts.size() - 1)
            + " (" + accounts.size() + " accounts)")
        + " register at sip:<account>@" + sip);
    Set<String> demo = new HashSet<>();
    config.accounts().forEach((user, password) -> {
      if (password.startsWith("demo-")) {
        demo.add(user);
      }
    });
    if (builtIn || !demo.isEmpty()) {
      out.println("  WARNING    demo passwords in use" + (demo.isEmpty() ? "" : " for " + demo)
          + ": change them before this server is reachable from anywhere but this machine");
    }
    if (!config.scenarios().isEmpty()) {
      String number = config.scenarios().keySet().iterator().next();
      String dir = "adapter-sip/src/test/resources/sipp";
      out.println("Try it with SIPp (from the repository root), an agent phone, then a caller:");
      String user = config.accounts().isEmpty() ? "<account>"
          : config.accounts().keySet().iterator().next();
      String password = builtIn && config.accounts().containsKey(user)
          ? config.accounts().get(user) : "<password>";
      out.println("  sipp " + sip + " -sf " + dir + "/register.xml -oocsf " + dir
          + "/agent_answer.xml -s " + user + " -au " + user + " -ap " + password
          + " -key expires 60 -d 60000 -i 127.0.0.1 -p 5091 -m 1");
      out.println("  sipp " + sip + " -sf " + dir + "/caller_waits.xml -s " + number
          + " -d 8000 -i 127.0.0.1 -p 5093 -m 1");
      out.println("  (or the built-in caller: sipp -sn uac -s " + number
          + " -i 127.0.0.1 -p 5071 -m 1 " + sip + ")");
    }
    out.println("Stop with Ctrl-C (SIGTERM): calls are hung up and records flushed.");
  }
}
