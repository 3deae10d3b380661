package io.callqueue.adapter.sip.media;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Path;

/**
 * Finds the recording of a prompt: a queue owner's own file if given and readable, else the
 * default recording of the key in the language (falling back to a default language).
 *
 * <p>Default recordings are laid out as {@code <root>/<language>/<key>.wav}; keys may contain
 * {@code /}, e.g. key {@code digits/2} in English is {@code <root>/en/digits/2.wav}. Key segments
 * are letters, digits, {@code - _ .} (no {@code ..}), so a key never leaves the root. Any WAV the
 * JDK reads is accepted (PCM of any rate/size/channels, μ-law, A-law); it is converted to 8 kHz
 * 16-bit mono when loaded.
 *
 * <p>Implementations must be safe to call from any thread; the engine calls them off the media
 * threads.
 */
@FunctionalInterface
public interface PromptLibrary {

  /**
   * Where the recording for a prompt is.
   *
   * @param language the language, e.g. {@code en}
   * @param key the prompt key, e.g. {@code queue-position} or {@code digits/2}
   * @param customFile the owner's own recording, or {@code null}
   * @return the recording's location
   * @throws java.nio.file.NoSuchFileException if there is no recording for the key
   * @throws IOException if the library cannot be read
   */
  URL locate(String language, String key, Path customFile) throws IOException;

  /**
   * Checks that a file is a recording the media layer plays, by decoding it as playback does
   * (so a configuration can be refused at start rather than fail at the first call).
   *
   * @throws IOException naming the file and the reason when it cannot be read or decoded
   */
  static void checkPlayable(Path file) throws IOException {
    AudioLoader.decode(file.toUri().toURL());
  }

  /**
   * Default recordings in a directory, {@code <root>/<language>/<key>.wav}.
   *
   * @param fallbackLanguage used when a key has no recording in the requested language
   */
  static PromptLibrary directory(Path root, String fallbackLanguage) {
    return new LayoutPromptLibrary(LayoutPromptLibrary.directory(root), fallbackLanguage);
  }

  /**
   * Default recordings on the class path, {@code <root>/<language>/<key>.wav} (e.g. root
   * {@code prompts}, the recordings shipped in this module).
   *
   * @param fallbackLanguage used when a key has no recording in the requested language
   */
  static PromptLibrary classpath(String root, String fallbackLanguage) {
    return new LayoutPromptLibrary(LayoutPromptLibrary.classpath(root), fallbackLanguage);
  }
}
