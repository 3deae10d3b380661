package io.callqueue.examples.server.panel;

import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * The panel's words in one language ({@code panel/messages_<lang>.properties}, UTF-8), and which
 * language a request gets: the {@value #COOKIE} cookie set by the switch, else the browser's
 * {@code Accept-Language}, else English.
 */
final class Messages {
  static final String COOKIE = "callqueue_lang";
  static final List<String> LANGUAGES = List.of("en", "pl");

  private final String language;
  private final ResourceBundle bundle;

  private Messages(String language) {
    this.language = language;
    this.bundle = ResourceBundle.getBundle("panel.messages", Locale.forLanguageTag(language),
        ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
  }

  private static final Messages EN = new Messages("en");
  private static final Messages PL = new Messages("pl");

  static Messages of(String language) {
    return "pl".equals(language) ? PL : EN;
  }

  /** The language for a request's cookie and {@code Accept-Language} header. */
  static Messages choose(String cookie, String acceptLanguage) {
    if (cookie != null && LANGUAGES.contains(cookie)) {
      return of(cookie);
    }
    if (acceptLanguage != null && !acceptLanguage.isBlank()) {
      try {
        String tag = Locale.lookupTag(Locale.LanguageRange.parse(acceptLanguage), LANGUAGES);
        if (tag != null) {
          return of(tag);
        }
      } catch (IllegalArgumentException e) {
        return EN; // a malformed header gets the default
      }
    }
    return EN;
  }

  String language() {
    return language;
  }

  /** The text of a key, with {@code {0}}-style arguments filled in (not yet HTML-escaped). */
  String t(String key, Object... args) {
    String pattern;
    try {
      pattern = bundle.getString(key);
    } catch (MissingResourceException e) {
      return key;
    }
    return args.length == 0 ? pattern : new MessageFormat(pattern, Locale.forLanguageTag(language))
        .format(args);
  }
}
