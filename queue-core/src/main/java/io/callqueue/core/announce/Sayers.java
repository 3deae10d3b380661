package io.callqueue.core.announce;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The registry of languages: one {@link Sayer} per language, each with its prompt files listed in
 * {@link PromptCatalog}. Built in: English ({@code en}) and Polish ({@code pl}).
 */
public final class Sayers {
  private static final Map<String, Sayer> SAYERS = Map.of(
      EnglishSayer.LANGUAGE, new EnglishSayer(),
      PolishSayer.LANGUAGE, new PolishSayer());

  private Sayers() {}

  /**
   * The sayer of a language. A tag with a region ({@code pl-PL}, {@code en-GB}) falls back to its
   * primary language when no sayer has the whole tag; case is ignored.
   *
   * @throws IllegalArgumentException when no sayer speaks the language, naming the known ones
   */
  public static Sayer forLanguage(String language) {
    Sayer sayer = find(language);
    if (sayer == null) {
      throw new IllegalArgumentException("no announcements in language "
          + (language == null ? "null" : "'" + language + "'") + "; known languages: "
          + String.join(", ", languages()));
    }
    return sayer;
  }

  /** Whether {@link #forLanguage(String)} finds a sayer for this tag. */
  public static boolean isKnown(String language) {
    return find(language) != null;
  }

  /** The languages with a sayer, sorted. */
  public static List<String> languages() {
    return List.copyOf(new TreeSet<>(SAYERS.keySet()));
  }

  private static Sayer find(String language) {
    if (language == null) {
      return null;
    }
    String tag = language.trim().toLowerCase(Locale.ROOT);
    Sayer sayer = SAYERS.get(tag);
    int dash = tag.indexOf('-');
    if (sayer == null && dash > 0) {
      sayer = SAYERS.get(tag.substring(0, dash));
    }
    return sayer;
  }
}
