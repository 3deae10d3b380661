package io.callqueue.core;

import static io.callqueue.core.EngineFixture.a;
import static io.callqueue.core.EngineFixture.c;
import static io.callqueue.core.EngineFixture.q;
import static org.assertj.core.api.Assertions.assertThat;

import io.callqueue.api.AgentState;
import io.callqueue.api.CallOffer;
import io.callqueue.api.CallOutcome;
import io.callqueue.api.CallRecord;
import io.callqueue.api.EstimateAnnouncement;
import io.callqueue.api.NotQueuedReason;
import io.callqueue.api.OfferResult;
import io.callqueue.api.PromptSequence;
import io.callqueue.api.QueueConfig;
import io.callqueue.api.QueueEvent;
import io.callqueue.api.QueueEvent.CallbackUnreached;
import io.callqueue.api.RingFailure;
import io.callqueue.api.Strategy;
import io.callqueue.core.records.CallRecorder;
import io.callqueue.core.records.InMemoryCallRecordStore;
import io.callqueue.core.records.QueueLogWriter;
import io.callqueue.testkit.PortCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The callback key with nothing to call back, and callbacks whose customer is not reached. */
class CallbackEdgeCaseTest {
  private static final String NUMBER = "+48612504000";

  private static QueueConfig.Builder queue() {
    return QueueConfig.builder("q").strategy(Strategy.LINEAR).announcePosition(false)
        .estimateAnnouncement(EstimateAnnouncement.OFF);
  }

  /** A queue whose one agent (alice) is busy with call "busy", so callers wait. */
  private static EngineFixture busyQueue(QueueConfig config) {
    EngineFixture f = new EngineFixture().queue(config).agents("q", "alice");
    f.offer("busy", "q");
    f.answer("busy", "alice");
    return f;
  }

  private static OfferResult offer(EngineFixture f, String call, String number) {
    return f.join(f.engine.offer(new CallOffer(c(call), q("q"), number, 0)));
  }

  private static List<List<String>> plays(EngineFixture f, String call) {
    return f.port.commandsFor(c(call)).stream()
        .filter(PortCommand.Play.class::isInstance)
        .map(p -> ((PortCommand.Play) p).prompts().keys()).toList();
  }

