package io.callqueue.core.records;

import static io.callqueue.core.records.Fixtures.ALICE;
import static io.callqueue.core.records.Fixtures.BOB;
import static io.callqueue.core.records.Fixtures.SALES;
import static io.callqueue.core.records.Fixtures.SUPPORT;
import static io.callqueue.core.records.Fixtures.callbackRequested;
import static io.callqueue.core.records.Fixtures.completed;
import static io.callqueue.core.records.Fixtures.joined;
import static io.callqueue.core.records.Fixtures.left;
import static io.callqueue.core.records.Fixtures.notQueued;
import static io.callqueue.core.records.Fixtures.ringEnded;
import static io.callqueue.core.records.Fixtures.rung;
import static io.callqueue.core.records.Fixtures.t;
import static org.assertj.core.api.Assertions.assertThat;

import io.callqueue.api.CallOutcome;
import io.callqueue.api.HungUpBy;
import io.callqueue.api.NotQueuedReason;
import io.callqueue.api.QueueConfig;
import io.callqueue.api.QueueEvent;
import io.callqueue.api.QueueEvent.RingResult;
import java.io.IOException;
import java.io.Writer;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** Exact queue_log lines; T0 is epoch second 1767600000. */
class QueueLogWriterTest {
  private final StringBuilder out = new StringBuilder();
  private final QueueLogWriter writer = new QueueLogWriter(out);

  private String feed(QueueEvent... events) {
    for (QueueEvent e : events) {
      writer.onEvent(e);
    }
    return out.toString();
  }

  @Test
  void answeredCall_enterRingNoAnswerConnectComplete() {
    assertThat(feed(
        joined(0, "1767600000.42", SALES, "+48111", 1),
        rung(2, "1767600000.42", SALES, ALICE, 1),
        ringEnded(17, "1767600000.42", SALES, ALICE, RingResult.NO_ANSWER),
        rung(19, "1767600000.42", SALES, BOB, 2),
        left(25, "1767600000.42", SALES, CallOutcome.ANSWERED, BOB, 25, 1),
        completed(145, "1767600000.42", SALES, BOB, 120)))
        .isEqualTo(""
            + "1767600000|1767600000.42|sales|NONE|ENTERQUEUE||+48111\n"
            + "1767600017|1767600000.42|sales|alice|RINGNOANSWER|15000\n"
            + "1767600025|1767600000.42|sales|bob|CONNECT|25||6\n"
            + "1767600145|1767600000.42|sales|bob|COMPLETECALLER|25|120|1\n");
  }

  @ParameterizedTest
  @CsvSource({"AGENT, COMPLETEAGENT", "CALLER, COMPLETECALLER", "UNKNOWN, COMPLETECALLER"})
  void completion_isCompleteAgentWhenTheAgentHungUp(HungUpBy side, String verb) {
    QueueEvent.CallCompleted done = completed(145, "c1", SALES, BOB, 120);
    assertThat(feed(
        joined(0, "c1", SALES, "+48111", 1),
        left(25, "c1", SALES, CallOutcome.ANSWERED, BOB, 25, 1),
        new QueueEvent.CallCompleted(done.at(), done.call(), done.queue(), done.agent(),
            done.talkTime(), side)))
        .endsWith("1767600145|c1|sales|bob|" + verb + "|25|120|1\n");
  }

  @Test
  void abandoned_positionOrigPositionWait_andCancelledRing() {
    assertThat(feed(
        joined(0, "c1", SALES, "+48111", 3),
        rung(30, "c1", SALES, ALICE, 1),
        ringEnded(34, "c1", SALES, ALICE, RingResult.CANCELLED),
        left(34, "c1", SALES, CallOutcome.ABANDONED, null, 34, 1)))
        .endsWith(""
            + "1767600034|c1|sales|alice|RINGCANCELED|4000\n"
            + "1767600034|c1|sales|NONE|ABANDON|1|3|34\n");
  }

  @ParameterizedTest
  @CsvSource({
      "TIMEOUT, 1767600300|c1|sales|NONE|EXITWITHTIMEOUT|2|4|300",
      "LEFT_EMPTY, 1767600300|c1|sales|NONE|EXITEMPTY|2|4|300",
      "VOICEMAIL, 1767600300|c1|sales|NONE|EXITWITHKEY|0|2|4|300",
      "CALLBACK, 1767600300|c1|sales|NONE|EXITWITHKEY|1|2|4|300"})
  void leavingWithoutAgent_writesTheMatchingExitLine(CallOutcome outcome, String line) {
    assertThat(feed(joined(0, "c1", SALES, "", 4),
        left(300, "c1", SALES, outcome, null, 300, 2)))
        .isEqualTo("1767600000|c1|sales|NONE|ENTERQUEUE||\n" + line + "\n");
  }

