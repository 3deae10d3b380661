package io.callqueue.adapter.sip.media;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

/** Test recordings: sine tones written as WAV files with javax.sound. */
final class TestAudio {
  private TestAudio() {}

  /** A sine tone, 8 kHz. */
  static short[] tone(double hertz, int samples, double amplitude) {
    short[] s = new short[samples];
    for (int i = 0; i < samples; i++) {
      s[i] = (short) Math.round(amplitude * 32767 * Math.sin(2 * Math.PI * hertz * i / 8000.0));
    }
    return s;
  }

  static Path writeWav(Path file, short[] samples) throws IOException {
    return writeWav(file, samples, 8000f);
  }

  static Path writeWav(Path file, short[] samples, float rate) throws IOException {
    byte[] bytes = new byte[samples.length * 2];
    for (int i = 0; i < samples.length; i++) {
      bytes[2 * i] = (byte) samples[i];
      bytes[2 * i + 1] = (byte) (samples[i] >> 8);
    }
    AudioFormat format = new AudioFormat(rate, 16, 1, true, false);
    Files.createDirectories(file.getParent());
    try (AudioInputStream in =
        new AudioInputStream(new ByteArrayInputStream(bytes), format, samples.length)) {
      AudioSystem.write(in, AudioFileFormat.Type.WAVE, file.toFile());
    }
    return file;
  }

  /** Samples of a WAV file as written (16-bit little-endian mono expected). */
  static short[] readWav(Path file) throws IOException {
    return AudioLoader.decode(file.toUri().toURL());
  }

  static byte[] encode(int payloadType, short[] samples, int from) {
    byte[] out = new byte[160];
    for (int i = 0; i < 160; i++) {
      int at = from + i;
      short s = at < samples.length ? samples[at] : 0;
      out[i] = payloadType == G711.PCMU ? G711.linearToUlaw(s) : G711.linearToAlaw(s);
    }
    return out;
  }

  /** Normalized cross-correlation of two equally long signals. */
  static double correlation(short[] a, short[] b) {
    double ab = 0;
    double aa = 0;
    double bb = 0;
    for (int i = 0; i < a.length; i++) {
      ab += (double) a[i] * b[i];
      aa += (double) a[i] * a[i];
      bb += (double) b[i] * b[i];
    }
    return ab / Math.sqrt(aa * bb);
  }
}
