package io.callqueue.core.announce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callqueue.core.announce.Sayer.Unit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EnglishSayerTest {
  private final Sayer en = Sayers.forLanguage("en");

  @ParameterizedTest(name = "{0} is said \"{1}\"")
  @CsvSource({
      "0, zero",
      "7, seven",
      "13, thirteen",
      "19, nineteen",
      "20, twenty",
      "21, twenty one",
      "99, ninety nine",
      "100, one hundred",
      "115, one hundred fifteen",
      "340, three hundred forty",
      "999, nine hundred ninety nine",
      "1000, one thousand",
      "1001, one thousand one",
      "2025, two thousand twenty five",
      "3500, three thousand five hundred",
      "4070, four thousand seventy",
      "9999, nine thousand nine hundred ninety nine",
  })
  void number_saysCardinalWithoutAnd(int n, String spoken) {
    assertThat(Spoken.text("en", en.number(n))).isEqualTo(spoken);
  }

  @Test
  void number_usesDigitKeys() {
    assertThat(en.number(2025))
        .containsExactly("digits/2", "digits/thousand", "digits/20", "digits/5");
    assertThat(en.number(115)).containsExactly("digits/1", "digits/hundred", "digits/15");
  }

  @ParameterizedTest(name = "{0} {1} is said \"{2}\"")
  @CsvSource({
      "0, MINUTE, zero minutes",
      "1, MINUTE, one minute",
      "2, MINUTE, two minutes",
      "21, MINUTE, twenty one minutes",
      "1, SECOND, one second",
      "45, SECOND, forty five seconds",
      "1, HOUR, one hour",
      "3, HOUR, three hours",
  })
  void quantity_singularOnlyForExactlyOne(int count, Unit unit, String spoken) {
    assertThat(Spoken.text("en", en.quantity(count, unit))).isEqualTo(spoken);
  }

  @Test
  void position_isCardinalInsideTheSentence() {
    assertThat(en.position(2))
        .containsExactly("queue-position", "digits/2", "queue-position-end");
    assertThat(Spoken.text("en", en.position(21)))
        .isEqualTo("You are currently number twenty one in the queue.");
  }

  @ParameterizedTest(name = "{0}h {1}m {2}s is said \"{3}\"")
  @CsvSource({
      "0, 0, 0, zero seconds",
      "0, 0, 1, one second",
      "0, 2, 10, two minutes and ten seconds",
      "0, 5, 0, five minutes",
      "1, 0, 0, one hour",
      "2, 0, 30, two hours and thirty seconds",
      "1, 2, 5, one hour two minutes and five seconds",
  })
  void duration_leavesOutZeroPartsAndJoinsLastWithAnd(int h, int m, int s, String spoken) {
    assertThat(Spoken.text("en", en.duration(h, m, s))).isEqualTo(spoken);
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, 10_000, Integer.MAX_VALUE})
  void number_outsideRange_isRejected(int n) {
    assertThatThrownBy(() -> en.number(n))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0..9999")
        .hasMessageContaining(String.valueOf(n));
  }

  @Test
  void position_zero_isRejected() {
    assertThatThrownBy(() -> en.position(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void key_saysDigitsStarAndHash() {
    assertThat(en.key('0')).containsExactly("digits/0");
    assertThat(en.key('*')).containsExactly("digits/star");
    assertThat(en.key('#')).containsExactly("digits/hash");
    assertThatThrownBy(() -> en.key('A')).isInstanceOf(IllegalArgumentException.class);
  }
}
