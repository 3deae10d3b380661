package io.callqueue.core;

import static io.callqueue.core.EngineFixture.a;
import static io.callqueue.core.EngineFixture.c;
import static io.callqueue.core.EngineFixture.q;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callqueue.api.CallOutcome;
import io.callqueue.api.ConfigException;
import io.callqueue.api.EstimateAnnouncement;
import io.callqueue.api.PromptSequence;
import io.callqueue.api.QueueConfig;
import io.callqueue.api.QueueEvent;
import io.callqueue.api.RingFailure;
import io.callqueue.api.Strategy;
import io.callqueue.api.VoicemailMessage;
import io.callqueue.core.estimate.Estimators;
import io.callqueue.spi.EstimateInput;
import io.callqueue.testkit.PortCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Capabilities 11-17 in the engine, in virtual time. */
class CallerExperienceTest {

  private static QueueConfig.Builder queue() {
    return QueueConfig.builder("q").strategy(Strategy.LINEAR)
        .positionFirstAfter(Duration.ofSeconds(10)).positionEvery(Duration.ofSeconds(30))
        .announceMinGap(Duration.ofSeconds(15)).estimateAnnouncement(EstimateAnnouncement.OFF);
  }

  /** A fixture with one busy agent, so callers wait. */
  private static EngineFixture busyQueue(QueueConfig config) {
    EngineFixture f = new EngineFixture().queue(config).agents("q", "alice");
    f.offer("busy", "q");
    f.answer("busy", "alice");
    return f;
  }

  private static List<PromptSequence> plays(EngineFixture f, String call) {
    return f.port.commandsFor(c(call)).stream()
        .filter(PortCommand.Play.class::isInstance)
        .map(p -> ((PortCommand.Play) p).prompts()).toList();
  }

  @Nested
  class PositionAnnouncements {

    @Test
    void firstAnnouncement_afterFirstAfter_thenEveryInterval() {
      EngineFixture f = busyQueue(queue().build());
      f.offer("w1", "q");
      f.offer("w2", "q");

      f.advance(9.9);
      assertThat(plays(f, "w2")).isEmpty();
      f.advance(0.1);
      assertThat(plays(f, "w2")).hasSize(1);
      assertThat(plays(f, "w2").get(0).keys()).contains("queue-position", "digits/2");
      f.engine.promptFinished(c("w2"));
      f.advance(29.9);
      assertThat(plays(f, "w2")).hasSize(1);
      f.advance(0.1);
      assertThat(plays(f, "w2")).hasSize(2);
    }

    @Test
    void musicStopsForAPrompt_andResumesWhenItFinishes() {
      EngineFixture f = busyQueue(queue().build());
      f.offer("w1", "q");
      f.advance(10);

      List<PortCommand> cmds = f.port.commandsFor(c("w1"));
      assertThat(cmds.get(0)).isInstanceOf(PortCommand.StartMusic.class);
      assertThat(cmds.get(cmds.size() - 1)).isInstanceOf(PortCommand.Play.class);
      f.engine.promptFinished(c("w1"));
      assertThat(f.port.last(cmd -> cmd.call().equals(c("w1"))))
          .isEqualTo(new PortCommand.StartMusic(c("w1"), "default"));
    }

    @Test
    void improvedPosition_isAnnouncedEarly_butNotWithinTheMinimumGap() {
      EngineFixture f = busyQueue(queue().positionEvery(Duration.ofSeconds(300)).build());
      f.offer("w1", "q");
      f.offer("w2", "q");
      f.advance(10);
      f.engine.promptFinished(c("w1"));
      f.engine.promptFinished(c("w2"));
      assertThat(plays(f, "w2").get(0).keys()).contains("digits/2");

      f.hangUp("w1");           // w2 moves to position 1, 0 s after its last announcement
      f.advance(5);
      assertThat(plays(f, "w2")).hasSize(1);
      f.advance(10);            // the 15 s minimum gap has passed
      assertThat(plays(f, "w2")).hasSize(2);
      assertThat(plays(f, "w2").get(1).keys()).contains("digits/1");
    }

    @Test
    void noImprovementAnnouncements_whenDisabled() {
      EngineFixture f = busyQueue(queue().positionEvery(Duration.ofSeconds(300))
          .announceOnImprovement(false).build());
      f.offer("w1", "q");
      f.offer("w2", "q");
      f.advance(10);
      f.engine.promptFinished(c("w2"));
      f.hangUp("w1");
      f.advance(60);
      assertThat(plays(f, "w2")).hasSize(1);
    }

