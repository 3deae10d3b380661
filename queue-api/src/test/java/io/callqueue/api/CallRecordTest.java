package io.callqueue.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CallRecordTest {
  static final Instant T0 = Instant.parse("2026-01-05T08:00:00Z");
  static final QueueId SALES = QueueId.of("sales");
  static final AgentId ALICE = AgentId.of("alice");
  static final AgentId BOB = AgentId.of("bob");

  static CallRecord answered(String call, long offeredSecond, AgentId agent) {
    Instant at = T0.plusSeconds(offeredSecond);
    return new CallRecord(RecordId.of("r-" + call), CallId.of(call), SALES, "+48111", at, at, 1,
        1,
        List.of(new AgentAttempt(BOB, at, at.plusSeconds(15), AgentAttempt.Result.NO_ANSWER),
            new AgentAttempt(BOB, at.plusSeconds(16), at.plusSeconds(17),
                AgentAttempt.Result.CANCELLED),
            new AgentAttempt(agent, at.plusSeconds(17), at.plusSeconds(20),
                AgentAttempt.Result.ANSWERED)),
        at.plusSeconds(20), agent, at.plusSeconds(20), null, null, CallOutcome.ANSWERED, null,
        Duration.ofSeconds(20), null, null, null);
  }

  @Test
  void missedAttempts_countFailuresButNotCancelledOrAnswered() {
    assertThat(answered("c1", 0, ALICE).missedAttempts()).isEqualTo(1);
  }

  @Test
  void handledBy_isTheAnsweringAgent_orTheCallbackAgent() {
    CallRecord callback = CallRecord.notQueued(RecordId.of("r-c2"), CallId.of("c2"), SALES, "", T0,
        NotQueuedReason.FULL);
    assertThat(answered("c1", 0, ALICE).handledBy()).contains(ALICE);
    assertThat(callback.handledBy()).isEmpty();
  }

  @Test
  void waitedAtMost_includesTheThresholdItself() {
    CallRecord r = answered("c1", 0, ALICE);
    assertThat(r.waitedAtMost(Duration.ofSeconds(20))).isTrue();
    assertThat(r.waitedAtMost(Duration.ofSeconds(19))).isFalse();
  }

  @Test
  void query_isHalfOpen_andFiltersByHandlingAgent() {
    CallQuery q = CallQuery.between(T0, T0.plusSeconds(60)).withAgent(ALICE);
    assertThat(q.matches(answered("c1", 0, ALICE))).isTrue();
    assertThat(q.matches(answered("c2", 60, ALICE))).isFalse();
    assertThat(q.matches(answered("c3", 10, BOB))).isFalse();
    assertThat(q.withAgent(null).withOutcome(CallOutcome.ABANDONED)
        .matches(answered("c4", 10, BOB))).isFalse();
  }

  @Test
  void inConversation_untilCompletedOrInterrupted_andInterruptionDropsTheEnd() {
    CallRecord talking = answered("c1", 0, ALICE);
    CallRecord interrupted = talking.withInterruption(T0.plusSeconds(300));
    CallRecord abandoned = CallRecord.notQueued(RecordId.of("r-c2"), CallId.of("c2"), SALES, "",
        T0, NotQueuedReason.FULL);

    assertThat(talking.inConversation()).isTrue();
    assertThat(talking.withCompletion(T0.plusSeconds(80), Duration.ofSeconds(60))
        .inConversation()).isFalse();
    assertThat(interrupted.inConversation()).isFalse();
    assertThat(interrupted.interrupted()).isTrue();
    assertThat(interrupted.completedAt()).isNull();
    assertThat(interrupted.talkTime()).isNull();
    assertThat(interrupted.outcome()).isEqualTo(CallOutcome.ANSWERED);
    assertThat(abandoned.inConversation()).isFalse();
  }

  @Test
  void invalidValues_areRejectedNamingTheCall() {
    RecordId r9 = RecordId.of("r9");
    assertThatThrownBy(() -> new CallRecord(r9, CallId.of("c9"), SALES, "", T0, T0, 1, 1,
        List.of(), null, null, T0.minusSeconds(1), null, null, CallOutcome.ABANDONED, null,
        Duration.ZERO, null, null, null)).hasMessageContaining("call c9 left at");
    assertThatThrownBy(() -> new CallRecord(r9, CallId.of("c9"), SALES, "", T0, T0, 1, 1,
        List.of(), null, null, T0, null, null, CallOutcome.ABANDONED, NotQueuedReason.FULL,
        Duration.ZERO, null, null, null))
        .hasMessageContaining("notQueuedReason is for NOT_QUEUED only");
    assertThatThrownBy(() -> new CallRecord(null, CallId.of("c9"), SALES, "", T0, T0, 1, 1,
        List.of(), null, null, T0, null, null, CallOutcome.ABANDONED, null, Duration.ZERO, null,
        null, null)).hasMessageContaining("needs recordId");

    assertThatThrownBy(() -> CallQuery.between(T0, T0.minusSeconds(1)))
        .hasMessageContaining("is before from");
    assertThatThrownBy(() -> CallQuery.between(T0, T0).withLimit(0))
        .hasMessageContaining("limit must be > 0, was 0");
    assertThatThrownBy(() -> new AgentAttempt(ALICE, T0, T0.minusSeconds(1),
        AgentAttempt.Result.BUSY)).hasMessageContaining("before it was rung");
  }
}
