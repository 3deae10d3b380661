package io.callqueue.examples.demo;

import io.callqueue.api.AgentId;
import io.callqueue.api.AgentState;
import io.callqueue.api.CallId;
import io.callqueue.api.CallOutcome;
import io.callqueue.api.QueueConfig;
import io.callqueue.api.QueueEvent;
import io.callqueue.api.QueueEvent.AgentRingEnded;
import io.callqueue.api.QueueEvent.AgentRung;
import io.callqueue.api.QueueEvent.AgentStateChanged;
import io.callqueue.api.QueueEvent.CallCompleted;
import io.callqueue.api.QueueEvent.CallbackRequested;
import io.callqueue.api.QueueEvent.CallbackStarted;
import io.callqueue.api.QueueEvent.CallbackUnreached;
import io.callqueue.api.QueueEvent.CallerJoined;
import io.callqueue.api.QueueEvent.CallerLeft;
import io.callqueue.api.QueueEvent.PromptPlayed;
import io.callqueue.api.QueueEvent.RetryScheduled;
import io.callqueue.api.QueueEvent.VoicemailLeft;
import io.callqueue.api.QueueEvent.WaitEstimated;
import io.callqueue.api.QueueEventListener;
import io.callqueue.api.QueueId;
import io.callqueue.core.announce.Announcements;
import io.callqueue.core.announce.EstimateWording;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Prints the engine's events for a person: one line per important event, stamped with the virtual
 * time ({@code 08:03:12}), the queue and the call. A caller joining and the first agent rung at the
 * same instant share a line, as do a ring that was not answered and the next agent rung. Agent
 * state changes, cancelled rings and other bookkeeping are printed only when verbose.
 *
 * <p>Besides the events themselves it keeps what a reader needs to make sense of them: when each
 * caller joined (for the hold time the agent hears), which callers wait in which queue (to point
 * out when an agent shared by two queues serves the heavier one first, capability 18) and which
 * callback requests kept their place.
 *
 * <p>Runs on the engine's thread, like every listener; not thread-safe.
 */
final class EventPrinter implements QueueEventListener {
  static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final PrintStream out;
  private final boolean verbose;
  private final Map<QueueId, QueueConfig> queues;
  private final Map<QueueId, Announcements> announcements = new HashMap<>();
  private final Map<AgentId, List<QueueId>> memberships;

  private final Map<CallId, Instant> joinedAt = new HashMap<>();
  private final Map<CallId, Instant> lastRungAt = new HashMap<>();
  private final Map<QueueId, Map<CallId, Instant>> waiting = new HashMap<>();
  private final Set<CallId> keptPlace = new HashSet<>();
  private final Map<CallId, String> lastHeard = new HashMap<>();
  private final ByEvent byEvent = new ByEvent();
  private int lines;
  private int weightNotes;

  // the line being built: more may be appended while the same call's events at the same instant
  private StringBuilder pending;
  private CallId pendingCall;
  private Instant pendingAt;
  private boolean pendingRings;
  private boolean pendingEstimate;

  /**
   * @param queues every queue's configuration
   * @param memberships every agent's queues
   */
  EventPrinter(PrintStream out, boolean verbose, Map<QueueId, QueueConfig> queues,
      Map<AgentId, List<QueueId>> memberships) {
    this.out = Objects.requireNonNull(out, "out");
    this.verbose = verbose;
    this.queues = Map.copyOf(queues);
    this.memberships = Map.copyOf(memberships);
    queues.forEach((id, config) -> {
      announcements.put(id, Announcements.forQueue(config));
      waiting.put(id, new LinkedHashMap<>());
    });
  }

  /** How often a shared agent served a heavier queue before longer-waiting lighter callers. */
  int weightNotes() {
    return weightNotes;
  }

  /** How many lines were printed so far. */
  int lines() {
    return lines;
  }

  @Override
  public void onEvent(QueueEvent event) {
    event.accept(byEvent);
  }

  /** One method per event: a new event does not compile until the demo says how to print it. */
  private final class ByEvent implements QueueEvent.Visitor {
    @Override
    public void callerJoined(CallerJoined e) {
      joined(e);
    }

    @Override
    public void agentRung(AgentRung e) {
      rung(e);
    }

    @Override
    public void agentRingEnded(AgentRingEnded e) {
      ringEnded(e);
    }

    @Override
    public void retryScheduled(RetryScheduled e) {
      retry(e);
    }

    @Override
    public void callerLeft(CallerLeft e) {
      left(e);
    }

    @Override
    public void callCompleted(CallCompleted e) {
      completed(e);
    }

    @Override
    public void agentStateChanged(AgentStateChanged e) {
      stateChanged(e);
    }

    @Override
    public void promptPlayed(PromptPlayed e) {
      played(e);
    }

    @Override
    public void waitEstimated(WaitEstimated e) {
      start(e.at(), e.queue(), e.call(), "estimated wait " + clock(e.estimate()) + " (\""
          + EstimateWording.of(e.estimate()).describe() + "\", " + e.estimator()
          + " estimator)");
      pendingEstimate = true;
    }

