package io.callqueue.core.announce;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Every prompt key of every language, with the text its default recording says: the list a script
 * walks to synthesize one recording per key per language, and the list a queue owner reads to know
 * what may be replaced with their own recording (capability 16).
 *
 * <p>The data lives in UTF-8 resources next to this class, {@code prompts-<language>.txt}, one
 * {@code key = text} line per key ({@code #} starts a comment), so tools outside Java can read it
 * too. Keys are file-like ({@code digits/20}, {@code queue-position}); each language holds exactly
 * the keys its {@link Sayer} and {@link Announcements} emit, plus {@code queue-periodic}, a default
 * periodic prompt for {@link io.callqueue.api.QueueConfig#periodicPrompts()}.
 *
 * <p>Loaded once, on first use; a malformed resource fails that first use with an
 * {@link IllegalStateException}.
 */
public final class PromptCatalog {
  private static final Pattern LINE = Pattern.compile("([a-z0-9][a-z0-9/_\\-]*)\\s*=\\s*(\\S.*)");

  /**
   * The key of a queue's own recording of its name, which the agent's whisper starts with
   * (issue 16). Override-only: there is no default recording, so it is in no language's catalog.
   */
  public static final String QUEUE_NAME = "queue-name";

  private static final Map<String, String> OVERRIDE_ONLY = Map.of(QUEUE_NAME,
      "the queue's name, said to the agent before the hold time (your own recording only)");

  private PromptCatalog() {}

  /**
   * Whether a key may be given a queue's own recording but has no default one
   * ({@link #QUEUE_NAME}); such a key is not in {@link #forLanguage(String)}, and nothing asks to
   * play it unless the queue has its file.
   */
  public static boolean isOverrideOnly(String key) {
    return OVERRIDE_ONLY.containsKey(key);
  }

  /** The override-only keys with what their recording should say, sorted by key. */
  public static Map<String, String> overrideOnly() {
    return Collections.unmodifiableMap(new TreeMap<>(OVERRIDE_ONLY));
  }

  /**
   * Whether a queue may have its own recording for a key in a language: a key of the language's
   * catalog or an override-only key.
   */
  public static boolean isReplaceable(String language, String key) {
    return isOverrideOnly(key) || forLanguage(language).containsKey(key);
  }

  /** The languages with a catalog, sorted; the same as {@link Sayers#languages()}. */
  public static List<String> languages() {
    return Sayers.languages();
  }

  /**
   * Every key of a language with its default text, in the catalog's order (sentences, then
   * numbers, then units). A region tag falls back to its language as in
   * {@link Sayers#forLanguage(String)}.
   *
   * @throws IllegalArgumentException for a language without a catalog
   */
  public static Map<String, String> forLanguage(String language) {
    return Holder.CATALOGS.get(Sayers.forLanguage(language).language());
  }

  /** The default text of one key in a language, if the language has that key. */
  public static Optional<String> text(String language, String key) {
    return Optional.ofNullable(forLanguage(language).get(key));
  }

  /** Loads the catalogs on first use. */
  private static final class Holder {
    static final Map<String, Map<String, String>> CATALOGS = loadAll();

    private static Map<String, Map<String, String>> loadAll() {
      Map<String, Map<String, String>> all = new LinkedHashMap<>();
      for (String language : Sayers.languages()) {
        all.put(language, load("prompts-" + language + ".txt"));
      }
      return Collections.unmodifiableMap(all);
    }
  }

  static Map<String, String> load(String resource) {
    Map<String, String> keys = new LinkedHashMap<>();
    try (InputStream in = PromptCatalog.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("prompt catalog " + resource + " is missing");
      }
      BufferedReader reader =
          new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      int number = 0;
      while ((line = reader.readLine()) != null) {
        number++;
        String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#")) {
          continue;
        }
        var m = LINE.matcher(trimmed);
        if (!m.matches()) {
          throw new IllegalStateException(
              "prompt catalog " + resource + " line " + number + ": expected 'key = text', was '"
                  + trimmed + "'");
        }
        if (keys.put(m.group(1), m.group(2).strip()) != null) {
          throw new IllegalStateException(
              "prompt catalog " + resource + " line " + number + ": duplicate key " + m.group(1));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read prompt catalog " + resource, e);
    }
    return Collections.unmodifiableMap(keys);
  }
}
