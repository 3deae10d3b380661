package io.callqueue.prompts;

import io.callqueue.api.PromptSequence;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Path;
import java.util.Set;

/**
 * Finds the recording of a prompt: a queue owner's own file if given and readable, else the
 * default recording of the key in the language (falling back to a default language).
 *
 * <p>Default recordings are laid out as {@code <root>/<language>/<key>.wav} (see
 * {@link PromptPack}); keys may contain {@code /}, e.g. key {@code digits/2} in English is
 * {@code <root>/en/digits/2.wav}. Key segments are letters, digits, {@code - _ .} (no
 * {@code ..}), so a key never leaves the root. Any recording {@link PromptRecording#decode}
 * reads is accepted.
 *
 * <p>Implementations must be safe to call from any thread.
 */
@FunctionalInterface
public interface PromptLibrary {

  /**
   * Keys with no default recording, played only from a queue's own file: {@code queue-name}, the
   * queue's name the agent's whisper starts with (issue 16). The same keys as queue-core's
   * {@code PromptCatalog.isOverrideOnly}; {@link #find} without a usable custom file refuses them.
   */
  Set<String> OVERRIDE_ONLY_KEYS = Set.of("queue-name");

  /**
   * The recording for a prompt. When a custom file is given but is not a readable file, the
   * default is returned ({@link PromptRecording#isCustom()} is then false, so the caller can warn).
   *
   * @param language the language, e.g. {@code en}
   * @param key the prompt key, e.g. {@code queue-position} or {@code digits/2}
   * @param customFile the owner's own recording, or {@code null}
   * @return the recording
   * @throws java.nio.file.NoSuchFileException if there is no recording for the key, and for an
   *     {@linkplain #OVERRIDE_ONLY_KEYS override-only key} without a readable custom file (its
   *     default is asked for, and it has none)
   * @throws IOException if the library cannot be read
   * @throws IllegalArgumentException if the language or key is malformed
   */
  PromptRecording find(String language, String key, Path customFile) throws IOException;

  /** The recording of one prompt of a sequence in the sequence's language. */
  default PromptRecording find(String language, PromptSequence.Prompt prompt) throws IOException {
    return find(language, prompt.key(), prompt.customFile());
  }

  /** Where the recording for a prompt is: {@code find(language, key, customFile).url()}. */
  default URL locate(String language, String key, Path customFile) throws IOException {
    return find(language, key, customFile).url();
  }

  /**
   * Checks that a file is a playable recording, by decoding it as playback does
   * ({@link PromptRecording#decode}), so a configuration can be refused at start rather than fail
   * at the first call.
   *
   * @throws IOException naming the file and the reason when it cannot be read or decoded
   */
  static void checkPlayable(Path file) throws IOException {
    PromptRecording.decode(file.toUri().toURL());
  }

  /** The shipped recordings ({@link PromptPack#shipped()}), falling back to English. */
  static PromptLibrary shipped() {
    return PromptPack.shipped().library("en");
  }

  /**
   * Default recordings in a directory, {@code <root>/<language>/<key>.wav}.
   *
   * @param fallbackLanguage used when a key has no recording in the requested language
   */
  static PromptLibrary directory(Path root, String fallbackLanguage) {
    return PromptPack.directory(root).library(fallbackLanguage);
  }
}
