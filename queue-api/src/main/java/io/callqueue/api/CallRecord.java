package io.callqueue.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One line of the call list (capability 20): what happened to one call offered to a queue. Built
 * from the engine's {@link QueueEvent}s by queue-core's {@code CallRecorder} and kept by a
 * {@link io.callqueue.spi.CallRecordStore}. A record is first written when the caller leaves the
 * queue and written again (same {@link #callId()}) when a later event completes it: the end of an
 * answered conversation, a recorded voicemail, the start and end of a kept-place callback (or its
 * giving up: {@link CallOutcome#UNREACHED}).
 *
 * <p>Times are engine-clock instants; stores may keep them with millisecond precision only.
 *
 * @param callId the call's id (unique over the store's lifetime: adapters use the PBX's unique id)
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
 * @param outcome how the caller's time in the queue ended
 * @param notQueuedReason why the call did not join ({@code NOT_QUEUED} only), else {@code null}
 * @param waited time from joining to leaving the queue; zero when not queued
 * @param talkTime length of the conversation, {@code null} until {@link #completedAt()} is known
 * @param voicemail the recording ({@code VOICEMAIL} only, once recorded), else {@code null}
 * @param callback the callback request ({@code CALLBACK} only), else {@code null}
 */
public record CallRecord(CallId callId, QueueId queue, String callerNumber, Instant offeredAt,
    Instant joinedAt, int positionOnEntry, int positionOnLeave, List<AgentAttempt> attempts,
    Instant answeredAt, AgentId agent, Instant leftAt, Instant completedAt, CallOutcome outcome,
    NotQueuedReason notQueuedReason, Duration waited, Duration talkTime,
    VoicemailMessage voicemail, Callback callback) {

  public CallRecord {
    if (callId == null || queue == null || offeredAt == null || leftAt == null
        || outcome == null) {
      throw new IllegalArgumentException(
          "a call record needs callId, queue, offeredAt, leftAt and outcome (call " + callId + ")");
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
    if (notQueuedReason != null && outcome != CallOutcome.NOT_QUEUED) {
      throw new IllegalArgumentException(
          "call " + callId + ": notQueuedReason is for NOT_QUEUED only, outcome was " + outcome);
    }
  }

  /** The record of a call that never joined its queue. */
  public static CallRecord notQueued(CallId callId, QueueId queue, String callerNumber,
      Instant at, NotQueuedReason reason) {
    return new CallRecord(callId, queue, callerNumber, at, null, 0, 0, List.of(), null, null, at,
        null, CallOutcome.NOT_QUEUED, reason, Duration.ZERO, null, null, null);
  }

  /** Whether the call joined the queue. */
  public boolean queued() {
    return joinedAt != null;
  }

  /** Whether the conversation's end is known (talk time present). */
  public boolean completed() {
    return completedAt != null;
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
    return new CallRecord(callId, queue, callerNumber, offeredAt, joinedAt, positionOnEntry,
        positionOnLeave, attempts, answeredAt, agent, leftAt, at, outcome, notQueuedReason, waited,
        talk, voicemail, callback);
  }

  /**
   * This record of a kept-place callback given up because its customer was not reached: outcome
   * {@link CallOutcome#UNREACHED}, no conversation.
   */
  public CallRecord asUnreached() {
    return new CallRecord(callId, queue, callerNumber, offeredAt, joinedAt, positionOnEntry,
        positionOnLeave, attempts, answeredAt, agent, leftAt, null, CallOutcome.UNREACHED,
        notQueuedReason, waited, null, voicemail, callback);
  }

  /** This record with the recorded voicemail. */
  public CallRecord withVoicemail(VoicemailMessage message) {
    return new CallRecord(callId, queue, callerNumber, offeredAt, joinedAt, positionOnEntry,
        positionOnLeave, attempts, answeredAt, agent, leftAt, completedAt, outcome,
        notQueuedReason, waited, talkTime, message, callback);
  }

  /** This record with its callback request replaced. */
  public CallRecord withCallback(Callback request) {
    return new CallRecord(callId, queue, callerNumber, offeredAt, joinedAt, positionOnEntry,
        positionOnLeave, attempts, answeredAt, agent, leftAt, completedAt, outcome,
        notQueuedReason, waited, talkTime, voicemail, request);
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
