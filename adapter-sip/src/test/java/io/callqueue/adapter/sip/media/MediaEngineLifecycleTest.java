package io.callqueue.adapter.sip.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callqueue.adapter.sip.media.MediaSession.PlaybackEnd;
import io.callqueue.adapter.sip.media.MediaSession.RecordingEnd;
import io.callqueue.api.ConfigException;
import io.callqueue.prompts.PromptLibrary;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MediaEngineLifecycleTest {
  @TempDir Path dir;

  private static List<Thread> mediaThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("callqueue-media-") && t.isAlive()).toList();
  }

  private static MediaEngine engine(int first, int last) {
    return MediaEngine.builder().portRange(first, last).pacerThreads(2).build();
  }

  @Test
  void startAndCloseCycles_stopEveryMediaThread_andFreeThePorts() throws Exception {
    MediaEngine engine = engine(43000, 43998);
    for (int cycle = 0; cycle < 3; cycle++) {
      engine.start();
      assertThat(mediaThreads()).extracting(Thread::getName).containsExactlyInAnyOrder(
          "callqueue-media-rx", "callqueue-media-tx-0", "callqueue-media-tx-1",
          "callqueue-media-io", "callqueue-media-events");
      assertThat(mediaThreads()).allMatch(Thread::isDaemon);
      List<MediaSession> sessions = new ArrayList<>();
      try (RtpProbe peer = new RtpProbe()) {
        for (int i = 0; i < 5; i++) {
          MediaSession s = engine.openSession("leg-" + i);
          s.setRemote(peer.address(), G711.PCMU, 101);
          s.startMusic(MediaEngine.DEFAULT_MUSIC_CLASS);
          sessions.add(s);
        }
        peer.take(10, Duration.ofSeconds(5));
      }

      engine.close();

      assertThat(engine.isRunning()).isFalse();
      assertThat(mediaThreads()).isEmpty();
      assertThat(sessions).allMatch(MediaSession::isClosed);
      for (MediaSession s : sessions) {
        try (DatagramSocket rebind = new DatagramSocket(s.localAddress())) {
          assertThat(rebind.getLocalPort()).isEqualTo(s.localAddress().getPort());
        }
      }
    }
  }

  @Test
  void close_interruptsPrompts_andFinishesRecordings() throws Exception {
    Path prompts = dir.resolve("prompts");
    TestAudio.writeWav(prompts.resolve("en/long.wav"), TestAudio.tone(440, 80_000, 0.3));
    MediaEngine engine = MediaEngine.builder().portRange(43000, 43998)
        .prompts(PromptLibrary.directory(prompts, "en")).build();
    engine.start();
    MediaSession caller = engine.openSession("caller");
    MediaSession other = engine.openSession("other");
    CompletableFuture<PlaybackEnd> playing =
        caller.play(MediaTestSupport.english("long")).toCompletableFuture();
    CompletableFuture<MediaSession.Recording> recording = other
        .recordVoicemail(dir.resolve("vm.wav"), Duration.ofMinutes(1), '#').toCompletableFuture();
    Thread.sleep(100);

    engine.close();

    assertThat(playing.get(5, TimeUnit.SECONDS)).isEqualTo(PlaybackEnd.INTERRUPTED);
    assertThat(recording.get(5, TimeUnit.SECONDS).end()).isEqualTo(RecordingEnd.HANGUP);
    assertThat(dir.resolve("vm.wav")).exists();
  }

  @Test
  void openSession_needsARunningEngine_andStartTwiceIsRefused() throws IOException {
    MediaEngine engine = engine(43000, 43998);
    assertThatThrownBy(() -> engine.openSession("x")).isInstanceOf(IllegalStateException.class);
    engine.start();
    try {
      assertThatThrownBy(engine::start).isInstanceOf(IllegalStateException.class);
    } finally {
      engine.close();
    }
    assertThatThrownBy(() -> engine.openSession("x")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void ports_areEvenAndInRange_andAnExhaustedRangeFailsUntilOneIsReleased() throws Exception {
    MediaEngine engine = engine(43100, 43103);
    engine.start();
    try {
      MediaSession a = engine.openSession("a");
      MediaSession b = engine.openSession("b");
      assertThat(List.of(a.localAddress().getPort(), b.localAddress().getPort()))
          .containsExactlyInAnyOrder(43100, 43102);
      assertThat(a.localAddress().getAddress()).isEqualTo(InetAddress.getLoopbackAddress());
      assertThatThrownBy(() -> engine.openSession("c")).isInstanceOf(IOException.class)
          .hasMessageContaining("no free RTP port");

      a.close();
      MediaSession c = null;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (c == null && System.nanoTime() < deadline) {
        try {
          c = engine.openSession("c");
        } catch (IOException releasedAMomentLater) {
          Thread.sleep(5);
        }
      }
      assertThat(c).isNotNull();
      assertThat(c.localAddress().getPort()).isEqualTo(43100);
      assertThat(engine.sessionCount()).isEqualTo(2);
    } finally {
      engine.close();
    }
  }

  @Test
  void portHeldByAnotherProcess_isSkipped() throws IOException {
    try (DatagramSocket squatter = new DatagramSocket(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 43200))) {
      assertThat(squatter.isBound()).isTrue();
      MediaEngine engine = engine(43200, 43202);
      engine.start();
      try {
        assertThat(engine.openSession("a").localAddress().getPort()).isEqualTo(43202);
      } finally {
        engine.close();
      }
    }
  }

  @Test
  void badConfiguration_reportsEveryProblemAtOnce() {
    assertThatThrownBy(() -> MediaEngine.builder()
        .portRange(1001, 500)
        .musicClass("bad name", dir.resolve("missing.wav"))
        .build())
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
            .hasSize(4)
            .anySatisfy(p -> assertThat(p).contains("first RTP port").contains("1001"))
            .anySatisfy(p -> assertThat(p).contains("last RTP port").contains("500"))
            .anySatisfy(p -> assertThat(p).contains("music class name").contains("bad name"))
            .anySatisfy(p -> assertThat(p).contains("missing.wav")));
  }

  @Test
  void unreadableMusicFile_failsStart_andLeavesNoThreads() throws IOException {
    Path bogus = Files.writeString(dir.resolve("bogus.wav"), "not audio");
    MediaEngine engine = MediaEngine.builder().portRange(43000, 43998)
        .musicClass("bogus", bogus).build();

    assertThatThrownBy(engine::start).isInstanceOf(IOException.class)
        .hasMessageContaining("bogus.wav");
    assertThat(engine.isRunning()).isFalse();
    assertThat(mediaThreads()).isEmpty();
  }
}
