package io.callqueue.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A caller still waiting in a queue, as the call list keeps it until the caller leaves: saved by
 * queue-core's {@code CallRecorder} when the caller joins and replaced, under the same
 * {@link #recordId()}, by the caller's {@link CallRecord} when the caller leaves. It is never a
 * {@link CallRecord} (a call record always has an outcome): stores keep it apart and never return
 * it from {@link io.callqueue.spi.CallRecordStore#query}, {@code find} or {@code findByCall}, so
 * statistics, the CSV and the call list never see a call without an outcome.
 *
 * <p>One found at start belongs to a caller who was waiting when the previous run stopped (a
 * crash, a kill): the next run's reconcile turns it into {@link #interruptedAt(Instant)}.
 *
 * @param recordId the identity the caller's call record will have
 * @param callId the call's id as the PBX gave it
 * @param queue the queue the caller joined
 * @param callerNumber the caller's number as offered, empty when unknown
 * @param joinedAt when the caller joined
 * @param positionOnEntry position on joining (1 = next)
 */
public record InQueueRecord(RecordId recordId, CallId callId, QueueId queue, String callerNumber,
    Instant joinedAt, int positionOnEntry) {

  public InQueueRecord {
    if (recordId == null || callId == null || queue == null || joinedAt == null) {
      throw new IllegalArgumentException("an in-queue record needs recordId, callId, queue and"
          + " joinedAt (record " + recordId + ", call " + callId + ")");
    }
    callerNumber = callerNumber == null ? "" : callerNumber;
  }

  /**
   * The call record of this caller when the recording process stopped at {@code at} while the
   * caller waited: outcome {@link CallOutcome#ABANDONED} (the caller's wait ended there, unanswered),
   * {@linkplain CallRecord#interruptedAt() interrupted} and left at {@code at} (or at the join,
   * when {@code at} is earlier), the position on leaving the last known one (the entry position),
   * and no ring attempts (they are not saved while the caller waits).
   */
  public CallRecord interruptedAt(Instant at) {
    Instant end = at.isBefore(joinedAt) ? joinedAt : at;
    return new CallRecord(recordId, callId, queue, callerNumber, joinedAt, joinedAt,
        positionOnEntry, positionOnEntry, List.of(), null, null, end, null, end,
        CallOutcome.ABANDONED, null, Duration.between(joinedAt, end), null, null, null);
  }
}
