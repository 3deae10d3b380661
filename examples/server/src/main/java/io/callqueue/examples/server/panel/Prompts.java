package io.callqueue.examples.server.panel;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callqueue.api.ConfigException;
import io.callqueue.api.QueueConfig;
import io.callqueue.core.announce.PromptCatalog;
import io.callqueue.prompts.PromptRecording;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

/**
 * A queue's own prompt recordings: an upload is decoded as playback decodes it
 * ({@link PromptRecording#decode}: WAV, AU or AIFF of PCM at any rate, size and channel count,
 * μ-law or A-law), converted to the media layer's format ({@link PromptRecording#PCM_8K_MONO}),
 * written as {@code <state folder>/prompts/<queue>/<key>-<hash>.wav} and set as the queue's
 * override; restoring the default removes the override. Anything that is not audio, longer than
 * {@value #MAX_SECONDS} seconds, or for a key the queue's language does not have, is refused
 * with a message and changes nothing.
 */
final class Prompts {
  static final int MAX_SECONDS = 600;
  private final PanelState state;

  Prompts(PanelState state) {
    this.state = state;
  }

  void upload(QueueConfig q, String key, byte[] bytes) throws IOException {
    String name = q.id().value();
    if (key == null || !PromptCatalog.isReplaceable(q.language(), key)) {
      throw new ConfigException("queue '" + name + "': unknown prompt key '" + key + "' in"
          + " language " + q.language());
    }
    Path dir = state.stateFile().toAbsolutePath().getParent().resolve("prompts").resolve(name);
    Files.createDirectories(dir);
    Path upload = Files.createTempFile(dir, "upload", ".tmp");
    byte[] pcm;
    try {
      Files.write(upload, bytes);
      pcm = PromptRecording.decode(upload.toUri().toURL());
    } catch (IOException e) {
      throw new ConfigException("queue '" + name + "': prompts." + key + ": the file is not a"
          + " recording the server can read (a WAV file of PCM, \u03bc-law or A-law; AU and AIFF"
          + " too)");
    } finally {
      Files.deleteIfExists(upload);
    }
    int bytesPerSecond = (int) PromptRecording.PCM_8K_MONO.getSampleRate() * 2;
    if (pcm.length == 0) {
      throw new ConfigException("queue '" + name + "': prompts." + key + ": the recording holds"
          + " no sound");
    }
    if (pcm.length / bytesPerSecond > MAX_SECONDS) {
      throw new ConfigException("queue '" + name + "': prompts." + key + ": the recording is "
          + pcm.length / bytesPerSecond + "s long; at most " + MAX_SECONDS + "s");
    }
    String hash = hash(pcm);
    Path target = dir.resolve(key.replace('/', '_') + "-" + hash + ".wav");
    try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(pcm),
        PromptRecording.PCM_8K_MONO, pcm.length / 2)) {
      Path temp = Files.createTempFile(dir, "converted", ".tmp");
      try {
        AudioSystem.write(in, AudioFileFormat.Type.WAVE, temp.toFile());
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(temp);
      }
    }
    ObjectNode node = state.queueNode(q);
    ObjectNode overrides = node.has("prompts") ? (ObjectNode) node.get("prompts")
        : node.putObject("prompts");
    Path old = q.promptOverrides().get(key);
    overrides.put(key, target.toString());
    try {
      state.saveQueue(name, node);
    } catch (ConfigException e) {
      if (!target.equals(old)) {
        Files.deleteIfExists(target);
      }
      throw e;
    }
  }

  void restore(QueueConfig q, String key) {
    ObjectNode node = state.queueNode(q);
    if (!node.has("prompts") || !node.get("prompts").has(key)) {
      throw new ConfigException("queue '" + q.id().value() + "': prompt '" + key + "' already"
          + " plays the default recording");
    }
    ((ObjectNode) node.get("prompts")).remove(key);
    if (node.get("prompts").isEmpty()) {
      node.remove("prompts");
    }
    state.saveQueue(q.id().value(), node);
  }

  /** The first 12 hex digits of the SHA-256 of the converted samples. */
  private static String hash(byte[] pcm) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(pcm))
          .substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