  @Nested
  class NothingToCallBack {

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "anonymous", "Restricted", "12#34", "alice@example.com"})
    void callbackKey_withNoDialableNumber_isRefused_callerKeepsWaitingInPlace(String number) {
      EngineFixture f = busyQueue(queue().callbackKeepsPlace(true).build());
      offer(f, "w1", number);
      offer(f, "w2", NUMBER);

      f.engine.dtmf(c("w1"), '1');
      f.verify();

      assertThat(plays(f, "w1")).containsExactly(List.of("queue-callback-unavailable"));
      assertThat(f.events(QueueEvent.CallbackRequested.class)).isEmpty();
      assertThat(f.outcome("w1")).isNull();
      assertThat(f.snapshot().queue(q("q")).waiting()).extracting(w -> w.call().value())
          .containsExactly("w1", "w2");
      // the prompt over, music again; the caller is still served first when alice is free
      f.engine.promptFinished(c("w1"));
      assertThat(f.port.last(cmd -> cmd.call() != null && cmd.call().equals(c("w1"))))
          .isEqualTo(new PortCommand.StartMusic(c("w1"), "default"));
      f.end("busy");
      assertThat(f.ringing("w1")).containsExactly(a("alice"));
      assertThat(f.port.commands(PortCommand.OriginateCallback.class)).isEmpty();
    }

    @Test
    void callbackKey_withoutKeepingPlace_andBlankNumber_isRefusedToo() {
      EngineFixture f = busyQueue(queue().build());
      offer(f, "w1", "");

      f.engine.dtmf(c("w1"), '1');
      f.verify();

      assertThat(plays(f, "w1")).containsExactly(List.of("queue-callback-unavailable"));
      assertThat(f.outcome("w1")).isNull();
      assertThat(f.port.commands(PortCommand.Release.class)).isEmpty();
    }

    @Test
    void callbackKey_numberTheAdapterCannotDial_isRefused() {
      EngineFixture f = busyQueue(queue().build());
      f.port.callBackRule(n -> n.startsWith("+"));
      offer(f, "sip", "alice");
      offer(f, "tel", NUMBER);

      f.engine.dtmf(c("sip"), '1');
      f.engine.dtmf(c("tel"), '1');
      f.verify();

      assertThat(f.outcome("sip")).isNull();
      assertThat(plays(f, "sip")).containsExactly(List.of("queue-callback-unavailable"));
      assertThat(f.outcome("tel")).isEqualTo(CallOutcome.CALLBACK);
    }

    @Test
    void refusal_playsTheQueuesOwnRecording(@TempDir Path dir) throws Exception {
      Path own = Files.writeString(dir.resolve("no-callback.wav"), "RIFF");
      EngineFixture f = busyQueue(queue().language("pl")
          .promptOverride("queue-callback-unavailable", own).build());
      offer(f, "w1", "");

      f.engine.dtmf(c("w1"), '1');

      PromptSequence played = f.port.commands(PortCommand.Play.class).get(0).prompts();
      assertThat(played.language()).isEqualTo("pl");
      assertThat(played.prompts()).containsExactly(
          new PromptSequence.Prompt("queue-callback-unavailable", own));
    }
  }

  @Nested
  class CustomerNotReached {

    /** Kept-place callback "cb" requested behind "busy"; alice answers it (attempt 1). */
    private EngineFixture callbackTakenByAlice(QueueConfig.Builder builder) {
      QueueConfig config = builder.callbackKeepsPlace(true).build();
      EngineFixture f = busyQueue(config);
      offer(f, "cb", NUMBER);
      f.engine.dtmf(c("cb"), '1');
      f.engine.promptFinished(c("cb"));
      f.hangUp("cb");
      f.end("busy");
      f.advance(config.wrapUpTime().toSeconds() + 1);
      assertThat(f.port.commands(PortCommand.OriginateCallback.class)).hasSize(1);
      f.answer("cb", "alice");
      return f;
    }

    @Test
    void unreached_freesTheAgentAtOnce_andRetriesAtItsPlaceAfterTheSpacing() {
      EngineFixture f = callbackTakenByAlice(queue().wrapUpTime(Duration.ofSeconds(30))
          .callbackAttempts(3).callbackRetryDelay(Duration.ofMinutes(2)));
      f.advance(45);
      offer(f, "later", "+48600000001");

      f.engine.customerUnreached(c("cb"), RingFailure.BUSY);
      f.verify();

      CallbackUnreached u = f.events(CallbackUnreached.class).get(0);
      assertThat(u.agent()).isEqualTo(a("alice"));
      assertThat(u.callerNumber()).isEqualTo(NUMBER);
      assertThat(u.failure()).isEqualTo(RingFailure.BUSY);
      assertThat(u.attempt()).isEqualTo(1);
      assertThat(u.retryIn()).isEqualTo(Duration.ofMinutes(2));
      assertThat(u.givenUp()).isFalse();
      // no conversation: no completion, no wrap-up; alice takes the next caller
      assertThat(f.events(QueueEvent.CallCompleted.class))
          .noneMatch(e -> e.call().equals(c("cb")));
      assertThat(f.ringing("later")).containsExactly(a("alice"));
      f.answer("later", "alice");
      assertThat(f.snapshot().queue(q("q")).waiting()).isEmpty();

      f.advance(119);
      assertThat(f.snapshot().queue(q("q")).waiting()).isEmpty();
      f.advance(1);
      assertThat(f.snapshot().queue(q("q")).waiting()).extracting(w -> w.call().value())
          .containsExactly("cb");
      offer(f, "after", "+48600000002");
      assertThat(f.snapshot().queue(q("q")).waiting()).extracting(w -> w.call().value())
          .containsExactly("cb", "after");

      f.end("later");
      f.advance(30); // alice's wrap-up after her call with "later"
      assertThat(f.port.commands(PortCommand.OriginateCallback.class)).hasSize(2)
          .last().extracting(o -> o.request().agent()).isEqualTo(a("alice"));
    }

    @Test
    void unreached_onTheLastAttempt_isGivenUp() {
      EngineFixture f = callbackTakenByAlice(queue().callbackAttempts(2)
          .callbackRetryDelay(Duration.ofSeconds(60)));
      f.engine.customerUnreached(c("cb"), RingFailure.NO_ANSWER);
      f.advance(60);
      f.answer("cb", "alice");
      assertThat(f.events(QueueEvent.CallbackStarted.class)).hasSize(2);

      f.engine.customerUnreached(c("cb"), RingFailure.UNREACHABLE);
      f.verify();

      assertThat(f.events(CallbackUnreached.class)).extracting(CallbackUnreached::attempt,
          CallbackUnreached::givenUp).containsExactly(
              org.assertj.core.groups.Tuple.tuple(1, false),
              org.assertj.core.groups.Tuple.tuple(2, true));
      assertThat(f.state("alice")).isEqualTo(AgentState.AVAILABLE);
      f.advance(3600);
      assertThat(f.port.commands(PortCommand.OriginateCallback.class)).hasSize(2);
      assertThat(f.snapshot().queue(q("q")).waiting()).isEmpty();
      // the engine let the call go: its id may be offered again
      assertThat(offer(f, "cb", NUMBER)).isInstanceOf(OfferResult.Joined.class);
    }

    @Test
    void callEndedAfterUnreached_isIgnored() {
      EngineFixture f = callbackTakenByAlice(queue().callbackAttempts(1));
      f.engine.customerUnreached(c("cb"), RingFailure.NO_ANSWER);
      f.end("cb"); // the adapter hangs the agent's leg up, and its end is reported too

      assertThat(f.events(QueueEvent.CallCompleted.class))
          .noneMatch(e -> e.call().equals(c("cb")));
      assertThat(f.state("alice")).isEqualTo(AgentState.AVAILABLE);
    }

    @Test
    void unreachedReport_forACallThatIsNoConnectedCallback_isIgnored() {
      EngineFixture f = busyQueue(queue().build());
      offer(f, "w1", NUMBER);

      f.engine.customerUnreached(c("busy"), RingFailure.NO_ANSWER);
      f.engine.customerUnreached(c("w1"), RingFailure.NO_ANSWER);
      f.engine.customerUnreached(c("nobody"), RingFailure.NO_ANSWER);
      f.verify();

      assertThat(f.events(CallbackUnreached.class)).isEmpty();
      assertThat(f.state("alice")).isEqualTo(AgentState.ON_CALL);
      assertThat(f.snapshot().queue(q("q")).waiting()).hasSize(1);
    }

    @Test
    void queueRemovedDuringTheSpacing_dropsTheCallback() {
      EngineFixture f = callbackTakenByAlice(queue().callbackAttempts(3)
          .callbackRetryDelay(Duration.ofSeconds(60)));
      f.engine.customerUnreached(c("cb"), RingFailure.NO_ANSWER);
      f.join(f.engine.removeQueue(q("q")));

      f.advance(120);

      assertThat(f.port.commands(PortCommand.OriginateCallback.class)).hasSize(1);
      // the engine let the call go: refused for the unknown queue, not as a duplicate
      assertThat(offer(f, "cb", NUMBER))
          .isEqualTo(new OfferResult.NotQueued(NotQueuedReason.UNKNOWN_QUEUE));
    }

    @Test
    void engineWithRecorderAndQueueLog_recordsUnreachedOutcome_notACompletedCallback() {
      EngineFixture f = busyQueue(queue().callbackKeepsPlace(true).callbackAttempts(2)
          .callbackRetryDelay(Duration.ofSeconds(90)).build());
      InMemoryCallRecordStore store = new InMemoryCallRecordStore();
      CallRecorder recorder = CallRecorder.builder(store, f.scheduler).executor(Runnable::run)
          .build();
      StringBuilder queueLog = new StringBuilder();
      f.engine.addListener(recorder);
      f.engine.addListener(new QueueLogWriter(queueLog));
      offer(f, "cb", NUMBER);
      f.engine.dtmf(c("cb"), '1');
      f.engine.promptFinished(c("cb"));
      f.end("busy");
      f.answer("cb", "alice");
      f.advance(5);
      f.engine.customerUnreached(c("cb"), RingFailure.NO_ANSWER);
      f.advance(90);
      f.answer("cb", "alice");
      f.advance(5);
      f.engine.customerUnreached(c("cb"), RingFailure.BUSY);
      f.end("cb");
      recorder.flush();

      CallRecord r = assertThat(store.findByCall(c("cb"))).singleElement().actual();
      assertThat(r.outcome()).isEqualTo(CallOutcome.UNREACHED);
      assertThat(r.talkTime()).isNull();
      assertThat(r.completedAt()).isNull();
      assertThat(r.callback().agent()).isEqualTo(a("alice"));
      List<String> unreached = queueLog.toString().lines()
          .filter(l -> l.contains("CALLBACKUNREACHED")).map(l -> l.substring(l.indexOf('|')))
          .toList();
      assertThat(unreached).containsExactly("|cb|q|alice|CALLBACKUNREACHED|1|NO_ANSWER|90",
          "|cb|q|alice|CALLBACKUNREACHED|2|BUSY|");
      assertThat(queueLog.toString()).doesNotContain("|cb|q|alice|COMPLETECALLER");
    }
  }
}