    @Test
    void announcementDueWhilePlaying_waitsForThePromptToFinish() {
      EngineFixture f = busyQueue(queue().periodicPrompts(List.of("queue-periodic"))
          .periodicEvery(Duration.ofSeconds(10)).build());
      f.offer("w1", "q");
      f.advance(10);   // periodic and position fall due together: one plays, one waits
      assertThat(plays(f, "w1")).hasSize(1);
      f.engine.promptFinished(c("w1"));
      assertThat(plays(f, "w1")).hasSize(2);
      assertThat(plays(f, "w1")).extracting(PromptSequence::keys)
          .anySatisfy(k -> assertThat(k).contains("queue-periodic"))
          .anySatisfy(k -> assertThat(k).contains("queue-position"));
    }

    @Test
    void polishQueue_announcesInPolish() {
      EngineFixture f = busyQueue(queue().language("pl").build());
      f.offer("w1", "q");
      f.offer("w2", "q");
      f.advance(10);
      PromptSequence p = plays(f, "w2").get(0);
      assertThat(p.language()).isEqualTo("pl");
      assertThat(p.keys()).contains("ordinal/2");
    }

    @Test
    void customRecording_replacesTheDefaultPrompt(@TempDir Path dir) throws Exception {
      Path mine = Files.writeString(dir.resolve("position.wav"), "RIFF");
      EngineFixture f = busyQueue(queue().promptOverride("queue-position", mine).build());
      f.offer("w1", "q");
      f.advance(10);
      PromptSequence.Prompt first = plays(f, "w1").get(0).prompts().get(0);
      assertThat(first.key()).isEqualTo("queue-position");
      assertThat(first.customFile()).isEqualTo(mine);
    }

    @Test
    void unknownLanguage_isAConfigError() {
      EngineFixture f = new EngineFixture();
      assertThatThrownBy(() -> f.join(f.engine.addQueue(queue().language("de").build())))
          .isInstanceOf(CompletionException.class)
          .hasCauseInstanceOf(ConfigException.class)
          .hasMessageContaining("queue 'q'").hasMessageContaining("de");
    }
  }

  @Nested
  class EstimatedWait {

    @Test
    void once_announcesTheEstimateWithTheFirstPositionOnly() {
      EngineFixture f = busyQueue(queue().estimateAnnouncement(EstimateAnnouncement.ONCE)
          .estimator("queue-length").build());
      // history: one call of 60 s
      f.advance(60);
      f.end("busy");
      f.offer("busy2", "q");
      f.answer("busy2", "alice");
      f.offer("w1", "q");
      f.advance(10);
      f.engine.promptFinished(c("w1"));
      f.advance(30);

      List<QueueEvent.WaitEstimated> estimates = f.events(QueueEvent.WaitEstimated.class);
      assertThat(estimates).hasSize(1);
      // queue-length: (n + 1) / (s * mu) with n = 0 ahead, s = 1, mean handle 60 s -> 60 s
      assertThat(estimates.get(0).estimate()).isEqualTo(Duration.ofSeconds(60));
      assertThat(estimates.get(0).estimator()).isEqualTo("queue-length");
      assertThat(plays(f, "w1").get(0).keys()).contains("queue-ewt");
      assertThat(plays(f, "w1").get(1).keys()).doesNotContain("queue-ewt");
    }

    @Test
    void everyTime_announcesTheEstimateEachTime() {
      EngineFixture f = busyQueue(queue().estimateAnnouncement(EstimateAnnouncement.EVERY_TIME)
          .estimator("queue-length").build());
      f.advance(60);
      f.end("busy");
      f.offer("busy2", "q");
      f.answer("busy2", "alice");
      f.offer("w1", "q");
      f.advance(10);
      f.engine.promptFinished(c("w1"));
      f.advance(30);
      assertThat(f.events(QueueEvent.WaitEstimated.class)).hasSize(2);
    }

