package io.callqueue.prompts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code <root>/<language>/<key>.wav} layout of a {@link PromptPack}, with the owner's custom
 * file first and a fallback language last; and the rules for keys and language tags.
 */
final class LayoutPromptLibrary implements PromptLibrary {
  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_.-]+");
  private static final Pattern LANGUAGE = Pattern.compile("[A-Za-z]{2,8}([_-][A-Za-z0-9]{1,8})*");

  private final PromptPack pack;
  private final String fallbackLanguage;

  LayoutPromptLibrary(PromptPack pack, String fallbackLanguage) {
    checkLanguage(fallbackLanguage);
    this.pack = pack;
    this.fallbackLanguage = fallbackLanguage;
  }

  @Override
  public PromptRecording find(String language, String key, Path customFile) throws IOException {
    checkKey(key);
    checkLanguage(language);
    if (customFile != null && Files.isRegularFile(customFile) && Files.isReadable(customFile)) {
      return new PromptRecording(language, key, customFile.toUri().toURL(), true);
    }
    if (OVERRIDE_ONLY_KEYS.contains(key)) {
      throw new NoSuchFileException(customFile == null ? language + "/" + key + ".wav"
          : customFile.toString(), null, "prompt key '" + key + "' has no default recording: it"
          + " plays only a queue's own file (prompts: {" + key + ": <file>.wav}), and "
          + (customFile == null ? "none was given" : "that file is not readable"));
    }
    Optional<PromptRecording> found = pack.find(language, key);
    if (found.isEmpty() && !language.equals(fallbackLanguage)) {
      found = pack.find(fallbackLanguage, key);
    }
    return found.orElseThrow(() -> new NoSuchFileException(language + "/" + key + ".wav", null,
        "no recording for prompt key '" + key + "' in " + pack));
  }

  static void checkKey(String key) {
    if (key == null || key.isEmpty()) {
      throw new IllegalArgumentException("a prompt key must not be empty");
    }
    for (String segment : key.split("/", -1)) {
      if (!SEGMENT.matcher(segment).matches() || segment.equals(".") || segment.equals("..")) {
        throw new IllegalArgumentException("prompt key '" + key
            + "' must be '/'-separated segments of letters, digits, '-', '_', '.'");
      }
    }
  }

  static void checkLanguage(String language) {
    if (language == null || !LANGUAGE.matcher(language).matches()) {
      throw new IllegalArgumentException("language '" + language + "' is not a language tag");
    }
  }
}
