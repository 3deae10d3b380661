package io.callqueue.spi;

import io.callqueue.api.AgentId;
import io.callqueue.api.CallId;
import io.callqueue.api.CallOutcome;
import io.callqueue.api.PromptSequence;

/**
 * What the engine asks of the telephony: an adapter (Asterisk, SIP, Twilio, a PBX vendor's own)
 * implements it. Every method starts an action and returns at once, without blocking the engine's
 * thread; outcomes come back as calls to the engine's inbound API ({@link io.callqueue.api.CallQueue}):
 * {@code agentAnswered}, {@code agentFailed}, {@code promptFinished}, {@code voicemailRecorded},
 * {@code callerHungUp}, {@code callEnded}, {@code customerUnreached}. An adapter may report from
 * any thread.
 *
 * <p>The engine calls these methods from its single writer thread, one at a time.
 *
 * <h2>Rules every adapter follows</h2>
 * The conformance kit ({@code TelephonyPortConformanceKit} in queue-testkit) holds adapters to
 * them where a test can observe them (D2 and D4 have their own cases).
 * <ol>
 *   <li><b>D1: {@code agentAnswered} at the answer, before any whisper.</b> Report it when the
 *       agent's phone answers; the hold-time whisper ({@link RingRequest#whisper()}) or the
 *       callback whisper ({@link CallbackOrigination#whisper()}) plays afterwards, on the agent's
 *       leg, before the bridge (or before the callback's customer is dialled). The engine's ring
 *       timeout must not run into the whisper.
 *   <li><b>D2: {@code voicemailRecorded} before {@code callerHungUp}.</b> A caller who hangs up
 *       while recording has left a message: report the recording first, then (if at all) the
 *       hang-up; wait for the platform's end-of-recording if it comes after the hang-up (with a
 *       bound). Reported the other way round, the engine takes the caller as abandoned and the
 *       message is lost.
 *   <li><b>D3: {@code dtmf} before {@code promptFinished}.</b> When a key interrupts a prompt,
 *       report the key first, then the prompt's end, so the engine reacts to the key before it
 *       restarts the music or plays the next announcement.
 *   <li><b>D4: commands for one call in order; late reports of a cancelled leg dropped.</b> Apply
 *       the commands for one call in the order the engine gave them (a {@code play} then a
 *       {@code startMusic} must not reach the platform swapped), and after {@link #cancelRing}
 *       drop every later report of that leg by the leg's own id: the engine may ring the same
 *       agent for the same caller again at once, and reports carry no ring id, so a cancelled
 *       leg's late failure (or hang-up) would be taken for the new ring's.
 *   <li><b>D5: {@link #stopMusic} and {@link #hangUp} are for hosts.</b> The engine does not call
 *       them today (it replaces music with prompts and ends calls through {@link #release},
 *       {@link #connect} and {@link #recordVoicemail}); implement them anyway, for hosts and IVR
 *       steps that do.
 * </ol>
 */
public interface TelephonyPort {

  /**
   * Ring an agent for a caller. The engine owns the ring timeout (it calls
   * {@link #cancelRing} when it passes); the request carries it so the adapter can set its own
   * timers, and carries the caller's hold time so the agent can hear it on answer (capability 11).
   * Report {@code agentAnswered} on answer or {@code agentFailed} on failure. When the request
   * asks for a confirmation ({@link RingRequest#confirmation()}, issue 16), the answer is reported
   * only once the agent has pressed the key, and an answer not confirmed is reported as
   * {@code agentFailed(UNCONFIRMED)}: see {@link AnswerConfirmation}.
   */
  void ringAgent(RingRequest request);

  /**
   * Stop ringing the agent for this caller. If the agent's leg has already answered (a race the
   * engine lost), hang that leg up. After this call the adapter must not report
   * {@code agentFailed} for that ring: the engine may ring the same agent for the same caller again
   * soon, and reports carry no ring id. (A late {@code agentAnswered} is safe: the engine answers
   * it with another {@code cancelRing}.)
   */
  void cancelRing(CallId call, AgentId agent);

  /**
   * Bridge the caller to the agent who answered: stop the caller's music and prompts, play the
   * hold-time whisper to the agent if the ring request asked for it (unless the agent already
   * heard it while confirming the answer), then connect. Report
   * {@code callEnded} when either side hangs up.
   */
  void connect(CallId call, AgentId agent);

  /**
   * Play prompts to the caller, interrupting music on hold; the caller's music resumes after only
   * if the engine calls {@link #startMusic} again. Report {@code promptFinished} when done or when
   * a key interrupts it. A new {@code play} replaces one in progress.
   */
  void play(CallId call, PromptSequence prompts);

  /** Start (or resume) the caller's music on hold, of this class (capability 17). */
  void startMusic(CallId call, String musicClass);

  /** Stop the caller's music on hold. */
  void stopMusic(CallId call);

  /**
   * Record a voicemail from the caller for the queue (capability 14), after playing the given
   * intro. Report {@code voicemailRecorded} when the recording is complete, then end the call.
   */
  void recordVoicemail(CallId call, VoicemailRequest request);

  /**
   * The caller's time in the queue is over with this outcome: the adapter continues the caller's
   * IVR scenario (capability 19) — or, for {@code CALLBACK}, ends the call after the
   * acknowledgement. Not called for {@code ANSWERED} (see {@link #connect}) or {@code VOICEMAIL}
   * (see {@link #recordVoicemail}).
   */
  void release(CallId call, CallOutcome outcome);

  /** Hang up the caller. */
  void hangUp(CallId call);

  /**
   * Call back a customer who kept their place in the queue (capability 15, keep-my-place mode):
   * call the agent first, and when the agent answers, call the customer and connect both. The
   * request's {@code call} id stands for the whole callback; report {@code agentAnswered} /
   * {@code agentFailed} for the agent leg, then {@code callEnded} when the conversation is over, or
   * {@code customerUnreached} (and end the agent's leg) when the customer's leg fails.
   */
  void originateCallback(CallbackOrigination request);

  /**
   * Whether this adapter could call {@code number} back (capability 15). The engine asks when a
   * caller presses the callback key, and refuses the key (the caller hears the queue's
   * {@code queue-callback-unavailable} prompt and keeps waiting) when there is nothing to call
   * back. Called on the engine's thread: answer from memory, without I/O.
   *
   * <p>The default accepts the shapes an adapter can dial: an E.164 number ({@code +} and 2-15
   * digits, the first not 0) or a SIP user part (1-64 of RFC 3261's user characters with at least
   * one letter or digit, {@code %} only as an escape, no {@code #} or {@code @}); it refuses a
   * blank number and the placeholders PBXs present for a withheld number ({@code anonymous},
   * {@code unknown}, {@code restricted}, {@code private}, {@code unavailable}, {@code withheld},
   * any case). An adapter that dials only some of these (only E.164 through its trunk, say)
   * narrows it: {@code return TelephonyPort.super.canCallBack(number) && number.startsWith("+");}.
   */
  default boolean canCallBack(String number) {
    return CallbackNumbers.dialable(number);
  }
}
