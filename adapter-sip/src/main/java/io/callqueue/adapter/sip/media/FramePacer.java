package io.callqueue.adapter.sip.media;

import java.nio.ByteBuffer;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that sends every paced 20 ms frame (music, prompts) of every leg.
 *
 * <p>Design note: tick {@code n} is due at {@code origin + n · 20 ms}; the thread parks until the
 * absolute deadline of the next tick ({@link LockSupport#parkNanos}), so lateness of one tick does
 * not accumulate into drift (unlike a fixed-delay timer). Each tick visits every session once:
 * a music listener gets its class's shared frame (encoded once per class and tick), a prompt
 * listener its own next frame; sends are non-blocking. If the thread falls behind (a GC pause, an
 * overloaded machine) it sends the missed ticks back to back, up to {@value #MAX_CATCH_UP} of
 * them; beyond that it skips ahead, which the receiver sees as a timestamp jump (like loss). Cost
 * per tick: O(sessions) small sends, no allocation.
 */
final class FramePacer implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(FramePacer.class);
  static final int MAX_CATCH_UP = 5;

  private final MediaContext context;
  private volatile boolean running = true;
  private volatile long maxLatenessNanos;
  private volatile long skippedTicks;

  FramePacer(MediaContext context) {
    this.context = context;
  }

  @Override
  public void run() {
    ByteBuffer out = ByteBuffer.allocateDirect(RtpHeader.FIXED_LENGTH
        + OutboundStream.SAMPLES_PER_FRAME);
    short[] frame = new short[OutboundStream.SAMPLES_PER_FRAME];
    byte[] encoded = new byte[OutboundStream.SAMPLES_PER_FRAME];
    long tick = context.tickAt(System.nanoTime()) + 1;
    while (running) {
      long due = context.originNanos + tick * MediaContext.FRAME_NANOS;
      long now = System.nanoTime();
      if (now - due < 0) {
        LockSupport.parkNanos(this, due - now);
        continue;
      }
      long late = now - due;
      long behind = late / MediaContext.FRAME_NANOS;
      if (behind > MAX_CATCH_UP) {
        skippedTicks += behind;
        tick += behind;
        LOG.debug("media pacer {} ms late: skipped {} frames", late / 1_000_000, behind);
      } else if (late > maxLatenessNanos) {
        maxLatenessNanos = late;
      }
      for (MediaSession session : context.sessions) {
        try {
          session.paceTick(tick, now, out, frame, encoded);
        } catch (RuntimeException e) {
          LOG.warn("media pacing failed for session {}", session.id(), e);
        }
      }
      tick++;
    }
  }

  /** The latest a tick started after its deadline (for diagnostics), skipped runs excluded. */
  long maxLatenessNanos() {
    return maxLatenessNanos;
  }

  long skippedTicks() {
    return skippedTicks;
  }

  /** Starts the diagnostics afresh (tests measure after a warm-up). */
  void resetStats() {
    maxLatenessNanos = 0;
    skippedTicks = 0;
  }

  void stop(Thread thread) {
    running = false;
    LockSupport.unpark(thread);
  }
}