    @Test
    void snapshot_carriesTheEstimateForANewCaller() {
      EngineFixture f = busyQueue(queue().estimator("queue-length").build());
      f.advance(60);
      f.end("busy");
      f.offer("busy2", "q");
      f.answer("busy2", "alice");
      f.offer("w1", "q");
      // one caller ahead of a newcomer, one agent, 60 s per call -> 120 s
      assertThat(f.snapshot().queue(q("q")).estimatedWait()).isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void agentRingingForACallerBehind_doesNotCountAsFreeForTheCallerAhead() {
      // alice talks (60 s calls in history); bob missed w1, so w1 waits its retry while bob
      // rings for w2, who is behind w1: for w1, bob is busy, not free
      EngineFixture f = new EngineFixture().queue(queue().estimator("default")
          .estimateAnnouncement(EstimateAnnouncement.ONCE)
          .retryDelay(Duration.ofSeconds(30)).build());
      f.agent("alice").member("q", "alice", 0).agent("bob").member("q", "bob", 0);
      f.login("alice");
      f.offer("h1", "q");
      f.answer("h1", "alice");
      f.advance(60);
      f.end("h1");
      f.offer("busy", "q");
      f.answer("busy", "alice");
      f.offer("w1", "q");
      f.login("bob");
      assertThat(f.ringing("w1")).containsExactly(a("bob"));
      f.fail("w1", "bob", RingFailure.NO_ANSWER);
      f.offer("w2", "q");
      assertThat(f.ringing("w2")).containsExactly(a("bob"));

      f.advance(10);   // w1's first announcement, with the estimate
      QueueEvent.WaitEstimated est = f.events(QueueEvent.WaitEstimated.class).stream()
          .filter(e -> e.call().equals(c("w1"))).findFirst().orElseThrow();
      assertThat(est.position()).isEqualTo(1);
      assertThat(est.estimate()).isGreaterThan(Duration.ofSeconds(10));
    }

    @Test
    void estimateInput_describesAWaitingCaller_asTheEstimatorIsGivenIt() {
      EngineFixture f = busyQueue(queue().estimator("queue-length").build());
      f.advance(60);
      f.end("busy");
      f.offer("busy2", "q");
      f.answer("busy2", "alice");
      f.offer("w1", "q");
      f.advance(5);
      f.offer("w2", "q");
      f.advance(20);

      EstimateInput in = f.engine.estimateInput(c("w2")).orElseThrow();

      assertThat(in.position()).isEqualTo(2);
      assertThat(in.waited()).isEqualTo(Duration.ofSeconds(20));
      assertThat(in.headOfLineWait()).isEqualTo(Duration.ofSeconds(25));
      assertThat(in.agentsServing()).isEqualTo(1);
      assertThat(in.talkElapsed()).containsExactly(Duration.ofSeconds(25));
      assertThat(in.history().meanHandleSeconds()).hasValue(60);
      // what queue-length makes of it: (1 + 1) * 60 s
      assertThat(Estimators.withBuiltIns().get("queue-length").estimate(in))
          .contains(Duration.ofSeconds(120));
    }

    @Test
    void estimateInput_isEmptyForCallsNotWaiting() {
      EngineFixture f = busyQueue(queue().build());
      f.offer("w1", "q");

      assertThat(f.engine.estimateInput(c("busy"))).isEmpty();
      assertThat(f.engine.estimateInput(c("nobody"))).isEmpty();
      assertThat(f.engine.estimateInput(c("w1"))).isPresent();
    }

    @Test
    void estimateInput_fromAListener_seesTheStateAsOfTheEvent() {
      EngineFixture f = busyQueue(queue().build());
      List<Integer> positions = new java.util.ArrayList<>();
      f.engine.addListener(e -> {
        if (e instanceof QueueEvent.CallerJoined j) {
          positions.add(f.engine.estimateInput(j.call()).orElseThrow().position());
        }
      });

      f.offer("w1", "q");
      f.offer("w2", "q");

      assertThat(positions).containsExactly(1, 2);
    }

    @Test
    void unknownEstimator_isAConfigErrorNamingTheKnownOnes() {
      EngineFixture f = new EngineFixture();
      assertThatThrownBy(() -> f.join(f.engine.addQueue(queue().estimator("magic").build())))
          .hasCauseInstanceOf(ConfigException.class)
          .hasMessageContaining("magic").hasMessageContaining("erlang-a");
    }
  }

  @Nested
  class HoldTimeToAgent {

