package io.callqueue.core.estimate;

import io.callqueue.api.CallId;
import io.callqueue.api.CallOutcome;
import io.callqueue.api.QueueEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Pairs each announced {@link QueueEvent.WaitEstimated} with the same call's later
 * {@link QueueEvent.CallerLeft}: the one place where announcements wait for their outcome, shared
 * by {@link EstimateLog} (per estimator) and {@link LiveAccuracy} (per queue and position band).
 *
 * <p>An announcement is <em>answered</em> when its caller left {@link CallOutcome#ANSWERED} from
 * the queue the estimate was made in; any other leaving (hung up, timed out, voicemail, callback,
 * another queue) right-censors it. {@code waited} is the time from the announcement to the
 * leaving (never negative). Memory: one entry per waiting caller who heard an estimate, released
 * when the caller leaves. Not thread-safe: its owner synchronizes.
 */
abstract class AnnouncementPairing implements QueueEvent.Visitor {
  private final Map<CallId, List<QueueEvent.WaitEstimated>> pending = new HashMap<>();

  /** One announcement whose caller left; {@code answered} false means censored. */
  abstract void paired(QueueEvent.WaitEstimated estimated, QueueEvent.CallerLeft left,
      Duration waited, boolean answered);

  /** Callers still waiting who heard an estimate. */
  final int pendingCount() {
    return pending.size();
  }

  @Override
  public final void waitEstimated(QueueEvent.WaitEstimated estimated) {
    pending.computeIfAbsent(estimated.call(), c -> new ArrayList<>(2)).add(estimated);
  }

  @Override
  public final void callerLeft(QueueEvent.CallerLeft left) {
    List<QueueEvent.WaitEstimated> heard = pending.remove(left.call());
    if (heard == null) {
      return;
    }
    for (QueueEvent.WaitEstimated estimated : heard) {
      Duration waited = Duration.between(estimated.at(), left.at());
      paired(estimated, left, waited.isNegative() ? Duration.ZERO : waited,
          left.outcome() == CallOutcome.ANSWERED && left.queue().equals(estimated.queue()));
    }
  }

  @Override
  public final void callerJoined(QueueEvent.CallerJoined e) {
    // an estimate is paired from its WaitEstimated, not the joining
  }

  @Override
  public final void agentRung(QueueEvent.AgentRung e) {
    // not about estimates
  }

  @Override
  public final void agentRingEnded(QueueEvent.AgentRingEnded e) {
    // not about estimates
  }

  @Override
  public final void retryScheduled(QueueEvent.RetryScheduled e) {
    // not about estimates
  }

  @Override
  public final void callCompleted(QueueEvent.CallCompleted e) {
    // the wait ended at the CallerLeft(ANSWERED)
  }

  @Override
  public final void agentStateChanged(QueueEvent.AgentStateChanged e) {
    // not about estimates
  }

  @Override
  public final void promptPlayed(QueueEvent.PromptPlayed e) {
    // the estimate's value comes with its WaitEstimated
  }

  @Override
  public final void callbackRequested(QueueEvent.CallbackRequested e) {
    // its CallerLeft(CALLBACK) censors the caller's estimates
  }

  @Override
  public final void callbackStarted(QueueEvent.CallbackStarted e) {
    // after the caller left: not about estimates
  }

  @Override
  public final void callbackUnreached(QueueEvent.CallbackUnreached e) {
    // after the caller left: not about estimates
  }

  @Override
  public final void voicemailLeft(QueueEvent.VoicemailLeft e) {
    // its CallerLeft(VOICEMAIL) censored the caller's estimates
  }
}
