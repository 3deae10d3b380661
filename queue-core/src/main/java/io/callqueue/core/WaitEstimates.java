package io.callqueue.core;

import io.callqueue.api.AgentState;
import io.callqueue.api.CallOutcome;
import io.callqueue.api.ConfigException;
import io.callqueue.api.QueueConfig;
import io.callqueue.api.QueueEvent;
import io.callqueue.core.estimate.Estimators;
import io.callqueue.core.estimate.QueueHistory;
import io.callqueue.spi.EstimateInput;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Estimated waits for the engine (capability 13): keeps each queue's {@link QueueHistory} fed from
 * the engine's own events, and builds an {@link EstimateInput} from the live state — callers ahead,
 * callers of heavier queues that share this queue's agents and the load those queues put on the
 * shared agents, agents free, talking (with elapsed talk time) or in wrap-up (with the time left)
 * — for the queue's named estimator. Building an input walks the queue's members, O(s); the
 * heavier-sharing queues are found per estimate by walking the members' memberships, O(s·m). Both
 * run only when an estimate is announced or read.
 * Engine-thread only.
 */
final class WaitEstimates {
  private final Estimators estimators;
  private HistoryFeed feed;

  WaitEstimates(Estimators estimators) {
    this.estimators = estimators;
  }

  /** Checks that the queue's estimator exists. */
  void check(QueueConfig config) {
    if (!estimators.contains(config.estimator())) {
      throw new ConfigException("queue '" + config.id() + "': unknown estimator '"
          + config.estimator() + "'; known: " + String.join(", ", estimators.names()));
    }
  }

  /** Feeds the queue histories from the engine's events (before listeners see them). */
  void observe(EngineCore core, QueueEvent event) {
    if (feed == null || feed.core != core) {
      feed = new HistoryFeed(core); // once: no allocation per event
    }
    event.accept(feed);
  }

  /** Callers leaving (but not the never-queued) and ended conversations feed the history. */
  private static final class HistoryFeed implements QueueEvent.Visitor {
    final EngineCore core;

    HistoryFeed(EngineCore core) {
      this.core = core;
    }

    @Override
    public void callerLeft(QueueEvent.CallerLeft left) {
      QueueState q = core.queues.get(left.queue());
      if (q != null && left.outcome() != CallOutcome.NOT_QUEUED) {
        q.history.record(left);
      }
    }

    @Override
    public void callCompleted(QueueEvent.CallCompleted done) {
      QueueState q = core.queues.get(done.queue());
      if (q != null) {
        q.history.record(done, q.config.wrapUpTime());
      }
    }

    @Override
    public void callerJoined(QueueEvent.CallerJoined e) {
      // the history learns from callers who left (waits) and completed calls (talk times)
    }

    @Override
    public void agentRung(QueueEvent.AgentRung e) {
      // not in the history
    }

    @Override
    public void agentRingEnded(QueueEvent.AgentRingEnded e) {
      // not in the history
    }

    @Override
    public void retryScheduled(QueueEvent.RetryScheduled e) {
      // not in the history
    }

    @Override
    public void agentStateChanged(QueueEvent.AgentStateChanged e) {
      // agents' states are read live when an estimate is made
    }

    @Override
    public void promptPlayed(QueueEvent.PromptPlayed e) {
      // not in the history
    }

    @Override
    public void waitEstimated(QueueEvent.WaitEstimated e) {
      // the estimates themselves are not learnt from
    }

    @Override
    public void callbackRequested(QueueEvent.CallbackRequested e) {
      // its CallerLeft(CALLBACK) is recorded
    }

    @Override
    public void callbackUnreached(QueueEvent.CallbackUnreached e) {
      // no conversation took place: no handle time to learn from
    }

    @Override
    public void callbackStarted(QueueEvent.CallbackStarted e) {
      // its conversation's CallCompleted is recorded
    }

    @Override
    public void voicemailLeft(QueueEvent.VoicemailLeft e) {
      // its CallerLeft(VOICEMAIL) is recorded
    }
  }

  /** The remaining wait of a waiting caller, per its queue's estimator. */
  Optional<Duration> estimate(EngineCore core, Caller c, long nowMillis) {
    return estimators.get(c.queue.config.estimator()).estimate(input(c, nowMillis));
  }

  /** What the estimator is given about a waiting caller now. */
  EstimateInput input(Caller c, long nowMillis) {
    QueueState q = c.queue;
    return input(q, c, q.positionOf(c), Duration.ofMillis(nowMillis - c.joinedMillis),
        nowMillis);
  }

  /** The wait a caller joining now would have. */
  Optional<Duration> estimateForNewCaller(QueueState q, long nowMillis) {
    return estimators.get(q.config.estimator())
        .estimate(input(q, null, q.waiting.size() + 1, Duration.ZERO, nowMillis));
  }

  /**
   * An agent ringing counts as free for this caller when it rings for the caller itself; it is
   * left to the estimator as "about to serve a caller ahead" when it rings for a caller ahead in
   * this queue; and it counts as starting a call (elapsed talk zero) when it rings for anyone
   * else, so that a ring for a caller behind or in another queue does not look like a free agent.
   */
  private EstimateInput input(QueueState q, Caller self, int position, Duration waited,
      long nowMillis) {
    Instant now = Instant.ofEpochMilli(nowMillis);
    q.history.advanceTo(now);
    int available = 0;
    List<Duration> talk = new ArrayList<>();
    List<Duration> wrap = new ArrayList<>();
    // heavier queues sharing this queue's active members: how many of them each shares
    Map<QueueState, int[]> sharing = new LinkedHashMap<>();
    for (Member m : q.members.values()) {
      Agent a = m.agent;
      if (a.state == AgentState.AVAILABLE) {
        available++;
      } else if (a.state == AgentState.RINGING && a.call != null) {
        Caller ringingFor = a.call;
        if (ringingFor == self) {
          available++;
        } else if (ringingFor.queue != q
            || (self != null && Caller.ORDER.compare(ringingFor, self) > 0)) {
          talk.add(Duration.ZERO);
        }
      } else if (a.state == AgentState.ON_CALL && a.call != null) {
        talk.add(Duration.ofMillis(Math.max(0, nowMillis - a.call.answeredMillis)));
      } else if (a.state == AgentState.WRAP_UP) {
        wrap.add(Duration.ofMillis(Math.max(0, a.wrapUpEndsMillis - nowMillis)));
      }
      if (a.state.isActive()) {
        for (Member other : a.memberships) {
          if (other.queue != q && other.queue.config.weight() > q.config.weight()) {
            sharing.computeIfAbsent(other.queue, k -> new int[1])[0]++;
          }
        }
      }
    }
    int heavier = 0;
    double heavierLoad = 0;
    for (Map.Entry<QueueState, int[]> e : sharing.entrySet()) {
      QueueState h = e.getKey();
      heavier += h.waiting.size();
      h.history.advanceTo(now);
      double load = h.history.loadErlangs().orElse(0);
      heavierLoad += h.activeMembers == 0 ? 0 : load * e.getValue()[0] / h.activeMembers;
    }
    Duration headOfLine = q.waiting.isEmpty() ? Duration.ZERO
        : Duration.ofMillis(Math.max(0, nowMillis - q.waiting.first().joinedMillis));
    return new EstimateInput(now, waited, position, heavier, q.activeMembers, available, talk,
        wrap, headOfLine, q.history, heavierLoad);
  }
}
