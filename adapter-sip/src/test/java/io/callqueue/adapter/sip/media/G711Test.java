package io.callqueue.adapter.sip.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class G711Test {
  private static final AudioFormat PCM = new AudioFormat(8000f, 16, 1, true, false);

  private static AudioFormat.Encoding encoding(int payloadType) {
    return payloadType == G711.PCMU ? AudioFormat.Encoding.ULAW : AudioFormat.Encoding.ALAW;
  }

  private static byte ours(int payloadType, int sample) {
    return payloadType == G711.PCMU ? G711.linearToUlaw(sample) : G711.linearToAlaw(sample);
  }

  /** The quantization level of an A-law code, ordered from most negative to most positive. */
  private static int alawLevel(byte code) {
    int index = (code ^ 0x55) & 0x7F;
    return (code & 0x80) != 0 ? index : -index - 1;
  }

  /** javax.sound's encoding of every 16-bit value, in order -32768..32767. */
  private static byte[] javaxEncodeAll(int payloadType) throws IOException {
    byte[] pcm = new byte[65536 * 2];
    for (int i = 0; i < 65536; i++) {
      int s = i - 32768;
      pcm[2 * i] = (byte) s;
      pcm[2 * i + 1] = (byte) (s >> 8);
    }
    AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(pcm), PCM, 65536);
    return AudioSystem.getAudioInputStream(encoding(payloadType), in).readAllBytes();
  }

  private static short[] javaxDecodeAll(int payloadType) throws IOException {
    byte[] codes = new byte[256];
    for (int i = 0; i < 256; i++) {
      codes[i] = (byte) i;
    }
    AudioFormat format = new AudioFormat(encoding(payloadType), 8000f, 8, 1, 1, 8000f, false);
    AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(codes), format, 256);
    byte[] pcm = AudioSystem.getAudioInputStream(PCM, in).readAllBytes();
    short[] out = new short[256];
    for (int i = 0; i < 256; i++) {
      out[i] = (short) ((pcm[2 * i] & 0xFF) | (pcm[2 * i + 1] << 8));
    }
    return out;
  }

  @ParameterizedTest(name = "payload type {0}")
  @ValueSource(ints = {G711.PCMU, G711.PCMA})
  void decode_everyCode_equalsJavaxSound(int payloadType) throws IOException {
    short[] javax = javaxDecodeAll(payloadType);
    for (int code = 0; code < 256; code++) {
      assertThat(G711.decode(payloadType, (byte) code)).as("code %d", code)
          .isEqualTo(javax[code]);
    }
  }

  @ParameterizedTest(name = "payload type {0}")
  @ValueSource(ints = {G711.PCMU, G711.PCMA})
  void encode_everySample_equalsJavaxSoundExceptWhereJavaxLeavesG711(int payloadType)
      throws IOException {
    byte[] javax = javaxEncodeAll(payloadType);
    int differ = 0;
    for (int s = -32768; s <= 32767; s++) {
      byte mine = ours(payloadType, s);
      byte theirs = javax[s + 32768];
      if (mine == theirs) {
        continue;
      }
      differ++;
      if (payloadType == G711.PCMU) {
        // javax wraps around above the G.711 clip level (32635); G.711 clips to full scale
        assertThat(Math.abs(s)).as("sample %d", s).isGreaterThan(32635);
        assertThat(G711.ulawToLinear(mine)).isEqualTo(s > 0 ? (short) 32124 : (short) -32124);
      } else {
        assertThat(s).as("sample %d", s).isNegative();
        if (s >= -7) {
          // javax turns -1..-7 into -248 (its "-s - 8" goes negative); G.711 gives -8
          assertThat(G711.alawToLinear(theirs)).isEqualTo((short) -248);
          assertThat(G711.alawToLinear(mine)).isEqualTo((short) -8);
          continue;
        }
        // javax rounds negative magnitudes differently at interval edges: the adjacent level
        assertThat(Math.abs(alawLevel(mine) - alawLevel(theirs))).as("sample %d", s).isEqualTo(1);
      }
    }
    assertThat(differ).isLessThan(1000);
  }

  @ParameterizedTest(name = "payload type {0}")
  @ValueSource(ints = {G711.PCMU, G711.PCMA})
  void roundTrip_throughJavaxDecoder_staysWithinOneQuantizationStep(int payloadType)
      throws IOException {
    short[] javax = javaxDecodeAll(payloadType);
    for (int s = -32768; s <= 32767; s += 7) {
      int decoded = javax[ours(payloadType, s) & 0xFF];
      int magnitude = Math.abs(s);
      // the step doubles per segment: 1/16 of the magnitude plus the smallest step
      int bound = magnitude / 16 + 16 + (magnitude > 32000 ? 1024 : 0);
      assertThat(Math.abs(decoded - s)).as("sample %d", s).isLessThanOrEqualTo(bound);
    }
  }

  @ParameterizedTest(name = "from payload type {0}")
  @ValueSource(ints = {G711.PCMU, G711.PCMA})
  void transcode_everyCode_equalsDecodeThenEncode(int from) {
    int to = from == G711.PCMU ? G711.PCMA : G711.PCMU;
    for (int code = 0; code < 256; code++) {
      assertThat(G711.transcode(from, to, (byte) code))
          .isEqualTo(ours(to, G711.decode(from, (byte) code)));
      assertThat(G711.transcode(from, from, (byte) code)).isEqualTo((byte) code);
    }
  }

  @ParameterizedTest(name = "payload type {0}")
  @ValueSource(ints = {G711.PCMU, G711.PCMA})
  void silence_decodesToZero(int payloadType) {
    assertThat(Math.abs(G711.decode(payloadType, G711.silence(payloadType)))).isLessThanOrEqualTo(8);
    assertThat(ours(payloadType, 0)).isEqualTo(G711.silence(payloadType));
  }
}
