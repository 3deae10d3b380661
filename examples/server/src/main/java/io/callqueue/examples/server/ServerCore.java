package io.callqueue.examples.server;

import io.callqueue.api.AgentConfig;
import io.callqueue.api.CallQueueException;
import io.callqueue.api.ConfigException;
import io.callqueue.api.Membership;
import io.callqueue.api.QueueConfig;
import io.callqueue.core.CallQueueEngine;
import io.callqueue.core.SystemScheduler;
import io.callqueue.core.records.CallRecorder;
import io.callqueue.core.records.CallStatistics;
import io.callqueue.core.records.InMemoryCallRecordStore;
import io.callqueue.core.records.JdbcCallRecordStore;
import io.callqueue.core.records.QueueLogWriter;
import io.callqueue.examples.server.config.ServerConfig;
import io.callqueue.examples.server.http.StatsEndpoint;
import io.callqueue.spi.CallRecordStore;
import io.callqueue.spi.TelephonyPort;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
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
 * Asterisk-style {@code queue_log}, and the JSON HTTP endpoint. The SIP binding supplies the
 * {@link TelephonyPort}. {@link #close()} releases waiting callers, flushes records and stops
 * everything it started, in that order.
 */
public final class ServerCore implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ServerCore.class);

  private final ServerConfig config;
  private final CallQueueEngine engine;
  private final CallRecordStore store;
  private final CallRecorder recorder;
  private final Writer queueLog;
  private final StatsEndpoint http;
  private final ScheduledExecutorService timers;

  private ServerCore(ServerConfig config, TelephonyPort port) throws IOException {
    this.config = config;
    this.timers = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "callqueue-records");
      t.setDaemon(true);
      return t;
    });
    this.engine = CallQueueEngine.builder().telephony(port).build();
    this.store = openStore(config.storage());
    this.recorder = CallRecorder.builder(store, new SystemScheduler(timers)).build();
    engine.addListener(recorder);
    Writer logWriter = null;
    if (config.storage().queueLog() != null) {
      Files.createDirectories(config.storage().queueLog().toAbsolutePath().getParent());
      logWriter = Files.newBufferedWriter(config.storage().queueLog(), StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      Writer w = logWriter;
      engine.addListener(new QueueLogWriter(new AutoFlushing(w), q -> config.queues().stream()
          .filter(c -> c.id().equals(q)).findFirst()));
    }
    this.queueLog = logWriter;
    apply();
    this.http = new StatsEndpoint(engine, store, () -> CallStatistics.forQueues(config.queues()),
        Clock.systemUTC(), config.http().bindAddress(), config.http().port());
  }

  /**
   * Starts the engine, records and HTTP endpoint for this configuration.
   *
   * @throws IOException when the HTTP port or the queue_log file cannot be opened
   */
  public static ServerCore start(ServerConfig config, TelephonyPort port) throws IOException {
    return new ServerCore(config, port);
  }

  /** The engine. */
  public CallQueueEngine engine() {
    return engine;
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

  private static CallRecordStore openStore(ServerConfig.Storage storage) {
    if (storage.jdbcUrl().equals("memory")) {
      log.warn("call records are kept in memory only: they are lost when the server stops");
      return new InMemoryCallRecordStore();
    }
    return JdbcCallRecordStore.open(storage.jdbcUrl());
  }


  @Override
  public void close() {
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
    if (http != null) {
      http.close();
    }
    timers.shutdownNow();
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
