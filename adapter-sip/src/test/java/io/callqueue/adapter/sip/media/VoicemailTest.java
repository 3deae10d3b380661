package io.callqueue.adapter.sip.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callqueue.adapter.sip.media.MediaSession.Recording;
import io.callqueue.adapter.sip.media.MediaSession.RecordingEnd;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;

class VoicemailTest extends MediaTestSupport {

  /** Sends the samples as 20 ms packets, skipping the frames listed. */
  private static void speak(RtpProbe phone, InetSocketAddress to, int payloadType,
      short[] samples, int... skipFrames) throws IOException {
    long timestamp = 80_000;
    int frames = samples.length / 160;
    outer:
    for (int f = 0; f < frames; f++) {
      for (int skip : skipFrames) {
        if (skip == f) {
          continue outer;
        }
      }
      phone.send(to, payloadType, f == 0, 500 + f, timestamp + 160L * f, 0x4242,
          TestAudio.encode(payloadType, samples, f * 160));
    }
  }

  private static void pressKey(RtpProbe phone, InetSocketAddress to, int event)
      throws IOException {
    for (int i = 0; i < 3; i++) {
      phone.send(to, 101, i == 0, 900 + i, 999_999, 0x4242, RtpProbe.event(event, i > 0, 10,
          i * 400));
    }
  }

  private static Recording await(CompletionStage<Recording> stage)
      throws Exception {
    return stage.toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static long partFiles(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".part")).count();
    }
  }

  @Test
  void recording_keepsTheCallersAudio_untilTheFinishKey_thenAppearsAtomically() throws Exception {
    RtpProbe phone = probe();
    MediaSession caller = leg("caller", phone, G711.PCMU, 101);
    Path target = dir.resolve("voicemail/support/msg-1.wav");
    short[] voice = TestAudio.tone(440, 8000, 0.5);

    var stage = caller.recordVoicemail(target, Duration.ofSeconds(30), '#');
    speak(phone, caller.localAddress(), G711.PCMU, voice);
    Thread.sleep(200);
    assertThat(target).as("not in place before it is complete").doesNotExist();
    assertThat(partFiles(target.getParent())).isEqualTo(1);
    pressKey(phone, caller.localAddress(), 11);
    Recording recording = await(stage);

    assertThat(recording.end()).isEqualTo(RecordingEnd.FINISH_KEY);
    assertThat(recording.file()).isEqualTo(target.toAbsolutePath());
    assertThat(recording.duration()).isEqualTo(Duration.ofSeconds(1));
    assertThat(partFiles(target.getParent())).isZero();
    AudioFormat format = AudioSystem.getAudioFileFormat(target.toFile()).getFormat();
    assertThat(format.getSampleRate()).isEqualTo(8000f);
    assertThat(format.getSampleSizeInBits()).isEqualTo(16);
    assertThat(format.getChannels()).isEqualTo(1);
    short[] recorded = TestAudio.readWav(target);
    assertThat(recorded).isEqualTo(g711(G711.PCMU, voice));
    assertThat(TestAudio.correlation(recorded, voice)).isGreaterThan(0.99);
  }

  @Test
  void lostPacket_becomesSilenceOfItsLength_andHangupKeepsTheMessage() throws Exception {
    RtpProbe phone = probe();
    MediaSession caller = leg("caller", phone, G711.PCMA, 101);
    Path target = dir.resolve("vm.wav");
    short[] voice = TestAudio.tone(300, 1600, 0.5);

    var stage = caller.recordVoicemail(target, Duration.ofSeconds(30), '#');
    speak(phone, caller.localAddress(), G711.PCMA, voice, 5);
    Thread.sleep(200);
    caller.close();
    Recording recording = await(stage);

    assertThat(recording.end()).isEqualTo(RecordingEnd.HANGUP);
    short[] expected = g711(G711.PCMA, voice);
    Arrays.fill(expected, 800, 960, (short) 0);
    assertThat(TestAudio.readWav(target)).isEqualTo(expected);
  }

  @Test
  void maxLength_cutsTheRecording() throws Exception {
    RtpProbe phone = probe();
    MediaSession caller = leg("caller", phone, G711.PCMU, 101);
    Path target = dir.resolve("vm.wav");

    var stage = caller.recordVoicemail(target, Duration.ofMillis(500), '#');
    speak(phone, caller.localAddress(), G711.PCMU, TestAudio.tone(440, 8000, 0.5));
    Recording recording = await(stage);

    assertThat(recording.end()).isEqualTo(RecordingEnd.MAX_LENGTH);
    assertThat(recording.duration()).isEqualTo(Duration.ofMillis(500));
    assertThat(TestAudio.readWav(target)).hasSize(4000);
  }

  @Test
  void maxLength_endsTheRecordingEvenWhenTheCallerSendsNothing() throws Exception {
    MediaSession caller = engine.openSession("silent");
    Path target = dir.resolve("vm.wav");

    Recording recording = await(caller.recordVoicemail(target, Duration.ofMillis(300), '#'));

    assertThat(recording.end()).isEqualTo(RecordingEnd.MAX_LENGTH);
    assertThat(recording.duration()).isZero();
    assertThat(Files.size(target)).isEqualTo(44);
  }

  @Test
  void finishKeyFromSipInfo_endsTheRecording_otherKeysDoNot() throws Exception {
    RtpProbe phone = probe();
    MediaSession caller = leg("caller", phone, G711.PCMU, MediaSession.NO_TELEPHONE_EVENT);
    CompletableFuture<Recording> stage = caller.recordVoicemail(dir.resolve("vm.wav"),
        Duration.ofSeconds(30), '#').toCompletableFuture();
    speak(phone, caller.localAddress(), G711.PCMU, TestAudio.tone(440, 1600, 0.5));

    caller.signalledDigit('1');
    Thread.sleep(100);
    assertThat(stage).isNotDone();
    caller.signalledDigit('#');

    Recording recording = await(stage);
    assertThat(recording.end()).isEqualTo(RecordingEnd.FINISH_KEY);
    assertThat(recording.duration()).isEqualTo(Duration.ofMillis(200));
  }

  @Test
  void secondRecordingWhileOneRuns_isRefused() throws Exception {
    MediaSession caller = engine.openSession("caller");
    CompletableFuture<Recording> first = caller.recordVoicemail(dir.resolve("a.wav"),
        Duration.ofSeconds(30), '#').toCompletableFuture();

    assertThatThrownBy(() -> caller.recordVoicemail(dir.resolve("b.wav"), Duration.ofSeconds(1),
        '#')).isInstanceOf(IllegalStateException.class);
    caller.close();
    assertThat(first.get(WAIT.toMillis(), TimeUnit.MILLISECONDS).end())
        .isEqualTo(RecordingEnd.HANGUP);
  }
}
