package io.callqueue.core.records;

import io.callqueue.api.AgentId;
import io.callqueue.api.CallId;
import io.callqueue.api.CallOutcome;
import io.callqueue.api.HungUpBy;
import io.callqueue.api.QueueConfig;
import io.callqueue.api.QueueEvent;
import io.callqueue.api.QueueEvent.AgentRingEnded;
import io.callqueue.api.QueueEvent.AgentRung;
import io.callqueue.api.QueueEvent.CallCompleted;
import io.callqueue.api.QueueEvent.CallbackUnreached;
import io.callqueue.api.QueueEvent.CallerJoined;
import io.callqueue.api.QueueEvent.CallerLeft;
import io.callqueue.api.QueueEventListener;
import io.callqueue.api.QueueId;
import java.io.Flushable;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An optional event sink writing Asterisk's {@code queue_log} format, so the queue reports PBX
 * users already run (they parse Asterisk's queue_log file or table) work on callqueue too. Each
 * line is {@code epoch|callid|queue|agent|EVENT|data1|data2|...} followed by {@code \n}; the agent
 * is {@code NONE} when there is none; times are whole seconds unless said otherwise.
 *
 * <table>
 *   <caption>Events written</caption>
 *   <tr><th>engine event</th><th>queue_log line</th></tr>
 *   <tr><td>CallerJoined</td><td>{@code ENTERQUEUE|url|callerid} (url always empty)</td></tr>
 *   <tr><td>AgentRingEnded NO_ANSWER, BUSY, REJECTED, UNREACHABLE</td>
 *       <td>{@code RINGNOANSWER|ringtime in ms} (as Asterisk does for busy and unavailable
 *       members too)</td></tr>
 *   <tr><td>AgentRingEnded CANCELLED</td><td>{@code RINGCANCELED|ringtime in ms} (the line
 *       newer Asterisk versions write; tools that do not know it skip it)</td></tr>
 *   <tr><td>CallerLeft ANSWERED</td><td>{@code CONNECT|holdtime|bridgedchanneluniqueid|ringtime}
 *       (the agent leg has no id of its own here: the field is empty)</td></tr>
 *   <tr><td>CallCompleted</td><td>{@code COMPLETECALLER|holdtime|calltime|origposition}, or
 *       {@code COMPLETEAGENT|...} when the agent hung up</td></tr>
 *   <tr><td>CallerLeft ABANDONED</td><td>{@code ABANDON|position|origposition|waittime}</td></tr>
 *   <tr><td>CallerLeft VOICEMAIL, CALLBACK</td>
 *       <td>{@code EXITWITHKEY|key|position|origposition|waittime}</td></tr>
 *   <tr><td>CallerLeft TIMEOUT</td>
 *       <td>{@code EXITWITHTIMEOUT|position|origposition|waittime}</td></tr>
 *   <tr><td>CallerLeft LEFT_EMPTY</td>
 *       <td>{@code EXITEMPTY|position|origposition|waittime}</td></tr>
 *   <tr><td>CallbackUnreached</td>
 *       <td>{@code CALLBACKUNREACHED|attempt|reason|retry in seconds} (the retry field is empty
 *       when the callback is given up; agent: the one who answered and waited for the
 *       customer)</td></tr>
 *   <tr><td>CallerLeft NOT_QUEUED, NO_ACTIVE_AGENT / FULL</td>
 *       <td>{@code JOINEMPTY|} / {@code FULL|} (no data, as dialplans log join failures with
 *       QueueLog()); unknown queues and duplicate calls are not logged</td></tr>
 * </table>
 *
 * <p>Who hung up: {@link CallCompleted#hungUpBy}; {@code COMPLETEAGENT} when it is the agent, else
 * {@code COMPLETECALLER} (also when the adapter did not say, {@link
 * io.callqueue.api.HungUpBy#UNKNOWN}: report tools count both as completed calls, so totals and
 * talk times stay right). Kept-place
 * callback conversations, voicemail recordings, prompts and agent state changes have no queue_log
 * counterpart here and are not written.
 *
 * <p>Why a verb of its own for an unreached callback: Asterisk has no callbacks, so no verb of its
 * fits. RINGNOANSWER would count a missed ring against the agent, who did answer; ABANDON or an
 * EXIT verb would count the caller a second time (they left with EXITWITHKEY when they pressed
 * the key). Report tools skip a verb they do not know, so their totals stay right, and a dialplan
 * writes such custom lines with {@code QueueLog()} too.
 *
 * <p>The key of EXITWITHKEY comes from the queue's configuration when a lookup is given, else
 * {@code 0} for voicemail and {@code 1} for callback (the product's defaults).
 *
 * <p>Threading and cost: {@link #onEvent} runs on the engine's thread and appends one short line
 * per event (flushing a {@link Flushable} output), so give it a fast local output (a buffered
 * file writer). An I/O error is logged and counted, never thrown. Per-call state is dropped when
 * the caller leaves, or at the end of the conversation (at most {@value #MAX_CONNECTED} connected
 * calls, kept at most 12 hours).
 */
public final class QueueLogWriter implements QueueEventListener {
  /** The most connected calls remembered for their COMPLETECALLER line. */
  public static final int MAX_CONNECTED = 100_000;
  private static final Logger LOG = LoggerFactory.getLogger(QueueLogWriter.class);
  private static final Duration CONNECTED_RETENTION = Duration.ofHours(12);

  private final Appendable out;
  private final Function<QueueId, Optional<QueueConfig>> queues;
  private final Map<CallId, Waiting> waiting = new HashMap<>();
  private final ExpiringMap<CallId, Connected> connected;
  private final Lines lines = new Lines();
  private long failedWrites;
  private boolean failing;

  /** A writer using the default exit keys ({@code 0} voicemail, {@code 1} callback). */
  public QueueLogWriter(Appendable out) {
    this(out, q -> Optional.empty());
  }

  /** A writer that reads each queue's voicemail and callback keys from its configuration. */
  public QueueLogWriter(Appendable out, Function<QueueId, Optional<QueueConfig>> queues) {
    if (out == null || queues == null) {
      throw new IllegalArgumentException("a queue_log writer needs an output and a queue lookup");
    }
    this.out = out;
    this.queues = queues;
    this.connected = new ExpiringMap<>(CONNECTED_RETENTION, MAX_CONNECTED,
        (id, c) -> LOG.debug("call {}: no end of conversation within {}; no COMPLETECALLER", id,
            CONNECTED_RETENTION),
        (id, c) -> LOG.warn("more than {} connected calls; call {} will get no COMPLETECALLER",
            MAX_CONNECTED, id));
  }

  /** Lines that could not be written. */
  public long failedWrites() {
    return failedWrites;
  }

  @Override
  public void onEvent(QueueEvent event) {
    connected.expire(event.at());
    event.accept(lines);
  }

  /** One method per event: a new event does not compile until it is decided here. */
  private final class Lines implements QueueEvent.Visitor {
    @Override
    public void callerJoined(CallerJoined j) {
      waiting.put(j.call(), new Waiting(j.position()));
      write(j.at(), j.call(), j.queue(), null, "ENTERQUEUE", "", clean(j.callerNumber()));
    }

    @Override
    public void agentRung(AgentRung r) {
      Waiting w = waiting.get(r.call());
      if (w != null) {
        w.rings.put(r.agent(), r.at());
      }
    }

    @Override
    public void agentRingEnded(AgentRingEnded e) {
      Waiting w = waiting.get(e.call());
      Instant start = w == null ? null : w.rings.remove(e.agent());
      long ms = start == null ? 0 : Math.max(0, Duration.between(start, e.at()).toMillis());
      String name = e.result() == QueueEvent.RingResult.CANCELLED ? "RINGCANCELED" : "RINGNOANSWER";
      write(e.at(), e.call(), e.queue(), e.agent(), name, Long.toString(ms));
    }

    @Override
    public void callerLeft(CallerLeft l) {
      left(l);
    }

    @Override
    public void callbackUnreached(CallbackUnreached u) {
      write(u.at(), u.call(), u.queue(), u.agent(), "CALLBACKUNREACHED",
          Integer.toString(u.attempt()), u.failure().name(),
          u.givenUp() ? "" : Long.toString(u.retryIn().getSeconds()));
    }

    @Override
    public void callCompleted(CallCompleted c) {
      Connected k = connected.remove(c.call());
      if (k != null) {
        String verb = c.hungUpBy() == HungUpBy.AGENT ? "COMPLETEAGENT" : "COMPLETECALLER";
        write(c.at(), c.call(), c.queue(), k.agent, verb, Long.toString(k.holdSeconds),
            Long.toString(c.talkTime().getSeconds()), Integer.toString(k.origPosition));
      }
    }

    @Override
    public void retryScheduled(QueueEvent.RetryScheduled e) {
      // no queue_log counterpart (see the class comment)
    }

    @Override
    public void agentStateChanged(QueueEvent.AgentStateChanged e) {
      // no queue_log counterpart
    }

    @Override
    public void promptPlayed(QueueEvent.PromptPlayed e) {
      // no queue_log counterpart
    }

    @Override
    public void waitEstimated(QueueEvent.WaitEstimated e) {
      // no queue_log counterpart
    }

    @Override
    public void callbackRequested(QueueEvent.CallbackRequested e) {
      // the EXITWITHKEY line is written at the CallerLeft(CALLBACK) that follows
    }

    @Override
    public void callbackStarted(QueueEvent.CallbackStarted e) {
      // kept-place callback conversations have no queue_log counterpart
    }

    @Override
    public void voicemailLeft(QueueEvent.VoicemailLeft e) {
      // the EXITWITHKEY line is written at the CallerLeft(VOICEMAIL) before it
    }
  }

  private void left(CallerLeft l) {
    if (l.outcome() == CallOutcome.NOT_QUEUED) {
      if (l.notQueuedReason() != null) {
        switch (l.notQueuedReason()) {
          case NO_ACTIVE_AGENT -> write(l.at(), l.call(), l.queue(), null, "JOINEMPTY", "");
          case FULL -> write(l.at(), l.call(), l.queue(), null, "FULL", "");
          case UNKNOWN_QUEUE, DUPLICATE_CALL -> {
            // not a visit of the queue
          }
        }
      }
      return;
    }
    Waiting w = waiting.remove(l.call());
    int orig = w == null ? 0 : w.origPosition;
    String pos = Integer.toString(l.position());
    String wait = Long.toString(l.waited().getSeconds());
    switch (l.outcome()) {
      case ANSWERED -> {
        Instant ringStart = w == null ? null : w.rings.get(l.agent());
        long ring = ringStart == null ? 0 : Math.max(0, Duration.between(ringStart, l.at())
            .getSeconds());
        write(l.at(), l.call(), l.queue(), l.agent(), "CONNECT", wait, "", Long.toString(ring));
        connected.put(l.call(), new Connected(l.agent(), l.waited().getSeconds(), orig), l.at());
      }
      case ABANDONED -> write(l.at(), l.call(), l.queue(), null, "ABANDON", pos,
          Integer.toString(orig), wait);
      case TIMEOUT -> write(l.at(), l.call(), l.queue(), null, "EXITWITHTIMEOUT", pos,
          Integer.toString(orig), wait);
      case LEFT_EMPTY -> write(l.at(), l.call(), l.queue(), null, "EXITEMPTY", pos,
          Integer.toString(orig), wait);
      case VOICEMAIL, CALLBACK -> write(l.at(), l.call(), l.queue(), null, "EXITWITHKEY",
          key(l.queue(), l.outcome()), pos, Integer.toString(orig), wait);
      case NOT_QUEUED, UNREACHED -> {
        // handled above; UNREACHED is a call record's outcome, never a CallerLeft's
      }
    }
  }

  private String key(QueueId queue, CallOutcome outcome) {
    Optional<QueueConfig> config = queues.apply(queue);
    Optional<Character> key = outcome == CallOutcome.VOICEMAIL
        ? config.flatMap(QueueConfig::voicemailKey)
        : config.flatMap(QueueConfig::callbackKey);
    return String.valueOf(key.orElse(outcome == CallOutcome.VOICEMAIL ? '0' : '1'));
  }

  private void write(Instant at, CallId call, QueueId queue, AgentId agent, String name,
      String... data) {
    StringBuilder line = new StringBuilder(64);
    line.append(at.getEpochSecond()).append('|').append(call.value()).append('|')
        .append(queue.value()).append('|').append(agent == null ? "NONE" : agent.value())
        .append('|').append(name);
    for (String d : data) {
      line.append('|').append(d);
    }
    line.append('\n');
    try {
      out.append(line);
      if (out instanceof Flushable f) {
        f.flush();
      }
      if (failing) {
        failing = false;
        LOG.info("queue_log writes work again after {} failed line(s)", failedWrites);
      }
    } catch (IOException e) {
      failedWrites++;
      if (!failing) {
        failing = true;
        LOG.warn("could not write to the queue_log: {}; lines are lost until it works again",
            line.toString().strip(), e);
      }
    }
  }

  /** Caller ids are free text: no field separators or line breaks. */
  private static String clean(String s) {
    return s == null ? "" : s.replace('|', '_').replace('\n', '_').replace('\r', '_');
  }

  private static final class Waiting {
    final int origPosition;
    final Map<AgentId, Instant> rings = new HashMap<>();

    Waiting(int origPosition) {
      this.origPosition = origPosition;
    }
  }

  private record Connected(AgentId agent, long holdSeconds, int origPosition) {}
}