    @Override
    public void callbackRequested(CallbackRequested e) {
      EventPrinter.this.callbackRequested(e);
    }

    @Override
    public void callbackStarted(CallbackStarted e) {
      EventPrinter.this.callbackStarted(e);
    }

    @Override
    public void callbackUnreached(CallbackUnreached e) {
      print(e.at(), e.queue(), e.call(), e.callerNumber() + " not reached (" + e.failure()
          + ", attempt " + e.attempt() + ")" + (e.givenUp() ? ": callback given up"
          : ": " + e.agent() + " is free again, next try in " + clock(e.retryIn())));
    }

    @Override
    public void voicemailLeft(VoicemailLeft e) {
      print(e.at(), e.queue(), e.call(), "voicemail from " + e.callerNumber() + " saved: "
          + e.message().reference() + ", " + secs(e.message().duration()));
    }
  }

  /** Prints a line that belongs to no event (headers, the end of the run). */
  void note(String text) {
    flush();
    out.println(text);
    lines++;
  }

  /** Prints the line still being built, if any. */
  void flush() {
    if (pending != null) {
      out.println(pending);
      lines++;
      pending = null;
      pendingCall = null;
      pendingAt = null;
      pendingRings = false;
      pendingEstimate = false;
    }
  }

  private void joined(CallerJoined e) {
    joinedAt.put(e.call(), e.at());
    waiting.get(e.queue()).put(e.call(), e.at());
    start(e.at(), e.queue(), e.call(),
        e.callerNumber() + " joins at position " + e.position());
  }

  private void rung(AgentRung e) {
    // ring-all rings several agents at one instant, each its own attempt: not a retry
    Instant before = lastRungAt.put(e.call(), e.at());
    boolean again = before != null && before.isBefore(e.at());
    String weight = weightNote(e);
    if (pending != null && e.call().equals(pendingCall) && e.at().equals(pendingAt)) {
      pending.append(pendingRings ? ", " : " -> ringing ").append(e.agent());
    } else {
      String what = keptPlace.contains(e.call())
          ? "callback's turn: ringing " + e.agent() + " first"
          : "ringing " + e.agent() + (again ? " (attempt " + e.attempt() + ")" : "");
      start(e.at(), e.queue(), e.call(), what);
    }
    pendingRings = true;
    if (weight != null) {
      weightNotes++;
      pending.append(weight);
    }
  }

  /**
   * When an agent who also serves lighter queues is rung for a caller of a heavier one while
   * callers who joined earlier wait in a lighter queue: the queue weight at work.
   */
  private String weightNote(AgentRung e) {
    List<QueueId> of = memberships.getOrDefault(e.agent(), List.of());
    Instant joined = joinedAt.get(e.call());
    if (of.size() < 2 || joined == null) {
      return null;
    }
    int weight = queues.get(e.queue()).weight();
    for (QueueId other : of) {
      int otherWeight = queues.get(other).weight();
      if (other.equals(e.queue()) || otherWeight >= weight) {
        continue;
      }
      long earlier = waiting.get(other).values().stream().filter(t -> t.isBefore(joined)).count();
      if (earlier > 0) {
        return " [weight: " + e.queue() + " (" + weight + ") goes before " + other + " ("
            + otherWeight + "), where " + earlier + (earlier == 1 ? " caller has" : " callers have")
            + " waited longer]";
      }
    }
    return null;
  }

  /** What the caller hears; a repeat of the caller's last announcement only when verbose. */
  private void played(PromptPlayed e) {
    String text = PromptText.of(e.prompts());
    if (text.equals(lastHeard.put(e.call(), text)) && !verbose) {
      return;
    }
    if (pendingEstimate && e.call().equals(pendingCall) && e.at().equals(pendingAt)) {
      pending.append(" -> hears \"").append(text).append('"');
      flush();
    } else {
      print(e.at(), e.queue(), e.call(), "hears \"" + text + "\"");
    }
  }

  private void retry(RetryScheduled e) {
    String text = "no other agent free to try; trying again in " + secs(e.delay());
    if (pending != null && e.call().equals(pendingCall) && e.at().equals(pendingAt)
        && !pendingRings) {
      pending.append("; ").append(text);
    } else {
      start(e.at(), e.queue(), e.call(), text);
    }
  }

  private void ringEnded(AgentRingEnded e) {
    if (e.result() == QueueEvent.RingResult.CANCELLED) {
      if (verbose) {
        print(e.at(), e.queue(), e.call(), "ring of " + e.agent() + " cancelled");
      }
      return;
    }
    Instant rungAt = lastRungAt.get(e.call());
    String after = rungAt == null ? "" : " after " + secs(Duration.between(rungAt, e.at()));
    String what = switch (e.result()) {
      case NO_ANSWER -> e.agent() + " did not answer" + after;
      case BUSY -> e.agent() + "'s phone is busy";
      case REJECTED -> e.agent() + " declined the call";
      case UNREACHABLE -> e.agent() + " cannot be reached";
      case UNCONFIRMED -> e.agent() + "'s phone answered but nobody pressed 1" + after;
      case CANCELLED -> throw new IllegalStateException("handled above");
    };
    start(e.at(), e.queue(), e.call(), what);
  }

