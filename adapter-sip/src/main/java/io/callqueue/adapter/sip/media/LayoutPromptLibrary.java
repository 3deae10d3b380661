package io.callqueue.adapter.sip.media;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code <root>/<language>/<key>.wav} layout over a directory or the class path, with the
 * owner's custom file first and a fallback language last.
 */
final class LayoutPromptLibrary implements PromptLibrary {
  private static final Logger LOG = LoggerFactory.getLogger(LayoutPromptLibrary.class);
  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_.-]+");
  private static final Pattern LANGUAGE = Pattern.compile("[A-Za-z]{2,8}([_-][A-Za-z0-9]{1,8})*");

  /** Finds a relative path ({@code en/digits/2.wav}) in some root; null if absent. */
  @FunctionalInterface
  interface Root {
    URL find(String relative) throws IOException;
  }

  private final Root root;
  private final String fallbackLanguage;

  LayoutPromptLibrary(Root root, String fallbackLanguage) {
    checkLanguage(fallbackLanguage);
    this.root = root;
    this.fallbackLanguage = fallbackLanguage;
  }

  static Root directory(Path dir) {
    Path base = dir.toAbsolutePath().normalize();
    return relative -> {
      Path file = base.resolve(relative);
      return Files.isRegularFile(file) ? file.toUri().toURL() : null;
    };
  }

  static Root classpath(String rootName) {
    String base = rootName.endsWith("/") ? rootName : rootName + "/";
    String prefix = base.startsWith("/") ? base.substring(1) : base;
    ClassLoader loader = LayoutPromptLibrary.class.getClassLoader();
    return relative -> loader.getResource(prefix + relative);
  }

  @Override
  public URL locate(String language, String key, Path customFile) throws IOException {
    checkKey(key);
    checkLanguage(language);
    if (customFile != null) {
      if (Files.isRegularFile(customFile) && Files.isReadable(customFile)) {
        return customFile.toUri().toURL();
      }
      LOG.warn("custom prompt {} for key '{}' is not a readable file; using the default",
          customFile, key);
    }
    URL found = root.find(language + "/" + key + ".wav");
    if (found == null && !language.equals(fallbackLanguage)) {
      found = root.find(fallbackLanguage + "/" + key + ".wav");
    }
    if (found == null) {
      throw new NoSuchFileException(language + "/" + key + ".wav", null,
          "no recording for prompt key '" + key + "'");
    }
    return found;
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
