package io.callqueue.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EstimateInputTest {
  private static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");
  private static final Duration D10 = Duration.ofSeconds(10);

  private static EstimateInput input(int position, int heavier, int serving, int available,
      List<Duration> talk, List<Duration> wrap) {
    return new EstimateInput(NOW, D10, position, heavier, serving, available, talk, wrap,
        Duration.ZERO, RecentHistory.empty());
  }

  @Test
  void withoutHeavierLoad_theLoadIsZero() {
    assertThat(input(1, 0, 1, 0, List.of(), List.of()).heavierLoad()).isZero();
    assertThat(new EstimateInput(NOW, D10, 1, 2, 3, 0, List.of(), List.of(), Duration.ZERO,
        RecentHistory.empty(), 1.5).heavierLoad()).isEqualTo(1.5);
  }

  @Test
  void callersAhead_countsThisQueueAndHeavierQueues() {
    assertThat(input(3, 4, 1, 0, List.of(), List.of()).callersAhead()).isEqualTo(6);
    assertThat(input(1, 0, 1, 0, List.of(), List.of()).callersAhead()).isZero();
  }

  @Test
  void agentsOtherwiseEngaged_areTheServingAgentsNotIdleTalkingOrWrapping() {
    EstimateInput in = input(1, 0, 5, 1, List.of(D10), List.of(D10));

    assertThat(in.agentsOtherwiseEngaged()).isEqualTo(2);
  }

  @Test
  void lists_areCopied() {
    List<Duration> talk = new ArrayList<>(List.of(D10));
    EstimateInput in = input(1, 0, 2, 0, talk, List.of());
    talk.add(D10);

    assertThat(in.talkElapsed()).hasSize(1);
  }

  @Test
  void rejectsInconsistentOrNegativeValues() {
    assertThatThrownBy(() -> input(0, 0, 1, 0, List.of(), List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("position");
    assertThatThrownBy(() -> input(1, -1, 1, 0, List.of(), List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("aheadInHeavier");
    assertThatThrownBy(() -> input(1, 0, 2, 1, List.of(D10), List.of(D10)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be <= agentsServing (2)");
    assertThatThrownBy(() -> input(1, 0, 2, 0, List.of(D10.negated()), List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("talkElapsed");
    assertThatThrownBy(() -> new EstimateInput(NOW, D10.negated(), 1, 0, 1, 0, List.of(),
        List.of(), Duration.ZERO, RecentHistory.empty()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("waited");
    for (double load : new double[] {-0.5, Double.NaN, Double.POSITIVE_INFINITY}) {
      assertThatThrownBy(() -> new EstimateInput(NOW, D10, 1, 0, 1, 0, List.of(), List.of(),
          Duration.ZERO, RecentHistory.empty(), load))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("heavierLoad");
    }
  }

  @Test
  void emptyStats_haveNoBasis() {
    RecentHistory empty = RecentHistory.empty();

    assertThat(empty.meanHandleSeconds()).isEmpty();
    assertThat(empty.abandonRatePerSecond()).isEmpty();
    assertThat(empty.lastDelay()).isEmpty();
    assertThat(empty.talkSamplesSeconds()).isEmpty();
    assertThat(empty.meanResidualTalkSeconds(D10)).isEmpty();
  }
}
