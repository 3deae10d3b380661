package io.callqueue.core.records;

import io.callqueue.api.AgentAttempt;
import io.callqueue.api.AgentId;
import io.callqueue.api.CallId;
import io.callqueue.api.CallOutcome;
import io.callqueue.api.CallRecord;
import io.callqueue.api.NotQueuedReason;
import io.callqueue.api.QueueEvent;
import io.callqueue.api.QueueEvent.AgentRingEnded;
import io.callqueue.api.QueueEvent.AgentRung;
import io.callqueue.api.QueueEvent.CallCompleted;
import io.callqueue.api.QueueEvent.CallbackRequested;
import io.callqueue.api.QueueEvent.CallbackStarted;
import io.callqueue.api.QueueEvent.CallerJoined;
import io.callqueue.api.QueueEvent.CallerLeft;
import io.callqueue.api.QueueEvent.VoicemailLeft;
import io.callqueue.api.QueueId;
import io.callqueue.api.RecordId;
import io.callqueue.api.VoicemailMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Hand-built events and records; times are seconds after {@link #T0}. */
final class Fixtures {
  /** 2026-01-05T08:00:00Z = epoch second 1767600000 (ManualScheduler's default start). */
  static final Instant T0 = Instant.parse("2026-01-05T08:00:00Z");
  static final QueueId SALES = QueueId.of("sales");
  static final QueueId SUPPORT = QueueId.of("support");
  static final AgentId ALICE = AgentId.of("alice");
  static final AgentId BOB = AgentId.of("bob");
  static final AgentId CAROL = AgentId.of("carol");

  private Fixtures() {}

  static Instant t(long seconds) {
    return T0.plusSeconds(seconds);
  }

  static Duration s(long seconds) {
    return Duration.ofSeconds(seconds);
  }

  static CallId id(String call) {
    return CallId.of(call);
  }

  /** The record id the hand-built record of {@code call} gets. */
  static RecordId rid(String call) {
    return RecordId.of("r-" + call);
  }

  static CallerJoined joined(long at, String call, QueueId q, String number, int position) {
    return new CallerJoined(t(at), id(call), q, number, 0, position);
  }

  static AgentRung rung(long at, String call, QueueId q, AgentId agent, int attempt) {
    return new AgentRung(t(at), id(call), q, agent, attempt);
  }

  static AgentRingEnded ringEnded(long at, String call, QueueId q, AgentId agent,
      QueueEvent.RingResult result) {
    return new AgentRingEnded(t(at), id(call), q, agent, result);
  }

  static CallerLeft left(long at, String call, QueueId q, CallOutcome outcome, AgentId agent,
      long waited, int position) {
    return new CallerLeft(t(at), id(call), q, "", outcome, agent, null, s(waited), position);
  }

  static CallerLeft notQueued(long at, String call, QueueId q, NotQueuedReason reason) {
    return new CallerLeft(t(at), id(call), q, "", CallOutcome.NOT_QUEUED, null, reason,
        Duration.ZERO, 0);
  }

  static CallCompleted completed(long at, String call, QueueId q, AgentId agent, long talk) {
    return new CallCompleted(t(at), id(call), q, agent, s(talk));
  }

  static CallbackRequested callbackRequested(long at, String call, QueueId q, String number,
      int position, long waited, boolean keepsPlace) {
    return new CallbackRequested(t(at), id(call), q, number, position, s(waited), keepsPlace);
  }

  static CallbackStarted callbackStarted(long at, String call, QueueId q, AgentId agent,
      String number, long requestedAt) {
    return new CallbackStarted(t(at), id(call), q, agent, number, t(requestedAt));
  }

  static QueueEvent.CallbackUnreached callbackUnreached(long at, String call, QueueId q,
      AgentId agent, int attempt, Long retryIn) {
    return new QueueEvent.CallbackUnreached(t(at), id(call), q, agent, "+48111",
        io.callqueue.api.RingFailure.NO_ANSWER, attempt, retryIn == null ? null : s(retryIn));
  }

  static VoicemailLeft voicemailLeft(long at, String call, QueueId q, String number,
      String ref, long seconds) {
    return new VoicemailLeft(t(at), id(call), q, number, new VoicemailMessage(ref, s(seconds)));
  }

  static AgentAttempt attempt(AgentId agent, long rungAt, long endedAt,
      AgentAttempt.Result result) {
    return new AgentAttempt(agent, t(rungAt), t(endedAt), result);
  }

  /** A queued call record: joined at {@code at}, left after {@code waited}. */
  static CallRecord record(String call, QueueId q, long at, CallOutcome outcome, long waited,
      AgentId agent, Long talk, List<AgentAttempt> attempts) {
    boolean answered = outcome == CallOutcome.ANSWERED;
    Instant leftAt = t(at + waited);
    return new CallRecord(rid(call), id(call), q, "+4812345" + call.length(), t(at), t(at), 1,
        1, attempts, answered ? leftAt : null, answered ? agent : null, leftAt,
        talk == null ? null : leftAt.plusSeconds(talk), null, outcome, null, s(waited),
        talk == null ? null : s(talk), null, null);
  }

  static CallRecord record(String call, QueueId q, long at, CallOutcome outcome, long waited) {
    return record(call, q, at, outcome, waited, null, null, List.of());
  }
}
