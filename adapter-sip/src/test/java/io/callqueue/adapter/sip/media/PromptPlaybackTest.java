package io.callqueue.adapter.sip.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.callqueue.adapter.sip.media.MediaSession.PlaybackEnd;
import io.callqueue.api.PromptSequence;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PromptPlaybackTest extends MediaTestSupport {

  private static PlaybackEnd await(CompletionStage<PlaybackEnd> stage)
      throws Exception {
    return stage.toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Test
  void sequence_playsEveryPromptBackToBack_thenCompletes() throws Exception {
    short[] hello = prompt("hello", TestAudio.tone(440, 4000, 0.4));
    short[] two = prompt("digits/2", TestAudio.tone(660, 2400, 0.4));
    RtpProbe peer = probe();
    MediaSession caller = leg("caller", peer, G711.PCMU, 101);

    PlaybackEnd end = await(caller.play(english("hello", "digits/2")));
    List<RtpProbe.Packet> packets = peer.drain(QUIET);

    assertThat(end).isEqualTo(PlaybackEnd.COMPLETED);
    assertThat(packets).hasSize((4000 + 2400) / 160);
    assertThat(packets.get(0).marker()).isTrue();
    assertThat(packets.subList(1, packets.size())).noneMatch(RtpProbe.Packet::marker);
    assertThat(decode(packets)).isEqualTo(g711(G711.PCMU, concat(hello, two)));
  }

  @Test
  void lastFrame_isPaddedWithSilence() throws Exception {
    short[] beep = prompt("beep", TestAudio.tone(1000, 200, 0.5));
    RtpProbe peer = probe();
    MediaSession caller = leg("caller", peer, G711.PCMA, 101);

    await(caller.play(english("beep")));
    List<RtpProbe.Packet> packets = peer.drain(QUIET);

    assertThat(packets).hasSize(2);
    assertThat(decode(packets)).isEqualTo(g711(G711.PCMA, concat(beep, new short[120])));
  }

  @Test
  void promptOverMusic_pausesTheMusic_thenMusicResumesWithMarker() throws Exception {
    short[] hello = prompt("hello", TestAudio.tone(440, 1600, 0.4));
    RtpProbe peer = probe();
    MediaSession caller = leg("caller", peer, G711.PCMU, 101);
    caller.startMusic(MediaEngine.DEFAULT_MUSIC_CLASS);
    peer.take(5, WAIT);

    PlaybackEnd end = await(caller.play(english("hello")));
    List<RtpProbe.Packet> packets = peer.take(40, WAIT);

    assertThat(end).isEqualTo(PlaybackEnd.COMPLETED);
    byte[] firstPromptFrame = TestAudio.encode(G711.PCMU, hello, 0);
    int start = -1;
    for (int i = 0; i < packets.size() && start < 0; i++) {
      if (Arrays.equals(packets.get(i).payload(), firstPromptFrame)) {
        start = i;
      }
    }
    assertThat(start).as("the prompt was heard").isNotNegative();
    assertThat(packets.get(start).marker()).isTrue();
    assertThat(decode(packets.subList(start, start + 10))).isEqualTo(g711(G711.PCMU, hello));
    assertThat(packets.get(start + 10).marker()).as("music resumes as a new talk spurt").isTrue();
    for (int i = 1; i < packets.size(); i++) {
      assertThat(packets.get(i).sequence())
          .isEqualTo((packets.get(i - 1).sequence() + 1) & 0xFFFF);
    }
  }

  @Test
  void stopPlayback_interruptsAndSilences() throws Exception {
    prompt("long", TestAudio.tone(440, 40_000, 0.4));
    RtpProbe peer = probe();
    MediaSession caller = leg("caller", peer, G711.PCMU, 101);

    var stage = caller.play(english("long"));
    peer.take(10, WAIT);
    caller.stopPlayback();

    assertThat(await(stage)).isEqualTo(PlaybackEnd.INTERRUPTED);
    assertThat(peer.drain(QUIET).size()).isLessThanOrEqualTo(2);
  }

  @Test
  void newPlay_interruptsThePreviousOne() throws Exception {
    prompt("long", TestAudio.tone(440, 40_000, 0.4));
    prompt("short", TestAudio.tone(880, 800, 0.4));
    RtpProbe peer = probe();
    MediaSession caller = leg("caller", peer, G711.PCMU, 101);

    var first = caller.play(english("long"));
    peer.take(3, WAIT);
    var second = caller.play(english("short"));

    assertThat(await(first)).isEqualTo(PlaybackEnd.INTERRUPTED);
    assertThat(await(second)).isEqualTo(PlaybackEnd.COMPLETED);
  }

  @Test
  void missingPrompt_isSkipped_andTheRestPlays() throws Exception {
    short[] hello = prompt("hello", TestAudio.tone(440, 1600, 0.4));
    RtpProbe peer = probe();
    MediaSession caller = leg("caller", peer, G711.PCMU, 101);

    PlaybackEnd end = await(caller.play(english("no-such-prompt", "hello")));

    assertThat(end).isEqualTo(PlaybackEnd.COMPLETED);
    assertThat(decode(peer.drain(QUIET))).isEqualTo(g711(G711.PCMU, hello));
  }

  @Test
  void customRecording_andOtherSampleRates_areConvertedTo8kHz() throws Exception {
    prompt("hello", TestAudio.tone(440, 1600, 0.4));
    Path custom = TestAudio.writeWav(dir.resolve("owner/hello-16k.wav"),
        TestAudio.tone(440, 16000, 0.4), 16000f);
    RtpProbe peer = probe();
    MediaSession caller = leg("caller", peer, G711.PCMU, 101);

    PlaybackEnd end = await(caller.play(new PromptSequence("en",
        List.of(new PromptSequence.Prompt("hello", custom)))));

    assertThat(end).isEqualTo(PlaybackEnd.COMPLETED);
    assertThat(peer.drain(QUIET).size()).as("1 s of 16 kHz audio is 50 frames at 8 kHz")
        .isBetween(49, 51);
  }

  @Test
  void playOnAClosedLeg_completesInterrupted() throws Exception {
    MediaSession caller = engine.openSession("caller");
    caller.close();
    CompletableFuture<PlaybackEnd> stage = caller.play(english("hello")).toCompletableFuture();
    assertThat(stage.get(WAIT.toMillis(), TimeUnit.MILLISECONDS))
        .isEqualTo(PlaybackEnd.INTERRUPTED);
  }
}
