package io.callqueue.adapter.sip.media;

import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pacing thread: sends every paced 20 ms frame (music, prompts) of the legs given to it.
 * The engine runs one per core ({@link MediaContext}); each leg belongs to exactly one of them for
 * its whole life, so a leg's packets are paced by one clock and the pacers share nothing on the hot
 * path (each has its own leg set, send buffer, scratch arrays and music cursors).
 *
 * <p>Design note: tick {@code n} is due at {@code origin + n · 20 ms}; the thread parks until the
 * absolute deadline of the next tick ({@link LockSupport#parkNanos}), so lateness of one tick does
 * not accumulate into drift (unlike a fixed-delay timer). Each tick visits every leg of this pacer
 * once: a music listener gets its class's frame from this pacer's cursor (encoded once per class,
 * codec and tick), a prompt listener its own next frame; sends are non-blocking
 * ({@link java.nio.channels.DatagramChannel#send} from one reused direct buffer: one
 * {@code sendto} per packet and no copy; the JDK has no {@code sendmmsg}, so packets cannot be
 * batched into one system call). If the thread falls behind (a GC pause, an overloaded machine) it
 * sends the missed ticks back to back, up to {@value #MAX_CATCH_UP} of them; beyond that it skips
 * ahead, which the receiver sees as a timestamp jump (like loss). Cost per tick: O(legs) small
 * sends, no allocation per packet.
 */
final class FramePacer implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(FramePacer.class);
  static final int MAX_CATCH_UP = 5;

  private final long originNanos;
  final Set<MediaSession> sessions = ConcurrentHashMap.newKeySet();
  private final MusicChannel.Cursor[] cursors;
  final ByteBuffer out = ByteBuffer.allocateDirect(RtpHeader.FIXED_LENGTH
      + OutboundStream.SAMPLES_PER_FRAME);
  final short[] frame = new short[OutboundStream.SAMPLES_PER_FRAME];
  final byte[] encoded = new byte[OutboundStream.SAMPLES_PER_FRAME];
  private volatile boolean running = true;
  private volatile long maxLatenessNanos;
  private volatile long skippedTicks;

  /**
   * @param music every music class, {@link MusicChannel#index} numbering them from 0
   */
  FramePacer(long originNanos, Iterable<MusicChannel> music, int musicClasses) {
    this.originNanos = originNanos;
    this.cursors = new MusicChannel.Cursor[musicClasses];
    for (MusicChannel channel : music) {
      cursors[channel.index] = channel.cursor();
    }
  }

  /** This pacer's encoded frame of a music class at a tick. */
  byte[] music(MusicChannel channel, long tick, int payloadType) {
    return cursors[channel.index].frame(tick, payloadType);
  }

  @Override
  public void run() {
    long tick = Math.floorDiv(System.nanoTime() - originNanos, MediaContext.FRAME_NANOS) + 1;
    while (running) {
      long due = originNanos + tick * MediaContext.FRAME_NANOS;
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
      for (MediaSession session : sessions) {
        try {
          session.paceTick(tick, now, this);
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
