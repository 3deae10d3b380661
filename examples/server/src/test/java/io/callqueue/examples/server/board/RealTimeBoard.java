package io.callqueue.examples.server.board;

import io.callqueue.api.AgentConfig;
import io.callqueue.api.AgentId;
import io.callqueue.api.JoinPolicy;
import io.callqueue.api.Membership;
import io.callqueue.api.QueueConfig;
import io.callqueue.api.QueueId;
import io.callqueue.core.CallQueueEngine;
import io.callqueue.core.SystemScheduler;
import io.callqueue.core.records.CallRecorder;
import io.callqueue.core.records.CallStatistics;
import io.callqueue.core.records.InMemoryCallRecordStore;
import io.callqueue.testkit.RecordingTelephonyPort;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * An engine running in real time on its own thread (the telephony a recording stand-in), its
 * call records, and the HTTP server with the board: queue {@code support} (joining always
 * allowed, no wrap-up) with agents {@code alice} and {@code bob}, not yet registered.
 */
final class RealTimeBoard implements AutoCloseable {
  static final QueueId SUPPORT = QueueId.of("support");
  static final AgentId ALICE = AgentId.of("alice");
  static final AgentId BOB = AgentId.of("bob");

  final CallQueueEngine engine;
  final InMemoryCallRecordStore store = new InMemoryCallRecordStore();
  final CallRecorder recorder;
  final BoardServer server;
  private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();

  RealTimeBoard(Path voicemails) throws Exception {
    engine = CallQueueEngine.builder().telephony(new RecordingTelephonyPort()).build();
    recorder = CallRecorder.builder(store, new SystemScheduler(timers)).build();
    engine.addListener(recorder);
    QueueConfig support = QueueConfig.builder("support").joinPolicy(JoinPolicy.ALWAYS)
        .wrapUpTime(Duration.ZERO).build();
    engine.addQueue(support);
    engine.addAgent(AgentConfig.sip("alice", "alice"));
    engine.addAgent(AgentConfig.sip("bob", "bob"));
    engine.addMembership(Membership.of(SUPPORT, ALICE));
    engine.addMembership(Membership.of(SUPPORT, BOB)).toCompletableFuture().join();
    server = new BoardServer(engine, store, () -> CallStatistics.forQueues(List.of(support)),
        Clock.systemUTC(), voicemails);
  }

  @Override
  public void close() {
    server.close();
    engine.close();
    recorder.close();
    timers.shutdownNow();
  }
}
