package io.callqueue.prompts;

import java.net.URL;
import java.util.Optional;

/**
 * The shipped music on hold, for adapters whose platform plays a URL (Twilio's
 * {@code <Play loop="0">}, an Asterisk host fetching {@code http://}): one seamless loop of the
 * default class, {@code io/callqueue/prompts/moh/default.wav}, 8000 Hz 16-bit mono PCM (the same
 * recording adapter-sip loops). It is a {@link PromptRecording} of key {@code moh/<class>} in
 * language {@code zxx} (ISO 639 "no linguistic content"), so it can be hashed and served like any
 * prompt.
 */
public final class HoldMusic {
  /** The music class the engine asks for when a queue names none. */
  public static final String DEFAULT_CLASS = "default";
  /** The language tag of music: ISO 639-2 "no linguistic content". */
  public static final String LANGUAGE = "zxx";

  private static final String ROOT = "io/callqueue/prompts/moh/";

  private HoldMusic() {}

  /**
   * The shipped music of a class, if this module ships one (only {@link #DEFAULT_CLASS} today).
   *
   * @throws IllegalArgumentException if the class name is not a plain name (letters, digits,
   *     {@code - _ .})
   */
  public static Optional<PromptRecording> shipped(String musicClass) {
    LayoutPromptLibrary.checkKey(musicClass);
    if (musicClass.contains("/")) {
      throw new IllegalArgumentException("music class '" + musicClass + "' must not contain '/'");
    }
    URL url = HoldMusic.class.getClassLoader().getResource(ROOT + musicClass + ".wav");
    return url == null ? Optional.empty()
        : Optional.of(new PromptRecording(LANGUAGE, "moh/" + musicClass, url, false));
  }

  /** The shipped default loop. */
  public static PromptRecording shippedDefault() {
    return shipped(DEFAULT_CLASS).orElseThrow(() -> new IllegalStateException(
        "the default hold music is missing from queue-prompts' resources"));
  }
}