  @ParameterizedTest
  // UNREACHED is a call record's outcome (a callback given up), never a CallerLeft's
  @EnumSource(value = CallOutcome.class, names = {"NOT_QUEUED", "UNREACHED"},
      mode = EnumSource.Mode.EXCLUDE)
  void everyOutcomeOfAJoinedCaller_writesOneLeaveLine(CallOutcome outcome) {
    String lines = feed(joined(0, "c1", SALES, "", 4),
        left(300, "c1", SALES, outcome, outcome == CallOutcome.ANSWERED ? ALICE : null, 300, 2));

    assertThat(lines.lines()).hasSize(2).last().asString().startsWith("1767600300|c1|sales|");
  }

  @Test
  void unreachedCallback_ownVerb_attemptReasonAndRetry_emptyRetryWhenGivenUp() {
    assertThat(feed(
        Fixtures.callbackUnreached(330, "c1", SALES, ALICE, 1, 300L),
        Fixtures.callbackUnreached(700, "c1", SALES, BOB, 2, null)))
        .isEqualTo(""
            + "1767600330|c1|sales|alice|CALLBACKUNREACHED|1|NO_ANSWER|300\n"
            + "1767600700|c1|sales|bob|CALLBACKUNREACHED|2|NO_ANSWER|\n");
  }

  @Test
  void exitKeys_comeFromTheQueueConfiguration() {
    QueueConfig support = QueueConfig.builder("support").voicemailKey('9').callbackKey('#')
        .build();
    StringBuilder sink = new StringBuilder();
    QueueLogWriter configured = new QueueLogWriter(sink,
        q -> q.equals(SUPPORT) ? Optional.of(support) : Optional.empty());

    configured.onEvent(left(10, "v", SUPPORT, CallOutcome.VOICEMAIL, null, 10, 1));
    configured.onEvent(callbackRequested(20, "k", SUPPORT, "+48111", 1, 20, false));
    configured.onEvent(left(20, "k", SUPPORT, CallOutcome.CALLBACK, null, 20, 1));

    assertThat(sink.toString()).isEqualTo(""
        + "1767600010|v|support|NONE|EXITWITHKEY|9|1|0|10\n"
        + "1767600020|k|support|NONE|EXITWITHKEY|#|1|0|20\n");
  }

  @Test
  void notQueued_joinEmptyAndFull_otherReasonsNotWritten() {
    assertThat(feed(
        notQueued(1, "a", SALES, NotQueuedReason.NO_ACTIVE_AGENT),
        notQueued(2, "b", SALES, NotQueuedReason.FULL),
        notQueued(3, "c", SALES, NotQueuedReason.UNKNOWN_QUEUE),
        notQueued(4, "d", SALES, NotQueuedReason.DUPLICATE_CALL)))
        .isEqualTo(""
            + "1767600001|a|sales|NONE|JOINEMPTY|\n"
            + "1767600002|b|sales|NONE|FULL|\n");
  }

  @Test
  void callerNumberWithSeparators_isCleaned() {
    assertThat(feed(joined(0, "c1", SALES, "a|b\nc", 1)))
        .isEqualTo("1767600000|c1|sales|NONE|ENTERQUEUE||a_b_c\n");
  }

  @Test
  void failingOutput_isCountedAndNeverThrown() {
    Writer broken = new Writer() {
      @Override
      public void write(char[] buf, int off, int len) throws IOException {
        throw new IOException("disk full");
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    QueueLogWriter failing = new QueueLogWriter(broken);

    failing.onEvent(joined(0, "c1", SALES, "+48111", 1));
    failing.onEvent(left(5, "c1", SALES, CallOutcome.ABANDONED, null, 5, 1));

    assertThat(failing.failedWrites()).isEqualTo(2);
  }

  @Test
  void completionOfACallThatNeverConnected_writesNothing() {
    assertThat(feed(completed(10, "cb", SALES, ALICE, 60))).isEmpty();
    assertThat(t(0).getEpochSecond()).isEqualTo(1767600000L);
  }
}
