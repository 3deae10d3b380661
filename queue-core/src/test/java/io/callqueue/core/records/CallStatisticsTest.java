package io.callqueue.core.records;

import static io.callqueue.core.records.Fixtures.ALICE;
import static io.callqueue.core.records.Fixtures.BOB;
import static io.callqueue.core.records.Fixtures.CAROL;
import static io.callqueue.core.records.Fixtures.SALES;
import static io.callqueue.core.records.Fixtures.SUPPORT;
import static io.callqueue.core.records.Fixtures.attempt;
import static io.callqueue.core.records.Fixtures.id;
import static io.callqueue.core.records.Fixtures.record;
import static io.callqueue.core.records.Fixtures.s;
import static io.callqueue.core.records.Fixtures.t;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.callqueue.api.AgentAttempt.Result;
import io.callqueue.api.CallOutcome;
import io.callqueue.api.CallRecord;
import io.callqueue.api.NotQueuedReason;
import io.callqueue.api.QueueConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Statistics against a hand-computed day: sales (threshold 20 s) and support (30 s). */
class CallStatisticsTest {
  static final CallStatistics STATS = new CallStatistics(Map.of(SALES, s(20), SUPPORT, s(30)));

  // sales, offered every minute from t=0
  static final List<CallRecord> SALES_CALLS = List.of(
      record("s1", SALES, 0, CallOutcome.ANSWERED, 10, ALICE, 100L,
          List.of(attempt(BOB, 1, 5, Result.NO_ANSWER), attempt(ALICE, 6, 10, Result.ANSWERED))),
      record("s2", SALES, 60, CallOutcome.ANSWERED, 25, BOB, 200L, List.of()),
      record("s3", SALES, 120, CallOutcome.ABANDONED, 5),
      record("s4", SALES, 180, CallOutcome.ABANDONED, 40),
      record("s5", SALES, 240, CallOutcome.TIMEOUT, 300),
      CallRecord.notQueued(Fixtures.rid("s6"), id("s6"), SALES, "", t(300), NotQueuedReason.NO_ACTIVE_AGENT),
      record("s7", SALES, 360, CallOutcome.VOICEMAIL, 60),
      record("s8", SALES, 420, CallOutcome.CALLBACK, 50)
          .withCallback(new CallRecord.Callback(t(470), 2, s(50), true, t(600), ALICE))
          .withCompletion(t(630), s(30)),
      record("s9", SALES, 480, CallOutcome.LEFT_EMPTY, 15),
      record("s10", SALES, 540, CallOutcome.ANSWERED, 20, ALICE, null,
          List.of(attempt(BOB, 541, 545, Result.BUSY), attempt(CAROL, 541, 560, Result.CANCELLED),
              attempt(ALICE, 546, 560, Result.ANSWERED))));
  static final List<CallRecord> SUPPORT_CALLS = List.of(
      record("p1", SUPPORT, 30, CallOutcome.ANSWERED, 30, BOB, 60L, List.of()),
      record("p2", SUPPORT, 90, CallOutcome.ABANDONED, 31));
  static final List<CallRecord> OUTSIDE = List.of(
      record("early", SALES, -1, CallOutcome.ANSWERED, 1, ALICE, 10L, List.of()),
      record("late", SALES, 3600, CallOutcome.ANSWERED, 1, ALICE, 10L, List.of()));

  static List<CallRecord> day() {
    return Stream.of(SALES_CALLS, SUPPORT_CALLS, OUTSIDE).flatMap(List::stream).toList();
  }

  final StatisticsReport report = STATS.report(day(), t(0), t(3600));

  @Test
  void sales_countsEveryOutcome() {
    QueueStats q = report.queue(SALES);

    assertThat(q.offered()).isEqualTo(10);
    assertThat(q.answered()).isEqualTo(3);
    assertThat(q.abandoned()).isEqualTo(2);
    assertThat(q.voicemail()).isEqualTo(1);
    assertThat(q.callback()).isEqualTo(1);
    assertThat(q.timeout()).isEqualTo(1);
    assertThat(q.notQueued()).isEqualTo(1);
    assertThat(q.leftEmpty()).isEqualTo(1);
    assertThat(q.queued()).isEqualTo(9);
  }

