package io.callqueue.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.callqueue.core.announce.Announcements;
import io.callqueue.core.announce.EstimateWording;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PromptTextTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "en | You are currently number two in the queue. Your estimated waiting time is about three"
          + " minutes. Thank you for your patience.",
      "pl | Aktualnie znajdujesz się w kolejce na pozycji drugiej. Przewidywany czas oczekiwania"
          + " to mniej więcej trzy minuty. Dziękujemy za cierpliwość."})
  void positionWithEstimate_readsAsSentences(String language, String expected) {
    Announcements a = Announcements.of(language, Map.of());
    assertThat(PromptText.of(a.position(2, EstimateWording.aboutMinutes(3)))).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "en | 130 | The caller has waited two minutes and ten seconds.",
      "pl | 130 | Czas oczekiwania klienta: dwie minuty i dziesięć sekund."})
  void holdTimeWhisper_endsWithFullStop(String language, long seconds, String expected) {
    Announcements a = Announcements.of(language, Map.of());
    assertThat(PromptText.of(a.holdTime(Duration.ofSeconds(seconds)))).isEqualTo(expected);
  }
}
