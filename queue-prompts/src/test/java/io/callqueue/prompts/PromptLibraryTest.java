package io.callqueue.prompts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PromptLibraryTest {
  @TempDir Path root;
  private PromptLibrary library;

  @BeforeEach
  void setUp() throws IOException {
    for (String f : new String[] {"en/digits/2.wav", "en/queue-position.wav", "pl/minutes.wav",
        "en/minutes.wav"}) {
      Files.createDirectories(root.resolve(f).getParent());
      Files.write(root.resolve(f), new byte[] {1});
    }
    library = PromptLibrary.directory(root, "en");
  }

  @Test
  void keyWithSlash_resolvesToASubdirectoryOfTheLanguage() throws IOException {
    assertThat(library.locate("en", "digits/2", null))
        .isEqualTo(root.resolve("en/digits/2.wav").toUri().toURL());
  }

  @Test
  void keyMissingInTheLanguage_fallsBackToTheDefaultLanguage() throws IOException {
    assertThat(library.locate("pl", "minutes", null))
        .isEqualTo(root.resolve("pl/minutes.wav").toUri().toURL());
    assertThat(library.locate("pl", "queue-position", null))
        .isEqualTo(root.resolve("en/queue-position.wav").toUri().toURL());
  }

  @Test
  void customFile_winsOverTheDefault_andAMissingOneFallsBackToIt() throws IOException {
    Path custom = Files.write(root.resolve("owner.wav"), new byte[] {2});
    assertThat(library.locate("en", "minutes", custom)).isEqualTo(custom.toUri().toURL());
    assertThat(library.find("en", "minutes", custom).isCustom()).isTrue();
    PromptRecording fallback = library.find("en", "minutes", root.resolve("gone.wav"));
    assertThat(fallback.url()).isEqualTo(root.resolve("en/minutes.wav").toUri().toURL());
    assertThat(fallback.isCustom()).as("the caller can tell the owner's file was not used")
        .isFalse();
  }

  @Test
  void fallback_namesTheLanguageTheRecordingIsIn() throws IOException {
    PromptRecording r = library.find("pl", "queue-position", null);
    assertThat(r.language()).isEqualTo("en");
    assertThat(r.path()).isEqualTo("en/queue-position.wav");
  }

  @Test
  void overrideOnlyKey_playsTheQueuesFile_andAskingForItsDefaultIsAClearError()
      throws IOException {
    Files.write(root.resolve("en/queue-name.wav"), new byte[] {1}); // even if a pack had one
    Path own = Files.write(root.resolve("sales-name.wav"), new byte[] {3});
    PromptRecording r = library.find("en", "queue-name", own);
    assertThat(r.isCustom()).isTrue();
    assertThat(r.url()).isEqualTo(own.toUri().toURL());
    assertThatThrownBy(() -> library.find("en", "queue-name", null))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining("prompt key 'queue-name' has no default recording")
        .hasMessageContaining("none was given");
    assertThatThrownBy(() -> library.find("pl", "queue-name", root.resolve("gone.wav")))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining("no default recording").hasMessageContaining("not readable");
    assertThatThrownBy(() -> PromptLibrary.shipped().find("en", "queue-name", null))
        .isInstanceOf(NoSuchFileException.class).hasMessageContaining("no default recording");
  }

  @Test
  void unknownKey_isNoSuchFile() {
    assertThatThrownBy(() -> library.locate("en", "no-such-prompt", null))
        .isInstanceOf(NoSuchFileException.class).hasMessageContaining("no-such-prompt");
  }

  @ParameterizedTest(name = "key \"{0}\"")
  @ValueSource(strings = {"../secret", "digits/../../x", "/abs", "a//b", "a b", ""})
  void keysThatCouldLeaveTheRoot_areRejected(String key) {
    assertThatThrownBy(() -> library.locate("en", key, null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shippedLibrary_findsTheClassPathRecordingsInTheSameLayout() throws IOException {
    PromptLibrary shipped = PromptLibrary.shipped();
    assertThat(shipped.locate("pl", "digits/2", null).getPath())
        .endsWith("io/callqueue/prompts/default/pl/digits/2.wav");
    assertThat(shipped.find("de", "queue-position", null).path())
        .as("a language without recordings falls back to English")
        .isEqualTo("en/queue-position.wav");
  }

  @Test
  void checkPlayable_acceptsTheShippedRecordings_andNamesTheFileOfOneItCannotDecode()
      throws IOException {
    Path notAudio = Files.writeString(root.resolve("notes.wav"), "this is not audio");
    assertThatThrownBy(() -> PromptLibrary.checkPlayable(notAudio))
        .isInstanceOf(IOException.class).hasMessageContaining("notes.wav");
    Path shipped = root.resolve("shipped.wav");
    Files.write(shipped, PromptLibrary.shipped().find("en", "ivr-welcome", null).bytes());
    PromptLibrary.checkPlayable(shipped);
  }
}
