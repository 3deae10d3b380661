package io.callqueue.adapter.sip.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.callqueue.prompts.HoldMusic;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MusicOnHoldTest extends MediaTestSupport {

  @Override
  MediaEngine.Builder configure(MediaEngine.Builder builder) {
    try {
      return builder.musicClass("tone", TestAudio.writeWav(dir.resolve("moh/tone.wav"),
          TestAudio.tone(500, 8000, 0.5)));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static short[] defaultLoop() throws IOException {
    return AudioLoader.decode(HoldMusic.shippedDefault().url());
  }

  /** The index of the loop frame the payload encodes, or -1. */
  private static int frameIndex(short[] loop, int payloadType, byte[] payload) {
    for (int k = 0; k * 160 < loop.length; k++) {
      if (Arrays.equals(TestAudio.encode(payloadType, loop, k * 160), payload)) {
        return k;
      }
    }
    return -1;
  }

  @ParameterizedTest(name = "payload type {0}")
  @ValueSource(ints = {G711.PCMU, G711.PCMA})
  void music_arrivesAsConsecutive20msFramesOfTheLoop_markerOnFirstPacketOnly(int payloadType)
      throws IOException {
    RtpProbe peer = probe();
    MediaSession caller = leg("caller", peer, payloadType, 101);
    caller.startMusic(MediaEngine.DEFAULT_MUSIC_CLASS);

    List<RtpProbe.Packet> packets = peer.take(30, WAIT);

    RtpProbe.Packet first = packets.get(0);
    assertThat(first.marker()).isTrue();
    assertThat(packets.subList(1, 30)).noneMatch(RtpProbe.Packet::marker);
    short[] loop = defaultLoop();
    int frame = frameIndex(loop, payloadType, first.payload());
    assertThat(frame).as("first payload is a frame of the loop").isNotNegative();
    for (int i = 1; i < packets.size(); i++) {
      RtpProbe.Packet p = packets.get(i);
      RtpProbe.Packet previous = packets.get(i - 1);
      assertThat(p.payloadType()).isEqualTo(payloadType);
      assertThat(p.ssrc()).isEqualTo(caller.ssrc());
      assertThat(p.sequence()).isEqualTo((previous.sequence() + 1) & 0xFFFF);
      assertThat((p.timestamp() - previous.timestamp()) & 0xFFFFFFFFL).isEqualTo(160);
      assertThat(p.payload()).hasSize(160)
          .isEqualTo(TestAudio.encode(payloadType, loop, ((frame + i) * 160) % loop.length));
    }
  }

  @Test
  void twoCallersOfOneClass_shareOnePlaybackPosition() throws IOException {
    RtpProbe peerA = probe();
    RtpProbe peerB = probe();
    MediaSession a = leg("a", peerA, G711.PCMU, 101);
    MediaSession b = leg("b", peerB, G711.PCMU, 101);
    a.startMusic(MediaEngine.DEFAULT_MUSIC_CLASS);
    b.startMusic(MediaEngine.DEFAULT_MUSIC_CLASS);

    List<RtpProbe.Packet> heardByA = peerA.take(40, WAIT);
    List<RtpProbe.Packet> heardByB = peerB.take(40, WAIT);

    short[] loop = defaultLoop();
    int[] framesA = heardByA.stream()
        .mapToInt(p -> frameIndex(loop, G711.PCMU, p.payload())).toArray();
    int[] framesB = heardByB.stream()
        .mapToInt(p -> frameIndex(loop, G711.PCMU, p.payload())).toArray();
    // one position for both: each hears every frame in turn (the class advances once per tick)
    for (int i = 1; i < 40; i++) {
      assertThat(framesA[i]).isEqualTo((framesA[i - 1] + 1) % (loop.length / 160));
      assertThat(framesB[i]).isEqualTo((framesB[i - 1] + 1) % (loop.length / 160));
    }
    assertThat(Math.abs(framesA[0] - framesB[0])).isLessThanOrEqualTo(1);
  }

  @Test
  void configuredClass_playsItsOwnFile_andUnknownClassFallsBackToDefault() throws IOException {
    RtpProbe toneListener = probe();
    RtpProbe fallbackListener = probe();
    leg("t", toneListener, G711.PCMU, 101).startMusic("tone");
    leg("f", fallbackListener, G711.PCMU, 101).startMusic("no-such-class");

    short[] tone = TestAudio.tone(500, 8000, 0.5);
    assertThat(frameIndex(tone, G711.PCMU, toneListener.take(1, WAIT).get(0).payload()))
        .isNotNegative();
    assertThat(frameIndex(defaultLoop(), G711.PCMU,
        fallbackListener.take(1, WAIT).get(0).payload())).isNotNegative();
    assertThat(engine.musicClasses()).containsExactlyInAnyOrder("default", "tone");
  }

  @Test
  void stopMusic_stopsThePackets_andRestartSetsTheMarker() throws IOException {
    RtpProbe peer = probe();
    MediaSession caller = leg("caller", peer, G711.PCMU, 101);
    caller.startMusic(MediaEngine.DEFAULT_MUSIC_CLASS);
    RtpProbe.Packet last = peer.take(5, WAIT).get(4);

    caller.stopMusic();
    List<RtpProbe.Packet> tail = peer.drain(QUIET);
    caller.startMusic(MediaEngine.DEFAULT_MUSIC_CLASS);
    RtpProbe.Packet resumed = peer.take(1, WAIT).get(0);

    assertThat(tail.size()).isLessThanOrEqualTo(2);
    assertThat(resumed.marker()).isTrue();
    assertThat(resumed.sequence()).isEqualTo((last.sequence() + 1 + tail.size()) & 0xFFFF);
    long gap = (resumed.timestamp() - last.timestamp()) & 0xFFFFFFFFL;
    assertThat(gap).as("timestamp follows the clock across the pause")
        .isGreaterThanOrEqualTo(160L * 10);
  }

  @Test
  void noPacketsAreSent_beforeTheRemoteIsKnown() throws IOException {
    RtpProbe peer = probe();
    MediaSession caller = engine.openSession("caller");
    caller.startMusic(MediaEngine.DEFAULT_MUSIC_CLASS);
    assertThat(peer.drain(QUIET)).isEmpty();

    caller.setRemote(peer.address(), G711.PCMA, MediaSession.NO_TELEPHONE_EVENT);
    RtpProbe.Packet first = peer.take(1, WAIT).get(0);
    assertThat(first.marker()).isTrue();
    assertThat(first.payloadType()).isEqualTo(G711.PCMA);
  }
}
