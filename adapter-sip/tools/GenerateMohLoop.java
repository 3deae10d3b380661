import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

/**
 * Writes the default music-on-hold loop committed at
 * {@code queue-prompts/src/main/resources/io/callqueue/prompts/moh/default.wav} (queue-prompts' {@code HoldMusic}): 10 s, 8 kHz, 16-bit mono PCM.
 *
 * <p>A soft pad plays the chords C, A minor, F, G (2.5 s each) with raised-cosine swells, and a
 * bell-like arpeggio walks each chord in eighth notes. Every chord fades in from and out to
 * silence, so the loop has no click where it wraps.
 *
 * <p>Run: {@code java adapter-sip/tools/GenerateMohLoop.java queue-prompts/src/main/resources/io/callqueue/prompts/moh/default.wav}
 */
public final class GenerateMohLoop {
  private static final int RATE = 8000;
  private static final double CHORD_SECONDS = 2.5;

  /** Chord tones (Hz) of C, Am, F, G around middle C. */
  private static final double[][] CHORDS = {
    {261.63, 329.63, 392.00},
    {220.00, 261.63, 329.63},
    {174.61, 220.00, 261.63},
    {196.00, 246.94, 293.66},
  };

  /** Which chord tone each eighth note of the arpeggio plays. */
  private static final int[] ARPEGGIO = {0, 1, 2, 1, 0, 1, 2, 1};

  public static void main(String[] args) throws IOException {
    String out = args.length > 0 ? args[0] : "loop.wav";
    int chordSamples = (int) (CHORD_SECONDS * RATE);
    double[] mix = new double[chordSamples * CHORDS.length];
    for (int c = 0; c < CHORDS.length; c++) {
      int start = c * chordSamples;
      for (int i = 0; i < chordSamples; i++) {
        double t = (double) i / RATE;
        double swell = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / chordSamples);
        double pad = 0;
        for (double f : CHORDS[c]) {
          pad += Math.sin(2 * Math.PI * f * t) + 0.2 * Math.sin(2 * Math.PI * 2 * f * t);
        }
        pad += 0.6 * Math.sin(2 * Math.PI * CHORDS[c][0] / 2 * t);
        mix[start + i] += 0.07 * swell * pad;
      }
      int noteSamples = chordSamples / 8;
      for (int n = 0; n < 8; n++) {
        double f = 2 * CHORDS[c][ARPEGGIO[n]];
        int noteStart = start + n * noteSamples;
        for (int i = 0; i < noteSamples; i++) {
          double t = (double) i / RATE;
          double attack = Math.min(1.0, i / 80.0);
          double env = attack * Math.exp(-5.0 * t) * (n == 7 ? 1.0 - (double) i / noteSamples : 1.0);
          double bell = Math.sin(2 * Math.PI * f * t) + 0.3 * Math.sin(2 * Math.PI * 3 * f * t) * Math.exp(-8.0 * t);
          mix[noteStart + i] += 0.18 * env * bell;
        }
      }
    }
    byte[] pcm = new byte[mix.length * 2];
    for (int i = 0; i < mix.length; i++) {
      int s = (int) Math.round(Math.max(-1.0, Math.min(1.0, mix[i])) * 32767);
      pcm[2 * i] = (byte) s;
      pcm[2 * i + 1] = (byte) (s >> 8);
    }
    AudioFormat format = new AudioFormat(RATE, 16, 1, true, false);
    try (AudioInputStream in =
        new AudioInputStream(new ByteArrayInputStream(pcm), format, mix.length)) {
      AudioSystem.write(in, AudioFileFormat.Type.WAVE, new File(out));
    }
  }
}
