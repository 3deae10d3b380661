package io.callqueue.core.records;

import io.callqueue.api.AgentAttempt;
import io.callqueue.api.CallRecord;
import java.io.IOException;
import java.io.Writer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Writes call records as CSV (RFC 4180): a header line, then one line per record; lines end with
 * CRLF; a field containing a comma, a double quote, CR or LF is enclosed in double quotes with
 * inner quotes doubled. Instants are ISO-8601 UTC ({@code 2026-01-05T08:00:12.345Z}), durations
 * are seconds with millisecond decimals ({@code 12.345}), absent values are empty fields. The
 * {@code attempts} column lists every ring as {@code agent:RESULT:ring seconds} separated by
 * {@code ;}. {@code record_id} is the record's identity; {@code call_id} is the PBX's and may
 * repeat.
 *
 * <p>Spreadsheet formulas: a spreadsheet opening the file runs a field that starts with
 * {@code =}, {@code +}, {@code -} or {@code @} (or tab or CR, which some skip first) as a formula,
 * and a caller number is whatever the caller's network sent ({@code =HYPERLINK(...)},
 * {@code @SUM(...)}, {@code -2+3+cmd|...}). Such a field is written with a leading apostrophe,
 * which spreadsheets take as "text follows", and quoted ({@code "'=HYPERLINK(..."}), as OWASP
 * recommends. A plain number is left as it is: an optional leading {@code +} or {@code -} and
 * digits only ({@code +4930123456}, an E.164 number), which a spreadsheet can only read as that
 * number, so programs reading the CSV get the caller number unchanged. A field containing
 * {@code ;} is quoted too, so a spreadsheet in a locale whose list separator is {@code ;} cannot
 * split it into cells that start a formula. The prefix is not removed on reading: the CSV is an
 * export, the store keeps the number as sent.
 */
public final class CallRecordCsv {
  /** The header line's column names, in order. */
  public static final List<String> COLUMNS = List.of("record_id", "call_id", "queue",
      "caller_number", "offered_at", "joined_at", "position_on_entry", "position_on_leave",
      "answered_at", "agent", "left_at", "completed_at", "interrupted_at", "outcome", "not_queued_reason", "wait_seconds", "talk_seconds",
      "attempts", "missed_attempts", "voicemail_reference", "voicemail_seconds",
      "callback_requested_at", "callback_position", "callback_waited_seconds",
      "callback_keeps_place", "callback_started_at", "callback_agent");

  private CallRecordCsv() {}

  /** Writes the header and the records; does not close or flush the writer. */
  public static void write(Writer out, List<CallRecord> records) throws IOException {
    line(out, COLUMNS);
    for (CallRecord r : records) {
      line(out, fields(r));
    }
  }

  /** The fields of one record, unquoted, in {@link #COLUMNS} order. */
  static List<String> fields(CallRecord r) {
    StringBuilder attempts = new StringBuilder();
    for (AgentAttempt a : r.attempts()) {
      if (attempts.length() > 0) {
        attempts.append(';');
      }
      attempts.append(a.agent()).append(':').append(a.result()).append(':')
          .append(seconds(a.ringTime()));
    }
    CallRecord.Callback cb = r.callback();
    return List.of(r.recordId().value(), r.callId().value(), r.queue().value(), r.callerNumber(),
        instant(r.offeredAt()), instant(r.joinedAt()),
        r.queued() ? Integer.toString(r.positionOnEntry()) : "",
        r.queued() ? Integer.toString(r.positionOnLeave()) : "", instant(r.answeredAt()),
        r.agent() == null ? "" : r.agent().value(), instant(r.leftAt()),
        instant(r.completedAt()), instant(r.interruptedAt()), r.outcome().name(),
        r.notQueuedReason() == null ? "" : r.notQueuedReason().name(), seconds(r.waited()),
        seconds(r.talkTime()), attempts.toString(), Integer.toString(r.missedAttempts()),
        r.voicemail() == null ? "" : r.voicemail().reference(),
        r.voicemail() == null ? "" : seconds(r.voicemail().duration()),
        cb == null ? "" : instant(cb.requestedAt()),
        cb == null ? "" : Integer.toString(cb.position()),
        cb == null ? "" : seconds(cb.waited()),
        cb == null ? "" : Boolean.toString(cb.keepsPlace()),
        cb == null ? "" : instant(cb.startedAt()),
        cb == null || cb.agent() == null ? "" : cb.agent().value());
  }

  /** One field as RFC 4180 wants it, made inert for spreadsheets (see the class comment). */
  static String quote(String field) {
    boolean formula = startsFormula(field);
    boolean needs = formula;
    for (int i = 0; i < field.length() && !needs; i++) {
      char ch = field.charAt(i);
      needs = ch == ',' || ch == '"' || ch == '\r' || ch == '\n' || ch == ';';
    }
    String text = formula ? "'" + field : field;
    return needs ? '"' + text.replace("\"", "\"\"") + '"' : text;
  }

  /** Whether a spreadsheet would take the field for a formula, plain numbers excepted. */
  private static boolean startsFormula(String field) {
    if (field.isEmpty()) {
      return false;
    }
    char first = field.charAt(0);
    if (first == '=' || first == '@' || first == '\t' || first == '\r') {
      return true;
    }
    if (first != '+' && first != '-') {
      return false;
    }
    if (field.length() == 1) {
      return true;
    }
    for (int i = 1; i < field.length(); i++) {
      char ch = field.charAt(i);
      if (ch < '0' || ch > '9') {
        return true;
      }
    }
    return false;
  }

  private static void line(Writer out, List<String> fields) throws IOException {
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        out.write(',');
      }
      out.write(quote(fields.get(i)));
    }
    out.write("\r\n");
  }

  private static String instant(Instant t) {
    return t == null ? "" : t.toString();
  }

  private static String seconds(Duration d) {
    if (d == null) {
      return "";
    }
    long ms = d.toMillis();
    return String.format(Locale.ROOT, "%d.%03d", ms / 1000, ms % 1000);
  }
}
