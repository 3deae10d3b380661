package io.callqueue.examples.asterisk;

import io.callqueue.adapter.asterisk.AsteriskTelephonyPort;
import io.callqueue.api.AgentConfig;
import io.callqueue.api.AgentId;
import io.callqueue.api.Membership;
import io.callqueue.api.QueueConfig;
import io.callqueue.api.QueueId;
import io.callqueue.core.CallQueueEngine;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs callqueue for an Asterisk: {@code java ... AsteriskMain callqueue-asterisk.yaml}. Connects
 * to ARI (retrying until Asterisk is up; wrong credentials end it with one message), sets up the
 * file's queues and agents, logs every queue event, and runs until stopped (Ctrl-C).
 */
public final class AsteriskMain {
  private static final Logger log = LoggerFactory.getLogger(AsteriskMain.class);

  private AsteriskMain() {}

  public static void main(String[] args) throws InterruptedException {
    Path file = Path.of(args.length > 0 ? args[0] : "callqueue-asterisk.yaml");
    AsteriskAppConfig config;
    try {
      config = AsteriskAppConfig.load(file);
    } catch (IOException e) {
      System.err.println("cannot read " + file + ": " + e.getMessage());
      System.exit(2);
      return;
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    AsteriskTelephonyPort asterisk = new AsteriskTelephonyPort(config.asterisk());
    CallQueueEngine engine = CallQueueEngine.builder().telephony(asterisk).build();
    asterisk.attach(engine);
    engine.addListener(event -> log.info("{}", event));
    setUp(engine, config.queues(), config.agents(), config.memberships());
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      asterisk.close();
      engine.close();
      stopped.countDown();
    }, "callqueue-asterisk-stop"));
    try {
      asterisk.start().join();
    } catch (RuntimeException e) {
      System.err.println("Asterisk: " + (e.getCause() != null ? e.getCause().getMessage()
          : e.getMessage()));
      System.exit(1);
    }
    log.info("callqueue is Asterisk's queue now: dialplan Stasis({},<queue>)",
        config.asterisk().app());
    stopped.await();
  }

  static void setUp(CallQueueEngine engine, List<QueueConfig> queues, List<AgentConfig> agents,
      Map<String, List<String>> memberships) {
    for (QueueConfig q : queues) {
      engine.addQueue(q).toCompletableFuture().orTimeout(5, TimeUnit.SECONDS).join();
    }
    for (AgentConfig a : agents) {
      engine.addAgent(a).toCompletableFuture().orTimeout(5, TimeUnit.SECONDS).join();
      for (String q : memberships.getOrDefault(a.id().value(), List.of())) {
        engine.addMembership(Membership.of(QueueId.of(q), AgentId.of(a.id().value())))
            .toCompletableFuture().orTimeout(5, TimeUnit.SECONDS).join();
      }
    }
  }
}
