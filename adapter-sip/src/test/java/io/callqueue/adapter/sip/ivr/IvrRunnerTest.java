package io.callqueue.adapter.sip.ivr;

import static org.assertj.core.api.Assertions.assertThat;

import io.callqueue.api.AgentConfig;
import io.callqueue.api.AgentId;
import io.callqueue.api.CallId;
import io.callqueue.api.CallOutcome;
import io.callqueue.api.Membership;
import io.callqueue.api.PromptSequence;
import io.callqueue.api.QueueConfig;
import io.callqueue.api.QueueId;
import io.callqueue.api.VoicemailMessage;
import io.callqueue.core.CallQueueEngine;
import io.callqueue.spi.CallbackOrigination;
import io.callqueue.spi.RingRequest;
import io.callqueue.spi.TelephonyPort;
import io.callqueue.spi.VoicemailRequest;
import io.callqueue.testkit.ManualScheduler;
import io.callqueue.testkit.RecordingTelephonyPort;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Scenarios against the real engine in virtual time; the engine's {@code release} reaches the
 * runner the way the SIP binding forwards it.
 */
class IvrRunnerTest {
  private final ManualScheduler scheduler = new ManualScheduler();
  private final RecordingTelephonyPort recording = new RecordingTelephonyPort();
  private final List<IvrRunner.IvrVoicemail> voicemails = new ArrayList<>();
  private IvrRunner runner;
  private final CallQueueEngine engine = CallQueueEngine.builder().telephony(new Forwarding())
      .scheduler(scheduler).executor(Runnable::run).build();

  {
    runner = new IvrRunner(engine, (queue, key) -> new PromptSequence("en",
        List.of(PromptSequence.Prompt.of(key))), voicemails::add);
    engine.addQueue(QueueConfig.builder("support").build());
    engine.addAgent(AgentConfig.sip("alice", "alice"));
    engine.addMembership(Membership.of(QueueId.of("support"), AgentId.of("alice")));
  }

  /** The binding's part: forwards release to the runner, records the rest. */
  private final class Forwarding implements TelephonyPort {
    @Override
    public void ringAgent(RingRequest request) {
      recording.ringAgent(request);
    }

    @Override
    public void cancelRing(CallId call, AgentId agent) {
      recording.cancelRing(call, agent);
    }

    @Override
    public void connect(CallId call, AgentId agent) {
      recording.connect(call, agent);
      runner.ended(call);
    }

    @Override
    public void play(CallId call, PromptSequence prompts) {
      recording.play(call, prompts);
    }

    @Override
    public void startMusic(CallId call, String musicClass) {
      recording.startMusic(call, musicClass);
    }

    @Override
    public void stopMusic(CallId call) {
      recording.stopMusic(call);
    }

    @Override
    public void recordVoicemail(CallId call, VoicemailRequest request) {
      recording.recordVoicemail(call, request);
    }

    @Override
    public void release(CallId call, CallOutcome outcome) {
      recording.release(call, outcome);
      runner.released(call, outcome);
    }

    @Override
    public void hangUp(CallId call) {
      recording.hangUp(call);
    }

    @Override
    public void originateCallback(CallbackOrigination request) {
      recording.originateCallback(request);
    }
  }

  /** A call leg that remembers what it was asked and completes actions when the test says. */
  private static final class Leg implements IvrLeg {
    final List<String> heard = new ArrayList<>();
    Runnable playing;
    Consumer<Optional<Character>> waitingForKey;
    Consumer<Optional<VoicemailMessage>> recordingVoicemail;
    boolean hungUp;

    @Override
    public CallId id() {
      return CallId.of("call-1");
    }

    @Override
    public String callerNumber() {
      return "+48612504000";
    }

    @Override
    public void play(PromptSequence prompts, Runnable done) {
      heard.addAll(prompts.keys());
      playing = done;
    }

    @Override
    public void collectKey(Duration timeout, Consumer<Optional<Character>> key) {
      waitingForKey = key;
    }

    @Override
    public void recordVoicemail(PromptSequence intro, Duration maxLength, char finishKey,
        Consumer<Optional<VoicemailMessage>> recorded) {
      heard.addAll(intro.keys());
      recordingVoicemail = recorded;
    }

    @Override
    public void hangUp() {
      hungUp = true;
    }

    void finishPlaying() {
      Runnable r = playing;
      playing = null;
      r.run();
    }
  }

  private static Scenario defaultScenario() {
    Map<String, Scenario.Step> steps = new LinkedHashMap<>();
    steps.put("greeting", new Scenario.Play("greeting", "ivr-welcome", "queue"));
    steps.put("queue", new Scenario.Queue("queue", "support", "no-agent"));
    steps.put("no-agent", new Scenario.Play("no-agent", "queue-no-agent", "voicemail"));
    steps.put("voicemail", new Scenario.Voicemail("voicemail", "support"));
    return new Scenario("100", "greeting", steps);
  }

