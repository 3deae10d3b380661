package io.callqueue.core.estimate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.callqueue.api.AgentId;
import io.callqueue.api.CallId;
import io.callqueue.api.CallOutcome;
import io.callqueue.api.NotQueuedReason;
import io.callqueue.api.QueueConfig;
import io.callqueue.api.QueueEvent;
import io.callqueue.api.QueueId;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QueueHistoryTest {
  private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

  private static Instant at(long seconds) {
    return T0.plusSeconds(seconds);
  }

  private static Duration s(double seconds) {
    return Duration.ofMillis(Math.round(seconds * 1000));
  }

  @Test
  void emptyHistory_hasNoBasisForAnything() {
    QueueHistory h = new QueueHistory(Duration.ofHours(1));

    assertThat(h.answeredCount()).isZero();
    assertThat(h.completedCount()).isZero();
    assertThat(h.abandonedCount()).isZero();
    assertThat(h.totalWaitSeconds()).isZero();
    assertThat(h.meanHandleSeconds()).isEmpty();
    assertThat(h.meanTalkSeconds()).isEmpty();
    assertThat(h.meanWrapUpSeconds()).isEmpty();
    assertThat(h.meanAnsweredWaitSeconds()).isEmpty();
    assertThat(h.abandonRatePerSecond()).isEmpty();
    assertThat(h.emaHoldSeconds()).isEmpty();
    assertThat(h.lastDelay()).isEmpty();
    assertThat(h.talkTimes().isEmpty()).isTrue();
    assertThat(h.meanResidualTalkSeconds(Duration.ZERO)).isEmpty();
  }

  @Test
  void completedCalls_giveMeanTalkWrapUpAndHandle() {
    QueueHistory h = new QueueHistory(Duration.ofHours(1));
    h.onCompleted(at(10), s(100), s(20));
    h.onCompleted(at(20), s(200), s(10));

    // talk (100 + 200) / 2 = 150; wrap-up (20 + 10) / 2 = 15; handle 150 + 15 = 165
    assertThat(h.completedCount()).isEqualTo(2);
    assertThat(h.meanTalkSeconds()).hasValue(150);
    assertThat(h.meanWrapUpSeconds()).hasValue(15);
    assertThat(h.meanHandleSeconds()).hasValue(165);
    assertThat(h.talkSamplesSeconds()).containsExactly(100, 200);
  }

  @Test
  void meanResidualTalk_averagesTheExcessOfLongerSamples() {
    QueueHistory h = new QueueHistory(Duration.ofHours(1));
    for (double talk : new double[] {300, 60, 180, 120}) {
      h.onCompleted(at(1), s(talk), Duration.ZERO);
    }

    // elapsed 100: samples 120, 180, 300 are longer; (20 + 80 + 200) / 3 = 100
    assertThat(h.meanResidualTalkSeconds(Duration.ofSeconds(100)).getAsDouble())
        .isCloseTo(100, within(1e-9));
    // elapsed 300: no sample is longer
    assertThat(h.meanResidualTalkSeconds(Duration.ofSeconds(300))).isEmpty();
  }

  @Test
  void window_dropsSamplesExactlyWindowOldAndOlder() {
    QueueHistory h = new QueueHistory(Duration.ofMinutes(10));
    h.onCompleted(at(0), s(100), Duration.ZERO);
    h.onCompleted(at(300), s(200), Duration.ZERO);
    h.onAnswered(at(300), s(40));

    h.advanceTo(at(599));
    assertThat(h.completedCount()).isEqualTo(2);

    h.advanceTo(at(600)); // the sample at 0 is now exactly 10 minutes old: out
    assertThat(h.completedCount()).isEqualTo(1);
    assertThat(h.meanTalkSeconds()).hasValue(200);
    assertThat(h.talkSamplesSeconds()).containsExactly(200);
    assertThat(h.lastDelay()).contains(Duration.ofSeconds(40));

    h.advanceTo(at(900));
    assertThat(h.completedCount()).isZero();
    assertThat(h.answeredCount()).isZero();
    assertThat(h.meanHandleSeconds()).isEmpty();
    assertThat(h.lastDelay()).isEmpty();
    assertThat(h.talkTimes().isEmpty()).isTrue();
  }

  @Test
  void window_slidesOnEventTimestampsToo() {
    QueueHistory h = new QueueHistory(Duration.ofMinutes(1));
    h.onAbandoned(at(0), s(30));
    h.onAnswered(at(61), s(10));

    assertThat(h.abandonedCount()).isZero();
    assertThat(h.totalWaitSeconds()).isEqualTo(10);
  }

  @Test
  void abandonRate_isAbandonsOverTheWaitingTimeOfEveryoneWhoLeft() {
    QueueHistory h = new QueueHistory(Duration.ofHours(1));
    h.onAnswered(at(10), s(30));
    h.onAnswered(at(20), s(50));
    h.onAbandoned(at(30), s(20));
    h.onLeft(at(40), s(100)); // e.g. voicemail: censored, but its waiting counts

    // exposure 30 + 50 + 20 + 100 = 200 s; 1 abandon -> θ = 1/200 = 0.005 per second
    assertThat(h.totalWaitSeconds()).isEqualTo(200);
    assertThat(h.abandonedCount()).isEqualTo(1);
    assertThat(h.abandonRatePerSecond().getAsDouble()).isCloseTo(0.005, within(1e-12));
    // answered waits (30 + 50) / 2 = 40
    assertThat(h.meanAnsweredWaitSeconds()).hasValue(40);
  }

  @Test
  void abandonRate_isZeroWhenCallersWaitedAndNoneAbandoned() {
    QueueHistory h = new QueueHistory(Duration.ofHours(1));
    h.onAnswered(at(10), s(30));

    assertThat(h.abandonRatePerSecond()).hasValue(0);
  }

  @Test
  void abandonRate_isEmptyWhenNobodyWaited() {
    QueueHistory h = new QueueHistory(Duration.ofHours(1));
    h.onAnswered(at(10), Duration.ZERO);

    assertThat(h.abandonRatePerSecond()).isEmpty();
  }

  @Test
  void ema_followsAsteriskRecalcHoldtimeInWholeSeconds() {
    QueueHistory h = new QueueHistory(Duration.ofHours(1));

    h.onAnswered(at(1), s(40)); // (3*0 + 40) >> 2 = 10
    assertThat(h.emaHoldSeconds()).hasValue(10);
    h.onAnswered(at(2), s(40.9)); // waited counts as 40 s; (3*10 + 40) >> 2 = 70 >> 2 = 17
    assertThat(h.emaHoldSeconds()).hasValue(17);
    h.onAnswered(at(3), s(100)); // (3*17 + 100) >> 2 = 151 >> 2 = 37
    assertThat(h.emaHoldSeconds()).hasValue(37);
    h.onAnswered(at(4), Duration.ZERO); // (3*37 + 0) >> 2 = 111 >> 2 = 27
    assertThat(h.emaHoldSeconds()).hasValue(27);
  }

  @Test
  void ema_isNotWindowedAndIgnoresAbandons() {
    QueueHistory h = new QueueHistory(Duration.ofMinutes(1));
    h.onAnswered(at(0), s(80)); // 20
    h.onAbandoned(at(5), s(500));

    h.advanceTo(at(3600));

    assertThat(h.answeredCount()).isZero();
    assertThat(h.emaHoldSeconds()).hasValue(20);
  }

  @Test
  void lastDelay_isTheWaitOfTheLastCallerAnswered() {
    QueueHistory h = new QueueHistory(Duration.ofHours(1));
    h.onAnswered(at(1), s(12));
    h.onAnswered(at(2), s(34.5));
    h.onAbandoned(at(3), s(99));

    assertThat(h.lastDelay()).contains(Duration.ofMillis(34_500));
  }

  @Test
  void maxSamples_keepsOnlyTheMostRecentOfEachKind() {
    QueueHistory h = new QueueHistory(Duration.ofHours(1), 3);
    for (int i = 1; i <= 5; i++) {
      h.onCompleted(at(i), s(100 * i), Duration.ZERO);
      h.onAnswered(at(i), s(i));
    }

    // talk samples 300, 400, 500 remain: mean 400; answered waits 3, 4, 5
    assertThat(h.completedCount()).isEqualTo(3);
    assertThat(h.meanTalkSeconds()).hasValue(400);
    assertThat(h.talkSamplesSeconds()).containsExactly(300, 400, 500);
    assertThat(h.answeredCount()).isEqualTo(3);
    assertThat(h.meanAnsweredWaitSeconds()).hasValue(4);
  }

  @Test
  void olderTimestamp_isStampedAsTheNewestSeen() {
    QueueHistory h = new QueueHistory(Duration.ofMinutes(1));
    h.onAnswered(at(100), s(5));
    h.onCompleted(at(50), s(30), Duration.ZERO); // kept as if at 100

    h.advanceTo(at(155));
    assertThat(h.completedCount()).isEqualTo(1);
    h.advanceTo(at(160));
    assertThat(h.completedCount()).isZero();
  }

  @Test
  void talkTimes_isCachedUntilTheNextChange() {
    QueueHistory h = new QueueHistory(Duration.ofMinutes(1));
    h.onCompleted(at(0), s(30), Duration.ZERO);
    var first = h.talkTimes();
    assertThat(h.talkTimes()).isSameAs(first);

    h.onCompleted(at(10), s(60), Duration.ZERO);
    assertThat(h.talkTimes()).isNotSameAs(first);
    assertThat(h.talkTimes().size()).isEqualTo(2);
  }

  @Test
  void talkTimes_staySortedAsCallsComeAndLeaveTheWindow_likeASortOfTheWindow() {
    QueueHistory h = new QueueHistory(Duration.ofMinutes(10), 50);
    java.util.SplittableRandom random = new java.util.SplittableRandom(5);
    java.util.ArrayDeque<long[]> window = new java.util.ArrayDeque<>();
    for (int i = 0; i < 2_000; i++) {
      long t = i * 7L;
      long talk = 1 + random.nextInt(400_000);
      h.onCompleted(at(t), Duration.ofMillis(talk), Duration.ZERO);
      window.add(new long[] {t, talk});
      while (window.size() > 50 || window.peekFirst()[0] <= t - 600) {
        window.removeFirst();
      }
      if (i % 97 == 0) {
        double[] expected = window.stream().mapToDouble(x -> x[1] / 1000.0).sorted().toArray();
        assertThat(h.talkSamplesSeconds()).as("after call %d", i).containsExactly(expected);
      }
    }
  }

  @Nested
  class SinceTheLastChange {
    /** {@code n} calls a minute apart from minute {@code from}, talk drawn around the mean. */
    private void calls(QueueHistory h, int from, int n, double meanTalk, long seed) {
      java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
      for (int i = 0; i < n; i++) {
        double talk = meanTalk * (0.5 + random.nextDouble());
        h.onCompleted(at(60L * (from + i)), s(talk), s(10));
      }
    }

    @Test
    void alikeCalls_areKeptForFourWindows() {
      QueueHistory h = new QueueHistory(Duration.ofHours(1), 500);
      calls(h, 0, 800, 180, 1);

      // a call a minute: 60 in the window, 240 in four windows (the calls at minutes 560-799)
      assertThat(h.completedCount()).isEqualTo(60);
      assertThat(h.completedCountSinceChange()).isEqualTo(QueueHistory.SPAN_WINDOWS * 60);
      assertThat(h.talkTimesSinceChange().size()).isEqualTo(240);
      assertThat(h.meanHandleSecondsSinceChange().getAsDouble()).isCloseTo(190, within(6.0));
      assertThat(h.meanWrapUpSecondsSinceChange()).hasValue(10);
    }

    @Test
    void alikeCalls_areKeptUpToTheSampleCap() {
      QueueHistory h = new QueueHistory(Duration.ofMinutes(100), 150);
      calls(h, 0, 400, 180, 6);

      assertThat(h.completedCount()).isEqualTo(100);
      assertThat(h.completedCountSinceChange()).isEqualTo(150);
    }

    @Test
    void aChangeInTheMeanHandleTime_dropsTheOlderCalls_onceTheWindowShowsIt() {
      QueueHistory h = new QueueHistory(Duration.ofHours(1));
      calls(h, 0, 300, 180, 2);
      calls(h, 300, 60, 360, 3);

      // the window holds the 60 long calls only; the 300 before them are forgotten
      assertThat(h.completedCount()).isEqualTo(60);
      assertThat(h.completedCountSinceChange()).isEqualTo(60);
      assertThat(h.meanHandleSecondsSinceChange()).isEqualTo(h.meanHandleSeconds());
      assertThat(h.meanHandleSecondsSinceChange().getAsDouble()).isGreaterThan(300);
    }

    @Test
    void aChangeOfAFewPercent_isNotAChange() {
      QueueHistory h = new QueueHistory(Duration.ofHours(1));
      calls(h, 0, 300, 180, 4);
      calls(h, 300, 60, 185, 5);

      // all four windows' calls are kept, not just the window's 60
      assertThat(h.completedCountSinceChange()).isEqualTo(QueueHistory.SPAN_WINDOWS * 60);
    }

    @Test
    void constantHandleTimes_thatChange_areForgottenAtOnce() {
      QueueHistory h = new QueueHistory(Duration.ofHours(1));
      for (int i = 0; i < 100; i++) {
        h.onCompleted(at(60L * i), s(100), Duration.ZERO);
      }
      assertThat(h.completedCountSinceChange()).isEqualTo(100);
      for (int i = 100; i < 100 + QueueHistory.MIN_SIDE; i++) {
        h.onCompleted(at(60L * i), s(120), Duration.ZERO);
      }

      // the window (60 calls): 40 of 100 s and 20 of 120 s against 40 older of 100 s
      assertThat(h.completedCountSinceChange()).isEqualTo(60);
    }

    @Test
    void withoutItsOwnSpan_aRecentHistorySinceChangeIsTheWindow() {
      var stats = FixedStats.memoryless(120);

      assertThat(stats.meanHandleSecondsSinceChange()).hasValue(120);
      assertThat(stats.talkTimesSinceChange()).isSameAs(stats.talkTimes());
    }
  }

  @Test
  void load_isTheHandleTimeCompletedPerUnitOfTime_overFourWindows() {
    QueueHistory h = new QueueHistory(Duration.ofHours(1));
    assertThat(h.loadErlangs()).isEmpty();
    h.advanceTo(at(0));
    // 30 minutes with 12 calls of 4 min talk and 1 min wrap-up: 60 min of work in 30 min
    for (int i = 1; i <= 12; i++) {
      h.onCompleted(at(150L * i), s(240), s(60));
    }
    assertThat(h.loadErlangs().getAsDouble()).isCloseTo(2.0, within(1e-9));

    // two hours on with nothing completed: the hour of work over two and a half hours
    h.advanceTo(at(1800 + 7200));
    assertThat(h.loadErlangs().getAsDouble()).isCloseTo(0.4, within(1e-9));
    // four windows on, the calls are forgotten
    h.advanceTo(at(1800 + 4 * 3600));
    assertThat(h.loadErlangs()).hasValue(0);
  }

  @Test
  void load_afterADetectedChange_coversTheWindowOnly() {
    QueueHistory h = new QueueHistory(Duration.ofHours(1));
    h.advanceTo(at(0));
    for (int i = 0; i < 180; i++) {
      h.onCompleted(at(60L * i), s(50), Duration.ZERO);
    }
    for (int i = 180; i < 240; i++) {
      h.onCompleted(at(60L * i), s(100), Duration.ZERO);
    }

    // only the window's 60 calls of 100 s remain, over the window's hour
    assertThat(h.completedCountSinceChange()).isEqualTo(60);
    assertThat(h.loadErlangs().getAsDouble()).isCloseTo(6000 / 3600.0, within(1e-9));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "ANSWERED,   1, 0, 10, 0",
      "ABANDONED,  0, 1, 10, 0.1",
      "VOICEMAIL,  0, 0, 10, 0",
      "CALLBACK,   0, 0, 10, 0",
      "TIMEOUT,    0, 0, 10, 0",
      "LEFT_EMPTY, 0, 0, 10, 0",
  })
  void recordCallerLeft_mapsEachOutcome(CallOutcome outcome, int answered, int abandoned,
      double exposure, double theta) {
    QueueHistory h = new QueueHistory(Duration.ofHours(1));

    h.record(new QueueEvent.CallerLeft(at(20), CallId.of("c1"), QueueId.of("q"), "", outcome,
        outcome == CallOutcome.ANSWERED ? AgentId.of("a1") : null, null, s(10), 1));

    assertThat(h.answeredCount()).isEqualTo(answered);
    assertThat(h.abandonedCount()).isEqualTo(abandoned);
    assertThat(h.totalWaitSeconds()).isEqualTo(exposure);
    assertThat(h.abandonRatePerSecond().getAsDouble()).isCloseTo(theta, within(1e-12));
  }

  @Test
  void recordCallerLeft_notQueuedIsNoWait() {
    QueueHistory h = new QueueHistory(Duration.ofHours(1));

    h.record(new QueueEvent.CallerLeft(at(20), CallId.of("c1"), QueueId.of("q"), "",
        CallOutcome.NOT_QUEUED, null, NotQueuedReason.FULL, Duration.ZERO, 0));

    assertThat(h.answeredCount()).isZero();
    assertThat(h.totalWaitSeconds()).isZero();
  }

  @Test
  void recordCallCompleted_addsTheGivenWrapUp() {
    QueueHistory h = new QueueHistory(Duration.ofHours(1));

    h.record(new QueueEvent.CallCompleted(at(20), CallId.of("c1"), QueueId.of("q"),
        AgentId.of("a1"), s(90)), s(30));

    assertThat(h.meanHandleSeconds()).hasValue(120);
  }

  @Test
  void of_usesTheQueuesHistoryWindow() {
    QueueConfig config = QueueConfig.builder("support").historyWindow(Duration.ofMinutes(20))
        .build();

    assertThat(QueueHistory.of(config).window()).isEqualTo(Duration.ofMinutes(20));
  }

  @Test
  void rejectsNegativeDurationsAndBadSettings() {
    QueueHistory h = new QueueHistory(Duration.ofHours(1));

    assertThatThrownBy(() -> h.onAnswered(at(1), s(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("waited");
    assertThatThrownBy(() -> h.onCompleted(at(1), s(10), s(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("wrapUp");
    assertThatThrownBy(() -> new QueueHistory(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("window");
    assertThatThrownBy(() -> new QueueHistory(Duration.ofHours(1), 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxSamples");
    assertThat(h.answeredCount()).isZero();
  }
}
