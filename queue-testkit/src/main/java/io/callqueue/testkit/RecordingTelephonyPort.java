package io.callqueue.testkit;

import io.callqueue.api.AgentId;
import io.callqueue.api.CallId;
import io.callqueue.api.CallOutcome;
import io.callqueue.api.PromptSequence;
import io.callqueue.spi.CallbackOrigination;
import io.callqueue.spi.RingRequest;
import io.callqueue.spi.TelephonyPort;
import io.callqueue.spi.VoicemailRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A {@link TelephonyPort} that does nothing but remember what the engine asked, in order, and which
 * agent legs are ringing now. Engine tests drive the engine's inbound API themselves (answers,
 * failures, hang-ups) and check what it asked of the port. Thread-safe.
 */
public final class RecordingTelephonyPort implements TelephonyPort {
  private final List<PortCommand> commands = new ArrayList<>();
  private final Map<CallId, Set<AgentId>> ringing = new LinkedHashMap<>();
  private Predicate<String> callBackRule;

  @Override
  public synchronized void ringAgent(RingRequest request) {
    commands.add(new PortCommand.Ring(request));
    ringing.computeIfAbsent(request.call(), c -> new java.util.LinkedHashSet<>())
        .add(request.agent());
  }

  @Override
  public synchronized void cancelRing(CallId call, AgentId agent) {
    commands.add(new PortCommand.CancelRing(call, agent));
    stopRinging(call, agent);
  }

  @Override
  public synchronized void connect(CallId call, AgentId agent) {
    commands.add(new PortCommand.Connect(call, agent));
    stopRinging(call, agent);
  }

  @Override
  public synchronized void play(CallId call, PromptSequence prompts) {
    commands.add(new PortCommand.Play(call, prompts));
  }

  @Override
  public synchronized void startMusic(CallId call, String musicClass) {
    commands.add(new PortCommand.StartMusic(call, musicClass));
  }

  @Override
  public synchronized void stopMusic(CallId call) {
    commands.add(new PortCommand.StopMusic(call));
  }

  @Override
  public synchronized void recordVoicemail(CallId call, VoicemailRequest request) {
    commands.add(new PortCommand.RecordVoicemail(call, request));
  }

  @Override
  public synchronized void release(CallId call, CallOutcome outcome) {
    commands.add(new PortCommand.Release(call, outcome));
  }

  @Override
  public synchronized void hangUp(CallId call) {
    commands.add(new PortCommand.HangUp(call));
  }

  @Override
  public synchronized void originateCallback(CallbackOrigination request) {
    commands.add(new PortCommand.OriginateCallback(request));
    ringing.computeIfAbsent(request.call(), c -> new java.util.LinkedHashSet<>())
        .add(request.agent());
  }

  /**
   * What {@link #canCallBack} answers from now on, as an adapter that dials only some numbers
   * would; {@code null} (the start) keeps {@link TelephonyPort}'s default rule.
   */
  public synchronized RecordingTelephonyPort callBackRule(Predicate<String> rule) {
    this.callBackRule = rule;
    return this;
  }

  @Override
  public synchronized boolean canCallBack(String number) {
    return callBackRule == null ? TelephonyPort.super.canCallBack(number)
        : callBackRule.test(number);
  }

  /** Every command so far, in order. */
  public synchronized List<PortCommand> commands() {
    return List.copyOf(commands);
  }

  /** The commands of one type, in order. */
  public synchronized <T extends PortCommand> List<T> commands(Class<T> type) {
    List<T> out = new ArrayList<>();
    for (PortCommand c : commands) {
      if (type.isInstance(c)) {
        out.add(type.cast(c));
      }
    }
    return out;
  }

  /** The commands about one caller, in order. */
  public synchronized List<PortCommand> commandsFor(CallId call) {
    return commands.stream().filter(c -> c.call().equals(call)).toList();
  }

  /** Every ring request so far, in order. */
  public List<RingRequest> rings() {
    return commands(PortCommand.Ring.class).stream().map(PortCommand.Ring::request).toList();
  }

  /** The agents rung so far, in order (repeats included). */
  public List<AgentId> rungAgents() {
    return rings().stream().map(RingRequest::agent).toList();
  }

  /**
   * The agents whose legs ring for this caller now: rung (or called for a kept-place callback),
   * not cancelled, connected or reported ended.
   */
  public synchronized Set<AgentId> ringingFor(CallId call) {
    Set<AgentId> s = ringing.get(call);
    return s == null ? Set.of() : Set.copyOf(s);
  }

  /** Every caller with at least one ringing agent leg now, with those agents. */
  public synchronized Map<CallId, Set<AgentId>> ringingNow() {
    Map<CallId, Set<AgentId>> out = new LinkedHashMap<>();
    ringing.forEach((c, s) -> out.put(c, Set.copyOf(s)));
    return Collections.unmodifiableMap(out);
  }

  /** The last command matching the filter, or {@code null}. */
  public synchronized PortCommand last(Predicate<PortCommand> filter) {
    for (int i = commands.size() - 1; i >= 0; i--) {
      if (filter.test(commands.get(i))) {
        return commands.get(i);
      }
    }
    return null;
  }

  /**
   * Notes that an agent leg ended on the telephony side (the test reported a ring failure to the
   * engine), so {@link #ringingFor} no longer lists it.
   */
  public synchronized void legEnded(CallId call, AgentId agent) {
    stopRinging(call, agent);
  }

  /** Forgets every command recorded so far (the ringing legs stay known). */
  public synchronized void clear() {
    commands.clear();
  }

  private void stopRinging(CallId call, AgentId agent) {
    Set<AgentId> s = ringing.get(call);
    if (s != null) {
      s.remove(agent);
      if (s.isEmpty()) {
        ringing.remove(call);
      }
    }
  }
}
