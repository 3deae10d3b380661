package io.callqueue.spi;

import io.callqueue.api.PromptSequence;
import io.callqueue.api.QueueId;
import java.time.Duration;

/**
 * A request to record a voicemail for a queue.
 *
 * @param queue the queue the message is for
 * @param callerNumber the caller's number
 * @param intro what the caller hears before the beep
 * @param maxLength the longest recording
 * @param finishKey the key that ends the recording early
 */
public record VoicemailRequest(QueueId queue, String callerNumber, PromptSequence intro,
    Duration maxLength, char finishKey) {}