  @Test
  void sales_waitAndTalk() {
    QueueStats q = report.queue(SALES);

    // 10+25+5+40+300+60+50+15+20 = 525 s over 9 queued calls
    assertThat(q.averageWait()).contains(Duration.ofNanos(58_333_333_333L));
    assertThat(q.maxWait()).isEqualTo(s(300));
    // (10+25+20)/3 answered
    assertThat(q.averageAnswerWait()).contains(Duration.ofNanos(18_333_333_333L));
    // s1 100 s and s2 200 s; s10 not completed; the callback's talk is not queue talk
    assertThat(q.averageTalk()).contains(s(150));
  }

  @Test
  void sales_serviceLevels_waitEqualToThresholdCountsAsWithin() {
    QueueStats q = report.queue(SALES);

    // answered within 20 s: s1 (10), s10 (20); not s2 (25)
    assertThat(q.answeredWithinThreshold()).isEqualTo(2);
    assertThat(q.serviceLevel().getAsDouble()).isCloseTo(2.0 / 3, within(1e-9));
    // SL2: (2 answered + 1 abandoned (s3, 5 s)) / (3 + 2)
    assertThat(q.serviceLevel2().getAsDouble()).isCloseTo(0.6, within(1e-9));
    assertThat(q.abandonmentRate().getAsDouble()).isCloseTo(0.2, within(1e-9));
  }

  @Test
  void support_usesItsOwnThreshold() {
    QueueStats q = report.queue(SUPPORT);

    assertThat(q.offered()).isEqualTo(2);
    assertThat(q.serviceLevel().getAsDouble()).isEqualTo(1.0);
    assertThat(q.serviceLevel2().getAsDouble()).isEqualTo(0.5);
    assertThat(q.abandonmentRate().getAsDouble()).isEqualTo(0.5);
  }

  @Test
  void allQueues_addUpWithEachQueuesThreshold() {
    QueueStats all = report.allQueues();

    assertThat(all.queue()).isNull();
    assertThat(all.offered()).isEqualTo(12);
    assertThat(all.answered()).isEqualTo(4);
    assertThat(all.abandoned()).isEqualTo(3);
    assertThat(all.serviceLevel().getAsDouble()).isCloseTo(0.75, within(1e-9));
    assertThat(all.serviceLevel2().getAsDouble()).isCloseTo(4.0 / 7, within(1e-9));
    assertThat(all.abandonmentRate().getAsDouble()).isCloseTo(0.25, within(1e-9));
    assertThat(report.queues()).containsOnlyKeys(SALES, SUPPORT);
  }

  @Test
  void agents_answeredMissedCallbacksAndTalk() {
    assertThat(report.agent(ALICE)).isEqualTo(new AgentStats(ALICE, 2, 1, 0, 2, s(130)));
    assertThat(report.agent(ALICE).averageTalk()).contains(s(65));
    assertThat(report.agent(BOB)).isEqualTo(new AgentStats(BOB, 2, 0, 2, 2, s(260)));
    assertThat(report.agent(BOB).averageTalk()).contains(s(130));
    // only a cancelled ring: present, nothing missed
    assertThat(report.agents().get(CAROL)).isEqualTo(new AgentStats(CAROL, 0, 0, 0, 0, s(0)));
    assertThat(report.agents()).containsOnlyKeys(ALICE, BOB, CAROL);
  }

