package io.callqueue.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One line of the call list (capability 20): what happened to one call offered to a queue. Built
 * from the engine's {@link QueueEvent}s by queue-core's {@code CallRecorder} and kept by a
 * {@link io.callqueue.spi.CallRecordStore}. A record is first written when the caller leaves the
 * queue and written again (same {@link #recordId()}) when a later event completes it: the end of an
 * answered conversation, a recorded voicemail, the start and end of a kept-place callback (or its
 * giving up: {@link CallOutcome#UNREACHED}).
 *
 * <p>Identity: {@link #recordId()} is the recorder's own, unique per offered call; the
 * {@link #callId()} is the PBX's (for SIP, the Call-ID) and is kept as an attribute only, since
 * peers reuse call ids (SIPp after a restart) or replay them on purpose. Two records may share a
 * call id; none can replace another.
 *
 * <p>Times are engine-clock instants; stores may keep them with millisecond precision only.
 *
 * @param recordId this record's identity, assigned by the recorder when the call was offered
 * @param callId the call's id as the PBX gave it; not unique over time (see above)
 * @param queue the queue the call was offered to
 * @param callerNumber the caller's number as offered, empty when unknown
 * @param offeredAt when the call reached the queue (the join time, or the refusal time when not
 *     queued)
 * @param joinedAt when the caller joined the queue, {@code null} when not queued
 * @param positionOnEntry position on joining (1 = next), 0 when not queued
 * @param positionOnLeave position when leaving, 0 when not queued
 * @param attempts every agent rung for this caller, in ring order
 * @param answeredAt when an agent answered ({@code ANSWERED} only), else {@code null}
 * @param agent the agent who answered ({@code ANSWERED} only), else {@code null}
 * @param leftAt when the caller's time in the queue ended
 * @param completedAt when the conversation ended (an answered call, or the conversation of a
 *     kept-place callback); {@code null} while it goes on or when the end was never reported
 * @param interruptedAt when the recording process stopped (a crash, a kill) while this call's
 *     conversation was still going on, as best known; {@code null} otherwise. Set when the next
 *     run reconciles the records it finds open; the conversation's end and talk time stay unknown.
 *     Also set on the record of a caller who was still waiting in the queue then (from its
 *     {@link InQueueRecord}): outcome {@code ABANDONED}, left and interrupted at that time
 * @param outcome how the caller's time in the queue ended
 * @param notQueuedReason why the call did not join ({@code NOT_QUEUED} only), else {@code null}
 * @param waited time from joining to leaving the queue; zero when not queued
 * @param talkTime length of the conversation, {@code null} until {@link #completedAt()} is known
 * @param voicemail the recording ({@code VOICEMAIL} only, once recorded), else {@code null}
 * @param callback the callback request ({@code CALLBACK} only), else {@code null}
 */
public record CallRecord(RecordId recordId, CallId callId, QueueId queue, String callerNumber,
    Instant offeredAt, Instant joinedAt, int positionOnEntry, int positionOnLeave,
    List<AgentAttempt> attempts, Instant answeredAt, AgentId agent, Instant leftAt,
    Instant completedAt, Instant interruptedAt, CallOutcome outcome,
    NotQueuedReason notQueuedReason, Duration waited, Duration talkTime,
    VoicemailMessage voicemail, Callback callback) {

  public CallRecord {
    if (recordId == null || callId == null || queue == null || offeredAt == null
        || leftAt == null || outcome == null) {
      throw new IllegalArgumentException("a call record needs recordId, callId, queue, offeredAt,"
          + " leftAt and outcome (record " + recordId + ", call " + callId + ")");
    }
    callerNumber = callerNumber == null ? "" : callerNumber;
    attempts = attempts == null ? List.of() : List.copyOf(attempts);
    waited = waited == null ? Duration.ZERO : waited;
    if (waited.isNegative() || (talkTime != null && talkTime.isNegative())) {
      throw new IllegalArgumentException(
          "call " + callId + ": wait and talk time must be >= 0, were " + waited + ", " + talkTime);
    }
    if (leftAt.isBefore(offeredAt)) {
      throw new IllegalArgumentException(
          "call " + callId + " left at " + leftAt + ", before it was offered at " + offeredAt);
    }
    if (interruptedAt != null && completedAt != null) {
      throw new IllegalArgumentException(
          "call " + callId + ": a completed conversation cannot also be interrupted");
    }
    if (notQueuedReason != null && outcome != CallOutcome.NOT_QUEUED) {
      throw new IllegalArgumentException(
          "call " + callId + ": notQueuedReason is for NOT_QUEUED only, outcome was " + outcome);
    }
  }

  /** The record of a call that never joined its queue. */
  public static CallRecord notQueued(RecordId recordId, CallId callId, QueueId queue,
      String callerNumber, Instant at, NotQueuedReason reason) {
    return new CallRecord(recordId, callId, queue, callerNumber, at, null, 0, 0, List.of(), null,
        null, at, null, null, CallOutcome.NOT_QUEUED, reason, Duration.ZERO, null, null, null);
  }

  /** Whether the call joined the queue. */
  public boolean queued() {
    return joinedAt != null;
  }

  /** Whether the conversation's end is known (talk time present). */
  public boolean completed() {
    return completedAt != null;
  }

  /** Whether the recording process stopped during this call's conversation (see the class). */
  public boolean interrupted() {
    return interruptedAt != null;
  }

  /**
   * Whether a conversation was going on when this record was saved: an answered call, or a
   * kept-place callback that reached an agent, whose end is not known and that was not
   * {@linkplain #interrupted() interrupted}. Such a record found at start belongs to a call that
   * was cut off when the previous run stopped.
   */
  public boolean inConversation() {
    boolean talking = outcome == CallOutcome.ANSWERED
        || (callback != null && callback.keepsPlace() && callback.startedAt() != null);
    return talking && completedAt == null && interruptedAt == null;
  }

  /**
   * The agent who handled the call: the one who answered it, or the one who called the customer
   * back (kept-place callback).
   */
  public Optional<AgentId> handledBy() {
    if (agent != null) {
      return Optional.of(agent);
    }
    return callback == null ? Optional.empty() : Optional.ofNullable(callback.agent());
  }

  /** Whether the caller's wait was at most {@code threshold} (service-level test). */
  public boolean waitedAtMost(Duration threshold) {
    return waited.compareTo(threshold) <= 0;
  }

  /** How many rings the agents missed (see {@link AgentAttempt.Result#missed()}). */
  public int missedAttempts() {
    int n = 0;
    for (AgentAttempt a : attempts) {
      if (a.missed()) {
        n++;
      }
    }
    return n;
  }

  /** This record with the conversation's end. */
  public CallRecord withCompletion(Instant at, Duration talk) {
    return new CallRecord(recordId, callId, queue, callerNumber, offeredAt, joinedAt,
        positionOnEntry, positionOnLeave, attempts, answeredAt, agent, leftAt, at, null, outcome,
        notQueuedReason, waited, talk, voicemail, callback);
  }

  /** This record with its conversation cut off at {@code at} (see {@link #interruptedAt()}). */
  public CallRecord withInterruption(Instant at) {
    return new CallRecord(recordId, callId, queue, callerNumber, offeredAt, joinedAt,
        positionOnEntry, positionOnLeave, attempts, answeredAt, agent, leftAt, null, at, outcome,
        notQueuedReason, waited, null, voicemail, callback);
  }

  /**
   * This record of a kept-place callback given up because its customer was not reached: outcome
   * {@link CallOutcome#UNREACHED}, no conversation.
   */
  public CallRecord asUnreached() {
    return new CallRecord(recordId, callId, queue, callerNumber, offeredAt, joinedAt,
        positionOnEntry, positionOnLeave, attempts, answeredAt, agent, leftAt, null, null,
        CallOutcome.UNREACHED, notQueuedReason, waited, null, voicemail, callback);
  }

  /** This record with the recorded voicemail. */
  public CallRecord withVoicemail(VoicemailMessage message) {
    return new CallRecord(recordId, callId, queue, callerNumber, offeredAt, joinedAt,
        positionOnEntry, positionOnLeave, attempts, answeredAt, agent, leftAt, completedAt,
        interruptedAt, outcome, notQueuedReason, waited, talkTime, message, callback);
  }

  /** This record with its callback request replaced. */
  public CallRecord withCallback(Callback request) {
    return new CallRecord(recordId, callId, queue, callerNumber, offeredAt, joinedAt,
        positionOnEntry, positionOnLeave, attempts, answeredAt, agent, leftAt, completedAt,
        interruptedAt, outcome, notQueuedReason, waited, talkTime, voicemail, request);
  }

  /**
   * A callback request (capability 15).
   *
   * @param requestedAt when the caller pressed the callback key
   * @param position the caller's position then
   * @param waited how long the caller had waited then
   * @param keepsPlace whether the request kept the caller's place in the queue
   * @param startedAt when a kept-place callback reached an agent and the customer was called,
   *     else {@code null}
   * @param agent the agent who called back, else {@code null}
   */
  public record Callback(Instant requestedAt, int position, Duration waited, boolean keepsPlace,
      Instant startedAt, AgentId agent) {
    public Callback {
      if (requestedAt == null || waited == null) {
        throw new IllegalArgumentException("a callback request needs requestedAt and waited");
      }
    }

    /** This request, started by {@code agent} at {@code at}. */
    public Callback started(Instant at, AgentId by) {
      return new Callback(requestedAt, position, waited, keepsPlace, at, by);
    }
  }
}
