package io.callqueue.adapter.sip.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Legs paced by several threads: spread across them, each evenly paced, closed from anywhere. */
class PacerPartitionTest extends MediaTestSupport {
  private static final int PACERS = 3;

  @Override
  MediaEngine.Builder configure(MediaEngine.Builder builder) {
    // a loop whose every 20 ms frame differs, so equal payloads mean the same loop position
    short[] ramp = new short[8000];
    for (int i = 0; i < ramp.length; i++) {
      ramp[i] = (short) ((i * 37) % 24000 - 12000);
    }
    try {
      return builder.pacerThreads(PACERS)
          .musicClass("ramp", TestAudio.writeWav(dir.resolve("moh/ramp.wav"), ramp));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void legsAreDealtAcrossThePacers_andLeaveTheirPacerWhenClosed() throws Exception {
    RtpProbe peer = probe();
    List<MediaSession> legs = new ArrayList<>();
    for (int i = 0; i < 2 * PACERS; i++) {
      legs.add(leg("leg-" + i, peer, G711.PCMU, 101));
    }
    assertThat(engine.pacerLoads()).containsExactly(2, 2, 2);
    legs.get(0).close();
    legs.get(1).close();
    assertThat(Arrays.stream(engine.pacerLoads()).sum()).isEqualTo(2 * PACERS - 2);
    assertThat(engine.pacerLoads()).containsOnly(1, 2);
  }

  @Test
  void legsOnDifferentPacers_areEachEvenlyPaced_andHearTheMusicInStep() throws Exception {
    List<RtpProbe> peers = new ArrayList<>();
    for (int i = 0; i < PACERS; i++) {
      RtpProbe peer = probe();
      peers.add(peer);
      leg("leg-" + i, peer, G711.PCMA, 101).startMusic("ramp");
    }
    assertThat(engine.pacerLoads()).containsExactly(1, 1, 1);
    List<List<RtpProbe.Packet>> heard = new ArrayList<>();
    peers.forEach(p -> heard.add(new ArrayList<>()));
    for (int k = 0; k < 60; k++) {
      // round-robin, each read well within a frame, so arrival stamps are the packets' own
      for (int i = 0; i < PACERS; i++) {
        RtpProbe.Packet packet = peers.get(i).next(WAIT);
        assertThat(packet).as("packet %d of leg %d", k, i).isNotNull();
        heard.get(i).add(packet);
      }
    }
    for (List<RtpProbe.Packet> packets : heard) {
      List<RtpProbe.Packet> steady = packets.subList(10, packets.size());
      for (int k = 1; k < steady.size(); k++) {
        assertThat(steady.get(k).sequence()).isEqualTo((steady.get(k - 1).sequence() + 1) & 0xFFFF);
        assertThat(steady.get(k).timestamp() - steady.get(k - 1).timestamp()).isEqualTo(160);
      }
      double meanGapMs = (steady.get(steady.size() - 1).arrivalNanos()
          - steady.get(0).arrivalNanos()) / 1e6 / (steady.size() - 1);
      assertThat(meanGapMs).as("mean gap between packets").isBetween(18.0, 22.0);
    }
    // the same loop position at the same tick on every pacer: the legs' payloads coincide
    List<String> first = heard.get(0).stream().map(p -> Arrays.toString(p.payload())).toList();
    for (List<RtpProbe.Packet> other : heard.subList(1, heard.size())) {
      long common = other.stream().map(p -> Arrays.toString(p.payload()))
          .filter(first::contains).count();
      assertThat(common).as("frames heard by two legs on two pacers").isGreaterThan(40);
    }
  }

  @Test
  void closingLegsOnOtherThreadsWhileTheyArePaced_isSafe() throws Exception {
    RtpProbe peer = probe();
    List<MediaSession> legs = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      MediaSession leg = leg("leg-" + i, peer, G711.PCMU, 101);
      leg.startMusic("ramp");
      legs.add(leg);
    }
    peer.take(60, WAIT);
    ExecutorService closers = Executors.newFixedThreadPool(4);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> done = new ArrayList<>();
    try {
      for (int t = 0; t < 4; t++) {
        int from = t;
        done.add(closers.submit(() -> {
          go.await();
          for (int i = from; i < legs.size(); i += 4) {
            legs.get(i).close();
          }
          return null;
        }));
      }
      go.countDown();
      for (Future<?> f : done) {
        f.get(5, TimeUnit.SECONDS);
      }
    } finally {
      closers.shutdownNow();
    }
    assertThat(legs).allMatch(MediaSession::isClosed);
    assertThat(engine.sessionCount()).isZero();
    assertThat(engine.pacerLoads()).containsOnly(0);
    peer.drain(Duration.ofMillis(100));
    assertThat(peer.next(Duration.ofMillis(200))).as("a packet after every leg closed").isNull();
  }
}
