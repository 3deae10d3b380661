package io.callqueue.spi;

import io.callqueue.api.AgentEndpoint;
import io.callqueue.api.AgentId;
import io.callqueue.api.CallId;
import io.callqueue.api.PromptSequence;
import io.callqueue.api.QueueId;
import java.time.Duration;

/**
 * A request to connect an agent with a customer who asked to be called back.
 *
 * @param call the id of the callback (the original call's id)
 * @param queue the queue of the request
 * @param agent the agent to call first
 * @param endpoint where to reach the agent
 * @param customerNumber the number to call back
 * @param ringTimeout how long the agent's phone may ring
 * @param whisper what the agent hears on answer before the customer is dialled, or {@code null}
 */
public record CallbackOrigination(CallId call, QueueId queue, AgentId agent,
    AgentEndpoint endpoint, String customerNumber, Duration ringTimeout, PromptSequence whisper) {}
