package io.callqueue.benchmarks.jmh;

import io.callqueue.api.AgentId;
import io.callqueue.api.CallId;
import io.callqueue.api.CallOutcome;
import io.callqueue.api.PromptSequence;
import io.callqueue.spi.CallbackOrigination;
import io.callqueue.spi.RingRequest;
import io.callqueue.spi.TelephonyPort;
import io.callqueue.spi.VoicemailRequest;

/** A telephony port that ignores every command: the engine alone is measured. */
class SilentPort implements TelephonyPort {
  @Override
  public void ringAgent(RingRequest request) {}

  @Override
  public void cancelRing(CallId call, AgentId agent) {}

  @Override
  public void connect(CallId call, AgentId agent) {}

  @Override
  public void play(CallId call, PromptSequence prompts) {}

  @Override
  public void startMusic(CallId call, String musicClass) {}

  @Override
  public void stopMusic(CallId call) {}

  @Override
  public void recordVoicemail(CallId call, VoicemailRequest request) {}

  @Override
  public void release(CallId call, CallOutcome outcome) {}

  @Override
  public void hangUp(CallId call) {}

  @Override
  public void originateCallback(CallbackOrigination request) {}
}
