package io.callqueue.testkit.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.callqueue.api.AgentEndpoint;
import io.callqueue.api.AgentId;
import io.callqueue.api.CallId;
import io.callqueue.api.PromptSequence;
import io.callqueue.api.PromptSequence.Prompt;
import io.callqueue.api.QueueId;
import io.callqueue.spi.AnswerConfirmation;
import io.callqueue.spi.RingRequest;
import io.callqueue.testkit.ManualScheduler;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The simulation's side of issue 16: rings that ask "press 1", persons who press it (or not), and
 * rings a voicemail answers. Prompts last 1 s each; the confirm timeout is 5 s.
 */
class SimulatedConfirmAnswerTest {
  private static final QueueId Q = QueueId.of("support");
  private static final CallId C1 = CallId.of("c1");
  private static final AgentId A1 = AgentId.of("a1");
  private static final AnswerConfirmation CONFIRM = new AnswerConfirmation(
      new PromptSequence("en", List.of(Prompt.of("agent-confirm"))), '1', Duration.ofSeconds(5));

  private final ManualScheduler scheduler = new ManualScheduler();
  private final SimulatedTelephony sim = new SimulatedTelephony(scheduler, 7L);
  private final RecordingCallQueue engine = new RecordingCallQueue(scheduler);

  private void ring(AgentBehaviour behaviour, AnswerConfirmation confirmation) {
    sim.attach(engine);
    sim.agent(A1, behaviour);
    sim.placeCall(C1, Q, "+4861", CallerBehaviour.patient());
    sim.ringAgent(new RingRequest(C1, Q, A1, new AgentEndpoint.ExternalNumber("+48600100200"),
        "+4861", Duration.ofSeconds(15), Duration.ZERO, null, confirmation));
  }

  @Test
  void personPresses1_afterThePrompt_isReportedAnswered() {
    ring(AgentBehaviour.answerAfter(Duration.ofSeconds(2))
        .confirms(AgentBehaviour.Confirm.PRESS_1, Duration.ofMillis(1500)), CONFIRM);
    scheduler.advance(Duration.ofMillis(4499)); // answer 2 s + prompt 1 s + key 1.5 s
    assertThat(engine.whats()).doesNotContain("agentAnswered c1 a1");
    scheduler.advance(Duration.ofMillis(1));
    assertThat(engine.lines()).endsWith("4500ms agentAnswered c1 a1");
  }

  @Test
  void otherKeyOrTooLate_isReportedUnconfirmed() {
    ring(AgentBehaviour.answerAfter(Duration.ofSeconds(2))
        .confirms(AgentBehaviour.Confirm.OTHER_KEY, Duration.ofSeconds(1)), CONFIRM);
    scheduler.advance(Duration.ofSeconds(10));
    assertThat(engine.lines()).endsWith("4000ms agentFailed c1 a1 UNCONFIRMED");
  }

  @Test
  void voicemail_staysSilent_unconfirmedAtTheTimeout_andIsNeverBridged() {
    ring(AgentBehaviour.answerAfter(Duration.ofSeconds(6)).voicemailAnswers(1.0,
        Duration.ofSeconds(3)), CONFIRM);
    scheduler.advance(Duration.ofSeconds(20)); // answers at 3 s, prompt 1 s, silence 5 s
    assertThat(engine.lines()).endsWith("9000ms agentFailed c1 a1 UNCONFIRMED");
    assertThat(sim.callsBridgedToVoicemail()).isEmpty();
  }

  @Test
  void voicemailWithoutConfirmation_isAnsweredAndBridged_holdingTheCaller30s() {
    ring(AgentBehaviour.neverAnswer().voicemailAnswers(1.0, Duration.ofSeconds(3)), null);
    scheduler.advance(Duration.ofSeconds(3));
    assertThat(engine.lines()).endsWith("3000ms agentAnswered c1 a1");
    sim.connect(C1, A1);
    assertThat(sim.callsBridgedToVoicemail()).containsExactly(C1);
    scheduler.advance(Duration.ofSeconds(30));
    assertThat(engine.lines()).endsWith("33000ms callEnded c1");
  }
}
