package io.callqueue.core.announce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callqueue.api.PromptSequence;
import io.callqueue.api.PromptSequence.Prompt;
import io.callqueue.api.QueueConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AnnouncementsTest {
  private static final Path OWN_POSITION = Path.of("/prompts/support/position.wav");
  private static final Path OWN_TWO = Path.of("/prompts/support/two.wav");

  private final Announcements en = Announcements.of("en", Map.of());
  private final Announcements pl = Announcements.of("pl", Map.of());

  private static String spoken(PromptSequence seq) {
    return Spoken.text(seq.language(), seq.keys());
  }

  @Test
  void position_english_saysNumberAndThanks_withDefaultRecordings() {
    PromptSequence seq = en.position(2);
    assertThat(seq.language()).isEqualTo("en");
    assertThat(seq.keys())
        .containsExactly("queue-position", "digits/2", "queue-position-end", "queue-thankyou");
    assertThat(seq.prompts()).extracting(Prompt::customFile).containsOnlyNulls();
  }

  @Test
  void position_polishWithEstimate_isOneSentenceInNominative() {
    PromptSequence seq = pl.position(21, EstimateWording.aboutMinutes(5));
    assertThat(spoken(seq)).isEqualTo("Aktualnie znajdujesz się w kolejce na pozycji dwudziestej"
        + " pierwszej Przewidywany czas oczekiwania to mniej więcej pięć minut"
        + " Dziękujemy za cierpliwość.");
  }

  @Test
  void position_englishWithEstimate_putsEstimateBeforeThanks() {
    PromptSequence seq = en.position(3, EstimateWording.aboutMinutes(1));
    assertThat(spoken(seq)).isEqualTo("You are currently number three in the queue."
        + " Your estimated waiting time is about one minute Thank you for your patience.");
  }

  @ParameterizedTest(name = "{0} s in {1}: \"{2}\"")
  @CsvSource({
      "30, en, Your estimated waiting time is less than a minute.",
      "30, pl, Przewidywany czas oczekiwania to mniej niż minuta.",
      "130, pl, Przewidywany czas oczekiwania to mniej więcej dwie minuty",
      "1300, pl, Przewidywany czas oczekiwania to mniej więcej dwadzieścia minut",
      "4000, en, Your estimated waiting time is more than an hour.",
      "4000, pl, Przewidywany czas oczekiwania to więcej niż godzina.",
  })
  void estimate_saysRoundedWording(long seconds, String language, String said) {
    Announcements a = Announcements.of(language, Map.of());
    assertThat(spoken(a.estimate(EstimateWording.of(Duration.ofSeconds(seconds))))).isEqualTo(said);
  }

  @ParameterizedTest(name = "{0} ms waited is said as {1} s")
  @CsvSource({
      "-5000, 0",
      "0, 0",
      "7499, 7",
      "7500, 8",
      "59499, 59",
      "59600, 60",
      "130000, 130",
      "134000, 130",
      "135000, 140",
      "595000, 600",
      "629000, 600",
      "630000, 660",
      "3599000, 3600",
      "3661000, 3660",
  })
  void roundHoldTime_secondsThenTensThenMinutes(long millis, long seconds) {
    assertThat(Announcements.roundHoldTime(Duration.ofMillis(millis)))
        .isEqualTo(Duration.ofSeconds(seconds));
  }

  @ParameterizedTest(name = "{0} s in {1}: \"{2}\"")
  @CsvSource({
      "130, en, The caller has waited two minutes and ten seconds",
      "130, pl, Czas oczekiwania klienta: dwie minuty i dziesięć sekund",
      "41, pl, Czas oczekiwania klienta: czterdzieści jeden sekund",
      "60, pl, Czas oczekiwania klienta: jedna minuta",
      "3725, en, The caller has waited one hour and two minutes",
      "0, en, The caller has waited zero seconds",
  })
  void holdTime_whisperSaysRoundedHoldTime(long seconds, String language, String said) {
    Announcements a = Announcements.of(language, Map.of());
    assertThat(spoken(a.holdTime(Duration.ofSeconds(seconds)))).isEqualTo(said);
  }

  @Test
  void fixedPrompts_useTheirKeys() {
    assertThat(pl.callbackAck().keys()).containsExactly("queue-callback-ack");
    assertThat(spoken(pl.callbackAck())).isEqualTo("Wkrótce do Państwa oddzwonimy.");
    assertThat(en.voicemailIntro().keys()).containsExactly("queue-voicemail-intro");
    assertThat(en.noAgent().keys()).containsExactly("queue-no-agent");
    assertThat(en.callbackWhisper().keys()).containsExactly("agent-callback");
  }

  @Test
  void queueName_precedesTheAgentsWhispers_onlyWhenTheQueueHasItsRecording() {
    Path name = Path.of("/prompts/sales/name.wav");
    Announcements own = Announcements.of("en", Map.of("queue-name", name));
    Prompt said = new Prompt("queue-name", name);
    assertThat(own.agentWhisper(Duration.ofSeconds(5)).prompts()).first().isEqualTo(said);
    assertThat(own.agentWhisper(Duration.ofSeconds(5)).keys()).containsExactly(
        "queue-name", "agent-hold-time", "digits/5", "seconds");
    assertThat(own.agentWhisper(null).prompts()).containsExactly(said);
    assertThat(own.callbackWhisper().keys()).containsExactly("queue-name", "agent-callback");
    // no recording of the name: the whispers are as before, the key is never asked for
    assertThat(en.agentWhisper(null)).isNull();
    assertThat(en.agentWhisper(Duration.ofSeconds(5))).isEqualTo(en.holdTime(Duration.ofSeconds(5)));
    assertThat(en.callbackWhisper().keys()).containsExactly("agent-callback");
  }

  @Test
  void options_sayEnabledKeysOnly() {
    assertThat(spoken(pl.options('0', '1')))
        .isEqualTo("Aby zostawić wiadomość, naciśnij zero Aby poprosić o oddzwonienie, naciśnij"
            + " jeden");
    assertThat(en.options(null, '#').keys())
        .containsExactly("queue-option-callback", "digits/hash");
    assertThat(en.options(null, null).prompts()).isEmpty();
  }

  @Test
  void overrides_replaceExactlyTheirKeys() {
    Announcements own = Announcements.of("en",
        Map.of("queue-position", OWN_POSITION, "digits/2", OWN_TWO));
    PromptSequence seq = own.position(22);
    assertThat(seq.prompts()).containsExactly(
        new Prompt("queue-position", OWN_POSITION),
        new Prompt("digits/20", null),
        new Prompt("digits/2", OWN_TWO),
        new Prompt("queue-position-end", null),
        new Prompt("queue-thankyou", null));
  }

  @Test
  void periodic_keepsKeysInOrder_andOwnRecordingsMakeUnknownKeysPlayable() {
    Path promo = Path.of("/prompts/support/promo.wav");
    Announcements own = Announcements.of("pl", Map.of("promo-summer", promo));
    PromptSequence seq = own.periodic(List.of("queue-periodic", "promo-summer"));
    assertThat(seq.prompts()).containsExactly(
        new Prompt("queue-periodic", null), new Prompt("promo-summer", promo));
    assertThat(own.canPlay("promo-summer")).isTrue();
    assertThat(pl.canPlay("promo-summer")).isFalse();
    assertThat(pl.unplayable(List.of("queue-periodic", "promo-summer", "queue-thankyou")))
        .containsExactly("promo-summer");
  }

  @Test
  void forQueue_takesLanguageAndOverridesFromConfig(@TempDir Path dir) throws IOException {
    Path ack = Files.writeString(dir.resolve("ack.wav"), "RIFF");
    QueueConfig config = QueueConfig.builder("support")
        .language("pl-PL")
        .promptOverride("queue-callback-ack", ack)
        .build();
    PromptSequence seq = Announcements.forQueue(config).callbackAck();
    assertThat(seq.language()).isEqualTo("pl");
    assertThat(seq.prompts()).containsExactly(new Prompt("queue-callback-ack", ack));
  }

  @Test
  void unknownLanguage_isRejectedNamingKnownOnes() {
    assertThatThrownBy(() -> Announcements.of("de", Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'de'")
        .hasMessageContaining("en, pl");
  }

  @Test
  void position_outsideSayableRange_isRejected() {
    assertThatThrownBy(() -> en.position(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> pl.position(10_000)).isInstanceOf(IllegalArgumentException.class);
  }
}
