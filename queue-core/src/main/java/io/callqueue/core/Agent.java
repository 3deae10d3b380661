package io.callqueue.core;

import io.callqueue.api.AgentConfig;
import io.callqueue.api.AgentEndpoint;
import io.callqueue.api.AgentState;
import io.callqueue.spi.Candidate;
import io.callqueue.spi.Scheduler;
import java.util.ArrayList;
import java.util.List;

/** An agent's mutable state; owned by the engine thread. */
final class Agent {
  AgentConfig config;
  AgentState state = AgentState.LOGGED_OUT;
  long sinceMillis;
  String pauseReason;
  final List<Member> memberships = new ArrayList<>(4);

  /** The caller this agent rings for (RINGING) or talks to (ON_CALL), else null. */
  Caller call;
  /** Its slot in the ringing legs of the caller it rings for (see {@code Caller#isRinging}). */
  int ringSlot = -1;

  long lastCallEndedMillis = Long.MIN_VALUE;
  int callsAnswered;
  int callsMissed;
  long talkMillis;

  /** An explicit logout: auto-activation stays off until the account registers again or login. */
  boolean manualLogout;
  /** Requested while on a call or in wrap-up; applied when the agent would become available. */
  boolean pendingPause;
  String pendingPauseReason;
  boolean pendingLogout;
  /** Removed from configuration; dropped once its current call is over. */
  boolean removed;
  /** No longer in the engine's agent map (removed and dropped); never becomes available again. */
  boolean dropped;

  Scheduler.Cancellable wrapUpTimer;
  long wrapUpEndsMillis;

  Agent(AgentConfig config, long nowMillis) {
    this.config = config;
    this.sinceMillis = nowMillis;
  }

  String sipUser() {
    return config.endpoint() instanceof AgentEndpoint.SipAccount s ? s.username() : null;
  }

  /**
   * The agent as a candidate of one membership; {@code previous} (this membership's last
   * candidate, or null) is returned when nothing in it changed, as when a ring-all leg is
   * cancelled, so a round of legs does not allocate a candidate per pool per leg.
   */
  Candidate candidate(long memberOrder, Candidate previous) {
    if (previous != null && previous.memberOrder() == memberOrder
        && previous.lastCallEndedMillis() == lastCallEndedMillis
        && previous.callsAnswered() == callsAnswered && previous.talkTimeMillis() == talkMillis
        && (previous.agent() == config.id() || previous.agent().equals(config.id()))) {
      return previous;
    }
    return new Candidate(config.id(), memberOrder, lastCallEndedMillis, callsAnswered, talkMillis);
  }

  @Override
  public String toString() {
    return config.id().value();
  }
}
