package io.callqueue.examples.server.board;

import io.callqueue.examples.server.http.StatsEndpoint;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * The days a board page covers: {@code from} and {@code to} as dates (inclusive) in the server's
 * time zone, as a browser's {@code <input type="date">} sends them.
 *
 * @param first the first day
 * @param last the last day (inclusive)
 * @param start the first instant of {@code first}
 * @param end the first instant after {@code last}
 */
record Period(LocalDate first, LocalDate last, Instant start, Instant end) {
  /** The longest period a page shows at once. */
  static final int MAX_DAYS = 92;

  /**
   * The period the parameters name; a missing {@code to} is today, a missing {@code from} is
   * {@code defaultDays - 1} days before {@code to}.
   *
   * @throws StatsEndpoint.BadRequest naming a date that cannot be read or a range that is wrong
   */
  static Period parse(String from, String to, Instant now, ZoneId zone, int defaultDays,
      BoardMessages m) {
    LocalDate last = date("to", to, LocalDate.ofInstant(now, zone), m);
    LocalDate first = date("from", from, last.minusDays(defaultDays - 1L), m);
    if (first.isAfter(last)) {
      throw new BadDate(m.format("error.range", first, last));
    }
    if (ChronoUnit.DAYS.between(first, last) >= MAX_DAYS) {
      throw new BadDate(m.format("error.tooLong", MAX_DAYS));
    }
    return new Period(first, last, first.atStartOfDay(zone).toInstant(),
        last.plusDays(1).atStartOfDay(zone).toInstant());
  }

  private static LocalDate date(String name, String value, LocalDate dflt, BoardMessages m) {
    if (value == null || value.isBlank()) {
      return dflt;
    }
    try {
      LocalDate d = LocalDate.parse(value.strip());
      if (d.getYear() < 1970 || d.getYear() > 9999) {
        throw new BadDate(m.format("error.date", name, value));
      }
      return d;
    } catch (DateTimeParseException e) {
      throw new BadDate(m.format("error.date", name, value));
    }
  }

  /** A date parameter that cannot be used; the message (in the page's language) says why. */
  static final class BadDate extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    BadDate(String message) {
      super(message);
    }
  }
}
