package io.callqueue.core.estimate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import io.callqueue.api.AgentId;
import io.callqueue.api.CallId;
import io.callqueue.api.CallOutcome;
import io.callqueue.api.QueueEvent;
import io.callqueue.api.QueueId;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EstimateLogTest {
  private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
  private static final QueueId Q = QueueId.of("sales");

  private static QueueEvent.WaitEstimated estimated(String call, long at, String estimator,
      long estimate) {
    return estimated(call, Q, at, estimator, estimate);
  }

  private static QueueEvent.WaitEstimated estimated(String call, QueueId queue, long at,
      String estimator, long estimate) {
    return new QueueEvent.WaitEstimated(T0.plusSeconds(at), CallId.of(call), queue, estimator, 1,
        Duration.ofSeconds(at), Duration.ofSeconds(estimate));
  }

  private static QueueEvent.CallerLeft left(String call, QueueId queue, long at,
      CallOutcome outcome) {
    return new QueueEvent.CallerLeft(T0.plusSeconds(at), CallId.of(call), queue, "", outcome,
        outcome == CallOutcome.ANSWERED ? AgentId.of("anna") : null, null,
        Duration.ofSeconds(at), 1);
  }

  /** Feeds the scenario the accuracy test computes by hand. */
  private static void scenario(EstimateLog log) {
    // c1 hears two "default" estimates and one "queue-length" estimate, answered at 70
    log.onEvent(estimated("c1", 10, "default", 60)); // actual 60, error 0
    log.onEvent(estimated("c1", 10, "queue-length", 90)); // actual 60, error +30
    log.onEvent(estimated("c1", 40, "default", 20)); // actual 30, error -10
    log.onEvent(left("c1", Q, 70, CallOutcome.ANSWERED));
    // c2 abandons: censored
    log.onEvent(estimated("c2", 0, "default", 100));
    log.onEvent(left("c2", Q, 20, CallOutcome.ABANDONED));
    // c3 answered at the instant of the announcement: actual 0, error +10
    log.onEvent(estimated("c3", 50, "default", 10));
    log.onEvent(left("c3", Q, 50, CallOutcome.ANSWERED));
    // c4 never heard an estimate
    log.onEvent(left("c4", Q, 80, CallOutcome.ANSWERED));
  }

  @Test
  void answeredCallers_becomeObservationsOfTheRemainingWait() {
    EstimateLog log = new EstimateLog();
    scenario(log);

    assertThat(log.observations()).extracting(EstimateObservation::estimator,
            o -> o.estimate().getSeconds(), o -> o.actualWait().getSeconds())
        .containsExactly(
            tuple("default", 60L, 60L),
            tuple("queue-length", 90L, 60L),
            tuple("default", 20L, 30L),
            tuple("default", 10L, 0L));
    assertThat(log.observations().get(0).announcedAt()).isEqualTo(T0.plusSeconds(10));
    assertThat(log.observations().get(2).errorSeconds()).isEqualTo(-10);
    assertThat(log.censoredCount()).isEqualTo(1);
    assertThat(log.pendingCount()).isZero();
  }

  @Test
  void accuracy_perEstimator() {
    EstimateLog log = new EstimateLog();
    scenario(log);

    // default: errors 0, -10, +10; actual 60, 30, 0
    //   RMSE sqrt((0 + 100 + 100) / 3) = 8.165; MAE 20 / 3 = 6.667; bias 0; mean actual 30;
    //   relative RMSE 8.165 / 30 = 0.2722; mean relative error (0/60 + 10/30) / 2 = 0.1667
    //   (the zero actual wait is left out of the relative mean)
    EstimateAccuracy d = log.accuracy("default").orElseThrow();
    assertThat(d.count()).isEqualTo(3);
    assertThat(d.rmseSeconds()).isCloseTo(Math.sqrt(200.0 / 3), within(1e-9));
    assertThat(d.maeSeconds()).isCloseTo(20.0 / 3, within(1e-9));
    assertThat(d.biasSeconds()).isCloseTo(0, within(1e-9));
    assertThat(d.meanActualSeconds()).isCloseTo(30, within(1e-9));
    assertThat(d.relativeRmse()).isCloseTo(Math.sqrt(200.0 / 3) / 30, within(1e-9));
    assertThat(d.meanRelativeError()).isCloseTo(1.0 / 6, within(1e-9));
    // queue-length: one error of +30 on an actual 60
    EstimateAccuracy ql = log.accuracy("queue-length").orElseThrow();
    assertThat(ql.count()).isEqualTo(1);
    assertThat(ql.rmseSeconds()).isEqualTo(30);
    assertThat(ql.maeSeconds()).isEqualTo(30);
    assertThat(ql.biasSeconds()).isEqualTo(30);
    assertThat(ql.meanRelativeError()).isEqualTo(0.5);
    assertThat(log.accuracy().keySet()).containsExactly("default", "queue-length");
    assertThat(log.accuracy("erlang-a")).isEmpty();
  }

  @Test
  void aggregatesOnly_keepsNoObservationsButTheSameAccuracy() {
    EstimateLog full = new EstimateLog();
    EstimateLog aggregates = EstimateLog.aggregatesOnly();
    scenario(full);
    scenario(aggregates);

    assertThat(aggregates.observations()).isEmpty();
    assertThat(aggregates.accuracy()).isEqualTo(full.accuracy());
  }

  @Test
  void everyOutcomeButAnswered_isCensored() {
    EstimateLog log = new EstimateLog();
    int i = 0;
    for (CallOutcome outcome : CallOutcome.values()) {
      if (outcome == CallOutcome.ANSWERED || outcome == CallOutcome.NOT_QUEUED
          || outcome == CallOutcome.UNREACHED) { // UNREACHED: a call record's, never a CallerLeft's
        continue;
      }
      log.onEvent(estimated("c" + i, 0, "default", 30));
      log.onEvent(left("c" + i, Q, 40, outcome));
      i++;
    }

    assertThat(log.censoredCount()).isEqualTo(i).isEqualTo(5);
    assertThat(log.accuracy()).isEmpty();
  }

  @Test
  void estimateFromAnotherQueue_isCensored() {
    EstimateLog log = new EstimateLog();
    log.onEvent(estimated("c1", QueueId.of("support"), 0, "default", 30));
    log.onEvent(left("c1", Q, 40, CallOutcome.ANSWERED));

    assertThat(log.observations()).isEmpty();
    assertThat(log.censoredCount()).isEqualTo(1);
  }

  @Test
  void callerStillWaiting_isPending() {
    EstimateLog log = new EstimateLog();
    log.onEvent(estimated("c1", 0, "default", 30));
    log.onEvent(estimated("c1", 45, "default", 10));

    assertThat(log.pendingCount()).isEqualTo(1);
    assertThat(log.observations()).isEmpty();
  }
}
