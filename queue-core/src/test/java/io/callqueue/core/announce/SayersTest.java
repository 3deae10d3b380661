package io.callqueue.core.announce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SayersTest {
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({"en, en", "pl, pl", "EN, en", "pl-PL, pl", "en-GB, en", "' pl ', pl"})
  void forLanguage_findsSayer_fallingBackToPrimaryLanguage(String tag, String language) {
    assertThat(Sayers.forLanguage(tag).language()).isEqualTo(language);
    assertThat(Sayers.isKnown(tag)).isTrue();
  }

  @Test
  void forLanguage_unknown_namesItAndTheKnownOnes() {
    assertThatThrownBy(() -> Sayers.forLanguage("de"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'de'")
        .hasMessageContaining("known languages: en, pl");
    assertThat(Sayers.isKnown("de")).isFalse();
  }

  @Test
  void forLanguage_null_isRejected() {
    assertThatThrownBy(() -> Sayers.forLanguage(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("null");
  }

  @Test
  void languages_areSorted() {
    assertThat(Sayers.languages()).containsExactly("en", "pl");
  }
}
