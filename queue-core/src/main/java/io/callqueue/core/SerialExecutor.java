package io.callqueue.core;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs submitted tasks one at a time, in submission order, on an underlying executor: the engine's
 * single writer. A task submitted while another runs (from any thread, or re-entrantly from the
 * running task itself) is queued and runs after it, never nested inside it. With a direct executor
 * ({@code Runnable::run}) the tasks run on the submitting thread, which is how engine tests run in
 * virtual time. After each task the {@linkplain #afterEachTask hook} runs (the engine's settle
 * step), so a command needs no wrapper of its own to finish its matching.
 */
final class SerialExecutor implements Executor {
  private static final Logger log = LoggerFactory.getLogger(SerialExecutor.class);

  private final Executor delegate;
  private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean draining = new AtomicBoolean();
  /** The drain loop as a task, made once (a method reference per submission would allocate). */
  private final Runnable drainTask = this::drain;
  private volatile Runnable afterEachTask = () -> { };
  /**
   * A task submitted while the executor was idle, run first by the next drain without a queue
   * node. Written only by the thread that set {@link #draining}, before it hands the drain to the
   * delegate (which orders the write before the drain), and cleared by the drain before it resets
   * {@link #draining}; so a plain field is enough.
   */
  private Runnable first;

  SerialExecutor(Executor delegate) {
    this.delegate = delegate;
  }

  /** Sets what runs after every task, on the same thread, even when the task failed. */
  void afterEachTask(Runnable hook) {
    this.afterEachTask = hook;
  }

  @Override
  public void execute(Runnable task) {
    if (draining.compareAndSet(false, true)) {
      // idle: unless a task queued meanwhile is ahead of it, this one runs first, unqueued
      if (tasks.isEmpty()) {
        first = task;
      } else {
        tasks.add(task);
      }
      delegate.execute(drainTask);
      return;
    }
    tasks.add(task);
    if (draining.compareAndSet(false, true)) {
      delegate.execute(drainTask);
    }
  }

  private void drain() {
    Runnable after = afterEachTask;
    Runnable task = first;
    first = null;
    while (true) {
      if (task == null) {
        task = tasks.poll();
      }
      for (; task != null; task = tasks.poll()) {
        try {
          task.run();
        } catch (RuntimeException | Error e) {
          log.error("engine task failed; the engine carries on", e);
        }
        try {
          after.run();
        } catch (RuntimeException | Error e) {
          log.error("engine task failed; the engine carries on", e);
        }
      }
      draining.set(false);
      if (tasks.isEmpty() || !draining.compareAndSet(false, true)) {
        return;
      }
    }
  }
}