    @Test
    void ringRequest_carriesTheHoldTimeWhisper_whenReportHoldTimeIsOn() {
      EngineFixture f = busyQueue(queue().reportHoldTime(true).build());
      f.offer("w1", "q");
      f.advance(130);
      f.end("busy");
      var ring = f.port.rings().get(f.port.rings().size() - 1);
      assertThat(ring.call()).isEqualTo(c("w1"));
      assertThat(ring.holdTime()).isEqualTo(Duration.ofSeconds(130));
      assertThat(ring.whisper()).isNotNull();
      assertThat(ring.whisper().keys()).contains("agent-hold-time", "digits/2");
    }

    @Test
    void noWhisper_whenTheCallerHardlyWaited() {
      EngineFixture f = new EngineFixture().queue(queue().reportHoldTime(true).build())
          .agents("q", "alice");
      f.offer("w1", "q");
      assertThat(f.port.rings()).singleElement()
          .satisfies(r -> assertThat(r.whisper()).isNull());
    }

    @Test
    void whisper_beginsWithTheQueuesNameRecording_thenTheHoldTime() {
      Path name = Path.of("/prompts/q/sales-name.wav");
      EngineFixture f = busyQueue(
          queue().reportHoldTime(true).promptOverride("queue-name", name).build());
      f.offer("w1", "q");
      f.advance(130);
      f.end("busy");
      var whisper = f.port.rings().get(f.port.rings().size() - 1).whisper();
      assertThat(whisper.prompts().get(0)).isEqualTo(new PromptSequence.Prompt("queue-name", name));
      assertThat(whisper.keys()).startsWith("queue-name", "agent-hold-time").contains("digits/2")
          .containsOnlyOnce("queue-name");
    }

    @Test
    void whisper_isTheNameAlone_whenReportHoldTimeIsOffOrTheCallerHardlyWaited() {
      Path name = Path.of("/prompts/q/sales-name.wav");
      EngineFixture f = busyQueue(queue().promptOverride("queue-name", name).build());
      f.offer("w1", "q");
      f.advance(30);
      f.end("busy");
      assertThat(f.port.rings().get(f.port.rings().size() - 1).whisper().prompts())
          .containsExactly(new PromptSequence.Prompt("queue-name", name));
      EngineFixture g = new EngineFixture().queue(queue().reportHoldTime(true)
          .promptOverride("queue-name", name).build()).agents("q", "alice");
      g.offer("w1", "q");
      assertThat(g.port.rings()).singleElement().satisfies(r -> assertThat(r.whisper().keys())
          .containsExactly("queue-name"));
    }

    @Test
    void noWhisper_whenReportHoldTimeIsOff() {
      EngineFixture f = busyQueue(queue().build());
      f.offer("w1", "q");
      f.advance(30);
      f.end("busy");
      assertThat(f.port.rings().get(f.port.rings().size() - 1).whisper()).isNull();
    }
  }

  @Nested
  class Keys {

    @Test
    void zero_leavesForVoicemail_andTheRecordingIsReported() {
      EngineFixture f = busyQueue(queue().build());
      f.offer("w1", "q");
      f.advance(20);
      f.engine.dtmf(c("w1"), '0');
      f.verify();

      assertThat(f.outcome("w1")).isEqualTo(CallOutcome.VOICEMAIL);
      PortCommand.RecordVoicemail rec = f.port.commands(PortCommand.RecordVoicemail.class).get(0);
      assertThat(rec.request().queue()).isEqualTo(q("q"));
      assertThat(rec.request().intro().keys()).contains("queue-voicemail-intro");
      assertThat(rec.request().maxLength()).isEqualTo(Duration.ofMinutes(2));

      f.engine.voicemailRecorded(c("w1"), new VoicemailMessage("/var/vm/w1.wav",
          Duration.ofSeconds(12)));
      QueueEvent.VoicemailLeft left = f.events(QueueEvent.VoicemailLeft.class).get(0);
      assertThat(left.message().reference()).isEqualTo("/var/vm/w1.wav");
      assertThat(f.snapshot().queue(q("q")).waiting()).isEmpty();
    }

    @Test
    void zeroWhileRinging_cancelsTheAgentLeg() {
      EngineFixture f = new EngineFixture().queue(queue().build()).agents("q", "alice");
      f.offer("w1", "q");
      assertThat(f.ringing("w1")).containsExactly(a("alice"));
      f.engine.dtmf(c("w1"), '0');
      f.verify();
      assertThat(f.port.commands(PortCommand.CancelRing.class))
          .containsExactly(new PortCommand.CancelRing(c("w1"), a("alice")));
      assertThat(f.state("alice")).isEqualTo(io.callqueue.api.AgentState.AVAILABLE);
    }

