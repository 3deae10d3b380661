package io.callqueue.prompts;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * One prompt recording: which key and language it says, where it is, and what it holds.
 *
 * <p>{@link #path()} is its place in the stable layout of a pack, {@code <language>/<key>.wav}
 * (key {@code digits/2} in English: {@code en/digits/2.wav}); an exported pack
 * ({@link PromptPack#exportTo}) and an HTTP route serving recordings can both use it as is.
 * {@link #sha256()} changes exactly when the bytes do, so a URL carrying it (e.g.
 * {@code /prompts/en/queue-position.wav?v=<first 12 hex digits>}) busts a media cache such as
 * Asterisk's {@code res_http_media_cache} or Twilio's.
 *
 * <p>Immutable and safe to share between threads. Reading methods open {@link #url()} each time
 * (nothing is cached), so a replaced file is seen on the next call.
 */
public final class PromptRecording {
  /**
   * The format of the shipped recordings, and the one every playable recording converts to:
   * 8000 Hz, 16-bit signed little-endian PCM, mono.
   */
  public static final AudioFormat PCM_8K_MONO = new AudioFormat(8000f, 16, 1, true, false);

  private final String language;
  private final String key;
  private final URL url;
  private final boolean custom;

  PromptRecording(String language, String key, URL url, boolean custom) {
    this.language = language;
    this.key = key;
    this.url = url;
    this.custom = custom;
  }

  /**
   * A recording of a key at a given location (for a library of one's own, e.g. a test's).
   *
   * @throws IllegalArgumentException if the language or key is malformed
   */
  public static PromptRecording of(String language, String key, URL url) {
    LayoutPromptLibrary.checkLanguage(language);
    LayoutPromptLibrary.checkKey(key);
    return new PromptRecording(language, key, Objects.requireNonNull(url, "url"), false);
  }

  /** The language the recording is in (after any fallback), e.g. {@code en}. */
  public String language() {
    return language;
  }

  /** The prompt key, e.g. {@code queue-position} or {@code digits/2}. */
  public String key() {
    return key;
  }

  /** Where the bytes are: a {@code file:} or {@code jar:} URL. */
  public URL url() {
    return url;
  }

  /** Whether this is the queue owner's own file rather than a pack's default recording. */
  public boolean isCustom() {
    return custom;
  }

  /** The place in a pack's layout, {@code <language>/<key>.wav}, always with {@code /}. */
  public String path() {
    return language + "/" + key + ".wav";
  }

  /** The file's bytes, as stored (a WAV file). */
  public byte[] bytes() throws IOException {
    try (InputStream in = url.openStream()) {
      return in.readAllBytes();
    }
  }

  /**
   * The file's audio format as stored (the shipped ones are {@link #PCM_8K_MONO}).
   *
   * @throws IOException if the file is not audio the JDK reads
   */
  public AudioFormat format() throws IOException {
    try {
      return AudioSystem.getAudioFileFormat(url).getFormat();
    } catch (UnsupportedAudioFileException e) {
      throw new IOException("cannot read audio " + url + ": " + e.getMessage(), e);
    }
  }

  /** The SHA-256 of {@link #bytes()}, 64 lowercase hex digits. */
  public String sha256() throws IOException {
    return sha256(bytes());
  }

  /** The audio converted to {@link #PCM_8K_MONO}, see {@link #decode(URL)}. */
  public byte[] pcm() throws IOException {
    return decode(url);
  }

  /**
   * Decodes any recording the JDK reads (WAV, AU, AIFF holding PCM of any rate, size and
   * channel count, μ-law or A-law) to {@link #PCM_8K_MONO} samples.
   *
   * @throws IOException naming the location and the reason when it cannot be read or converted
   */
  public static byte[] decode(URL url) throws IOException {
    try (InputStream raw = new BufferedInputStream(url.openStream());
        AudioInputStream source = AudioSystem.getAudioInputStream(raw)) {
      AudioInputStream pcm = source.getFormat().matches(PCM_8K_MONO)
          ? source : AudioSystem.getAudioInputStream(PCM_8K_MONO, source);
      return pcm.readAllBytes();
    } catch (UnsupportedAudioFileException | IllegalArgumentException e) {
      throw new IOException("cannot read audio " + url + ": " + e.getMessage(), e);
    }
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  @Override
  public String toString() {
    return (custom ? "custom " : "") + path() + " at " + url;
  }
}
