package io.callqueue.core;

import io.callqueue.api.CallId;
import io.callqueue.api.CallOutcome;
import io.callqueue.api.QueueConfig;
import io.callqueue.api.QueueEvent;
import io.callqueue.api.RingFailure;
import io.callqueue.api.VoicemailMessage;
import io.callqueue.spi.VoicemailRequest;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a waiting caller's keys do (capabilities 14 and 15): 0 leaves the queue for voicemail, 1
 * asks for a callback (refused, with the queue's prompt, when the adapter cannot call the number
 * back), and the kept-place callback's later course: the customer not reached, the retry after
 * the queue's spacing, giving up. Acts on {@link EngineCore}'s state through the core's own moves;
 * the core never calls it. Confined to the engine's writer thread.
 */
final class CallerKeys {
  private static final Logger log = LoggerFactory.getLogger(CallQueueEngine.class);

  private final EngineCore core;

  CallerKeys(EngineCore core) {
    this.core = core;
  }

  void dtmf(CallId call, char digit) {
    Caller c = core.calls.get(call);
    if (c == null || !c.inQueue() || c.callback) {
      log.debug("key {} from call {} not waiting in a queue; ignored", digit, call);
      return;
    }
    QueueConfig config = c.queue.config;
    if (config.voicemailKey().isPresent() && config.voicemailKey().get() == digit) {
      toVoicemail(c);
    } else if (config.callbackKey().isPresent() && config.callbackKey().get() == digit) {
      requestCallback(c);
    } else {
      log.debug("call {} pressed {}: no action in queue {}", call, digit, c.queue);
    }
  }

  /** Key 0 (capability 14): the caller leaves the queue and records a voicemail. */
  private void toVoicemail(Caller c) {
    QueueState q = c.queue;
    core.voicemailPending.put(c.id, c);
    core.exitQueue(c, CallOutcome.VOICEMAIL, "caller chose voicemail");
    core.port.recordVoicemail(c.id, new VoicemailRequest(q.config.id(), c.offer.callerNumber(),
        q.announcements.voicemailIntro(), q.config.voicemailMaxLength(), '#'));
  }

  /**
   * Key 1 (capability 15): "we will call you back soon", the request is stored and the call ends.
   * With keep-my-place the request stays in the queue at the caller's place and is served like a
   * caller: the agent is called first, then the customer.
   */
  private void requestCallback(Caller c) {
    QueueState q = c.queue;
    if (!core.port.canCallBack(c.offer.callerNumber())) {
      log.info("call {} pressed the callback key in queue {}, but its number '{}' cannot be"
          + " called back; it keeps waiting", c, q, c.offer.callerNumber());
      core.playTo(c, q.announcements.callbackUnavailable());
      return;
    }
    int position = q.positionOf(c);
    long now = core.now();
    Duration waited = Duration.ofMillis(now - c.joinedMillis);
    boolean keep = q.config.callbackKeepsPlace();
    core.stopRinging(c, "caller asked for a callback");
    if (keep) {
      c.callback = true;
      c.callbackRequestedMillis = now;
      EngineCore.cancel(c.announceTimer);
      EngineCore.cancel(c.periodicTimer);
      EngineCore.cancel(c.maxWaitTimer);
      c.announceTimer = null;
      c.periodicTimer = null;
      c.maxWaitTimer = null;
      c.tried = null;
      EngineCore.cancel(c.retryTimer);
      c.retryTimer = null;
    } else {
      core.leaveQueue(c);
      core.calls.remove(c.id);
    }
    log.debug("call {} asked for a callback from queue {} (keeps place: {})", c, q, keep);
    core.emit(new QueueEvent.CallbackRequested(core.at(now), c.id, q.config.id(),
        c.offer.callerNumber(), position, waited, keep));
    core.emit(new QueueEvent.CallerLeft(core.at(now), c.id, q.config.id(), c.offer.callerNumber(),
        CallOutcome.CALLBACK, null,
        null, waited, position));
    core.acknowledging.put(c.id, c);
    core.playTo(c, q.announcements.callbackAck());
    if (keep && c.phase == Caller.Phase.WAITING) {
      core.readyCallers.add(c);
    }
  }

  void voicemailRecorded(CallId call, VoicemailMessage message) {
    Caller c = core.voicemailPending.remove(call);
    if (c == null) {
      log.warn("voicemail {} reported for call {} that did not ask for one; ignored", message,
          call);
      return;
    }
    log.info("voicemail for queue {} from {}: {} ({} s)", c.queue, c.offer.callerNumber(),
        message.reference(), message.duration().toSeconds());
    core.emit(new QueueEvent.VoicemailLeft(core.at(core.now()), c.id, c.queue.config.id(),
        c.offer.callerNumber(), message));
  }

  /**
   * The customer of a kept-place callback was not reached after the agent answered: the agent is
   * free at once (no conversation, so no wrap-up), and the request goes back to its place in the
   * queue after the retry delay, or is given up when the queue's attempts are used.
   */
  void customerUnreached(CallId call, RingFailure failure) {
    Caller c = core.calls.get(call);
    if (c == null || !c.callback || c.phase != Caller.Phase.CONNECTED) {
      log.debug("customer of call {} not reached ({}), but no callback of it is connected;"
          + " ignored", call, failure);
      return;
    }
    QueueState q = c.queue;
    Agent a = c.agent;
    c.agent = null;
    boolean retry = c.callbackAttempts < q.config.callbackAttempts()
        && core.queues.get(q.config.id()) == q;
    Duration retryIn = retry ? q.config.callbackRetryDelay() : null;
    core.emit(new QueueEvent.CallbackUnreached(core.at(core.now()), c.id, q.config.id(),
        a.config.id(), c.offer.callerNumber(), failure, c.callbackAttempts, retryIn));
    core.releaseAgent(a, "callback customer not reached");
    if (retry) {
      log.info("callback {}: customer {} not reached ({}), attempt {} of {}; next in {}", c,
          c.offer.callerNumber(), failure, c.callbackAttempts, q.config.callbackAttempts(),
          retryIn);
      c.phase = Caller.Phase.CALLBACK_RETRY;
      c.retryTimer = core.after(retryIn, () -> callbackRetryDue(c));
    } else {
      core.calls.remove(c.id);
      log.warn("callback {} in queue {}: customer {} not reached ({}) after {} attempt(s);"
          + " given up", c, q, c.offer.callerNumber(), failure, c.callbackAttempts);
    }
  }

  /** A callback's retry delay is over: the request takes its place in the queue again. */
  private void callbackRetryDue(Caller c) {
    if (core.calls.get(c.id) != c || c.phase != Caller.Phase.CALLBACK_RETRY) {
      return;
    }
    c.retryTimer = null;
    QueueState q = c.queue;
    if (core.queues.get(q.config.id()) != q) {
      core.calls.remove(c.id);
      log.warn("kept-place callback for {} in queue {} dropped (queue removed); call the customer"
          + " by hand", c.offer.callerNumber(), q);
      return;
    }
    c.phase = Caller.Phase.WAITING;
    c.tried = null;
    q.waiting.add(c);
    q.dispatchable.add(c);
    core.readyCallers.add(c);
  }
}
