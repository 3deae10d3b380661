package io.callqueue.testkit.sim;

import io.callqueue.api.AgentId;
import io.callqueue.api.CallId;
import io.callqueue.api.CallOutcome;
import io.callqueue.api.QueueId;
import java.util.List;

/**
 * What one simulated caller went through so far: an immutable snapshot.
 *
 * @param call the call
 * @param queue the queue it was placed in
 * @param callerNumber the caller's number
 * @param status where the caller is now
 * @param promptsHeard every prompt sequence played to the caller, as prompt keys, in order
 * @param musicOn whether the caller hears music on hold now
 * @param connectedTo the agent the caller was connected to, or {@code null}
 * @param ending how the call ended in the simulation, or {@code null} while it lasts
 * @param releasedWith the outcome the engine released the caller with, or {@code null}
 * @param voicemail the reference of the voicemail the caller left, or {@code null}
 * @param transcript the caller's log lines, in order
 */
public record SimCall(CallId call, QueueId queue, String callerNumber, Status status,
    List<List<String>> promptsHeard, boolean musicOn, AgentId connectedTo, Ending ending,
    CallOutcome releasedWith, String voicemail, List<SimEvent> transcript) {

  public SimCall {
    promptsHeard = promptsHeard.stream().map(List::copyOf).toList();
    transcript = List.copyOf(transcript);
  }

  /** Every prompt key heard, in order, flattened. */
  public List<String> promptKeysHeard() {
    return promptsHeard.stream().flatMap(List::stream).toList();
  }

  /** Whether the call is over for the caller. */
  public boolean isGone() {
    return status == Status.GONE;
  }

  /** Where a simulated caller is. */
  public enum Status {
    /** In the queue: music, announcements, agents being rung. */
    WAITING,
    /** Leaving a voicemail. */
    RECORDING_VOICEMAIL,
    /** Talking to an agent. */
    CONNECTED,
    /** The engine asked for a callback: the agent's phone rings, the customer is called next. */
    CALLING_BACK,
    /** The call is over for the caller (see {@link Ending}). */
    GONE
  }

  /** How a simulated call ended. */
  public enum Ending {
    /** The caller hung up while waiting. */
    HUNG_UP_WAITING,
    /** The caller talked to an agent, then one of them hung up. */
    TALKED,
    /** The engine released the caller ({@code release}) to the IVR continuation. */
    RELEASED,
    /** The caller left a voicemail. */
    VOICEMAIL,
    /** The engine hung the caller up ({@code hangUp}). */
    HUNG_UP_BY_QUEUE
  }
}
