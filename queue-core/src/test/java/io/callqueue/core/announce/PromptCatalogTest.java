package io.callqueue.core.announce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callqueue.api.PromptSequence;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PromptCatalogTest {
  /**
   * Keys in the catalog that no builder emits on its own: the default periodic prompt, and the
   * prompts IVR scenarios play ({@code ivr-*}).
   */
  private static final Set<String> PERIODIC_ONLY =
      Set.of("queue-periodic", "ivr-welcome", "ivr-goodbye");

  /** Every key the language's sayer and the announcement builders can emit. */
  private static Set<String> emittedKeys(String language) {
    Sayer sayer = Sayers.forLanguage(language);
    Announcements a = Announcements.of(language, Map.of());
    Set<String> keys = new LinkedHashSet<>();
    for (int n = 0; n <= Sayer.MAX_NUMBER; n++) {
      keys.addAll(sayer.number(n));
      for (Sayer.Unit unit : Sayer.Unit.values()) {
        keys.addAll(sayer.quantity(n, unit));
      }
      if (n >= 1) {
        keys.addAll(sayer.position(n));
        keys.addAll(a.position(n).keys());
      }
    }
    for (char key : "0123456789*#".toCharArray()) {
      keys.addAll(a.options(key, key).keys());
    }
    List<PromptSequence> sequences = List.of(
        a.estimate(EstimateWording.LESS_THAN_A_MINUTE),
        a.estimate(EstimateWording.MORE_THAN_AN_HOUR),
        a.position(1, EstimateWording.LESS_THAN_A_MINUTE),
        a.callbackAck(), a.callbackUnavailable(), a.callbackWhisper(), a.confirmAnswer(),
        a.voicemailIntro(),
        a.noAgent());
    sequences.forEach(s -> keys.addAll(s.keys()));
    for (int m = 1; m <= 60; m++) {
      keys.addAll(a.estimate(EstimateWording.aboutMinutes(m)).keys());
    }
    for (long s = 0; s <= 3 * 3600; s++) {
      keys.addAll(a.holdTime(Duration.ofSeconds(s)).keys());
    }
    return keys;
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"en", "pl"})
  void catalog_hasEveryEmittedKey_andNothingElse(String language) {
    Set<String> emitted = emittedKeys(language);
    Set<String> catalog = PromptCatalog.forLanguage(language).keySet();
    assertThat(catalog).as("keys emitted but missing from the catalog").containsAll(emitted);
    Set<String> unused = new TreeSet<>(catalog);
    unused.removeAll(emitted);
    assertThat(unused).as("catalog keys nothing emits").isEqualTo(PERIODIC_ONLY);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"en", "pl"})
  void catalog_keysAreOverridableAndTextsNonBlank(String language) {
    assertThat(PromptCatalog.forLanguage(language)).allSatisfy((key, text) -> {
      assertThat(key).matches("[a-z0-9][a-z0-9/_\\-]*");
      assertThat(text).isNotBlank();
    });
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"en", "pl"})
  void queueName_isOverrideOnly_replaceableButWithNoDefault(String language) {
    assertThat(PromptCatalog.isOverrideOnly("queue-name")).isTrue();
    assertThat(PromptCatalog.isOverrideOnly("queue-position")).isFalse();
    assertThat(PromptCatalog.overrideOnly()).containsOnlyKeys("queue-name");
    assertThat(PromptCatalog.forLanguage(language)).doesNotContainKey("queue-name");
    assertThat(PromptCatalog.text(language, "queue-name")).isEmpty();
    assertThat(PromptCatalog.isReplaceable(language, "queue-name")).isTrue();
    assertThat(PromptCatalog.isReplaceable(language, "queue-thankyou")).isTrue();
    assertThat(PromptCatalog.isReplaceable(language, "queue-nmae")).isFalse();
  }

  @Test
  void catalog_languagesMatchSayers() {
    assertThat(PromptCatalog.languages()).isEqualTo(Sayers.languages());
  }

  @Test
  void text_givesDefaultWording() {
    assertThat(PromptCatalog.text("en", "queue-position")).contains("You are currently number");
    assertThat(PromptCatalog.text("pl", "queue-position"))
        .contains("Aktualnie znajdujesz się w kolejce na pozycji");
    assertThat(PromptCatalog.text("pl-PL", "queue-callback-ack"))
        .contains("Wkrótce do Państwa oddzwonimy.");
    assertThat(PromptCatalog.text("en", "ordinal/2")).isEmpty();
  }

  @Test
  void forLanguage_unknown_isRejected() {
    assertThatThrownBy(() -> PromptCatalog.forLanguage("xx"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'xx'");
  }

  @Test
  void forLanguage_isUnmodifiable() {
    assertThatThrownBy(() -> PromptCatalog.forLanguage("en").put("x", "y"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void load_malformedLine_failsNamingTheLine() {
    assertThatThrownBy(() -> PromptCatalog.load("malformed-catalog.txt"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("line 3");
  }

  @Test
  void load_duplicateKey_fails() {
    assertThatThrownBy(() -> PromptCatalog.load("duplicate-catalog.txt"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("duplicate key digits/1");
  }

  @Test
  void load_missingResource_fails() {
    assertThatThrownBy(() -> PromptCatalog.load("prompts-xx.txt"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("missing");
  }
}
