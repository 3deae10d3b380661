package io.callqueue.core.announce;

import static org.assertj.core.api.Assertions.assertThat;

import io.callqueue.core.announce.PolishSayer.Form;
import io.callqueue.core.announce.Sayer.Unit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PolishSayerTest {
  private final Sayer pl = Sayers.forLanguage("pl");

  @ParameterizedTest(name = "{0} is said \"{1}\"")
  @CsvSource({
      "0, zero",
      "1, jeden",
      "2, dwa",
      "12, dwanaście",
      "21, dwadzieścia jeden",
      "100, sto",
      "101, sto jeden",
      "115, sto piętnaście",
      "200, dwieście",
      "999, dziewięćset dziewięćdziesiąt dziewięć",
      "1000, tysiąc",
      "1001, tysiąc jeden",
      "2000, dwa tysiące",
      "2025, dwa tysiące dwadzieścia pięć",
      "4300, cztery tysiące trzysta",
      "5000, pięć tysięcy",
      "9999, dziewięć tysięcy dziewięćset dziewięćdziesiąt dziewięć",
  })
  void number_saysCardinalWithThousandsInTheirPluralForm(int n, String spoken) {
    assertThat(Spoken.text("pl", pl.number(n))).isEqualTo(spoken);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "0, MANY", "1, ONE", "2, FEW", "4, FEW", "5, MANY", "11, MANY", "12, MANY", "14, MANY",
      "21, MANY", "22, FEW", "24, FEW", "25, MANY", "101, MANY", "102, FEW", "112, MANY",
      "113, MANY", "122, FEW", "1000, MANY", "1004, FEW",
  })
  void form_followsOneFewManyRule(int n, Form form) {
    assertThat(PolishSayer.form(n)).isEqualTo(form);
  }

  @ParameterizedTest(name = "{0} minutes is said \"{1}\"")
  @CsvSource({
      "0, zero minut",
      "1, jedna minuta",
      "2, dwie minuty",
      "3, trzy minuty",
      "4, cztery minuty",
      "5, pięć minut",
      "11, jedenaście minut",
      "12, dwanaście minut",
      "13, trzynaście minut",
      "14, czternaście minut",
      "21, dwadzieścia jeden minut",
      "22, dwadzieścia dwie minuty",
      "24, dwadzieścia cztery minuty",
      "25, dwadzieścia pięć minut",
      "101, sto jeden minut",
      "102, sto dwie minuty",
      "112, sto dwanaście minut",
      "122, sto dwadzieścia dwie minuty",
      "1000, tysiąc minut",
      "1002, tysiąc dwie minuty",
      "2000, dwa tysiące minut",
  })
  void minutes_useFeminineNumeralsAndPluralForms(int count, String spoken) {
    assertThat(Spoken.text("pl", pl.quantity(count, Unit.MINUTE))).isEqualTo(spoken);
  }

  @ParameterizedTest(name = "{0} {1} is said \"{2}\"")
  @CsvSource({
      "1, SECOND, jedna sekunda",
      "3, SECOND, trzy sekundy",
      "15, SECOND, piętnaście sekund",
      "42, SECOND, czterdzieści dwie sekundy",
      "1, HOUR, jedna godzina",
      "2, HOUR, dwie godziny",
      "5, HOUR, pięć godzin",
      "12, HOUR, dwanaście godzin",
      "22, HOUR, dwadzieścia dwie godziny",
  })
  void secondsAndHours_followTheSameRules(int count, Unit unit, String spoken) {
    assertThat(Spoken.text("pl", pl.quantity(count, unit))).isEqualTo(spoken);
  }

  @ParameterizedTest(name = "position {0} is \"na pozycji {1}\"")
  @CsvSource({
      "1, pierwszej",
      "2, drugiej",
      "3, trzeciej",
      "10, dziesiątej",
      "11, jedenastej",
      "12, dwunastej",
      "20, dwudziestej",
      "21, dwudziestej pierwszej",
      "30, trzydziestej",
      "99, dziewięćdziesiątej dziewiątej",
      "100, setnej",
      "101, sto pierwszej",
      "110, sto dziesiątej",
      "112, sto dwunastej",
      "121, sto dwudziestej pierwszej",
      "200, dwusetnej",
      "300, trzechsetnej",
      "1000, tysięcznej",
      "1100, tysiąc setnej",
      "1984, tysiąc dziewięćset osiemdziesiątej czwartej",
      "2000, dwutysięcznej",
      "2021, dwa tysiące dwudziestej pierwszej",
      "2200, dwa tysiące dwusetnej",
      "5000, pięciotysięcznej",
      "9999, dziewięć tysięcy dziewięćset dziewięćdziesiątej dziewiątej",
  })
  void position_isFeminineLocativeOrdinal_inflectingOnlyTensAndUnits(int n, String ordinal) {
    assertThat(Spoken.text("pl", pl.position(n)))
        .isEqualTo("Aktualnie znajdujesz się w kolejce na pozycji " + ordinal);
  }

  @Test
  void position_usesOrdinalKeys() {
    assertThat(pl.position(121))
        .containsExactly("queue-position", "digits/100", "ordinal/20", "ordinal/1");
  }

  @ParameterizedTest(name = "{0}h {1}m {2}s is said \"{3}\"")
  @CsvSource({
      "0, 0, 0, zero sekund",
      "0, 2, 10, dwie minuty i dziesięć sekund",
      "1, 0, 0, jedna godzina",
      "1, 1, 1, jedna godzina jedna minuta i jedna sekunda",
      "2, 22, 0, dwie godziny i dwadzieścia dwie minuty",
  })
  void duration_joinsPartsWithI(int h, int m, int s, String spoken) {
    assertThat(Spoken.text("pl", pl.duration(h, m, s))).isEqualTo(spoken);
  }
}
