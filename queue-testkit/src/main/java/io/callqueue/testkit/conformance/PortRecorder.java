package io.callqueue.testkit.conformance;

import io.callqueue.api.AgentId;
import io.callqueue.api.CallId;
import io.callqueue.api.CallOutcome;
import io.callqueue.api.PromptSequence;
import io.callqueue.spi.CallbackOrigination;
import io.callqueue.spi.RingRequest;
import io.callqueue.spi.TelephonyPort;
import io.callqueue.spi.VoicemailRequest;
import io.callqueue.testkit.PortCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The adapter as the engine sees it: records each command, then passes it on. Thread-safe. */
final class PortRecorder implements TelephonyPort {
  private final TelephonyPort adapter;
  private final List<PortCommand> commands = new ArrayList<>();

  PortRecorder(TelephonyPort adapter) {
    this.adapter = Objects.requireNonNull(adapter, "adapter");
  }

  synchronized List<PortCommand> commands() {
    return List.copyOf(commands);
  }

  /** The commands of one kind about one call, in order. */
  synchronized <T extends PortCommand> List<T> commands(CallId call, Class<T> type) {
    return commands.stream().filter(c -> call.equals(c.call())).filter(type::isInstance)
        .map(type::cast).toList();
  }

  private synchronized void add(PortCommand c) {
    commands.add(c);
  }

  /** A question, not a command: the adapter's own answer, not recorded. */
  @Override
  public boolean canCallBack(String number) {
    return adapter.canCallBack(number);
  }

  @Override
  public void ringAgent(RingRequest request) {
    add(new PortCommand.Ring(request));
    adapter.ringAgent(request);
  }

  @Override
  public void cancelRing(CallId call, AgentId agent) {
    add(new PortCommand.CancelRing(call, agent));
    adapter.cancelRing(call, agent);
  }

  @Override
  public void connect(CallId call, AgentId agent) {
    add(new PortCommand.Connect(call, agent));
    adapter.connect(call, agent);
  }

  @Override
  public void play(CallId call, PromptSequence prompts) {
    add(new PortCommand.Play(call, prompts));
    adapter.play(call, prompts);
  }

  @Override
  public void startMusic(CallId call, String musicClass) {
    add(new PortCommand.StartMusic(call, musicClass));
    adapter.startMusic(call, musicClass);
  }

  @Override
  public void stopMusic(CallId call) {
    add(new PortCommand.StopMusic(call));
    adapter.stopMusic(call);
  }

  @Override
  public void recordVoicemail(CallId call, VoicemailRequest request) {
    add(new PortCommand.RecordVoicemail(call, request));
    adapter.recordVoicemail(call, request);
  }

  @Override
  public void release(CallId call, CallOutcome outcome) {
    add(new PortCommand.Release(call, outcome));
    adapter.release(call, outcome);
  }

  @Override
  public void hangUp(CallId call) {
    add(new PortCommand.HangUp(call));
    adapter.hangUp(call);
  }

  @Override
  public void originateCallback(CallbackOrigination request) {
    add(new PortCommand.OriginateCallback(request));
    adapter.originateCallback(request);
  }
}
