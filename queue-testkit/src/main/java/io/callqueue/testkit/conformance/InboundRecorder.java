package io.callqueue.testkit.conformance;

import io.callqueue.api.AgentConfig;
import io.callqueue.api.AgentId;
import io.callqueue.api.CallId;
import io.callqueue.api.CallOffer;
import io.callqueue.api.CallQueue;
import io.callqueue.api.EngineSnapshot;
import io.callqueue.api.Membership;
import io.callqueue.api.OfferResult;
import io.callqueue.api.QueueConfig;
import io.callqueue.api.QueueEventListener;
import io.callqueue.api.QueueId;
import io.callqueue.api.RingFailure;
import io.callqueue.api.Subscription;
import io.callqueue.api.VoicemailMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * The engine as the adapter sees it: records each telephony report, then passes every call on.
 * Thread-safe (adapters report from their own threads).
 */
final class InboundRecorder implements CallQueue {
  private final CallQueue engine;
  private final List<InboundReport> reports = new ArrayList<>();

  InboundRecorder(CallQueue engine) {
    this.engine = Objects.requireNonNull(engine, "engine");
  }

  synchronized List<InboundReport> reports() {
    return List.copyOf(reports);
  }

  /** The reports about one call, in order. */
  synchronized List<InboundReport> reports(CallId call) {
    return reports.stream().filter(r -> call.equals(r.call())).toList();
  }

  synchronized boolean has(InboundReport report) {
    return reports.contains(report);
  }

  /** The reports of one kind about one call, in order. */
  synchronized <T extends InboundReport> List<T> reports(CallId call, Class<T> type) {
    return reports.stream().filter(r -> call.equals(r.call())).filter(type::isInstance)
        .map(type::cast).toList();
  }

  /** The first offer from this caller number, or {@code null}. */
  synchronized CallOffer offerFrom(String callerNumber) {
    for (InboundReport r : reports) {
      if (r instanceof InboundReport.Offer o && o.offer().callerNumber().equals(callerNumber)) {
        return o.offer();
      }
    }
    return null;
  }

  private synchronized void add(InboundReport r) {
    reports.add(r);
  }

  @Override
  public CompletionStage<OfferResult> offer(CallOffer offer) {
    add(new InboundReport.Offer(offer));
    return engine.offer(offer);
  }

  @Override
  public void agentAnswered(CallId call, AgentId agent) {
    add(new InboundReport.AgentAnswered(call, agent));
    engine.agentAnswered(call, agent);
  }

  @Override
  public void agentFailed(CallId call, AgentId agent, RingFailure failure) {
    add(new InboundReport.AgentFailed(call, agent, failure));
    engine.agentFailed(call, agent, failure);
  }

  @Override
  public void callerHungUp(CallId call) {
    add(new InboundReport.CallerHungUp(call));
    engine.callerHungUp(call);
  }

  @Override
  public void callEnded(CallId call) {
    add(new InboundReport.CallEnded(call));
    engine.callEnded(call);
  }

  /** Recorded as the call ended (what the kit checks), passed on with the side that ended it. */
  @Override
  public void agentHungUp(CallId call) {
    add(new InboundReport.CallEnded(call));
    engine.agentHungUp(call);
  }

  @Override
  public void customerUnreached(CallId call, RingFailure failure) {
    add(new InboundReport.CustomerUnreached(call, failure));
    engine.customerUnreached(call, failure);
  }

  @Override
  public void dtmf(CallId call, char digit) {
    add(new InboundReport.Dtmf(call, digit));
    engine.dtmf(call, digit);
  }

  @Override
  public void promptFinished(CallId call) {
    add(new InboundReport.PromptFinished(call));
    engine.promptFinished(call);
  }

  @Override
  public void voicemailRecorded(CallId call, VoicemailMessage message) {
    add(new InboundReport.VoicemailRecorded(call, message));
    engine.voicemailRecorded(call, message);
  }

  @Override
  public void sipRegistered(String username) {
    add(new InboundReport.SipRegistered(username));
    engine.sipRegistered(username);
  }

  @Override
  public void sipUnregistered(String username) {
    add(new InboundReport.SipUnregistered(username));
    engine.sipUnregistered(username);
  }

  @Override
  public CompletionStage<Void> login(AgentId agent) {
    return engine.login(agent);
  }

  @Override
  public CompletionStage<Void> logout(AgentId agent) {
    return engine.logout(agent);
  }

  @Override
  public CompletionStage<Void> pause(AgentId agent, String reason) {
    return engine.pause(agent, reason);
  }

  @Override
  public CompletionStage<Void> unpause(AgentId agent) {
    return engine.unpause(agent);
  }

  @Override
  public CompletionStage<Void> addQueue(QueueConfig config) {
    return engine.addQueue(config);
  }

  @Override
  public CompletionStage<Void> updateQueue(QueueConfig config) {
    return engine.updateQueue(config);
  }

  @Override
  public CompletionStage<Void> removeQueue(QueueId queue) {
    return engine.removeQueue(queue);
  }

  @Override
  public CompletionStage<Void> addAgent(AgentConfig config) {
    return engine.addAgent(config);
  }

  @Override
  public CompletionStage<Void> updateAgent(AgentConfig config) {
    return engine.updateAgent(config);
  }

  @Override
  public CompletionStage<Void> removeAgent(AgentId agent) {
    return engine.removeAgent(agent);
  }

  @Override
  public CompletionStage<Void> addMembership(Membership membership) {
    return engine.addMembership(membership);
  }

  @Override
  public CompletionStage<Void> updateMembership(Membership membership) {
    return engine.updateMembership(membership);
  }

  @Override
  public CompletionStage<Void> removeMembership(QueueId queue, AgentId agent) {
    return engine.removeMembership(queue, agent);
  }

  @Override
  public CompletionStage<EngineSnapshot> snapshot() {
    return engine.snapshot();
  }

  @Override
  public CompletionStage<Void> barrier() {
    return engine.barrier();
  }

  @Override
  public Subscription addListener(QueueEventListener listener) {
    return engine.addListener(listener);
  }

  @Override
  public void close() {
    engine.close();
  }
}