    @Test
    void one_acknowledgesTheCallback_thenReleasesTheCall() {
      EngineFixture f = busyQueue(queue().build());
      f.offer("w1", "q");
      f.advance(20);
      f.engine.dtmf(c("w1"), '1');
      f.verify();

      QueueEvent.CallbackRequested req = f.events(QueueEvent.CallbackRequested.class).get(0);
      assertThat(req.position()).isEqualTo(1);
      assertThat(req.waited()).isEqualTo(Duration.ofSeconds(20));
      assertThat(req.keepsPlace()).isFalse();
      assertThat(f.outcome("w1")).isEqualTo(CallOutcome.CALLBACK);
      assertThat(plays(f, "w1")).last().extracting(PromptSequence::keys)
          .isEqualTo(List.of("queue-callback-ack"));
      assertThat(f.port.commands(PortCommand.Release.class)).isEmpty();

      f.engine.promptFinished(c("w1"));
      assertThat(f.port.commands(PortCommand.Release.class))
          .containsExactly(new PortCommand.Release(c("w1"), CallOutcome.CALLBACK));
    }

    @Test
    void disabledKeys_doNothing() {
      EngineFixture f = busyQueue(queue().voicemailKey(null).callbackKey(null).build());
      f.offer("w1", "q");
      f.engine.dtmf(c("w1"), '0');
      f.engine.dtmf(c("w1"), '1');
      f.verify();
      assertThat(f.outcome("w1")).isNull();
      assertThat(f.snapshot().queue(q("q")).waiting()).hasSize(1);
    }

    @Test
    void keptPlaceCallback_isServedInItsPlace_agentFirst() {
      EngineFixture f = busyQueue(queue().callbackKeepsPlace(true).build());
      f.offer("first", "q");
      f.offer("second", "q");
      f.engine.dtmf(c("first"), '1');
      f.engine.promptFinished(c("first"));
      f.hangUp("first");                      // the customer hangs up after the ack
      f.offer("third", "q");

      assertThat(f.snapshot().queue(q("q")).waiting()).extracting(w -> w.call().value())
          .containsExactly("first", "second", "third");
      f.advance(40);
      f.end("busy");

      PortCommand.OriginateCallback cb =
          f.port.commands(PortCommand.OriginateCallback.class).get(0);
      assertThat(cb.request().call()).isEqualTo(c("first"));
      assertThat(cb.request().agent()).isEqualTo(a("alice"));
      assertThat(cb.request().customerNumber()).isNotBlank();
      assertThat(f.port.rings()).extracting(r -> r.call().value()).doesNotContain("first");

      f.answer("first", "alice");
      QueueEvent.CallbackStarted started = f.events(QueueEvent.CallbackStarted.class).get(0);
      assertThat(started.agent()).isEqualTo(a("alice"));
      assertThat(f.events(QueueEvent.CallerLeft.class)).filteredOn(e -> e.call().equals(c("first")))
          .hasSize(1);
      f.advance(100);
      f.end("first");
      assertThat(f.events(QueueEvent.CallCompleted.class))
          .anySatisfy(done -> assertThat(done.call()).isEqualTo(c("first")));
      // the next in line is the caller who kept waiting
      assertThat(f.ringing("second")).containsExactly(a("alice"));
    }

    @Test
    void keptPlaceCallback_agentNoAnswer_triesAgainLikeACaller() {
      EngineFixture f = new EngineFixture().queue(queue().callbackKeepsPlace(true)
          .voicemailKey(null).build());
      f.agent("alice").member("q", "alice", 0).agent("bob").member("q", "bob", 0);
      f.login("alice");
      f.offer("busy", "q");
      f.answer("busy", "alice");
      f.offer("w1", "q");
      f.engine.dtmf(c("w1"), '1');
      f.engine.promptFinished(c("w1"));
      f.login("bob");
      assertThat(f.port.commands(PortCommand.OriginateCallback.class))
          .extracting(o -> o.request().agent()).containsExactly(a("bob"));
      f.fail("w1", "bob", RingFailure.NO_ANSWER);
      f.advance(5);
      assertThat(f.port.commands(PortCommand.OriginateCallback.class)).hasSize(2);
    }
  }
}
