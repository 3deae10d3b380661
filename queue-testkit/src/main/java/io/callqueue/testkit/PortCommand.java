package io.callqueue.testkit;

import io.callqueue.api.AgentId;
import io.callqueue.api.CallId;
import io.callqueue.api.CallOutcome;
import io.callqueue.api.PromptSequence;
import io.callqueue.spi.CallbackOrigination;
import io.callqueue.spi.RingRequest;
import io.callqueue.spi.VoicemailRequest;

/** One call the engine made on a {@link RecordingTelephonyPort}. */
public sealed interface PortCommand {

  /** The caller the command is about. */
  CallId call();

  record Ring(RingRequest request) implements PortCommand {
    @Override
    public CallId call() {
      return request.call();
    }

    public AgentId agent() {
      return request.agent();
    }
  }

  record CancelRing(CallId call, AgentId agent) implements PortCommand {}

  record Connect(CallId call, AgentId agent) implements PortCommand {}

  record Play(CallId call, PromptSequence prompts) implements PortCommand {}

  record StartMusic(CallId call, String musicClass) implements PortCommand {}

  record StopMusic(CallId call) implements PortCommand {}

  record RecordVoicemail(CallId call, VoicemailRequest request) implements PortCommand {}

  record Release(CallId call, CallOutcome outcome) implements PortCommand {}

  record HangUp(CallId call) implements PortCommand {}

  record OriginateCallback(CallbackOrigination request) implements PortCommand {
    @Override
    public CallId call() {
      return request.call();
    }
  }
}
