package io.callqueue.adapter.asterisk;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Finds the real Asterisk the tests talk to. In order:
 * <ol>
 *   <li>{@code CALLQUEUE_ASTERISK_HOME}: an installed tree (the folder holding
 *       {@code sbin/asterisk}, as {@code shared/asterisk/install.sh} prints it; {@code .ci/run}
 *       sets it);
 *   <li>{@code shared/asterisk/install.sh} in a folder above the working directory (the project's
 *       {@code ../shared}): installed on the fly into the project's {@code target/asterisk};
 *   <li>none: the test is skipped with a message naming the variable — except under
 *       {@code CI=true}, where it fails (CI never skips the Asterisk tests).
 * </ol>
 */
final class AsteriskHome {
  static final String VARIABLE = "CALLQUEUE_ASTERISK_HOME";
  private static Path found;

  private AsteriskHome() {}

  /** The Asterisk root (with {@code sbin/asterisk}), or the test is skipped (failed under CI). */
  static synchronized Path locate() {
    if (found != null) {
      return found;
    }
    String home = System.getenv(VARIABLE);
    if (home != null && !home.isBlank()) {
      Path root = Path.of(home).toAbsolutePath();
      if (!Files.isExecutable(root.resolve("sbin/asterisk"))
          && Files.isExecutable(root.resolve("ast/sbin/asterisk"))) {
        root = root.resolve("ast");
      }
      if (!Files.isExecutable(root.resolve("sbin/asterisk"))) {
        fail(VARIABLE + "=" + home + " holds no sbin/asterisk (install it with"
            + " shared/asterisk/install.sh DEST and point the variable at DEST/ast)");
      }
      found = root;
      return root;
    }
    Path project = Path.of("").toAbsolutePath();
    for (Path dir = project; dir != null; dir = dir.getParent()) {
      Path install = dir.resolve("shared/asterisk/install.sh");
      if (Files.isExecutable(install)) {
        found = install(install, projectRoot(project).resolve("target/asterisk"));
        return found;
      }
    }
    String message = "no Asterisk found: set " + VARIABLE + " to an Asterisk 22 tree (the folder"
        + " with sbin/asterisk, e.g. from ../shared/asterisk/install.sh DEST), or put the shared/"
        + " folder beside the project: Asterisk tests skipped";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      fail(message.replace("skipped", "must run under CI=true"));
    }
    assumeTrue(false, message);
    return null;
  }

  /**
   * {@code shared/asterisk/base-conf}: the housekeeping configs of a clean boot. Taken from the
   * installed tree's {@code base-conf/} ({@code .ci/run} and the on-the-fly install copy it there),
   * else from {@code shared/asterisk/base-conf} above the working directory, else from
   * {@code CALLQUEUE_ASTERISK_BASE_CONF}; otherwise the test fails saying where it looked.
   */
  static Path baseConf() {
    Path inTree = locate().resolve("base-conf");
    if (Files.isDirectory(inTree)) {
      return inTree;
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path conf = dir.resolve("shared/asterisk/base-conf");
      if (Files.isDirectory(conf)) {
        return conf;
      }
    }
    String explicit = System.getenv("CALLQUEUE_ASTERISK_BASE_CONF");
    if (explicit != null && Files.isDirectory(Path.of(explicit))) {
      return Path.of(explicit);
    }
    fail("shared/asterisk/base-conf not found above " + Path.of("").toAbsolutePath()
        + " (set CALLQUEUE_ASTERISK_BASE_CONF to it)");
    return null;
  }

  private static Path projectRoot(Path dir) {
    Path parent = dir.getParent();
    return parent != null && Files.exists(parent.resolve("pom.xml"))
        && Files.exists(parent.resolve("adapter-asterisk")) ? parent : dir;
  }

  private static Path install(Path script, Path dest) {
    if (Files.isExecutable(dest.resolve("ast/sbin/asterisk"))) {
      return dest.resolve("ast");
    }
    try {
      Files.createDirectories(dest);
      Path logFile = dest.resolve("install.log");
      Process p = new ProcessBuilder(script.toString(), dest.toString())
          .redirectErrorStream(true).redirectOutput(logFile.toFile()).start();
      if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
        p.destroyForcibly();
        fail(script + " " + dest + " failed: " + Files.readString(logFile));
      }
      List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
      Path root = Path.of(lines.get(lines.size() - 1).trim());
      Path conf = root.resolve("base-conf");
      Files.createDirectories(conf);
      try (DirectoryStream<Path> files = Files.newDirectoryStream(
          script.resolveSibling("base-conf"))) {
        for (Path file : files) {
          Files.copy(file, conf.resolve(file.getFileName().toString()),
              StandardCopyOption.REPLACE_EXISTING);
        }
      }
      return root;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