  @Test
  void noActiveAgent_continuesAfterTheQueueStep_toVoicemail() {
    Leg leg = new Leg();
    runner.start(leg, defaultScenario());
    assertThat(leg.heard).containsExactly("ivr-welcome");
    leg.finishPlaying();

    // alice is not logged in: the engine does not queue the call and releases it
    assertThat(recording.commands()).contains(
        new io.callqueue.testkit.PortCommand.Release(leg.id(), CallOutcome.NOT_QUEUED));
    assertThat(leg.heard).containsExactly("ivr-welcome", "queue-no-agent");
    leg.finishPlaying();
    assertThat(leg.heard).last().isEqualTo("queue-voicemail-intro");

    leg.recordingVoicemail.accept(Optional.of(new VoicemailMessage("/vm/1.wav",
        Duration.ofSeconds(9))));
    assertThat(voicemails).singleElement().satisfies(v -> {
      assertThat(v.queue()).isEqualTo(QueueId.of("support"));
      assertThat(v.callerNumber()).isEqualTo("+48612504000");
    });
    assertThat(leg.hungUp).isTrue();
    assertThat(runner.isRunning(leg.id())).isFalse();
  }

  @Test
  void activeAgent_theCallJoinsTheQueue_andTheEngineTakesIt() {
    engine.login(AgentId.of("alice"));
    Leg leg = new Leg();
    runner.start(leg, defaultScenario());
    assertThat(runner.takesKeys(leg.id())).isTrue();
    leg.finishPlaying();
    assertThat(runner.takesKeys(leg.id())).as("keys in the queue go to the engine").isFalse();

    assertThat(recording.ringingFor(leg.id())).containsExactly(AgentId.of("alice"));
    engine.agentAnswered(leg.id(), AgentId.of("alice"));
    assertThat(runner.isRunning(leg.id())).isFalse();
    assertThat(leg.hungUp).isFalse();
  }

  @Test
  void queueTimeout_continuesAtOtherwise() {
    engine.updateQueue(QueueConfig.builder("support").maxWait(Duration.ofSeconds(30))
        .joinPolicy(io.callqueue.api.JoinPolicy.ALWAYS).build());
    Leg leg = new Leg();
    runner.start(leg, defaultScenario());
    leg.finishPlaying();
    assertThat(leg.heard).containsExactly("ivr-welcome");
    scheduler.advance(Duration.ofSeconds(30));
    assertThat(leg.heard).containsExactly("ivr-welcome", "queue-no-agent");
  }

  @Test
  void menu_keyLeadsToItsStep_timeoutToOtherwise() {
    Map<String, Scenario.Step> steps = new LinkedHashMap<>();
    steps.put("menu", new Scenario.Menu("menu", "ivr-welcome", Map.of('1', "bye"),
        Duration.ofSeconds(5), "vm"));
    steps.put("bye", new Scenario.Play("bye", "ivr-goodbye", null));
    steps.put("vm", new Scenario.Voicemail("vm", "support"));
    Scenario menu = new Scenario("200", "menu", steps);

    Leg pressed = new Leg();
    runner.start(pressed, menu);
    pressed.finishPlaying();
    pressed.waitingForKey.accept(Optional.of('1'));
    assertThat(pressed.heard).containsExactly("ivr-welcome", "ivr-goodbye");
    pressed.finishPlaying();
    assertThat(pressed.hungUp).isTrue();

    Leg silent = new Leg();
    runner.start(silent, menu);
    silent.finishPlaying();
    silent.waitingForKey.accept(Optional.empty());
    assertThat(silent.heard).last().isEqualTo("queue-voicemail-intro");
  }

  @Test
  void callerHangsUpWhileRecording_theVoicemailIsKept() {
    Leg leg = new Leg();
    runner.start(leg, defaultScenario());
    leg.finishPlaying();
    leg.finishPlaying();
    runner.ended(leg.id());      // the caller hung up: that ends the recording
    leg.recordingVoicemail.accept(Optional.of(new VoicemailMessage("/vm/2.wav",
        Duration.ofSeconds(4))));
    assertThat(voicemails).hasSize(1);
    assertThat(leg.hungUp).isFalse();
  }

  @Test
  void callerHangsUpMidPrompt_nothingContinues() {
    Leg leg = new Leg();
    runner.start(leg, defaultScenario());
    runner.ended(leg.id());
    leg.finishPlaying();
    assertThat(recording.commands()).isEmpty();
    assertThat(leg.heard).containsExactly("ivr-welcome");
  }
}
