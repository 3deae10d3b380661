package io.callqueue.testkit.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callqueue.api.AgentEndpoint;
import io.callqueue.api.AgentId;
import io.callqueue.api.CallId;
import io.callqueue.api.CallOutcome;
import io.callqueue.api.PromptSequence;
import io.callqueue.api.PromptSequence.Prompt;
import io.callqueue.api.QueueId;
import io.callqueue.api.RingFailure;
import io.callqueue.spi.CallbackOrigination;
import io.callqueue.spi.RingRequest;
import io.callqueue.spi.VoicemailRequest;
import io.callqueue.testkit.ManualScheduler;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SimulatedTelephonyTest {
  private static final QueueId Q = QueueId.of("support");
  private static final CallId C1 = CallId.of("c1");
  private static final CallId C2 = CallId.of("c2");
  private static final AgentId A1 = AgentId.of("a1");
  private static final AgentId A2 = AgentId.of("a2");

  private ManualScheduler scheduler;
  private SimulatedTelephony sim;
  private RecordingCallQueue engine;

  @BeforeEach
  void setUp() {
    scheduler = new ManualScheduler();
    sim = new SimulatedTelephony(scheduler, 7L);
    engine = new RecordingCallQueue(scheduler);
    sim.attach(engine);
  }

  private static RingRequest ring(CallId call, AgentId agent) {
    return ring(call, agent, null);
  }

  private static RingRequest ring(CallId call, AgentId agent, PromptSequence whisper) {
    return new RingRequest(call, Q, agent, new AgentEndpoint.SipAccount(agent.value()), "+4861",
        Duration.ofSeconds(15), Duration.ofSeconds(30), whisper);
  }

  private static PromptSequence prompts(String... keys) {
    return new PromptSequence("en", Arrays.stream(keys).map(Prompt::of).toList());
  }

  private void place(CallId call, CallerBehaviour behaviour) {
    sim.placeCall(call, Q, "+4861" + call.value(), behaviour);
  }

  private void seconds(double s) {
    scheduler.advance(Duration.ofMillis(Math.round(s * 1000)));
  }

  @Test
  void placeCall_offersTheCallToTheEngine() {
    place(C1, CallerBehaviour.patient());

    assertThat(engine.lines()).containsExactly("0ms offer c1 support +4861c1");
    assertThat(sim.call(C1).status()).isEqualTo(SimCall.Status.WAITING);
  }

  @Test
  void placeCall_beforeAttach_isRefused() {
    SimulatedTelephony unattached = new SimulatedTelephony(scheduler);
    assertThatThrownBy(() -> unattached.placeCall(C1, Q, "1", CallerBehaviour.patient()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("attach(engine)");
  }

  @Nested
  class Ringing {

    @Test
    void answeringAgent_reportsTheAnswerAfterItsDelay() {
      sim.agent(A1, AgentBehaviour.answerAfter(Duration.ofSeconds(4)));
      place(C1, CallerBehaviour.patient());
      sim.ringAgent(ring(C1, A1));

      seconds(3.9);
      assertThat(sim.isRinging(A1)).isTrue();
      assertThat(engine.whats()).doesNotContain("agentAnswered c1 a1");
      seconds(0.1);

      assertThat(engine.lines()).endsWith("4000ms agentAnswered c1 a1");
      assertThat(sim.isRinging(A1)).isFalse();
    }

    @Test
    void cancelledRing_neverReports() {
      sim.agent(A1, AgentBehaviour.answerAfter(Duration.ofSeconds(4)));
      place(C1, CallerBehaviour.patient());
      sim.ringAgent(ring(C1, A1));
      seconds(2);

      sim.cancelRing(C1, A1);
      seconds(60);

      assertThat(engine.whats()).containsExactly("offer c1 support +4861c1");
      assertThat(sim.ringingNow()).isEmpty();
      assertThat(sim.anomalies()).isEmpty();
    }

    @Test
    void neverAnsweringAgent_ringsUntilCancelled() {
      sim.agent(A1, AgentBehaviour.neverAnswer());
      place(C1, CallerBehaviour.patient());
      sim.ringAgent(ring(C1, A1));
      seconds(600);

      assertThat(sim.ringingNow()).isEqualTo(Map.of(C1, Set.of(A1)));
      assertThat(engine.whats()).hasSize(1);
      sim.cancelRing(C1, A1);
      assertThat(sim.ringingAgents()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"busy, 200, BUSY", "reject, 2000, REJECTED", "unreachable, 100, UNREACHABLE"})
    void failingAgent_reportsItsFailureAfterItsDelay(String behaviour, long afterMs,
        RingFailure failure) {
      sim.agent(A1, switch (behaviour) {
        case "busy" -> AgentBehaviour.busy();
        case "reject" -> AgentBehaviour.reject();
        default -> AgentBehaviour.unreachable();
      });
      place(C1, CallerBehaviour.patient());
      sim.ringAgent(ring(C1, A1));
      seconds(10);

      assertThat(engine.lines()).containsExactly("0ms offer c1 support +4861c1",
          afterMs + "ms agentFailed c1 a1 " + failure);
      assertThat(sim.isRinging(A1)).isFalse();
    }

    @Test
    void answerProbability_isSeededAndRespected() {
      int[] answered = new int[2];
      for (int run = 0; run < 2; run++) {
        ManualScheduler s = new ManualScheduler();
        RecordingCallQueue e = new RecordingCallQueue(s);
        SimulatedTelephony t = new SimulatedTelephony(s, 99L).attach(e);
        t.agent(A1, AgentBehaviour.answerWithProbability(0.3, Duration.ofSeconds(1)));
        for (int i = 0; i < 200; i++) {
          CallId c = CallId.of("c" + i);
          t.placeCall(c, Q, "1", CallerBehaviour.patient());
          t.ringAgent(ring(c, A1));
          s.advance(Duration.ofSeconds(2));
          t.cancelRing(c, A1);
          t.hangUp(c);
        }
        answered[run] = (int) e.whats().stream().filter(w -> w.startsWith("agentAnswered"))
            .count();
      }
      assertThat(answered[0]).isEqualTo(answered[1]).isBetween(40, 80);
    }

    @Test
    void ringForAgentInACall_isReportedBusy() {
      sim.agent(A1, AgentBehaviour.answerAfter(Duration.ofSeconds(1)));
      place(C1, CallerBehaviour.patient());
      place(C2, CallerBehaviour.patient());
      sim.ringAgent(ring(C1, A1));
      seconds(1);
      sim.connect(C1, A1);

      sim.ringAgent(ring(C2, A1));
      seconds(1);

      assertThat(engine.whats()).contains("agentFailed c2 a1 BUSY");
      assertThat(sim.isTalking(A1)).isTrue();
    }

    @Test
    void answerAfterTheCallerHungUp_isDroppedUnreported() {
      sim.agent(A1, AgentBehaviour.answerAfter(Duration.ofSeconds(5)));
      place(C1, CallerBehaviour.hangUpAfter(Duration.ofSeconds(2)));
      sim.ringAgent(ring(C1, A1));
      seconds(10);

      assertThat(engine.whats()).containsExactly("offer c1 support +4861c1", "callerHungUp c1");
      assertThat(sim.isRinging(A1)).isFalse();
    }

    @Test
    void cancelLatency_letsALateAnswerThroughAndThenHangsTheLegUp() {
      sim.cancelLatency(Duration.ofMillis(500))
          .agent(A1, AgentBehaviour.answerAfter(Duration.ofMillis(2200)));
      place(C1, CallerBehaviour.patient());
      sim.ringAgent(ring(C1, A1));
      seconds(2);

      sim.cancelRing(C1, A1);
      seconds(0.2);
      assertThat(engine.whats()).endsWith("agentAnswered c1 a1");
      seconds(0.3);

      assertThat(sim.transcript()).contains("[a1] the answered leg is hung up");
      assertThat(sim.ringingNow()).isEmpty();
    }

    @Test
    void manualAgent_answersAndRejectsWhenTold() {
      sim.agent(A1, AgentBehaviour.manual()).agent(A2, AgentBehaviour.manual());
      place(C1, CallerBehaviour.patient());
      sim.ringAgent(ring(C1, A1));
      sim.ringAgent(ring(C1, A2));
      seconds(100);
      assertThat(sim.ringingAgents()).containsExactly(A1, A2);

      sim.agentRejects(A2);
      sim.agentAnswers(A1);

      assertThat(engine.whats()).endsWith("agentFailed c1 a2 REJECTED", "agentAnswered c1 a1");
      assertThatThrownBy(() -> sim.agentAnswers(A2)).isInstanceOf(IllegalStateException.class)
          .hasMessage("agent a2 has no ringing leg");
    }
  }

  @Nested
  class Talking {

    @Test
    void connectedCall_endsAfterTheTalkTimeAndFreesTheAgent() {
      sim.agent(A1, AgentBehaviour.answerAfter(Duration.ofSeconds(2))
          .talkTime(Duration.ofSeconds(90)));
      place(C1, CallerBehaviour.patient());
      sim.startMusic(C1, "default");
      sim.ringAgent(ring(C1, A1));
      seconds(2);
      sim.connect(C1, A1);
      assertThat(sim.call(C1).musicOn()).isFalse();
      assertThat(sim.isTalking(A1)).isTrue();

      seconds(90);

      assertThat(engine.lines()).endsWith("2000ms agentAnswered c1 a1", "92000ms callEnded c1");
      SimCall call = sim.call(C1);
      assertThat(call.connectedTo()).isEqualTo(A1);
      assertThat(call.ending()).isEqualTo(SimCall.Ending.TALKED);
      assertThat(sim.isTalking(A1)).isFalse();
      assertThat(sim.anomalies()).isEmpty();
    }

    @Test
    void whisper_delaysTheTalkAndTalkTimeComesFromTheSupplier() {
      List<Duration> talks = List.of(Duration.ofSeconds(10));
      sim.agent(A1, AgentBehaviour.answerAfter(Duration.ZERO).talkTime(() -> talks.get(0)));
      place(C1, CallerBehaviour.patient());
      sim.ringAgent(ring(C1, A1, prompts("queue-holdtime", "digits/2", "minutes")));
      scheduler.runDue();
      sim.connect(C1, A1);
      seconds(13);

      assertThat(engine.lines()).endsWith("13000ms callEnded c1");
      assertThat(sim.transcript()).contains("the agent hears [queue-holdtime, digits/2, minutes]");
    }

    @Test
    void callerHangingUpWhileConnected_reportsCallEnded() {
      sim.agent(A1, AgentBehaviour.answerAfter(Duration.ZERO).talksUntilHungUp());
      place(C1, CallerBehaviour.patient());
      sim.ringAgent(ring(C1, A1));
      scheduler.runDue();
      sim.connect(C1, A1);
      seconds(3600);
      assertThat(sim.isTalking(A1)).isTrue();

      sim.callerHangsUp(C1);

      assertThat(engine.whats()).endsWith("callEnded c1");
      assertThat(engine.whats()).doesNotContain("callerHungUp c1");
    }

    @Test
    void agentHangingUp_reportsCallEnded() {
      sim.agent(A1, AgentBehaviour.answerAfter(Duration.ZERO).talksUntilHungUp());
      place(C1, CallerBehaviour.patient());
      sim.ringAgent(ring(C1, A1));
      scheduler.runDue();
      sim.connect(C1, A1);

      sim.agentHangsUp(A1);

      assertThat(engine.whats()).endsWith("callEnded c1");
      assertThat(sim.isTalking(A1)).isFalse();
    }

    @Test
    void patience_doesNotApplyOnceConnected() {
      sim.agent(A1, AgentBehaviour.answerAfter(Duration.ofSeconds(1)).talkTime(
          Duration.ofSeconds(60)));
      place(C1, CallerBehaviour.hangUpAfter(Duration.ofSeconds(5)));
      sim.ringAgent(ring(C1, A1));
      seconds(1);
      sim.connect(C1, A1);
      seconds(100);

      assertThat(engine.whats()).doesNotContain("callerHungUp c1").endsWith("callEnded c1");
    }

    @Test
    void queueHangingUpAConnectedCall_reportsNothingMore() {
      sim.agent(A1, AgentBehaviour.answerAfter(Duration.ZERO).talkTime(Duration.ofSeconds(5)));
      place(C1, CallerBehaviour.patient());
      sim.ringAgent(ring(C1, A1));
      scheduler.runDue();
      sim.connect(C1, A1);

      sim.hangUp(C1);
      seconds(60);

      assertThat(engine.whats()).endsWith("agentAnswered c1 a1");
      assertThat(sim.call(C1).ending()).isEqualTo(SimCall.Ending.HUNG_UP_BY_QUEUE);
      assertThat(sim.isTalking(A1)).isFalse();
    }
  }

  @Nested
  class Waiting {

    @Test
    void prompts_finishAfterOnePromptLengthEach() {
      place(C1, CallerBehaviour.patient());
      sim.startMusic(C1, "jazz");
      sim.play(C1, prompts("queue-youarenext", "digits/2", "queue-thankyou"));
      assertThat(sim.call(C1).musicOn()).isFalse();

      seconds(3);

      assertThat(engine.lines()).endsWith("3000ms promptFinished c1");
      assertThat(sim.call(C1).promptsHeard())
          .containsExactly(List.of("queue-youarenext", "digits/2", "queue-thankyou"));
      assertThat(sim.transcript()).contains("music on (jazz)");
    }

    @Test
    void newPlay_replacesTheOldOneWhichIsNotReported() {
      place(C1, CallerBehaviour.patient());
      sim.promptLength(Duration.ofMillis(500));
      sim.play(C1, prompts("a", "b", "c", "d"));
      seconds(1);
      sim.play(C1, prompts("e"));
      seconds(10);

      assertThat(engine.lines()).containsExactly("0ms offer c1 support +4861c1",
          "1500ms promptFinished c1");
    }

    @Test
    void keyPressedDuringPrompts_interruptsThemThenReportsTheKey() {
      place(C1, CallerBehaviour.patient().pressKey('1', Duration.ofSeconds(2)));
      sim.play(C1, prompts("a", "b", "c", "d", "e"));
      seconds(10);

      assertThat(engine.lines()).containsExactly("0ms offer c1 support +4861c1",
          "2000ms promptFinished c1", "2000ms dtmf c1 1");
    }

    @Test
    void keyPressedWithoutPrompts_reportsOnlyTheKey() {
      place(C1, CallerBehaviour.patient());

      sim.callerPresses(C1, '#');

      assertThat(engine.whats()).endsWith("dtmf c1 #");
      assertThatThrownBy(() -> sim.callerPresses(C1, 'x'))
          .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void impatientCaller_hangsUpWhileWaiting() {
      place(C1, CallerBehaviour.hangUpAfter(Duration.ofSeconds(45)));
      seconds(60);

      assertThat(engine.lines()).endsWith("45000ms callerHungUp c1");
      assertThat(sim.call(C1).ending()).isEqualTo(SimCall.Ending.HUNG_UP_WAITING);
    }

    @Test
    void releasedCaller_getsNoFurtherReports() {
      place(C1, CallerBehaviour.hangUpAfter(Duration.ofSeconds(30))
          .pressKey('5', Duration.ofSeconds(10)));
      sim.play(C1, prompts("a", "b"));
      seconds(1);

      sim.release(C1, CallOutcome.TIMEOUT);
      seconds(120);

      assertThat(engine.whats()).containsExactly("offer c1 support +4861c1");
      SimCall call = sim.call(C1);
      assertThat(call.ending()).isEqualTo(SimCall.Ending.RELEASED);
      assertThat(call.releasedWith()).isEqualTo(CallOutcome.TIMEOUT);
      assertThat(call.transcript()).extracting(SimEvent::text)
          .contains("released (TIMEOUT): continues in the IVR");
      assertThat(sim.anomalies()).isEmpty();
    }

    @Test
    void releaseAfterTheCallerHungUp_isNotAnAnomaly_butRingingAGoneCallerIs() {
      place(C1, CallerBehaviour.hangUpAfter(Duration.ofSeconds(1)));
      seconds(1);

      sim.release(C1, CallOutcome.ABANDONED);
      assertThat(sim.anomalies()).isEmpty();
      sim.ringAgent(ring(C1, A1));

      assertThat(sim.anomalies()).singleElement().asString()
          .contains("c1 [a1] ANOMALY: ringAgent for a call that is already gone");
    }
  }

  @Nested
  class Voicemail {
    private final VoicemailRequest request = new VoicemailRequest(Q, "+4861c1",
        prompts("vm-intro", "beep"), Duration.ofSeconds(120), '#');

    @Test
    void recording_isReportedAfterIntroAndSpeechWithASimReference() {
      place(C1, CallerBehaviour.patient().voicemailLength(Duration.ofSeconds(20)));
      sim.recordVoicemail(C1, request);
      seconds(30);

      assertThat(engine.lines())
          .endsWith("22000ms voicemailRecorded c1 sim://voicemail/c1 20000ms");
      assertThat(sim.call(C1).voicemail()).isEqualTo("sim://voicemail/c1");
      assertThat(sim.call(C1).ending()).isEqualTo(SimCall.Ending.VOICEMAIL);
    }

    @Test
    void finishKey_endsTheRecordingEarly() {
      place(C1, CallerBehaviour.patient().pressKey('#', Duration.ofSeconds(7)));
      sim.recordVoicemail(C1, request);
      seconds(30);

      assertThat(engine.lines()).endsWith("7000ms voicemailRecorded c1 sim://voicemail/c1 5000ms");
    }

    @Test
    void recording_isCutAtTheEnginesMaximum() {
      place(C1, CallerBehaviour.patient().voicemailLength(Duration.ofMinutes(10)));
      sim.recordVoicemail(C1, request);
      seconds(600);

      assertThat(engine.lines())
          .endsWith("122000ms voicemailRecorded c1 sim://voicemail/c1 120000ms");
    }

    @Test
    void hangingUpWhileRecording_keepsTheRecording() {
      place(C1, CallerBehaviour.hangUpAfter(Duration.ofSeconds(1)));
      sim.recordVoicemail(C1, request);
      seconds(5);
      sim.callerHangsUp(C1);

      assertThat(engine.lines()).endsWith("5000ms voicemailRecorded c1 sim://voicemail/c1 3000ms");
      assertThat(engine.whats()).doesNotContain("callerHungUp c1");
    }
  }

  @Nested
  class Callback {

    @Test
    void callback_ringsTheAgentThenCallsTheCustomerAndEndsAfterTheTalk() {
      sim.agent(A1, AgentBehaviour.answerAfter(Duration.ofSeconds(2))
          .talkTime(Duration.ofSeconds(30)));
      place(C1, CallerBehaviour.patient());
      sim.release(C1, CallOutcome.CALLBACK);

      sim.originateCallback(new CallbackOrigination(C1, Q, A1,
          new AgentEndpoint.SipAccount("a1"), "+48600100200", Duration.ofSeconds(15), null));
      seconds(60);

      assertThat(engine.lines()).endsWith("2000ms agentAnswered c1 a1", "35000ms callEnded c1");
      assertThat(sim.call(C1).connectedTo()).isEqualTo(A1);
      assertThat(sim.call(C1).ending()).isEqualTo(SimCall.Ending.TALKED);
      assertThat(sim.anomalies()).isEmpty();
    }

    @Test
    void unreachableCustomer_agentLegEnds_customerUnreachedReported_forTheGivenAttempts() {
      sim.agent(A1, AgentBehaviour.answerAfter(Duration.ofSeconds(2))
          .talkTime(Duration.ofSeconds(30)));
      sim.unreachableCustomer("+48600100200", 1);
      sim.originateCallback(new CallbackOrigination(C1, Q, A1,
          new AgentEndpoint.SipAccount("a1"), "+48600100200", Duration.ofSeconds(15), null));
      seconds(10);

      assertThat(engine.lines()).endsWith("2000ms agentAnswered c1 a1",
          "5000ms customerUnreached c1 NO_ANSWER");
      assertThat(sim.isTalking(A1)).isFalse();
      assertThat(sim.call(C1).isGone()).isTrue();

      // the next attempt reaches the customer
      sim.originateCallback(new CallbackOrigination(C1, Q, A1,
          new AgentEndpoint.SipAccount("a1"), "+48600100200", Duration.ofSeconds(15), null));
      seconds(60);
      assertThat(engine.lines()).last().isEqualTo("45000ms callEnded c1");
      assertThat(sim.call(C1).connectedTo()).isEqualTo(A1);
      assertThat(sim.anomalies()).isEmpty();
    }

    @Test
    void unreachableCustomer_badAttempts_isRefused() {
      assertThatThrownBy(() -> sim.unreachableCustomer("+48600100200", -1))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("attempts");
    }

    @Test
    void callbackAgentFailing_isReported() {
      sim.agent(A1, AgentBehaviour.busy());
      sim.originateCallback(new CallbackOrigination(C2, Q, A1,
          new AgentEndpoint.SipAccount("a1"), "+48600100200", Duration.ofSeconds(15), null));
      seconds(1);

      assertThat(engine.whats()).containsExactly("agentFailed c2 a1 BUSY");
      assertThat(sim.call(C2).isGone()).isTrue();
    }
  }

  @Test
  void connectToAnAgentWhoWasNotRung_isAnAnomaly() {
    place(C1, CallerBehaviour.patient());

    sim.connect(C1, A2);

    assertThat(sim.anomalies()).singleElement().asString()
        .endsWith("c1 [a2] ANOMALY: connect to an agent whose leg is not live");
  }

  @Test
  void sipRegistrations_areReported() {
    sim.registerSip("alice");
    sim.unregisterSip("alice");

    assertThat(engine.whats()).containsExactly("sipRegistered alice", "sipUnregistered alice");
  }

  @Test
  void transcript_listsEveryEventWithItsVirtualTime() {
    sim.agent(A1, AgentBehaviour.answerAfter(Duration.ofSeconds(1)));
    place(C1, CallerBehaviour.patient());
    sim.ringAgent(ring(C1, A1));
    seconds(1);

    assertThat(sim.transcript().split("\n")).startsWith(
        "08:00:00.000 c1 calls queue support from '+4861c1' (caller[patience=forever, keys=[],"
            + " voicemail=8000ms])",
        "08:00:00.000 c1 -> engine: offer");
    assertThat(sim.reports()).extracting(SimEvent::toString)
        .contains("08:00:01.000 c1 [a1] -> engine: agentAnswered");
  }
}
