package io.callqueue.testkit;

import io.callqueue.spi.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.PriorityQueue;

/**
 * A {@link Scheduler} and {@link Clock} in virtual time: nothing happens until {@link #advance}
 * moves the clock, and then due tasks run in time order (tasks due at the same instant in the
 * order they were scheduled) on the calling thread. A task may schedule further tasks; those due
 * within the advanced span run too. A simulated day takes milliseconds.
 *
 * <p>Not thread-safe: use it from one thread (engine tests run the engine on the test thread).
 */
public final class ManualScheduler implements Scheduler {
  private final PriorityQueue<Task> tasks = new PriorityQueue<>();
  private final VirtualClock clock;
  private long nowMillis;
  private long sequence;

  /** Starts at 2026-01-05T08:00:00Z (a Monday morning). */
  public ManualScheduler() {
    this(Instant.parse("2026-01-05T08:00:00Z"));
  }

  public ManualScheduler(Instant start) {
    this.nowMillis = start.toEpochMilli();
    this.clock = new VirtualClock(ZoneOffset.UTC);
  }

  /** The virtual clock; it reads this scheduler's time. */
  @Override
  public Clock clock() {
    return clock;
  }

  /** The current virtual time. */
  public Instant now() {
    return Instant.ofEpochMilli(nowMillis);
  }

  @Override
  public Cancellable schedule(Duration delay, Runnable task) {
    long due = nowMillis + Math.max(0, delay.toMillis());
    Task t = new Task(due, sequence++, task);
    tasks.add(t);
    return () -> t.cancelled = true;
  }

  /** Moves the clock forward by {@code span}, running every task that falls due on the way. */
  public void advance(Duration span) {
    if (span.isNegative()) {
      throw new IllegalArgumentException("cannot go back in time: " + span);
    }
    advanceTo(nowMillis + span.toMillis());
  }

  /** Runs the tasks that are due now without moving the clock. */
  public void runDue() {
    advanceTo(nowMillis);
  }

  /**
   * Runs every task in time order until none is left or the next is more than {@code limit} away
   * from now; returns how many ran.
   */
  public int runUntilIdle(Duration limit) {
    long end = nowMillis + limit.toMillis();
    int ran = 0;
    while (true) {
      Task next = peekLive();
      if (next == null || next.due > end) {
        return ran;
      }
      tasks.poll();
      nowMillis = Math.max(nowMillis, next.due);
      next.task.run();
      ran++;
    }
  }

  /** How many scheduled tasks have not run and are not cancelled. */
  public int pendingTasks() {
    int n = 0;
    for (Task t : tasks) {
      if (!t.cancelled) {
        n++;
      }
    }
    return n;
  }

  /** When the next live task is due, or {@code null} when none is. */
  public Instant nextDue() {
    Task t = peekLive();
    return t == null ? null : Instant.ofEpochMilli(t.due);
  }

  private void advanceTo(long target) {
    while (true) {
      Task next = peekLive();
      if (next == null || next.due > target) {
        break;
      }
      tasks.poll();
      nowMillis = Math.max(nowMillis, next.due);
      next.task.run();
    }
    nowMillis = Math.max(nowMillis, target);
  }

  private Task peekLive() {
    Task t = tasks.peek();
    while (t != null && t.cancelled) {
      tasks.poll();
      t = tasks.peek();
    }
    return t;
  }

  private static final class Task implements Comparable<Task> {
    final long due;
    final long seq;
    final Runnable task;
    boolean cancelled;

    Task(long due, long seq, Runnable task) {
      this.due = due;
      this.seq = seq;
      this.task = task;
    }

    @Override
    public int compareTo(Task o) {
      int c = Long.compare(due, o.due);
      return c != 0 ? c : Long.compare(seq, o.seq);
    }
  }

  private final class VirtualClock extends Clock {
    private final ZoneId zone;

    VirtualClock(ZoneId zone) {
      this.zone = zone;
    }

    @Override
    public ZoneId getZone() {
      return zone;
    }

    @Override
    public Clock withZone(ZoneId z) {
      return new VirtualClock(z);
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(nowMillis);
    }

    @Override
    public long millis() {
      return nowMillis;
    }
  }
}
