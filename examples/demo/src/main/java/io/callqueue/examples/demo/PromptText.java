package io.callqueue.examples.demo;

import io.callqueue.api.PromptSequence;
import io.callqueue.core.announce.PromptCatalog;
import java.util.Map;

/**
 * What a prompt sequence says, as text: each key's default recording text from the language's
 * {@link PromptCatalog}, joined with spaces. Where one sentence ends and the next begins without
 * punctuation (a number, then "Thank you ..."), a full stop is put in between, and the whole ends
 * with one; a key without a catalog text shows as {@code [key]}.
 */
final class PromptText {
  private PromptText() {}

  /** The text a caller (or agent) hears from these prompts. */
  static String of(PromptSequence prompts) {
    Map<String, String> catalog = PromptCatalog.forLanguage(prompts.language());
    StringBuilder out = new StringBuilder();
    for (String key : prompts.keys()) {
      String text = catalog.getOrDefault(key, "[" + key + "]");
      if (out.length() > 0) {
        if (Character.isUpperCase(text.codePointAt(0)) && !endsSentence(out)) {
          out.append('.');
        }
        out.append(' ');
      }
      out.append(text);
    }
    if (out.length() > 0 && !endsSentence(out)) {
      out.append('.');
    }
    return out.toString();
  }

  private static boolean endsSentence(CharSequence s) {
    char last = s.charAt(s.length() - 1);
    return last == '.' || last == '!' || last == '?' || last == ':';
  }
}
