package io.callqueue.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Strategy#byName}: ids and enum names, case-insensitive. */
class StrategyByNameTest {

  @ParameterizedTest(name = "\"{0}\" -> {1}")
  @CsvSource({
      "ringall,         RING_ALL",
      "linear,          LINEAR",
      "leastrecent,     LEAST_RECENT",
      "fewestcalls,     FEWEST_CALLS",
      "leasttalktime,   LEAST_TALK_TIME",
      "random,          RANDOM",
      "rrmemory,        ROUND_ROBIN",
      "RING_ALL,        RING_ALL",
      "round_robin,     ROUND_ROBIN",
      "Least_Talk_Time, LEAST_TALK_TIME",
      "RingAll,         RING_ALL",
      "'  linear  ',    LINEAR",
  })
  void byName_acceptsIdOrEnumName_anyCase_trimmed(String name, Strategy expected) {
    assertThat(Strategy.byName(name)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "bogus", "ring all", "roundrobin", "rr"})
  @NullSource
  void byName_unknownOrNull_isNull(String name) {
    assertThat(Strategy.byName(name)).isNull();
  }

  @ParameterizedTest
  @EnumSource(Strategy.class)
  void everyStrategy_isFoundByItsOwnId(Strategy s) {
    assertThat(Strategy.byName(s.id())).isSameAs(s);
  }
}
