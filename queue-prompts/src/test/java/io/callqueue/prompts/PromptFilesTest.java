package io.callqueue.prompts;

import static org.assertj.core.api.Assertions.assertThat;

import io.callqueue.core.announce.PromptCatalog;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Keeps the shipped recordings, {@code io/callqueue/prompts/default/<language>/<key>.wav}, in step
 * with queue-core's {@link PromptCatalog}: every key of every language has a playable 8 kHz mono
 * 16-bit PCM WAV, the directory holds nothing else, and the pack's index lists exactly those files
 * with their hashes. A failure here means {@code tools/generate-prompts.sh} was not rerun after a
 * catalog changed.
 */
class PromptFilesTest {
  private static final String ROOT = "io/callqueue/prompts/default";

  static List<String> languages() {
    return PromptCatalog.languages();
  }

  @Test
  void overrideOnlyKeys_areTheCatalogs_andHaveNoShippedRecording() {
    assertThat(PromptLibrary.OVERRIDE_ONLY_KEYS)
        .containsExactlyInAnyOrderElementsOf(PromptCatalog.overrideOnly().keySet());
    for (String language : languages()) {
      for (String key : PromptLibrary.OVERRIDE_ONLY_KEYS) {
        assertThat(PromptFilesTest.class.getClassLoader()
            .getResource(ROOT + "/" + language + "/" + key + ".wav")).as(key).isNull();
      }
    }
  }

  @ParameterizedTest
  @MethodSource("languages")
  void everyCatalogKey_hasAPlayableEightKilohertzMonoPcmWav(String language)
      throws IOException, UnsupportedAudioFileException {
    SoftAssertions softly = new SoftAssertions();
    for (String key : PromptCatalog.forLanguage(language).keySet()) {
      String resource = ROOT + "/" + language + "/" + key + ".wav";
      URL url = PromptFilesTest.class.getClassLoader().getResource(resource);
      softly.assertThat(url).as("recording %s", resource).isNotNull();
      if (url == null) {
        continue;
      }
      AudioFileFormat file = AudioSystem.getAudioFileFormat(url);
      AudioFormat format = file.getFormat();
      softly.assertThat(file.getType()).as("type of %s", resource)
          .isEqualTo(AudioFileFormat.Type.WAVE);
      softly.assertThat(format.getSampleRate()).as("sample rate of %s", resource)
          .isEqualTo(8000f);
      softly.assertThat(format.getChannels()).as("channels of %s", resource).isEqualTo(1);
      softly.assertThat(format.getEncoding()).as("encoding of %s", resource)
          .isEqualTo(AudioFormat.Encoding.PCM_SIGNED);
      softly.assertThat(format.getSampleSizeInBits()).as("sample size of %s", resource)
          .isEqualTo(16);
      double seconds = file.getFrameLength() / (double) format.getFrameRate();
      softly.assertThat(seconds).as("duration of %s", resource).isBetween(0.15, 10.0);
      softly.assertThat(decodedBytes(url)).as("decoded bytes of %s", resource)
          .isEqualTo((long) file.getFrameLength() * format.getFrameSize());
    }
    softly.assertAll();
  }

  /**
   * Lists the committed sources rather than the classpath copy, which a build without
   * {@code clean} leaves holding files deleted since; surefire runs in the module directory.
   */
  @Test
  void promptsDirectory_holdsOnlyRecordingsOfCatalogKeys() throws IOException {
    Path root = Path.of("src", "main", "resources", ROOT);
    assertThat(root).as("committed recordings").isDirectory();
    Set<String> expected =
        languages().stream()
            .flatMap(language -> PromptCatalog.forLanguage(language).keySet().stream()
                .map(key -> language + "/" + key + ".wav"))
            .collect(Collectors.toSet());

    List<String> unexpected;
    try (Stream<Path> files = Files.walk(root)) {
      unexpected = files.filter(Files::isRegularFile)
          .map(file -> root.relativize(file).toString().replace(File.separatorChar, '/'))
          .filter(file -> !expected.contains(file) && !file.equals(PromptPack.INDEX))
          .sorted()
          .toList();
    }

    assertThat(unexpected).as("files under %s without a catalog key", root).isEmpty();
  }

  @Test
  void index_listsEveryCommittedRecordingWithItsHash() throws IOException {
    Path root = Path.of("src", "main", "resources", ROOT);
    List<Path> recordings;
    try (Stream<Path> files = Files.walk(root)) {
      recordings = files.filter(f -> Files.isRegularFile(f) && f.toString().endsWith(".wav"))
          .toList();
    }
    List<String> expected = new ArrayList<>();
    for (Path f : recordings) {
      expected.add(PromptRecording.sha256(Files.readAllBytes(f)) + "  "
          + root.relativize(f).toString().replace(File.separatorChar, '/'));
    }
    expected.sort(Comparator.comparing(line -> line.substring(line.indexOf("  "))));

    assertThat(Files.readAllLines(root.resolve(PromptPack.INDEX)))
        .as("%s (rerun tools/generate-prompts.sh)", PromptPack.INDEX)
        .containsExactlyElementsOf(expected);
  }

  private static long decodedBytes(URL url) throws IOException, UnsupportedAudioFileException {
    try (AudioInputStream audio = AudioSystem.getAudioInputStream(url)) {
      return audio.transferTo(OutputStream.nullOutputStream());
    }
  }
}
