package io.callqueue.adapter.sip.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.callqueue.testkit.tier.WireTest;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * 200 callers on hold at once, each heard by its own loopback socket: every stream must keep its
 * 20 ms pacing from the single pacing thread. A behaviour check with generous bounds (the machine
 * is shared), not a performance benchmark; the observed figures are printed.
 */
@WireTest
class MusicPacingLoadTest {
  private static final int STREAMS = 200;
  private static final long MEASURE_NANOS = TimeUnit.SECONDS.toNanos(2);

  private static long pacerCpuNanos() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("callqueue-media-tx-"))
        .mapToLong(t -> threads.getThreadCpuTime(t.getId())).sum();
  }

  @Test
  void twoHundredConcurrentMusicStreams_eachReceiveAtLeast90PercentOfTheirFrames()
      throws Exception {
    MediaEngine engine = MediaEngine.builder().portRange(44000, 45998).pacerThreads(2)
        .build();
    engine.start();
    List<DatagramChannel> listeners = new ArrayList<>();
    try (Selector selector = Selector.open()) {
      for (int i = 0; i < STREAMS; i++) {
        DatagramChannel listener = DatagramChannel.open();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        listener.configureBlocking(false);
        listener.register(selector, SelectionKey.OP_READ, i);
        listeners.add(listener);
        MediaSession caller = engine.openSession("caller-" + i);
        caller.setRemote((InetSocketAddress) listener.getLocalAddress(),
            i % 2 == 0 ? G711.PCMU : G711.PCMA, 101);
        caller.startMusic(MediaEngine.DEFAULT_MUSIC_CLASS);
      }
      assertThat(Thread.getAllStackTraces().keySet().stream()
          .filter(t -> t.getName().startsWith("callqueue-media-")).count())
          .as("no thread per call").isEqualTo(5);

      int[] packets = new int[STREAMS];
      int[] sequenceGaps = new int[STREAMS];
      long[] lastArrival = new long[STREAMS];
      int[] lastSequence = new int[STREAMS];
      long[] maxDelta = new long[STREAMS];
      ByteBuffer buffer = ByteBuffer.allocate(2048);

      long warmUpEnd = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
      long end = warmUpEnd + MEASURE_NANOS;
      Arrays.fill(lastSequence, -1);
      boolean measuring = false;
      long pacerCpuAtStart = 0;
      while (true) {
        long now = System.nanoTime();
        if (!measuring && now >= warmUpEnd) {
          measuring = true;
          engine.resetPacerStats();
          pacerCpuAtStart = pacerCpuNanos();
        }
        if (now >= end) {
          break;
        }
        selector.select(Math.max(1, (end - now) / 1_000_000));
        var keys = selector.selectedKeys().iterator();
        while (keys.hasNext()) {
          SelectionKey key = keys.next();
          keys.remove();
          int stream = (Integer) key.attachment();
          DatagramChannel channel = (DatagramChannel) key.channel();
          buffer.clear();
          while (channel.receive(buffer) != null) {
            long arrival = System.nanoTime();
            int sequence = buffer.getShort(2) & 0xFFFF;
            buffer.clear();
            if (arrival < warmUpEnd) {
              lastSequence[stream] = sequence;
              lastArrival[stream] = arrival;
              continue;
            }
            packets[stream]++;
            if (lastSequence[stream] >= 0 && sequence != ((lastSequence[stream] + 1) & 0xFFFF)) {
              sequenceGaps[stream]++;
            }
            if (lastArrival[stream] != 0) {
              maxDelta[stream] = Math.max(maxDelta[stream], arrival - lastArrival[stream]);
            }
            lastSequence[stream] = sequence;
            lastArrival[stream] = arrival;
          }
        }
      }

      double pacerCpu = (pacerCpuNanos() - pacerCpuAtStart) * 100.0 / MEASURE_NANOS;
      long expected = MEASURE_NANOS / MediaContext.FRAME_NANOS;
      int min = Arrays.stream(packets).min().orElse(0);
      double mean = Arrays.stream(packets).average().orElse(0);
      long[] deltas = Arrays.stream(maxDelta).sorted().toArray();
      System.out.printf(
          "%d MOH streams over %d ms: packets per stream min %d, mean %.1f (expected %d);"
              + " max inter-arrival delta median %.1f ms, p95 %.1f ms, worst %.1f ms;"
              + " sequence gaps %d; pacer: worst tick lateness %.1f ms, skipped %d frames,"
              + " CPU %.1f%% of one core%n",
          STREAMS, MEASURE_NANOS / 1_000_000, min, mean, expected,
          deltas[STREAMS / 2] / 1e6, deltas[STREAMS * 95 / 100] / 1e6,
          deltas[STREAMS - 1] / 1e6, Arrays.stream(sequenceGaps).sum(),
          engine.pacerMaxLatenessNanos() / 1e6, engine.pacerSkippedTicks(), pacerCpu);

      assertThat(min).as("every stream got >= 90% of its frames").isGreaterThanOrEqualTo(
          (int) (expected * 0.9));
      assertThat(Arrays.stream(sequenceGaps).sum()).as("no packet lost on loopback").isZero();
      // generous: on a loaded 2-core machine the test's own receiver thread gets descheduled
      assertThat(deltas[STREAMS - 1]).as("no stream stalled for a second")
          .isLessThan(TimeUnit.SECONDS.toNanos(1));
    } finally {
      engine.close();
      for (DatagramChannel listener : listeners) {
        listener.close();
      }
    }
  }
}
