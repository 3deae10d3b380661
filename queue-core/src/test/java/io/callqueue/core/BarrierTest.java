package io.callqueue.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.callqueue.api.CallId;
import io.callqueue.api.CallOffer;
import io.callqueue.api.JoinPolicy;
import io.callqueue.api.QueueConfig;
import io.callqueue.api.QueueId;
import io.callqueue.testkit.ManualScheduler;
import io.callqueue.testkit.PortCommand;
import io.callqueue.testkit.RecordingTelephonyPort;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** {@code CallQueue.barrier()}: done exactly when the earlier inbound calls and their commands are. */
class BarrierTest {
  private final Queue<Runnable> tasks = new ArrayDeque<>();
  private final RecordingTelephonyPort port = new RecordingTelephonyPort();
  private final CallQueueEngine engine = CallQueueEngine.builder().telephony(port)
      .scheduler(new ManualScheduler()).executor(tasks::add).build();

  private void runTasks() {
    for (Runnable r = tasks.poll(); r != null; r = tasks.poll()) {
      r.run();
    }
  }

  @Test
  void barrier_completesAfterEarlierReportsAndTheCommandsTheyCaused() {
    QueueId q = QueueId.of("sales");
    CallId c = CallId.of("c1");
    engine.addQueue(QueueConfig.builder("sales").joinPolicy(JoinPolicy.ALWAYS).build());
    engine.offer(CallOffer.of(c, q, "+48600100200"));
    runTasks();

    engine.dtmf(c, '0');
    CompletableFuture<Void> barrier = engine.barrier().toCompletableFuture();

    assertThat(barrier).as("before the engine ran the key").isNotDone();
    assertThat(port.commands(PortCommand.RecordVoicemail.class)).isEmpty();
    runTasks();
    assertThat(barrier).isCompleted();
    assertThat(port.commands(PortCommand.RecordVoicemail.class)).as("what the key caused")
        .hasSize(1);
  }
}
