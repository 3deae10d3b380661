package io.callqueue.examples.server.board;

import io.callqueue.examples.server.panel.Shell;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * The board's texts in English and Polish ({@code board_en.properties},
 * {@code board_pl.properties} beside this class), in the language the panel chose for the
 * request. Every lookup of the board goes through {@link #forRequest}.
 */
final class BoardMessages {
  /** The languages the board speaks; the first is the default. */
  static final List<Locale> LANGUAGES = List.of(Locale.ENGLISH, Locale.forLanguageTag("pl"));
  private static final String BUNDLE = "io.callqueue.examples.server.board.board";

  private final Locale locale;
  private final ResourceBundle bundle;

  private BoardMessages(Locale locale) {
    this.locale = locale;
    this.bundle = ResourceBundle.getBundle(BUNDLE, locale,
        ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
  }

  /** The texts in {@code locale}'s language, English when the board does not speak it. */
  static BoardMessages of(Locale locale) {
    Locale match = Locale.lookup(List.of(new Locale.LanguageRange(locale.getLanguage())),
        LANGUAGES);
    return new BoardMessages(match == null ? LANGUAGES.get(0) : match);
  }

  /**
   * The texts for a request, in the panel's language for it ({@link Shell#language}: the
   * language switch's cookie, else {@code Accept-Language}, else English).
   */
  static BoardMessages forRequest(Context ctx) {
    return of(Locale.forLanguageTag(Shell.language(ctx)));
  }

  Locale locale() {
    return locale;
  }

  /** The text of {@code key}; a missing key is a bug and shows as the key in brackets. */
  String get(String key) {
    try {
      return bundle.getString(key);
    } catch (MissingResourceException e) {
      return "[" + key + "]";
    }
  }

  /** The text of {@code key} with {@code {0}}, {@code {1}}... replaced by the arguments. */
  String format(String key, Object... args) {
    String text = get(key);
    for (int i = 0; i < args.length; i++) {
      text = text.replace("{" + i + "}", String.valueOf(args[i]));
    }
    return text;
  }

  /** Every text whose key starts with {@code prefix}, for the page's script. */
  Map<String, String> withPrefix(String prefix) {
    Map<String, String> out = new LinkedHashMap<>();
    bundle.keySet().stream().filter(k -> k.startsWith(prefix)).sorted()
        .forEach(k -> out.put(k, bundle.getString(k)));
    return out;
  }

  /** Every key of the bundle (the tests check both languages have the same). */
  java.util.Set<String> keys() {
    return bundle.keySet();
  }
}
