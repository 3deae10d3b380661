package io.callqueue.core;

import io.callqueue.spi.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Scheduler} on a JDK scheduled executor and the system UTC clock: real time, for
 * production (the engine's default, and for anything else of the host's that takes a scheduler,
 * such as a call recorder).
 */
public final class SystemScheduler implements Scheduler {
  private final ScheduledExecutorService executor;

  /** Runs tasks on this executor; its owner shuts it down. */
  public SystemScheduler(ScheduledExecutorService executor) {
    this.executor = executor;
  }

  /** The system UTC clock. */
  @Override
  public Clock clock() {
    return Clock.systemUTC();
  }

  @Override
  public Cancellable schedule(Duration delay, Runnable task) {
    ScheduledFuture<?> f =
        executor.schedule(task, Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
    return () -> f.cancel(false);
  }
}
