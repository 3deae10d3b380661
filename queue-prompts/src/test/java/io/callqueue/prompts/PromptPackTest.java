package io.callqueue.prompts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callqueue.api.PromptSequence;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromptPackTest {
  @TempDir Path dir;

  @Test
  void shippedPack_listsEveryRecordingOfBothLanguages_inItsStableLayout() throws IOException {
    List<PromptRecording> all = PromptPack.shipped().recordings();

    assertThat(PromptPack.shipped().languages()).containsExactly("en", "pl");
    assertThat(all).extracting(PromptRecording::path)
        .contains("en/queue-position.wav", "en/digits/2.wav", "pl/ordinal/1000.wav")
        .isSorted()
        .doesNotHaveDuplicates();
    PromptRecording two = PromptPack.shipped().find("en", "digits/2").orElseThrow();
    assertThat(two.format().matches(PromptRecording.PCM_8K_MONO)).isTrue();
    assertThat(two.isCustom()).isFalse();
  }

  @Test
  void exportTo_writesTheLayoutAndAnIndexThatMatchesTheBytes() throws IOException {
    Path target = dir.resolve("sounds/callqueue");
    Files.createDirectories(target.resolve("en"));
    Files.writeString(target.resolve("en/queue-position.wav"), "stale");
    Files.writeString(target.resolve("operator-notes.txt"), "kept");

    int written = PromptPack.shipped().exportTo(target);

    List<PromptRecording> shipped = PromptPack.shipped().recordings();
    assertThat(written).isEqualTo(shipped.size());
    for (PromptRecording r : shipped) {
      assertThat(target.resolve(r.path())).as(r.path()).hasBinaryContent(r.bytes());
    }
    assertThat(target.resolve("operator-notes.txt")).hasContent("kept");
    List<String> index = Files.readAllLines(target.resolve(PromptPack.INDEX));
    assertThat(index).hasSize(written)
        .contains(shipped.get(0).sha256() + "  " + shipped.get(0).path());
    assertThat(PromptPack.directory(target).recordings()).extracting(PromptRecording::path)
        .as("the export reads back as a directory pack")
        .containsExactlyElementsOf(shipped.stream().map(PromptRecording::path).toList());
  }

  @Test
  void sha256_isStable_andChangesWithTheBytes() throws IOException {
    Path en = Files.createDirectories(dir.resolve("en"));
    Files.write(en.resolve("queue-thankyou.wav"),
        PromptPack.shipped().find("en", "queue-thankyou").orElseThrow().bytes());
    PromptPack pack = PromptPack.directory(dir);
    String first = pack.find("en", "queue-thankyou").orElseThrow().sha256();

    assertThat(pack.find("en", "queue-thankyou").orElseThrow().sha256()).isEqualTo(first)
        .isEqualTo(PromptPack.shipped().find("en", "queue-thankyou").orElseThrow().sha256())
        .hasSize(64);
    Files.write(en.resolve("queue-thankyou.wav"), new byte[] {1, 2, 3});
    assertThat(pack.find("en", "queue-thankyou").orElseThrow().sha256()).isNotEqualTo(first);
  }

  @Test
  void directoryPack_listsOnlyWavFilesNamedByAKeyInALanguageFolder() throws IOException {
    Files.createDirectories(dir.resolve("en/digits"));
    Files.createDirectories(dir.resolve("pl"));
    for (String f : List.of("en/digits/2.wav", "pl/minutes.wav", "loose.wav", "en/notes.txt",
        "en/has space.wav")) {
      Files.write(dir.resolve(f), new byte[] {1});
    }

    assertThat(PromptPack.directory(dir).recordings()).extracting(PromptRecording::path)
        .containsExactly("en/digits/2.wav", "pl/minutes.wav");
    assertThat(PromptPack.directory(dir).languages()).containsExactly("en", "pl");
  }

  @Test
  void atPath_findsARecordingByItsLayoutPath_andNothingOutsideIt() throws IOException {
    PromptPack pack = PromptPack.shipped();
    assertThat(pack.atPath("pl/digits/2.wav")).get().extracting(PromptRecording::key)
        .isEqualTo("digits/2");
    assertThat(pack.atPath("pl/digits/2.wav").orElseThrow().bytes())
        .isEqualTo(pack.find("pl", "digits/2").orElseThrow().bytes());
    for (String bad : List.of("en/../../etc/passwd.wav", "queue-position.wav",
        "en/queue-position.mp3", "en/no-such-key.wav", "en//x.wav", "")) {
      assertThat(pack.atPath(bad)).as(bad).isEmpty();
    }
  }

  @Test
  void missingDirectory_isAnErrorNamingIt() {
    Path gone = dir.resolve("gone");
    assertThatThrownBy(() -> PromptPack.directory(gone).recordings())
        .isInstanceOf(IOException.class).hasMessageContaining(gone.toString());
  }

  @Test
  void keyLeavingThePack_isRejected() {
    assertThatThrownBy(() -> PromptPack.shipped().find("en", "../../etc/passwd"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aPromptOfASequence_isFoundInTheSequencesLanguage() throws IOException {
    PromptSequence seq =
        new PromptSequence("pl", List.of(PromptSequence.Prompt.of("queue-position")));
    PromptRecording r = PromptLibrary.shipped().find(seq.language(), seq.prompts().get(0));
    assertThat(r.path()).isEqualTo("pl/queue-position.wav");
  }

  @Test
  void recordingOf_validatesKeyAndLanguage() throws IOException {
    var url = dir.toUri().toURL();
    assertThat(PromptRecording.of("en", "digits/2", url).path()).isEqualTo("en/digits/2.wav");
    assertThatThrownBy(() -> PromptRecording.of("en", "a/../b", url))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PromptRecording.of("e n", "x", url))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
