package io.callqueue.api;

import java.nio.file.Path;
import java.util.List;

/**
 * What a caller (or agent) is to hear: prompts played one after another. Numbers and durations are
 * already turned into prompt keys (e.g. {@code digits/2}, {@code minutes}) for the language.
 *
 * @param language the language of the default recordings, e.g. {@code "en"}
 * @param prompts the prompts in order
 */
public record PromptSequence(String language, List<Prompt> prompts) {
  public PromptSequence {
    if (language == null || prompts == null) {
      throw new IllegalArgumentException("a prompt sequence needs a language and prompts");
    }
    prompts = List.copyOf(prompts);
  }

  /** The prompt keys in order. */
  public List<String> keys() {
    return prompts.stream().map(Prompt::key).toList();
  }

  /**
   * One prompt.
   *
   * @param key the prompt key, e.g. {@code queue-position}; every key has a default recording
   * @param customFile the queue owner's own recording for this key, or {@code null} for the default
   */
  public record Prompt(String key, Path customFile) {
    public Prompt {
      if (key == null || key.isBlank()) {
        throw new IllegalArgumentException("a prompt needs a key");
      }
    }

    /** A prompt played from the default recordings. */
    public static Prompt of(String key) {
      return new Prompt(key, null);
    }
  }
}