  @Test
  void unreachedCallback_countsAsUnreached_notAsCallback_norAsTheAgentsCallback() {
    List<CallRecord> calls = List.of(
        record("u1", SALES, 0, CallOutcome.CALLBACK, 50)
            .withCallback(new CallRecord.Callback(t(50), 2, s(50), true, t(600), ALICE))
            .asUnreached(),
        record("u2", SALES, 60, CallOutcome.CALLBACK, 20)
            .withCallback(new CallRecord.Callback(t(80), 1, s(20), true, t(700), BOB))
            .withCompletion(t(800), s(100)));

    StatisticsReport r = STATS.report(calls, t(0), t(3600));

    assertThat(r.queue(SALES).unreached()).isEqualTo(1);
    assertThat(r.queue(SALES).callback()).isEqualTo(1);
    assertThat(r.queue(SALES).offered()).isEqualTo(2);
    assertThat(r.allQueues().unreached()).isEqualTo(1);
    assertThat(r.agent(ALICE).callbacks()).isZero();
    assertThat(r.agent(BOB).callbacks()).isEqualTo(1);
  }

  @Test
  void emptyRange_hasNoRatiosAndNoAverages() {
    StatisticsReport empty = STATS.report(day(), t(7200), t(9000));

    assertThat(empty.queues()).isEmpty();
    assertThat(empty.allQueues().offered()).isZero();
    assertThat(empty.allQueues().serviceLevel()).isEmpty();
    assertThat(empty.allQueues().averageWait()).isEmpty();
    assertThat(empty.queue(SALES).abandonmentRate()).isEmpty();
  }

  @Test
  void quarterHours_alignedToTheClock_clippedToTheRange_emptyOnesIncluded() {
    List<CallRecord> calls = List.of(
        record("q1", SALES, 5 * 60, CallOutcome.ANSWERED, 10, ALICE, 60L, List.of()),
        record("q2", SALES, 15 * 60 - 1, CallOutcome.ABANDONED, 30),
        record("q3", SALES, 15 * 60, CallOutcome.ANSWERED, 25, BOB, 60L, List.of()),
        record("q4", SUPPORT, 40 * 60, CallOutcome.TIMEOUT, 600));

    List<StatisticsReport> quarters =
        STATS.intervals(calls, t(10 * 60), t(50 * 60), CallStatistics.QUARTER_HOUR);

    assertThat(quarters).extracting(StatisticsReport::from)
        .containsExactly(t(10 * 60), t(15 * 60), t(30 * 60), t(45 * 60));
    assertThat(quarters).extracting(StatisticsReport::to)
        .containsExactly(t(15 * 60), t(30 * 60), t(45 * 60), t(50 * 60));
    assertThat(quarters).extracting(r -> r.allQueues().offered()).containsExactly(1, 1, 1, 0);
    assertThat(quarters.get(1).queue(SALES).serviceLevel().getAsDouble()).isEqualTo(0.0);
    assertThat(quarters.get(2).queues()).containsOnlyKeys(SUPPORT);
    assertThat(quarters.get(2).queue(SUPPORT).maxWait()).isEqualTo(s(600));
  }

  @Test
  void intervals_ofAWholeDay_areNinetySixQuarters() {
    Instant midnight = Instant.parse("2026-01-05T00:00:00Z");

    assertThat(STATS.intervals(day(), midnight, midnight.plus(Duration.ofDays(1)),
        CallStatistics.QUARTER_HOUR)).hasSize(96);
  }

  @Test
  void thresholds_fromQueueConfigs_unknownQueueGetsTheDefault() {
    CallStatistics fromConfig = CallStatistics.forQueues(List.of(
        QueueConfig.builder("sales").serviceLevelThreshold(s(45)).build()));

    assertThat(fromConfig.threshold(SALES)).isEqualTo(s(45));
    assertThat(fromConfig.threshold(SUPPORT)).isEqualTo(CallStatistics.DEFAULT_THRESHOLD);
  }

  @Test
  void negativeThreshold_isRejectedNamingTheQueue() {
    assertThatThrownBy(() -> new CallStatistics(Map.of(SALES, s(-1))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("queue 'sales'").hasMessageContaining("PT-1S");
  }
}
