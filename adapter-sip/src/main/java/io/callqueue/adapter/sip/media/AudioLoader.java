package io.callqueue.adapter.sip.media;

import io.callqueue.prompts.PromptRecording;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Loads recordings as 8 kHz 16-bit mono samples, with a bounded cache.
 *
 * <p>Design note: decoding and resampling are the JDK's, through queue-prompts'
 * {@link PromptRecording#decode} (any PCM rate/size/channel count, μ-law and A-law to 8 kHz 16-bit
 * mono). Decoded clips are kept in an LRU cache bounded by total samples; a file is reloaded when
 * its modification time or size changes, so an owner's replaced recording is heard on the next
 * play.
 *
 * <p>Threading: all methods are synchronized; the engine calls them from its I/O thread and at
 * start.
 */
final class AudioLoader {
  private final long maxCachedSamples;
  private final Map<String, Entry> cache = new LinkedHashMap<>(64, 0.75f, true);
  private long cachedSamples;

  private record Entry(String stamp, short[] samples) {}

  AudioLoader(long maxCachedSamples) {
    this.maxCachedSamples = maxCachedSamples;
  }

  /** The recording's samples (shared: callers must not modify the array). */
  synchronized short[] load(URL url) throws IOException {
    String key = url.toExternalForm();
    String stamp = stampOf(url);
    Entry entry = cache.get(key);
    if (entry != null && entry.stamp().equals(stamp)) {
      return entry.samples();
    }
    short[] samples = decode(url);
    if (entry != null) {
      cache.remove(key);
      cachedSamples -= entry.samples().length;
    }
    if (samples.length <= maxCachedSamples) {
      cache.put(key, new Entry(stamp, samples));
      cachedSamples += samples.length;
      var it = cache.values().iterator();
      while (cachedSamples > maxCachedSamples && it.hasNext()) {
        cachedSamples -= it.next().samples().length;
        it.remove();
      }
    }
    return samples;
  }

  /** Decodes a recording without caching ({@link PromptRecording#decode}, as 16-bit samples). */
  static short[] decode(URL url) throws IOException {
    byte[] bytes = PromptRecording.decode(url);
    short[] samples = new short[bytes.length / 2];
    for (int i = 0; i < samples.length; i++) {
      samples[i] = (short) ((bytes[2 * i] & 0xFF) | (bytes[2 * i + 1] << 8));
    }
    return samples;
  }

  private static String stampOf(URL url) throws IOException {
    if (!"file".equals(url.getProtocol())) {
      return "";
    }
    try {
      Path path = Path.of(url.toURI());
      return Files.getLastModifiedTime(path).toMillis() + ":" + Files.size(path);
    } catch (URISyntaxException e) {
      return "";
    }
  }
}
