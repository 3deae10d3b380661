package io.callqueue.core.announce;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Renders prompt keys as the text of their default recordings, so tests read as speech. */
final class Spoken {
  private Spoken() {}

  static String text(String language, List<String> keys) {
    Map<String, String> catalog = PromptCatalog.forLanguage(language);
    return keys.stream()
        .map(k -> {
          String text = catalog.get(k);
          if (text == null) {
            throw new AssertionError("key " + k + " is not in the " + language + " catalog");
          }
          return text;
        })
        .collect(Collectors.joining(" "));
  }
}
