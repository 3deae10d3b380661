package io.callqueue.api;

import java.time.Duration;
import java.time.Instant;

/**
 * Everything the engine reports. Every event carries the engine time it happened at.
 *
 * <p>Handle events with a {@link Visitor}: {@code event.accept(visitor)} calls the visitor's one
 * method for the event's type. The visitor has one abstract method per event and no defaults, so
 * a consumer that does not say what it does with a new event fails to compile; a consumer that
 * has nothing to do for an event implements that method with an empty body and a comment saying
 * so. (Java 17, the release we build for, has no pattern matching in {@code switch}: a chain of
 * {@code instanceof} tests over this sealed interface would compile, and silently skip, when an
 * event is added.)
 */
public sealed interface QueueEvent {

  /** When it happened (engine clock). */
  Instant at();

  /** Calls the {@code visitor}'s method for this event's type, with this event. */
  void accept(Visitor visitor);

  /**
   * What a consumer does with each kind of event; see {@link QueueEvent#accept}. Implement every
   * method: there are no defaults on purpose (Micrometer's {@code Meter.match} in the same
   * spirit), so adding an event breaks the compile of every consumer until it decides.
   */
  interface Visitor {
    void callerJoined(CallerJoined event);

    void callerLeft(CallerLeft event);

    void agentRung(AgentRung event);

    void agentRingEnded(AgentRingEnded event);

    void retryScheduled(RetryScheduled event);

    void callCompleted(CallCompleted event);

    void agentStateChanged(AgentStateChanged event);

    void promptPlayed(PromptPlayed event);

    void waitEstimated(WaitEstimated event);

    void callbackRequested(CallbackRequested event);

    void callbackStarted(CallbackStarted event);

    void callbackUnreached(CallbackUnreached event);

    void voicemailLeft(VoicemailLeft event);
  }

  /**
   * An offered call joined a queue.
   *
   * @param position position on entry, 1 = next
   */
  record CallerJoined(Instant at, CallId call, QueueId queue, String callerNumber, int priority,
      int position) implements QueueEvent {
    @Override
    public void accept(Visitor visitor) {
      visitor.callerJoined(this);
    }
  }

  /**
   * A caller's time in a queue ended; every offered call gets exactly one of these, including calls
   * that never joined ({@link CallOutcome#NOT_QUEUED}). (An offer whose call id is already in the
   * engine's care is refused as {@link NotQueuedReason#DUPLICATE_CALL} without an event: the id
   * already has its own.)
   *
   * @param callerNumber the caller's number as offered
   * @param agent the agent who answered ({@code ANSWERED} only), else {@code null}
   * @param notQueuedReason why the call did not join ({@code NOT_QUEUED} only), else {@code null}
   * @param waited time from joining to leaving ({@link Duration#ZERO} when not queued)
   * @param position the caller's position when leaving (0 when not queued)
   */
  record CallerLeft(Instant at, CallId call, QueueId queue, String callerNumber,
      CallOutcome outcome, AgentId agent, NotQueuedReason notQueuedReason, Duration waited,
      int position) implements QueueEvent {
    @Override
    public void accept(Visitor visitor) {
      visitor.callerLeft(this);
    }
  }

  /**
   * An agent's phone is being rung for a caller.
   *
   * @param attempt the attempt's number for this caller, from 1
   */
  record AgentRung(Instant at, CallId call, QueueId queue, AgentId agent, int attempt)
      implements QueueEvent {
    @Override
    public void accept(Visitor visitor) {
      visitor.agentRung(this);
    }
  }

  /**
   * Ringing an agent ended without a connection.
   *
   * @param result why; {@link RingResult#CANCELLED} when the engine stopped it (another agent
   *     answered, the caller left, the agent logged out)
   */
  record AgentRingEnded(Instant at, CallId call, QueueId queue, AgentId agent, RingResult result)
      implements QueueEvent {
    @Override
    public void accept(Visitor visitor) {
      visitor.agentRingEnded(this);
    }
  }

  /** A caller had no agent to ring after a full round and waits the retry delay (capability 9). */
  record RetryScheduled(Instant at, CallId call, QueueId queue, Duration delay)
      implements QueueEvent {
    @Override
    public void accept(Visitor visitor) {
      visitor.retryScheduled(this);
    }
  }

  /**
   * An answered call between a caller and an agent ended.
   *
   * @param hungUpBy which side ended it, as the adapter reported it ({@link HungUpBy#UNKNOWN} when
   *     it reported {@link CallQueue#callEnded}; never null)
   */
  record CallCompleted(Instant at, CallId call, QueueId queue, AgentId agent, Duration talkTime,
      HungUpBy hungUpBy) implements QueueEvent {
    /** A null {@code hungUpBy} is {@link HungUpBy#UNKNOWN}. */
    public CallCompleted {
      hungUpBy = hungUpBy == null ? HungUpBy.UNKNOWN : hungUpBy;
    }

    /** A completion whose ending side is not known ({@link HungUpBy#UNKNOWN}). */
    public CallCompleted(Instant at, CallId call, QueueId queue, AgentId agent,
        Duration talkTime) {
      this(at, call, queue, agent, talkTime, HungUpBy.UNKNOWN);
    }

    @Override
    public void accept(Visitor visitor) {
      visitor.callCompleted(this);
    }
  }

