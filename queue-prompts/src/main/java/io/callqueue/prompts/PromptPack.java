package io.callqueue.prompts;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A set of prompt recordings in the layout {@code <root>/<language>/<key>.wav}: the pack shipped
 * in this module (English and Polish, every key of queue-core's {@code PromptCatalog}) or a
 * directory of one's own.
 *
 * <p>The layout is the one Asterisk's sounds directory uses (a language folder, keys with
 * {@code /} as subfolders), so an exported pack plays as {@code sound:<dir>/<language>/<key>};
 * the same relative paths name the recordings over HTTP. The shipped recordings are WAV,
 * {@link PromptRecording#PCM_8K_MONO}, which Asterisk, Twilio's {@code <Play>} and the SIP
 * adapter's G.711 encoder all take as is.
 *
 * <p>Export from the command line (the jar is runnable):
 * {@code java -jar queue-prompts-<version>.jar /var/lib/asterisk/sounds/callqueue}.
 *
 * <p>Immutable and safe to share between threads.
 */
public final class PromptPack {
  /** The index file of a pack: {@code sha256sum} output, one {@code <hash>  <path>} per line. */
  public static final String INDEX = "SHA256SUMS";

  private static final String SHIPPED_ROOT = "io/callqueue/prompts/default/";
  private static final PromptPack SHIPPED = new PromptPack(null);

  /** The directory, or null for the shipped pack on the class path. */
  private final Path directory;

  private PromptPack(Path directory) {
    this.directory = directory;
  }

  /** The recordings shipped in this module: every prompt key in English and Polish. */
  public static PromptPack shipped() {
    return SHIPPED;
  }

  /**
   * Recordings in a directory, {@code <root>/<language>/<key>.wav}. The directory is read on each
   * call, so files added or replaced later are seen.
   */
  public static PromptPack directory(Path root) {
    return new PromptPack(root.toAbsolutePath().normalize());
  }

  /**
   * A lookup over this pack: a queue owner's file first, then this pack's recording of the key in
   * the requested language, then in the fallback language.
   *
   * @throws IllegalArgumentException if the fallback language is not a language tag
   */
  public PromptLibrary library(String fallbackLanguage) {
    return new LayoutPromptLibrary(this, fallbackLanguage);
  }

  /**
   * The recording of a key in exactly this language (no fallback), if the pack has it.
   *
   * @throws IllegalArgumentException if the language or key is malformed (e.g. a key with
   *     {@code ..}: a key never leaves the pack)
   */
  public Optional<PromptRecording> find(String language, String key) {
    LayoutPromptLibrary.checkLanguage(language);
    LayoutPromptLibrary.checkKey(key);
    String relative = language + "/" + key + ".wav";
    URL url;
    try {
      if (directory == null) {
        url = PromptPack.class.getClassLoader().getResource(SHIPPED_ROOT + relative);
      } else {
        Path file = directory.resolve(relative);
        url = Files.isRegularFile(file) ? file.toUri().toURL() : null;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Optional.ofNullable(url).map(u -> new PromptRecording(language, key, u, false));
  }

  /**
   * The recording at a path of the layout, {@code <language>/<key>.wav} (e.g. the tail of an HTTP
   * request for {@code /prompts/en/digits/2.wav}), if the pack has it. A malformed path (no
   * language folder, another extension, a {@code ..} segment) is simply not found.
   */
  public Optional<PromptRecording> atPath(String path) {
    int slash = path.indexOf('/');
    if (slash < 0 || !path.endsWith(".wav")) {
      return Optional.empty();
    }
    try {
      return find(path.substring(0, slash), path.substring(slash + 1, path.length() - 4));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * Every recording of the pack, sorted by {@link PromptRecording#path()}. The shipped pack lists
   * its index; a directory lists its {@code .wav} files under a language folder whose names are
   * valid keys (other files are left out).
   *
   * @throws IOException if the directory or the index cannot be read
   */
  public List<PromptRecording> recordings() throws IOException {
    List<String> paths = directory == null ? shippedPaths() : directoryPaths();
    List<PromptRecording> out = new ArrayList<>();
    for (String path : paths) {
      atPath(path).ifPresent(out::add);
    }
    return out;
  }

  /** The languages with at least one recording, sorted. */
  public List<String> languages() throws IOException {
    return recordings().stream().map(PromptRecording::language).distinct().sorted().toList();
  }

  /**
   * Copies every recording to {@code <dir>/<language>/<key>.wav} and writes the pack's
   * {@link #INDEX} there ({@code sha256sum -c SHA256SUMS} checks the copy). Files already there
   * are replaced; other files are left alone. Creates the directory if needed.
   *
   * @return the number of recordings written
   * @throws IOException if a file cannot be read or written
   */
  public int exportTo(Path dir) throws IOException {
    StringBuilder index = new StringBuilder();
    List<PromptRecording> all = recordings();
    for (PromptRecording r : all) {
      byte[] bytes = r.bytes();
      Path target = dir.resolve(r.path().replace('/', File.separatorChar));
      Files.createDirectories(target.getParent());
      Path part = target.resolveSibling(target.getFileName() + ".part");
      Files.write(part, bytes);
      Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
      index.append(PromptRecording.sha256(bytes)).append("  ").append(r.path()).append('\n');
    }
    Files.writeString(dir.resolve(INDEX), index, StandardCharsets.UTF_8);
    return all.size();
  }

  private static List<String> shippedPaths() throws IOException {
    try (InputStream in = PromptPack.class.getClassLoader()
        .getResourceAsStream(SHIPPED_ROOT + INDEX)) {
      if (in == null) {
        throw new IOException("the shipped prompt pack has no " + INDEX);
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      return reader.lines().filter(line -> !line.isBlank())
          .map(line -> line.substring(line.indexOf("  ") + 2)).sorted().toList();
    }
  }

  private List<String> directoryPaths() throws IOException {
    if (!Files.isDirectory(directory)) {
      throw new IOException("prompt directory " + directory + " does not exist");
    }
    try (Stream<Path> files = Files.walk(directory)) {
      return files.filter(Files::isRegularFile)
          .map(f -> directory.relativize(f).toString().replace(File.separatorChar, '/'))
          .sorted(Comparator.naturalOrder())
          .toList();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /**
   * Exports the shipped pack: {@code java -jar queue-prompts.jar <dir>}.
   *
   * @param args one directory
   */
  public static void main(String[] args) {
    if (args.length != 1) {
      System.err.println("usage: java -jar queue-prompts.jar <directory>   (copies the default"
          + " prompt recordings to <directory>/<language>/<key>.wav)");
      System.exit(2);
    }
    Path dir = Path.of(args[0]);
    try {
      int n = shipped().exportTo(dir);
      System.out.println("wrote " + n + " recordings (" + String.join(", ", shipped().languages())
          + ") and " + INDEX + " to " + dir.toAbsolutePath());
    } catch (IOException e) {
      System.err.println("cannot export the prompts to " + dir.toAbsolutePath() + ": " + e);
      System.exit(1);
    }
  }

  @Override
  public String toString() {
    return directory == null ? "the shipped prompt pack" : "prompt pack " + directory;
  }
}
