package io.callqueue.adapter.sip.media;

import io.callqueue.api.PromptSequence;
import io.callqueue.testkit.tier.WireTest;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A started engine on 127.0.0.1 with prompts from a temporary directory, plus test peers
 * ({@link RtpProbe}) that are closed after each test.
 */
@WireTest
abstract class MediaTestSupport {
  static final Duration WAIT = Duration.ofSeconds(5);
  static final Duration QUIET = Duration.ofMillis(200);

  @TempDir Path dir;
  MediaEngine engine;
  final BlockingQueue<String> digits = new LinkedBlockingQueue<>();
  private final List<RtpProbe> probes = new ArrayList<>();

  @BeforeEach
  void startEngine() throws IOException {
    engine = configure(MediaEngine.builder()
        .portRange(42000, 43998)
        .prompts(PromptLibrary.directory(dir.resolve("prompts"), "en"))
        .onDigit((id, digit) -> digits.add(id + ":" + digit)))
        .build();
    engine.start();
  }

  MediaEngine.Builder configure(MediaEngine.Builder builder) {
    return builder;
  }

  @AfterEach
  void stopEngine() {
    engine.close();
    probes.forEach(RtpProbe::close);
  }

  RtpProbe probe() throws IOException {
    RtpProbe probe = new RtpProbe();
    probes.add(probe);
    return probe;
  }

  /** A leg whose peer is the probe. */
  MediaSession leg(String id, RtpProbe peer, int payloadType, int telephoneEvent)
      throws IOException {
    MediaSession session = engine.openSession(id);
    session.setRemote(peer.address(), payloadType, telephoneEvent);
    return session;
  }

  /** Writes the default recording of a prompt key (English). */
  short[] prompt(String key, short[] samples) throws IOException {
    TestAudio.writeWav(dir.resolve("prompts/en/" + key + ".wav"), samples);
    return samples;
  }

  static PromptSequence english(String... keys) {
    return new PromptSequence("en", Arrays.stream(keys).map(PromptSequence.Prompt::of).toList());
  }

  String nextDigit(Duration timeout) throws InterruptedException {
    return digits.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** What the peer hears of the packets: decoded samples in order. */
  static short[] decode(List<RtpProbe.Packet> packets) {
    int n = packets.stream().mapToInt(p -> p.payload().length).sum();
    short[] out = new short[n];
    int i = 0;
    for (RtpProbe.Packet p : packets) {
      for (byte b : p.payload()) {
        out[i++] = G711.decode(p.payloadType(), b);
      }
    }
    return out;
  }

  /** The samples after one G.711 round trip. */
  static short[] g711(int payloadType, short[] samples) {
    short[] out = new short[samples.length];
    for (int i = 0; i < samples.length; i++) {
      byte code = payloadType == G711.PCMU ? G711.linearToUlaw(samples[i])
          : G711.linearToAlaw(samples[i]);
      out[i] = G711.decode(payloadType, code);
    }
    return out;
  }

  static short[] concat(short[]... parts) {
    int n = Arrays.stream(parts).mapToInt(p -> p.length).sum();
    short[] out = new short[n];
    int i = 0;
    for (short[] p : parts) {
      System.arraycopy(p, 0, out, i, p.length);
      i += p.length;
    }
    return out;
  }
}