  /**
   * An agent's state changed.
   *
   * @param reason a short word on why, e.g. {@code "login"}, {@code "registered"},
   *     {@code "wrap-up over"}
   */
  record AgentStateChanged(Instant at, AgentId agent, AgentState from, AgentState to,
      String reason) implements QueueEvent {
    @Override
    public void accept(Visitor visitor) {
      visitor.agentStateChanged(this);
    }
  }

  /** The prompts a caller was sent (announcements, acknowledgements). */
  record PromptPlayed(Instant at, CallId call, QueueId queue, PromptSequence prompts)
      implements QueueEvent {
    @Override
    public void accept(Visitor visitor) {
      visitor.promptPlayed(this);
    }
  }

  /**
   * A caller heard an estimated wait (capability 13). The engine logs the wait the caller then
   * actually had with its {@link CallerLeft}, so estimate accuracy can be measured.
   *
   * @param estimator the estimator's name
   * @param estimate the remaining wait announced (before rounding for speech)
   */
  record WaitEstimated(Instant at, CallId call, QueueId queue, String estimator, int position,
      Duration waited, Duration estimate) implements QueueEvent {
    @Override
    public void accept(Visitor visitor) {
      visitor.waitEstimated(this);
    }
  }

  /**
   * A caller pressed the callback key (capability 15). With keep-my-place the request stays in the
   * queue at the caller's position; otherwise it is handed to the call list for a later call back.
   *
   * @param position the caller's position when asking
   * @param waited how long the caller had waited
   * @param keepsPlace whether the request keeps the caller's place in the queue
   */
  record CallbackRequested(Instant at, CallId call, QueueId queue, String callerNumber,
      int position, Duration waited, boolean keepsPlace) implements QueueEvent {
    @Override
    public void accept(Visitor visitor) {
      visitor.callbackRequested(this);
    }
  }

  /**
   * A kept-place callback reached an agent and the customer is being called back.
   *
   * @param requestedAt when the customer asked for the callback
   */
  record CallbackStarted(Instant at, CallId call, QueueId queue, AgentId agent,
      String callerNumber, Instant requestedAt) implements QueueEvent {
    @Override
    public void accept(Visitor visitor) {
      visitor.callbackStarted(this);
    }
  }

  /**
   * The customer of a kept-place callback was not reached after the agent answered (the adapter
   * reported {@code customerUnreached}); the agent is free again. When the queue's policy allows
   * another attempt ({@link QueueConfig#callbackAttempts()}), the request goes back to its place in
   * the queue after {@code retryIn}; otherwise the engine gives the callback up and its call
   * record's outcome becomes {@link CallOutcome#UNREACHED}.
   *
   * @param agent the agent who answered and waited for the customer
   * @param failure why the customer's leg failed
   * @param attempt which attempt to reach the customer this was, from 1
   * @param retryIn when the request re-enters the queue, or {@code null} when the callback is
   *     given up (no attempt left, or the queue was removed)
   */
  record CallbackUnreached(Instant at, CallId call, QueueId queue, AgentId agent,
      String callerNumber, RingFailure failure, int attempt, Duration retryIn)
      implements QueueEvent {
    /** Whether the engine gave the callback up (no retry follows). */
    public boolean givenUp() {
      return retryIn == null;
    }

    @Override
    public void accept(Visitor visitor) {
      visitor.callbackUnreached(this);
    }
  }

  /** A caller left a voicemail for a queue (capability 14). */
  record VoicemailLeft(Instant at, CallId call, QueueId queue, String callerNumber,
      VoicemailMessage message) implements QueueEvent {
    @Override
    public void accept(Visitor visitor) {
      visitor.voicemailLeft(this);
    }
  }

  /** Why ringing an agent ended without a connection. */
  enum RingResult {
    NO_ANSWER,
    BUSY,
    REJECTED,
    UNREACHABLE,
    CANCELLED,
    /**
     * The agent's leg answered but nobody confirmed the answer (see
     * {@link RingFailure#UNCONFIRMED}); a missed ring, which Asterisk's queue_log writes as
     * {@code RINGNOANSWER}.
     */
    UNCONFIRMED;

    /** The ring result an adapter's failure report maps to. */
    public static RingResult of(RingFailure failure) {
      return switch (failure) {
        case NO_ANSWER -> NO_ANSWER;
        case BUSY -> BUSY;
        case REJECTED -> REJECTED;
        case UNREACHABLE -> UNREACHABLE;
        case UNCONFIRMED -> UNCONFIRMED;
      };
    }
  }
}
