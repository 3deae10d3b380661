package io.callqueue.examples.server.board;

import io.callqueue.api.CallQuery;
import io.callqueue.core.records.CallStatistics;
import io.callqueue.core.records.StatisticsReport;
import io.callqueue.spi.CallRecordStore;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Today's figures per queue and agent (service level, answered, missed, talk time), computed by
 * {@link CallStatistics} from the call records of the current day in the server's time zone — the
 * same definitions as {@code /api/stats} and the statistics page, and they survive a restart.
 *
 * <p>Threading: {@link #refresh()} queries the store (it may block) and runs on the board's own
 * refresh thread, never on the engine's; {@link #current()} is a volatile read, safe anywhere.
 */
final class TodayFigures {
  private static final Logger log = LoggerFactory.getLogger(TodayFigures.class);

  private final CallRecordStore store;
  private final Supplier<CallStatistics> statistics;
  private final Clock clock;
  private final ZoneId zone;
  private volatile StatisticsReport current;

  TodayFigures(CallRecordStore store, Supplier<CallStatistics> statistics, Clock clock,
      ZoneId zone) {
    this.store = store;
    this.statistics = statistics;
    this.clock = clock;
    this.zone = zone;
    Instant now = clock.instant();
    this.current = statistics.get().report(List.of(), dayStart(now), now.plusMillis(1));
  }

  /** The latest figures (empty until the first refresh). */
  StatisticsReport current() {
    return current;
  }

  /** The start of the day {@code at} falls in, in the server's zone. */
  Instant dayStart(Instant at) {
    return LocalDate.ofInstant(at, zone).atStartOfDay(zone).toInstant();
  }

  /** Reads today's records again; a failing store keeps the previous figures (logged). */
  void refresh() {
    Instant now = clock.instant();
    Instant from = dayStart(now);
    Instant to = now.plusMillis(1);
    try {
      current = statistics.get().report(store.query(CallQuery.between(from, to)), from, to);
    } catch (RuntimeException e) {
      log.warn("wallboard: cannot read today's call records, keeping the previous figures: {}",
          e.toString());
    }
  }
}
