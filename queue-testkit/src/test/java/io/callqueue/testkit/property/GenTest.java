package io.callqueue.testkit.property;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GenTest {
  private final Gen gen = new Gen(12345);

  @ParameterizedTest
  @CsvSource({"0, 0", "-3, 3", "10, 12", "2147483640, 2147483647"})
  void intIn_staysInRangeAndReachesBothEnds(int min, int max) {
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < 2000; i++) {
      int v = gen.intIn(min, max);
      assertThat(v).isBetween(min, max);
      seen.add(v);
    }
    assertThat(seen).contains(min, max);
  }

  @Test
  void longIn_upToMaxValue_staysInRange() {
    for (int i = 0; i < 1000; i++) {
      assertThat(gen.longIn(Long.MAX_VALUE - 2, Long.MAX_VALUE))
          .isGreaterThanOrEqualTo(Long.MAX_VALUE - 2);
    }
  }

  @Test
  void intIn_emptyRange_isRejected() {
    assertThatThrownBy(() -> gen.intIn(3, 2)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("empty range [3, 2]");
  }

  @Test
  void chance_zeroNeverOneAlways() {
    for (int i = 0; i < 500; i++) {
      assertThat(gen.chance(0)).isFalse();
      assertThat(gen.chance(1)).isTrue();
    }
    assertThatThrownBy(() -> gen.chance(1.5)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void oneOf_picksEveryValueAndRejectsNone() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 300; i++) {
      seen.add(gen.oneOf("a", "b", "c"));
    }
    assertThat(seen).containsExactlyInAnyOrder("a", "b", "c");
    assertThatThrownBy(() -> gen.oneOf(List.of())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void durationIn_isWholeMillisecondsInRange() {
    for (int i = 0; i < 500; i++) {
      Duration d = gen.durationIn(Duration.ofMillis(1500), Duration.ofSeconds(3));
      assertThat(d).isBetween(Duration.ofMillis(1500), Duration.ofSeconds(3));
      assertThat(d.getNano() % 1_000_000).isZero();
    }
    assertThat(gen.secondsIn(4, 4)).isEqualTo(Duration.ofSeconds(4));
  }

  @Test
  void exponential_hasTheRequestedMean() {
    long sum = 0;
    int n = 20_000;
    for (int i = 0; i < n; i++) {
      sum += gen.exponential(Duration.ofSeconds(10)).toMillis();
    }
    assertThat(sum / (double) n).isCloseTo(10_000, within(400.0));
  }

  @Test
  void shuffled_isAPermutationAndLeavesTheInputAlone() {
    List<Integer> in = List.of(1, 2, 3, 4, 5, 6, 7, 8);
    List<Integer> out = gen.shuffled(in);
    assertThat(out).containsExactlyInAnyOrderElementsOf(in);
    assertThat(in).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
  }

  @Test
  void choices_pickInProportionToWeightAndNeverAZeroWeight() {
    Choices<String> c = Choices.<String>builder().add(1, "rare").add(0, "never").add(3, "often")
        .build();
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < 40_000; i++) {
      counts.merge(gen.pick(c), 1, Integer::sum);
    }
    assertThat(counts).doesNotContainKey("never");
    assertThat(counts.get("often") / (double) counts.get("rare")).isCloseTo(3.0, within(0.15));
    assertThat(c.values()).containsExactly("rare", "never", "often");
  }

  @Test
  void choices_uniform_picksEach() {
    Choices<Integer> c = Choices.uniform(1, 2, 3);
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < 300; i++) {
      seen.add(c.pick(gen));
    }
    assertThat(seen).containsExactlyInAnyOrder(1, 2, 3);
  }

  @Test
  void choices_withoutPositiveWeight_orWithNegative_areRejected() {
    assertThatThrownBy(() -> Choices.<String>builder().add(0, "x").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one positive weight");
    assertThatThrownBy(() -> Choices.<String>builder().add(-1, "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("weight of x must be >= 0, was -1");
  }
}
