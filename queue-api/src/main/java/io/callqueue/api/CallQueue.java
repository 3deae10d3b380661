package io.callqueue.api;

import java.util.concurrent.CompletionStage;

/**
 * The engine's inbound API: what adapters and host applications call. Every method is thread-safe
 * and returns at once; the work runs on the engine's single writer thread in submission order.
 * Telephony events about calls or agents the engine no longer knows (a late answer after the
 * caller hung up, say) are resolved sensibly and logged, never thrown.
 *
 * <p>Management methods return a stage that completes when the change is in effect, or fails with
 * a {@link CallQueueException} (a {@link ConfigException} for invalid configuration) whose message
 * says what was wrong.
 */
public interface CallQueue extends AutoCloseable {

  // ---- calls --------------------------------------------------------------------------------

  /** Offers a call to a queue (capabilities 1, 7, 19). */
  CompletionStage<OfferResult> offer(CallOffer offer);

  /** The agent answered the ring for this caller. */
  void agentAnswered(CallId call, AgentId agent);

  /** Ringing the agent for this caller failed. */
  void agentFailed(CallId call, AgentId agent, RingFailure failure);

  /** The caller hung up (while waiting, ringing or connected). */
  void callerHungUp(CallId call);

  /**
   * A connected call between caller and agent is over (either side hung up). Report
   * {@link #callerHungUp} or {@link #agentHungUp} instead when the adapter knows which side ended
   * it ({@link QueueEvent.CallCompleted#hungUpBy}, queue_log's COMPLETECALLER/COMPLETEAGENT).
   */
  void callEnded(CallId call);

  /**
   * The agent hung up a connected call: {@link #callEnded} with the side that ended it. Before the
   * caller is connected it is treated as {@code callEnded}.
   *
   * <p>The default reports {@code callEnded}, as engines did before this method: implementations
   * of this interface should override it.
   */
  default void agentHungUp(CallId call) {
    callEnded(call);
  }

  /**
   * The customer of a kept-place callback could not be reached after the agent answered (the
   * customer's leg failed: no answer, busy, declined or not routable); report it instead of
   * {@link #callEnded}, and end the agent's leg. The engine frees the agent (no wrap-up: there was
   * no conversation) and retries the callback per the queue's policy
   * ({@link QueueConfig#callbackAttempts()}, {@link QueueConfig#callbackRetryDelay()}). A
   * {@code callEnded} for the same call that follows it is ignored.
   *
   * <p>The default treats the report as {@code callEnded}, as engines did before this method:
   * implementations of this interface should override it.
   */
  default void customerUnreached(CallId call, RingFailure failure) {
    callEnded(call);
  }

  /** The caller pressed a key: {@code 0-9}, {@code *}, {@code #}. */
  void dtmf(CallId call, char digit);

  /** The prompt sequence last sent to this caller has finished (or was interrupted). */
  void promptFinished(CallId call);

  /** A voicemail requested from {@code TelephonyPort.recordVoicemail} has been recorded. */
  void voicemailRecorded(CallId call, VoicemailMessage message);

  // ---- registrations and agents ---------------------------------------------------------------

  /** A SIP account registered (capability 6). */
  void sipRegistered(String username);

  /** A SIP account's registration ended or expired. */
  void sipUnregistered(String username);

  /** The agent becomes active in all its queues. */
  CompletionStage<Void> login(AgentId agent);

  /** The agent becomes inactive; a current call is finished first, a ring is cancelled. */
  CompletionStage<Void> logout(AgentId agent);

  /** The agent takes no calls until unpaused; a current call is finished first. */
  CompletionStage<Void> pause(AgentId agent, String reason);

  /** The agent takes calls again. */
  CompletionStage<Void> unpause(AgentId agent);

  // ---- configuration at run time ------------------------------------------------------------

  CompletionStage<Void> addQueue(QueueConfig config);

  /** Replaces a queue's configuration; waiting callers stay. */
  CompletionStage<Void> updateQueue(QueueConfig config);

  /** Removes a queue; its waiting callers leave with {@link CallOutcome#LEFT_EMPTY}. */
  CompletionStage<Void> removeQueue(QueueId queue);

  CompletionStage<Void> addAgent(AgentConfig config);

  CompletionStage<Void> updateAgent(AgentConfig config);

  /** Removes an agent and its memberships; a ring is cancelled, a current call finishes first. */
  CompletionStage<Void> removeAgent(AgentId agent);

  CompletionStage<Void> addMembership(Membership membership);

  /** Changes a membership's priority. */
  CompletionStage<Void> updateMembership(Membership membership);

  CompletionStage<Void> removeMembership(QueueId queue, AgentId agent);

  // ---- reading --------------------------------------------------------------------------------

  /** An immutable picture of all queues and agents. */
  CompletionStage<EngineSnapshot> snapshot();

  /**
   * Completes once every inbound call made before it has been processed, and with it every
   * {@code TelephonyPort} command those calls caused. A webhook-style adapter reports a key, awaits
   * the barrier and answers the webhook with whatever the engine's reaction produced, instead of
   * waiting a fixed delay for a command that may never come.
   *
   * <p>The default waits for a full {@link #snapshot()}; engines and decorators should override it
   * (a decorator by forwarding it).
   */
  default CompletionStage<Void> barrier() {
    return snapshot().thenApply(s -> null);
  }

  /** Registers a listener for every event from now on. */
  Subscription addListener(QueueEventListener listener);

  /** Stops the engine: waiting callers are released, owned threads end. */
  @Override
  void close();
}
