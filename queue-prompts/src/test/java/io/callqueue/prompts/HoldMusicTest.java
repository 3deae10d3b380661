package io.callqueue.prompts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HoldMusicTest {

  @Test
  void theDefaultLoopShipsAsA8kMonoRecordingWithAStableHash() throws Exception {
    PromptRecording music = HoldMusic.shippedDefault();
    assertThat(music.key()).isEqualTo("moh/default");
    assertThat(music.language()).isEqualTo("zxx");
    assertThat(music.format().matches(PromptRecording.PCM_8K_MONO)).isTrue();
    assertThat(music.pcm().length).as("at least a few seconds of music").isGreaterThan(16000 * 5);
    assertThat(music.sha256()).matches("[0-9a-f]{64}")
        .isEqualTo(HoldMusic.shipped("default").orElseThrow().sha256());
  }

  @Test
  void anUnknownClassHasNoShippedMusicAndAPathIsRefused() {
    assertThat(HoldMusic.shipped("jazz")).isEmpty();
    assertThatThrownBy(() -> HoldMusic.shipped("../default"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HoldMusic.shipped("moh/default"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'/'");
  }
}
