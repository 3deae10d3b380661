package io.callqueue.core.records;

import io.callqueue.api.AgentAttempt;
import io.callqueue.api.AgentId;
import io.callqueue.api.CallOutcome;
import io.callqueue.api.CallRecord;
import io.callqueue.api.QueueConfig;
import io.callqueue.api.QueueId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Statistics of the call list (capability 20): per queue and per agent, over any time range and
 * in fixed intervals (15 minutes, as contact centres report).
 *
 * <p>Design: one pass over the records, adding each record offered in the range (by
 * {@link CallRecord#offeredAt()}) to its queue's, the all-queues and its agents' accumulators:
 * O(n + a) for n records with a ring attempts in all; intervals put each record in its interval
 * first. Definitions follow Asterisk's app_queue where it has one: a call is within the service
 * level when its wait is at most the queue's threshold (Asterisk's {@code servicelevel}); the
 * service level is answered within ÷ answered; SL2 = (answered within + abandoned within) ÷
 * (answered + abandoned); the abandonment rate is abandoned ÷ offered. Waits are averaged over the
 * callers who joined; talk time over answered calls whose end is known (an agent's talk also counts
 * its kept-place callbacks). A call whose conversation a crash cut off
 * ({@link CallRecord#interrupted()}) counts as answered, within the service level or not as its
 * wait says, and is left out of talk time: its end is unknown, as for a conversation still going
 * on.
 *
 * <p>Immutable and thread-safe.
 */
public final class CallStatistics {
  /** The service-level threshold of a queue that has none configured here (as QueueConfig's). */
  public static final Duration DEFAULT_THRESHOLD = Duration.ofSeconds(20);
  /** The usual reporting interval. */
  public static final Duration QUARTER_HOUR = Duration.ofMinutes(15);
  /** The most intervals one call to {@link #intervals} returns. */
  public static final int MAX_INTERVALS = 100_000;

  private final Map<QueueId, Duration> thresholds;
  private final Duration defaultThreshold;

  /** Statistics with these per-queue thresholds; other queues use {@link #DEFAULT_THRESHOLD}. */
  public CallStatistics(Map<QueueId, Duration> thresholds) {
    this(thresholds, DEFAULT_THRESHOLD);
  }

  public CallStatistics(Map<QueueId, Duration> thresholds, Duration defaultThreshold) {
    if (thresholds == null || defaultThreshold == null || defaultThreshold.isNegative()) {
      throw new IllegalArgumentException("call statistics need thresholds and a default >= 0");
    }
    thresholds.forEach((q, d) -> {
      if (q == null || d == null || d.isNegative()) {
        throw new IllegalArgumentException(
            "queue '" + q + "': service-level threshold must be >= 0, was " + d);
      }
    });
    this.thresholds = Map.copyOf(thresholds);
    this.defaultThreshold = defaultThreshold;
  }

  /** Statistics with each queue's configured {@link QueueConfig#serviceLevelThreshold()}. */
  public static CallStatistics forQueues(Collection<QueueConfig> queues) {
    Map<QueueId, Duration> t = new HashMap<>();
    for (QueueConfig q : queues) {
      t.put(q.id(), q.serviceLevelThreshold());
    }
    return new CallStatistics(t);
  }

  /** The service-level threshold used for a queue. */
  public Duration threshold(QueueId queue) {
    return thresholds.getOrDefault(queue, defaultThreshold);
  }

  /** Statistics of the records offered in {@code [from, to)}; other records are ignored. */
  public StatisticsReport report(Collection<CallRecord> records, Instant from, Instant to) {
    checkRange(from, to);
    Report r = new Report(from, to);
    for (CallRecord rec : records) {
      if (!rec.offeredAt().isBefore(from) && rec.offeredAt().isBefore(to)) {
        r.add(rec);
      }
    }
    return r.build();
  }

  /**
   * Statistics per interval of {@code width}: intervals start at multiples of the width since the
   * epoch (so quarter hours fall on :00, :15, :30, :45 in UTC and in every whole-hour zone), the
   * first and last clipped to {@code [from, to)}. Every interval is returned, also empty ones.
   */
  public List<StatisticsReport> intervals(Collection<CallRecord> records, Instant from,
      Instant to, Duration width) {
    checkRange(from, to);
    if (width == null || width.toMillis() <= 0) {
      throw new IllegalArgumentException("interval width must be at least 1 ms, was " + width);
    }
    long w = width.toMillis();
    long first = Math.floorDiv(from.toEpochMilli(), w);
    long last = Math.floorDiv(to.toEpochMilli() - 1, w);
    long count = to.equals(from) ? 0 : last - first + 1;
    if (count > MAX_INTERVALS) {
      throw new IllegalArgumentException("too many intervals: " + count + " of " + width
          + " between " + from + " and " + to + " (at most " + MAX_INTERVALS + ")");
    }
    List<Report> out = new ArrayList<>((int) count);
    for (long i = first; i < first + count; i++) {
      Instant start = Instant.ofEpochMilli(Math.max(i * w, from.toEpochMilli()));
      Instant end = Instant.ofEpochMilli(Math.min((i + 1) * w, to.toEpochMilli()));
      out.add(new Report(start, end));
    }
    for (CallRecord rec : records) {
      if (!rec.offeredAt().isBefore(from) && rec.offeredAt().isBefore(to)) {
        out.get((int) (Math.floorDiv(rec.offeredAt().toEpochMilli(), w) - first)).add(rec);
      }
    }
    List<StatisticsReport> reports = new ArrayList<>(out.size());
    for (Report r : out) {
      reports.add(r.build());
    }
    return reports;
  }

  static QueueStats empty(QueueId queue) {
    return new QueueAccumulator(queue).build();
  }

  private static void checkRange(Instant from, Instant to) {
    if (from == null || to == null || to.isBefore(from)) {
      throw new IllegalArgumentException("statistics need from <= to, were " + from + ", " + to);
    }
  }

  /** One report being built. */
  private final class Report {
    final Instant from;
    final Instant to;
    final Map<QueueId, QueueAccumulator> queues = new TreeMap<>();
    final QueueAccumulator all = new QueueAccumulator(null);
    final Map<AgentId, AgentAccumulator> agents = new TreeMap<>();

    Report(Instant from, Instant to) {
      this.from = from;
      this.to = to;
    }

    void add(CallRecord r) {
      Duration threshold = threshold(r.queue());
      queues.computeIfAbsent(r.queue(), QueueAccumulator::new).add(r, threshold);
      all.add(r, threshold);
      for (AgentAttempt a : r.attempts()) {
        AgentAccumulator acc = agents.computeIfAbsent(a.agent(), AgentAccumulator::new);
        if (a.missed()) {
          acc.missed++;
        }
      }
      if (r.outcome() == CallOutcome.ANSWERED && r.agent() != null) {
        agents.computeIfAbsent(r.agent(), AgentAccumulator::new).answered++;
      }
      if (r.callback() != null && r.callback().agent() != null
          && r.outcome() != CallOutcome.UNREACHED) {
        agents.computeIfAbsent(r.callback().agent(), AgentAccumulator::new).callbacks++;
      }
      if (r.talkTime() != null) {
        r.handledBy().ifPresent(id -> {
          AgentAccumulator acc = agents.computeIfAbsent(id, AgentAccumulator::new);
          acc.talkCount++;
          acc.talk = acc.talk.plus(r.talkTime());
        });
      }
    }

    StatisticsReport build() {
      TreeMap<QueueId, QueueStats> q = new TreeMap<>();
      queues.forEach((id, acc) -> q.put(id, acc.build()));
      TreeMap<AgentId, AgentStats> a = new TreeMap<>();
      agents.forEach((id, acc) -> a.put(id, acc.build()));
      return new StatisticsReport(from, to, q, all.build(), a);
    }
  }

  private static final class QueueAccumulator {
    final QueueId queue;
    int offered;
    int answered;
    int abandoned;
    int voicemail;
    int callback;
    int unreached;
    int timeout;
    int notQueued;
    int leftEmpty;
    int answeredWithin;
    int abandonedWithin;
    Duration totalWait = Duration.ZERO;
    Duration maxWait = Duration.ZERO;
    Duration totalAnswerWait = Duration.ZERO;
    int talkCount;
    Duration totalTalk = Duration.ZERO;

    QueueAccumulator(QueueId queue) {
      this.queue = queue;
    }

    void add(CallRecord r, Duration threshold) {
      offered++;
      boolean within = r.waitedAtMost(threshold);
      switch (r.outcome()) {
        case ANSWERED -> {
          answered++;
          totalAnswerWait = totalAnswerWait.plus(r.waited());
          if (within) {
            answeredWithin++;
          }
          if (r.talkTime() != null) {
            talkCount++;
            totalTalk = totalTalk.plus(r.talkTime());
          }
        }
        case ABANDONED -> {
          abandoned++;
          if (within) {
            abandonedWithin++;
          }
        }
        case VOICEMAIL -> voicemail++;
        case CALLBACK -> callback++;
        case UNREACHED -> unreached++;
        case TIMEOUT -> timeout++;
        case NOT_QUEUED -> notQueued++;
        case LEFT_EMPTY -> leftEmpty++;
      }
      if (r.outcome() != CallOutcome.NOT_QUEUED) {
        totalWait = totalWait.plus(r.waited());
        if (r.waited().compareTo(maxWait) > 0) {
          maxWait = r.waited();
        }
      }
    }

    QueueStats build() {
      return new QueueStats(queue, offered, answered, abandoned, voicemail, callback, unreached,
          timeout,
          notQueued, leftEmpty, answeredWithin, abandonedWithin, totalWait, maxWait,
          totalAnswerWait, talkCount, totalTalk);
    }
  }

  private static final class AgentAccumulator {
    final AgentId agent;
    int answered;
    int callbacks;
    int missed;
    int talkCount;
    Duration talk = Duration.ZERO;

    AgentAccumulator(AgentId agent) {
      this.agent = agent;
    }

    AgentStats build() {
      return new AgentStats(agent, answered, callbacks, missed, talkCount, talk);
    }
  }
}
