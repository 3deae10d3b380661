package io.callqueue.core.estimate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callqueue.spi.EstimateInput;
import io.callqueue.spi.WaitTimeEstimator;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EstimatorsTest {

  private static WaitTimeEstimator named(String name) {
    return new WaitTimeEstimator() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Optional<Duration> estimate(EstimateInput in) {
        return Optional.of(Duration.ofSeconds(42));
      }
    };
  }

  @Test
  void withBuiltIns_holdsTheFourByName() {
    Estimators e = Estimators.withBuiltIns();

    assertThat(e.names()).containsExactly("default", "asterisk-ema", "queue-length", "erlang-a");
    for (String name : e.names()) {
      assertThat(e.get(name).name()).isEqualTo(name);
    }
    assertThat(e.get(" erlang-a ")).isInstanceOf(ErlangAEstimator.class);
  }

  @Test
  void withBuiltInsAndPrevious_addsThePreviousDefaultForComparisons() {
    Estimators e = Estimators.withBuiltInsAndPrevious();

    assertThat(e.names()).containsExactly("default", "asterisk-ema", "queue-length", "erlang-a",
        Estimators.DEFAULT_PREVIOUS, Estimators.DEFAULT_RECOMPUTING);
    assertThat(e.get(Estimators.DEFAULT_PREVIOUS).name()).isEqualTo("default-previous");
    assertThat(e.get(Estimators.DEFAULT_RECOMPUTING).name()).isEqualTo("default-recomputing");
    assertThat(Estimators.withBuiltIns().contains(Estimators.DEFAULT_PREVIOUS)).isFalse();
    assertThat(Estimators.withBuiltIns().contains(Estimators.DEFAULT_RECOMPUTING)).isFalse();
  }

  @Test
  void get_unknownName_listsTheKnownOnes() {
    Estimators e = Estimators.withBuiltIns();

    assertThatThrownBy(() -> e.get("psychic"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown estimator 'psychic'; known: default, asterisk-ema, queue-length,"
            + " erlang-a");
    assertThat(e.contains("psychic")).isFalse();
  }

  @Test
  void register_addsAUsersEstimator() {
    Estimators e = Estimators.withBuiltIns().register(named("constant"));

    assertThat(e.contains("constant")).isTrue();
    assertThat(e.get("constant").estimate(Inputs.caller().serving(1).build()))
        .contains(Duration.ofSeconds(42));
    assertThat(e.names()).endsWith("constant");
  }

  @Test
  void register_rejectsTakenAndBlankNames() {
    Estimators e = Estimators.withBuiltIns();

    assertThatThrownBy(() -> e.register(named("default")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already registered");
    assertThatThrownBy(() -> e.register(named(" ")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("non-blank");
    assertThatThrownBy(() -> e.register(named("x ")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("surrounding");
  }
}
