package io.callqueue.testkit.sim;

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
import io.callqueue.testkit.ManualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * A stand-in for the engine's inbound API that records every telephony report with its virtual
 * time (as seconds since the scheduler started), so tests can check what the simulation reported
 * and when. Offers join at position 1; a test may react to reports through {@link #onReport}.
 */
final class RecordingCallQueue implements CallQueue {
  private final ManualScheduler scheduler;
  private final Instant start;
  private final List<Report> reports = new ArrayList<>();
  private Consumer<Report> onReport = r -> {};

  /**
   * One report.
   *
   * @param at virtual time since the start
   * @param what the method and its arguments, e.g. {@code agentAnswered c1 a1}
   * @param call the call it is about, or {@code null}
   */
  record Report(Duration at, String what, CallId call) {
    @Override
    public String toString() {
      return at.toMillis() + "ms " + what;
    }
  }

  RecordingCallQueue(ManualScheduler scheduler) {
    this.scheduler = scheduler;
    this.start = scheduler.now();
  }

  /** Every report so far: {@code "<ms>ms <what>"}. */
  List<String> lines() {
    return reports.stream().map(Report::toString).toList();
  }

  /** Every report so far, as {@code what} only. */
  List<String> whats() {
    return reports.stream().map(Report::what).toList();
  }

  List<Report> reports() {
    return List.copyOf(reports);
  }

  void onReport(Consumer<Report> action) {
    this.onReport = action;
  }

  private void add(String what, CallId call) {
    Report r = new Report(Duration.between(start, scheduler.now()), what, call);
    reports.add(r);
    onReport.accept(r);
  }

  @Override
  public CompletionStage<OfferResult> offer(CallOffer offer) {
    add("offer " + offer.call() + " " + offer.queue() + " " + offer.callerNumber(), offer.call());
    return CompletableFuture.completedFuture(new OfferResult.Joined(1));
  }

  @Override
  public void agentAnswered(CallId call, AgentId agent) {
    add("agentAnswered " + call + " " + agent, call);
  }

  @Override
  public void agentFailed(CallId call, AgentId agent, RingFailure failure) {
    add("agentFailed " + call + " " + agent + " " + failure, call);
  }

  @Override
  public void callerHungUp(CallId call) {
    add("callerHungUp " + call, call);
  }

  @Override
  public void callEnded(CallId call) {
    add("callEnded " + call, call);
  }

  @Override
  public void customerUnreached(CallId call, RingFailure failure) {
    add("customerUnreached " + call + " " + failure, call);
  }

  @Override
  public void dtmf(CallId call, char digit) {
    add("dtmf " + call + " " + digit, call);
  }

  @Override
  public void promptFinished(CallId call) {
    add("promptFinished " + call, call);
  }

  @Override
  public void voicemailRecorded(CallId call, VoicemailMessage message) {
    add("voicemailRecorded " + call + " " + message.reference() + " "
        + message.duration().toMillis() + "ms", call);
  }

  @Override
  public void sipRegistered(String username) {
    add("sipRegistered " + username, null);
  }

  @Override
  public void sipUnregistered(String username) {
    add("sipUnregistered " + username, null);
  }

  private static CompletionStage<Void> done() {
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletionStage<Void> login(AgentId agent) {
    return done();
  }

  @Override
  public CompletionStage<Void> logout(AgentId agent) {
    return done();
  }

  @Override
  public CompletionStage<Void> pause(AgentId agent, String reason) {
    return done();
  }

  @Override
  public CompletionStage<Void> unpause(AgentId agent) {
    return done();
  }

  @Override
  public CompletionStage<Void> addQueue(QueueConfig config) {
    return done();
  }

  @Override
  public CompletionStage<Void> updateQueue(QueueConfig config) {
    return done();
  }

  @Override
  public CompletionStage<Void> removeQueue(QueueId queue) {
    return done();
  }

  @Override
  public CompletionStage<Void> addAgent(AgentConfig config) {
    return done();
  }

  @Override
  public CompletionStage<Void> updateAgent(AgentConfig config) {
    return done();
  }

  @Override
  public CompletionStage<Void> removeAgent(AgentId agent) {
    return done();
  }

  @Override
  public CompletionStage<Void> addMembership(Membership membership) {
    return done();
  }

  @Override
  public CompletionStage<Void> updateMembership(Membership membership) {
    return done();
  }

  @Override
  public CompletionStage<Void> removeMembership(QueueId queue, AgentId agent) {
    return done();
  }

  @Override
  public CompletionStage<EngineSnapshot> snapshot() {
    return CompletableFuture.failedFuture(new UnsupportedOperationException("no snapshots here"));
  }

  /** Reports are recorded as they are made: nothing is pending. */
  @Override
  public CompletionStage<Void> barrier() {
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public Subscription addListener(QueueEventListener listener) {
    return () -> {};
  }

  @Override
  public void close() {}
}
