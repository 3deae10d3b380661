package io.callqueue.spi;

import java.time.Clock;
import java.time.Duration;

/**
 * Runs a task after a delay, and tells the time its delays are measured in: the engine and
 * everything else that waits or measures takes a scheduler and reads {@link #clock()} from it, so
 * time and timers cannot come from two different sources. The engine passes every task it
 * schedules back to its own serial executor, so a scheduler may run tasks on any thread. Tests and
 * the simulator use a manual scheduler whose clock moves only when told (queue-testkit's
 * {@code ManualScheduler}); production uses queue-core's {@code SystemScheduler} on the system
 * clock.
 */
public interface Scheduler {

  /** The clock this scheduler's delays run on; the engine's "now". */
  Clock clock();

  /**
   * Runs {@code task} once, {@code delay} from now (now or soon when the delay is zero or less).
   *
   * @return a handle whose {@code cancel} stops the task if it has not run yet
   */
  Cancellable schedule(Duration delay, Runnable task);

  /** A scheduled task that can be cancelled. */
  @FunctionalInterface
  interface Cancellable {
    /** Stops the task if it has not started; does nothing otherwise. */
    void cancel();
  }
}