  private void left(CallerLeft e) {
    Instant joined = joinedAt.get(e.call());
    if (!(e.outcome() == CallOutcome.CALLBACK && keptPlace.contains(e.call()))) {
      waiting.get(e.queue()).remove(e.call());
    }
    switch (e.outcome()) {
      case ANSWERED -> {
        Instant rungAt = lastRungAt.getOrDefault(e.call(), e.at());
        Duration held = joined == null ? Duration.ZERO : Duration.between(joined, rungAt);
        String text = e.agent() + " answers: connected after " + clock(e.waited()) + " in the queue";
        // the whisper of a caller rung the moment they joined ("zero seconds") only when verbose
        if (queues.get(e.queue()).reportHoldTime() && (verbose || held.getSeconds() > 0)) {
          text += "; " + e.agent() + " first hears \""
              + PromptText.of(announcements.get(e.queue()).holdTime(held)) + "\"";
        }
        print(e.at(), e.queue(), e.call(), text);
      }
      case ABANDONED -> print(e.at(), e.queue(), e.call(), "hangs up after " + clock(e.waited())
          + " at position " + e.position() + ": abandoned");
      case VOICEMAIL -> print(e.at(), e.queue(), e.call(), "pressed 0 at position "
          + e.position() + " after " + clock(e.waited()) + ": leaves the queue to record a"
          + " voicemail");
      case CALLBACK -> {
        if (verbose) {
          print(e.at(), e.queue(), e.call(), "leaves the line with outcome CALLBACK");
        }
      }
      case TIMEOUT -> print(e.at(), e.queue(), e.call(), "waited the maximum "
          + clock(e.waited()) + ": timed out");
      case NOT_QUEUED -> print(e.at(), e.queue(), e.call(), e.callerNumber()
          + " not queued (" + e.notQueuedReason() + "): continues in the IVR");
      case LEFT_EMPTY -> print(e.at(), e.queue(), e.call(), "released: the queue has no active"
          + " agent any more");
    }
  }

  private void completed(CallCompleted e) {
    Duration wrap = queues.get(e.queue()).wrapUpTime();
    String what = keptPlace.contains(e.call()) ? "callback conversation" : "call";
    print(e.at(), e.queue(), e.call(), what + " with " + e.agent() + " ends after "
        + clock(e.talkTime()) + " of talk" + (wrap.isZero() ? ""
        : "; " + e.agent() + " wraps up for " + secs(wrap)));
  }

  private void stateChanged(AgentStateChanged e) {
    boolean shown = e.from() == AgentState.LOGGED_OUT || e.to() == AgentState.LOGGED_OUT
        || e.from() == AgentState.PAUSED || e.to() == AgentState.PAUSED;
    if (shown || verbose) {
      String text = "agent " + e.agent() + ": " + e.from() + " -> " + e.to() + " (" + e.reason()
          + ")";
      print(e.at(), null, null, text);
    }
  }

  private void callbackRequested(CallbackRequested e) {
    if (e.keepsPlace()) {
      keptPlace.add(e.call());
    }
    print(e.at(), e.queue(), e.call(), "pressed 1 at position " + e.position() + " after "
        + clock(e.waited()) + ": callback requested for " + e.callerNumber()
        + (e.keepsPlace() ? ", keeping the place in the queue"
            : ", handed to the call list"));
  }

  private void callbackStarted(CallbackStarted e) {
    waiting.get(e.queue()).remove(e.call());
    print(e.at(), e.queue(), e.call(), e.agent() + " answers and calls " + e.callerNumber()
        + " back (asked at " + TIME.format(e.requestedAt()) + ", "
        + clock(Duration.between(e.requestedAt(), e.at())) + " ago)");
  }

  private void start(Instant at, QueueId queue, CallId call, String text) {
    flush();
    pending = new StringBuilder(prefix(at, queue, call)).append(text);
    pendingCall = call;
    pendingAt = at;
    pendingRings = false;
    pendingEstimate = false;
  }

  private void print(Instant at, QueueId queue, CallId call, String text) {
    flush();
    out.println(prefix(at, queue, call) + text);
    lines++;
  }

  private static String prefix(Instant at, QueueId queue, CallId call) {
    return String.format(Locale.ROOT, "%s  %-7s  %-4s  ", TIME.format(at),
        queue == null ? "" : queue.value(), call == null ? "" : call.value());
  }

  /** {@code m:ss}. */
  static String clock(Duration d) {
    long s = Math.max(0, d.getSeconds());
    return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }

  /** {@code 15s}, or {@code 1m30s} from a minute. */
  static String secs(Duration d) {
    long s = Math.max(0, d.getSeconds());
    return s < 60 ? s + "s" : s / 60 + "m" + (s % 60 == 0 ? "" : s % 60 + "s");
  }
}
