package io.callqueue.adapter.twilio;

import com.google.common.hash.Hashing;
import io.callqueue.api.PromptSequence;
import io.callqueue.prompts.HoldMusic;
import io.callqueue.prompts.PromptLibrary;
import io.callqueue.prompts.PromptRecording;
import io.javalin.http.Context;
import java.io.IOException;
import java.net.URL;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prompt recordings and hold music served from the webhook server under content-hashed paths,
 * {@code /prompts/<sha256>.wav}. A path names the bytes, so a replaced or per-queue custom
 * recording gets a new URL and Twilio's media cache can keep any URL forever. Only hashes this
 * adapter has handed out are served; anything else is 404 (a path is a hash, never a file name).
 */
final class PromptRoute {
  static final String PREFIX = "/prompts/";
  private static final Logger log = LoggerFactory.getLogger(PromptRoute.class);
  private static final Pattern FILE = Pattern.compile("[0-9a-f]{64}\\.wav");

  private final PromptLibrary library;
  private final Map<String, byte[]> byHash = new ConcurrentHashMap<>();
  /** Hashes of the pack's recordings (immutable; custom files are hashed at every play). */
  private final Map<URL, String> packHashes = new ConcurrentHashMap<>();
  private final Set<String> unknownClasses = ConcurrentHashMap.newKeySet();

  PromptRoute(PromptLibrary library) {
    this.library = library;
  }

  /**
   * The path of a prompt's recording ({@code /prompts/<sha256>.wav}), registering its bytes, or
   * null (logged) when there is no readable recording for it.
   */
  String path(String language, PromptSequence.Prompt prompt) {
    try {
      PromptRecording r = library.find(language, prompt);
      if (prompt.customFile() != null && !r.isCustom()) {
        log.warn("custom prompt {} for '{}' is not readable; playing the default",
            prompt.customFile(), prompt.key());
      }
      return register(r);
    } catch (IOException | IllegalArgumentException e) {
      log.warn("no recording for prompt '{}' in '{}', skipped: {}", prompt.key(), language,
          e.getMessage());
      return null;
    }
  }

  /**
   * The path of the hold music of a class ({@link HoldMusic}, the same hashed route as prompts);
   * a class with no shipped music plays the default loop (logged once per class).
   */
  String musicPath(String musicClass) {
    PromptRecording music;
    try {
      music = HoldMusic.shipped(musicClass).orElse(null);
    } catch (IllegalArgumentException e) {
      music = null;
    }
    if (music == null) {
      if (unknownClasses.add(String.valueOf(musicClass))) {
        log.warn("no hold music of class '{}'; playing '{}'", musicClass,
            HoldMusic.DEFAULT_CLASS);
      }
      music = HoldMusic.shippedDefault();
    }
    try {
      return register(music);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the shipped hold music: " + e.getMessage(), e);
    }
  }

  /** Hashes a recording's bytes (a pack's once, a custom file's at every play) and keeps them. */
  private String register(PromptRecording r) throws IOException {
    String hash = r.isCustom() ? null : packHashes.get(r.url());
    if (hash == null) {
      byte[] bytes = r.bytes();
      hash = Hashing.sha256().hashBytes(bytes).toString();
      byHash.putIfAbsent(hash, bytes);
      if (!r.isCustom()) {
        packHashes.put(r.url(), hash);
      }
    }
    return PREFIX + hash + ".wav";
  }

  /** {@code GET /prompts/{file}}: the bytes of a handed-out hash, cacheable forever; else 404. */
  void serve(Context ctx) {
    String file = ctx.pathParam("file");
    byte[] bytes = FILE.matcher(file).matches()
        ? byHash.get(file.substring(0, file.length() - 4)) : null;
    if (bytes == null) {
      ctx.status(404).contentType("text/plain").result("no such prompt");
      return;
    }
    ctx.header("Cache-Control", "public, max-age=31536000, immutable")
        .contentType("audio/wav").result(bytes);
  }
}
