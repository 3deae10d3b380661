package io.callqueue.core.records;

import io.callqueue.api.QueueId;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Call statistics of one queue (or of all queues together) over a time range: counts by outcome,
 * wait and talk totals, and the calls within the service-level threshold. Ratios and averages are
 * derived; they are empty when their denominator is zero.
 *
 * @param queue the queue, or {@code null} for all queues together
 * @param offered calls offered (every outcome)
 * @param answered calls answered by an agent
 * @param abandoned callers who hung up while waiting
 * @param voicemail callers who left the queue for voicemail
 * @param callback callers who asked to be called back (and were not given up as unreached)
 * @param unreached kept-place callbacks given up because the customer was not reached on any
 *     attempt ({@link io.callqueue.api.CallOutcome#UNREACHED})
 * @param timeout callers who reached the maximum wait
 * @param notQueued calls that never joined (no active agent, queue full, ...)
 * @param leftEmpty callers released because the queue lost its last active agent
 * @param answeredWithinThreshold answered calls whose wait was at most the queue's threshold
 * @param abandonedWithinThreshold abandoned calls whose wait was at most the queue's threshold
 * @param totalWait the summed wait of every queued call (all outcomes but not-queued)
 * @param maxWait the longest wait of a queued call
 * @param totalAnswerWait the summed wait of answered calls
 * @param talkCount answered calls whose conversation end is known
 * @param totalTalk their summed talk time
 */
public record QueueStats(QueueId queue, int offered, int answered, int abandoned, int voicemail,
    int callback, int unreached, int timeout, int notQueued, int leftEmpty,
    int answeredWithinThreshold, int abandonedWithinThreshold, Duration totalWait,
    Duration maxWait, Duration totalAnswerWait, int talkCount, Duration totalTalk) {

  /** Statistics with no unreached callbacks (the components before {@code unreached} existed). */
  public QueueStats(QueueId queue, int offered, int answered, int abandoned, int voicemail,
      int callback, int timeout, int notQueued, int leftEmpty, int answeredWithinThreshold,
      int abandonedWithinThreshold, Duration totalWait, Duration maxWait,
      Duration totalAnswerWait, int talkCount, Duration totalTalk) {
    this(queue, offered, answered, abandoned, voicemail, callback, 0, timeout, notQueued,
        leftEmpty, answeredWithinThreshold, abandonedWithinThreshold, totalWait, maxWait,
        totalAnswerWait, talkCount, totalTalk);
  }

  /** Calls that joined the queue. */
  public int queued() {
    return offered - notQueued;
  }

  /** Average wait of every queued call, whatever its outcome. */
  public Optional<Duration> averageWait() {
    return average(totalWait, queued());
  }

  /** Average wait of answered calls (average speed of answer, ASA). */
  public Optional<Duration> averageAnswerWait() {
    return average(totalAnswerWait, answered);
  }

  /** Average talk time of answered calls whose conversation ended. */
  public Optional<Duration> averageTalk() {
    return average(totalTalk, talkCount);
  }

  /** Service level: answered within the threshold ÷ answered. */
  public OptionalDouble serviceLevel() {
    return ratio(answeredWithinThreshold, answered);
  }

  /**
   * Asterisk's second service level (SL2): (answered within the threshold + abandoned within the
   * threshold) ÷ (answered + abandoned); a caller who hangs up quickly does not count against it.
   */
  public OptionalDouble serviceLevel2() {
    return ratio(answeredWithinThreshold + abandonedWithinThreshold, answered + abandoned);
  }

  /** Abandonment rate: abandoned ÷ offered. */
  public OptionalDouble abandonmentRate() {
    return ratio(abandoned, offered);
  }

  static Optional<Duration> average(Duration total, int n) {
    return n == 0 ? Optional.empty() : Optional.of(total.dividedBy(n));
  }

  private static OptionalDouble ratio(int a, int b) {
    return b == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) a / b);
  }
}
