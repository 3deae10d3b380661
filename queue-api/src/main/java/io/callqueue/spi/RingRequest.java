package io.callqueue.spi;

import io.callqueue.api.AgentEndpoint;
import io.callqueue.api.AgentId;
import io.callqueue.api.CallId;
import io.callqueue.api.PromptSequence;
import io.callqueue.api.QueueId;
import java.time.Duration;

/**
 * A request to ring an agent for a caller.
 *
 * @param call the waiting caller
 * @param queue the queue the caller waits in
 * @param agent the agent to ring
 * @param endpoint where to ring the agent
 * @param callerNumber the caller's number, for the agent's display
 * @param ringTimeout how long the engine lets it ring (capability 8)
 * @param holdTime how long the caller has waited so far (capability 11)
 * @param whisper what the agent hears on answer before being connected (the hold time), or
 *     {@code null} when the queue does not report hold time
 * @param confirmation when not {@code null}, the answer counts only once the agent confirms it
 *     (issue 16): see {@link AnswerConfirmation} for what the adapter does and reports. An adapter
 *     that cannot collect the key should fail the ring as {@code UNREACHABLE} rather than bridge
 *     an unconfirmed answer.
 */
public record RingRequest(CallId call, QueueId queue, AgentId agent, AgentEndpoint endpoint,
    String callerNumber, Duration ringTimeout, Duration holdTime, PromptSequence whisper,
    AnswerConfirmation confirmation) {

  /** A request without an answer confirmation (the shape before issue 16). */
  public RingRequest(CallId call, QueueId queue, AgentId agent, AgentEndpoint endpoint,
      String callerNumber, Duration ringTimeout, Duration holdTime, PromptSequence whisper) {
    this(call, queue, agent, endpoint, callerNumber, ringTimeout, holdTime, whisper, null);
  }

  /** Whether the answer counts only once the agent confirms it. */
  public boolean confirms() {
    return confirmation != null;
  }
}
