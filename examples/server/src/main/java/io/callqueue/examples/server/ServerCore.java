package io.callqueue.examples.server;

import io.callqueue.api.AgentConfig;
import io.callqueue.api.CallQueueException;
import io.callqueue.api.ConfigException;
import io.callqueue.api.Membership;
import io.callqueue.api.QueueConfig;
import io.callqueue.core.CallQueueEngine;
import io.callqueue.core.SystemScheduler;
import io.callqueue.core.estimate.LiveAccuracy;
import io.callqueue.core.records.CallRecorder;
import io.callqueue.core.records.CallStatistics;
import io.callqueue.core.records.InMemoryCallRecordStore;
import io.callqueue.core.records.JdbcCallRecordStore;
import io.callqueue.core.records.QueueLogWriter;
import io.callqueue.examples.server.board.BoardModule;
import io.callqueue.examples.server.config.ServerConfig;
import io.callqueue.examples.server.http.MetricsModule;
import io.callqueue.examples.server.http.StatsEndpoint;
import io.callqueue.examples.server.http.WebModule;
import io.callqueue.examples.server.panel.Accounts;
import io.callqueue.examples.server.panel.Panel;
import io.callqueue.examples.server.panel.PanelState;
import io.callqueue.micrometer.CallQueueMetrics;
import io.callqueue.spi.CallRecordStore;
import io.callqueue.spi.TelephonyPort;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The telephony-independent half of the standalone server: the engine configured from a
 * {@link ServerConfig}, call records (JDBC — an H2 file by default — or memory), the optional
 * Asterisk-style {@code queue_log}, the JSON HTTP endpoint with the engine's meters for
 * Prometheus on {@code /metrics} (queue-micrometer's binder) and the operator's panel
 * ({@link Panel}: queues, agents and accounts changed at run time, kept in the panel's state
 * file — pass the configuration through {@link PanelState#overlay} first). The SIP binding
 * supplies the
 * {@link TelephonyPort}. {@link #close()} releases waiting callers, flushes records and stops
 * everything it started, in that order.
 *
 * <p>At start, before the engine takes a call, the recorder marks the conversations a crash of
 * the previous run left open as interrupted, and records the callers it left waiting as
 * interrupted abandoned calls (see {@link CallRecorder#reconcile()}); it saves a heartbeat every
 * {@value #HEARTBEAT_SECONDS} seconds so the next start knows when this run stopped, and with it
 * the live accuracy's sums, which the next start continues. A call record database or
 * {@code queue_log} that cannot be opened is reported as a {@link ConfigException} with one line
 * naming the file or URL and why (the server exits 2).
 */
public final class ServerCore implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ServerCore.class);
  private static final String H2 = "jdbc:h2:";
  /** How often the recorder notes that it is alive (dates the calls a crash cuts off). */
  private static final int HEARTBEAT_SECONDS = 30;
  private static final Duration HEARTBEAT = Duration.ofSeconds(HEARTBEAT_SECONDS);

  private final ServerConfig config;
  private final CallQueueEngine engine;
  private final CallRecordStore store;
  private final CallRecorder recorder;
  private final Writer queueLog;
  private final StatsEndpoint http;
  private final BoardModule board;
  private final LiveAccuracy accuracy = new LiveAccuracy();
  private final PrometheusMeterRegistry meterRegistry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private CallQueueMetrics metrics;
  private final ScheduledExecutorService timers;
  private final PanelState panel;

  private ServerCore(ServerConfig config, TelephonyPort port, Accounts accounts)
      throws IOException {
    this.config = config;
    this.store = openStore(config);
    Writer logWriter = null;
    if (config.storage().queueLog() != null) {
      try {
        logWriter = openQueueLog(config.storage().queueLog());
      } catch (IOException e) {
        closeQuietly(store);
        throw new ConfigException(config.source() + ": storage.queueLog: cannot write "
            + config.storage().queueLog().toAbsolutePath() + ": " + reason(e));
      }
    }
    this.timers = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "callqueue-records");
      t.setDaemon(true);
      return t;
    });
    this.recorder = CallRecorder.builder(store, new SystemScheduler(timers))
        .heartbeat(HEARTBEAT).estimateErrors(accuracy::sums).build();
    try {
      recorder.reconcile();
      accuracy.restore(store.estimateErrors());
    } catch (RuntimeException e) {
      recorder.close();
      timers.shutdownNow();
      closeQuietly(store);
      closeQuietly(logWriter);
      throw new ConfigException(config.source() + ": storage.jdbcUrl: cannot read the call"
          + " records in " + config.storage().jdbcUrl() + ": " + reason(e));
    }
    this.engine = CallQueueEngine.builder().telephony(port).build();
    PanelState state;
    try {
      state = new PanelState(config, engine, accounts);
    } catch (ConfigException e) {
      engine.close();
      recorder.close();
      timers.shutdownNow();
      closeQuietly(store);
      closeQuietly(logWriter);
      throw e;
    }
    this.panel = state;
    engine.addListener(recorder);
    engine.addListener(accuracy);
    if (logWriter != null) {
      Writer w = logWriter;
      engine.addListener(new QueueLogWriter(new AutoFlushing(w), q -> state.queues().stream()
          .filter(c -> c.id().equals(q)).findFirst()));
    }
    this.queueLog = logWriter;
    apply();
    this.metrics = CallQueueMetrics.builder(engine, new SystemScheduler(timers)).build();
    metrics.bindTo(meterRegistry);
    this.board = new BoardModule(engine, store, () -> CallStatistics.forQueues(state.queues()),
        Clock.systemUTC(), ZoneId.systemDefault(), voicemailFolder(config));
    List<WebModule> modules = List.of(new MetricsModule(meterRegistry),
        new Panel(state, engine, config.panel().sessionTimeout()), board);
    StatsEndpoint endpoint;
    try {
      endpoint = new StatsEndpoint(engine, store, () -> CallStatistics.forQueues(state.queues()),
          accuracy::snapshot, Clock.systemUTC(), config.http(), modules);
    } catch (IOException | RuntimeException e) {
      board.close();
      throw e;
    }
    this.http = endpoint;
  }

  /**
   * Starts the engine, records and HTTP endpoint for this configuration.
   *
   * @throws IOException when the HTTP port cannot be opened
   * @throws ConfigException when the call record database or the queue_log file cannot be opened
   *     (one problem naming the URL or file and why)
   */
  public static ServerCore start(ServerConfig config, TelephonyPort port) throws IOException {
    return new ServerCore(config, port, new Accounts());
  }

  /**
   * Starts, with the SIP accounts the binding's registrar reads: they are set to the
   * configuration's, then follow what the panel changes.
   *
   * @throws IOException when the HTTP port cannot be opened
   * @throws ConfigException when the call records, the queue_log file or the panel's state file
   *     cannot be opened (one problem naming the URL or file and why)
   */
  public static ServerCore start(ServerConfig config, TelephonyPort port, Accounts accounts)
      throws IOException {
    return new ServerCore(config, port, accounts);
  }

  /** The panel's view of queues, agents and accounts (and the first-start password). */
  public PanelState panel() {
    return panel;
  }

  /** Where the voicemail recordings are kept: {@code data/voicemail} beside the config file. */
  public static Path voicemailFolder(ServerConfig config) {
    return config.source().toAbsolutePath().getParent().resolve("data").resolve("voicemail");
  }

  /** The engine. */
  public CallQueueEngine engine() {
    return engine;
  }

  /**
   * The announced wait estimates' live accuracy (also in {@code /api/stats}), continued from the
   * sums the store kept at the last run's heartbeats.
   */
  public LiveAccuracy accuracy() {
    return accuracy;
  }

  /** The call records. */
  public CallRecordStore store() {
    return store;
  }

  /** The HTTP endpoint's port. */
  public int httpPort() {
    return http.port();
  }

  private void apply() {
    List<String> problems = new ArrayList<>();
    for (QueueConfig q : config.queues()) {
      await(engine.addQueue(q), problems);
    }
    for (AgentConfig a : config.agents()) {
      await(engine.addAgent(a), problems);
    }
    for (Membership m : config.memberships()) {
      await(engine.addMembership(m), problems);
    }
    if (!problems.isEmpty()) {
      close();
      throw new ConfigException(problems);
    }
  }

  private void await(CompletionStage<Void> stage, List<String> problems) {
    try {
      stage.toCompletableFuture().join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof ConfigException c) {
        c.problems().forEach(p -> problems.add(config.source() + ": " + p));
      } else if (e.getCause() instanceof CallQueueException c) {
        problems.add(config.source() + ": " + c.getMessage());
      } else {
        throw e;
      }
    }
  }

  /**
   * The configured store. An H2 file path that is relative is taken relative to the config file's
   * folder, like every other path in the config, so the server finds its records wherever it is
   * started from. A database that cannot be opened is a config error naming the URL and why.
   */
  private static CallRecordStore openStore(ServerConfig config) {
    String url = config.storage().jdbcUrl();
    if (url.equals("memory")) {
      log.warn("call records are kept in memory only: they are lost when the server stops");
      return new InMemoryCallRecordStore();
    }
    String resolved = resolveH2(url, config.source().toAbsolutePath().getParent());
    String file = h2File(resolved);
    Path folder = file == null || file.isEmpty() || file.startsWith("~") ? null
        : Path.of(file).toAbsolutePath().getParent();
    if (folder != null) {
      // H2 prints a stack trace of its own when it cannot create its trace file there
      try {
        Files.createDirectories(folder);
      } catch (IOException e) {
        throw new ConfigException(config.source() + ": storage.jdbcUrl: cannot open the call"
            + " records database " + resolved + ": cannot create the folder " + folder + ": "
            + reason(e));
      }
    }
    try {
      return JdbcCallRecordStore.open(resolved);
    } catch (RuntimeException e) {
      throw new ConfigException(config.source() + ": storage.jdbcUrl: cannot open the call"
          + " records database " + resolved + ": " + reason(e));
    }
  }

  /**
   * {@code url} with a relative H2 file path ({@code jdbc:h2:file:./data/calls},
   * {@code jdbc:h2:./data/calls}) resolved against {@code base}; any other URL (absolute or
   * {@code ~/} paths, {@code mem:}, {@code tcp:}, other databases) as it is.
   */
  static String resolveH2(String url, Path base) {
    String path = h2File(url);
    if (path == null || path.isEmpty() || path.startsWith("~") || Path.of(path).isAbsolute()) {
      return url;
    }
    int semicolon = url.indexOf(';');
    String settings = semicolon < 0 ? "" : url.substring(semicolon);
    return H2 + "file:" + base.resolve(path).normalize() + settings;
  }

  /** The database path of an H2 file URL, as written; {@code null} for any other URL. */
  private static String h2File(String url) {
    if (!url.regionMatches(true, 0, H2, 0, H2.length())) {
      return null;
    }
    String rest = url.substring(H2.length());
    int semicolon = rest.indexOf(';');
    String path = semicolon < 0 ? rest : rest.substring(0, semicolon);
    if (path.regionMatches(true, 0, "file:", 0, 5)) {
      return path.substring(5);
    }
    return path.matches("[A-Za-z]{2,}:.*") ? null : path; // mem:, tcp:, ssl:, zip:, nio:, ...
  }

  private static Writer openQueueLog(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    return Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }

  /** Why an I/O or database operation failed, in one line. */
  static String reason(Exception e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String why;
    if (root instanceof AccessDeniedException) {
      why = "permission denied";
    } else if (root instanceof NoSuchFileException) {
      why = "no such file or folder";
    } else if (root instanceof FileAlreadyExistsException f) {
      why = f.getFile() + " is a file, not a folder";
    } else if (root instanceof FileSystemException f && f.getReason() != null) {
      why = f.getReason();
    } else if (root.getMessage() != null && !root.getMessage().isBlank()) {
      why = root.getMessage();
    } else {
      why = root.getClass().getSimpleName();
    }
    int lineBreak = why.indexOf('\n');
    return (lineBreak < 0 ? why : why.substring(0, lineBreak)).strip();
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (Exception e) {
      log.debug("closing after a failed start failed", e);
    }
  }


  @Override
  public void close() {
    if (metrics != null) {
      metrics.close();
    }
    engine.close();
    int unsaved = recorder.flush();
    if (unsaved > 0) {
      log.error("{} call records could not be saved before shutdown", unsaved);
    }
    recorder.close();
    try {
      store.close();
    } catch (Exception e) {
      log.error("closing the call record store failed", e);
    }
    if (queueLog != null) {
      try {
        queueLog.close();
      } catch (IOException e) {
        log.error("closing queue_log failed", e);
      }
    }
    if (board != null) {
      board.close(); // ends the wallboards' event streams while the server still runs
    }
    if (http != null) {
      http.close();
    }
    timers.shutdownNow();
    meterRegistry.close();
  }

  /** queue_log lines reach the file at once (wallboards tail it). */
  private static final class AutoFlushing implements Appendable {
    private final Writer out;

    AutoFlushing(Writer out) {
      this.out = out;
    }

    @Override
    public Appendable append(CharSequence csq) throws IOException {
      out.append(csq);
      if (csq.length() > 0 && csq.charAt(csq.length() - 1) == '\n') {
        out.flush();
      }
      return this;
    }

    @Override
    public Appendable append(CharSequence csq, int start, int end) throws IOException {
      return append(csq.subSequence(start, end));
    }

    @Override
    public Appendable append(char c) throws IOException {
      out.append(c);
      if (c == '\n') {
        out.flush();
      }
      return this;
    }
  }
}
