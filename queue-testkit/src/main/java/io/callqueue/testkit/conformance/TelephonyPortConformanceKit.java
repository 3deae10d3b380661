package io.callqueue.testkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.callqueue.api.AgentConfig;
import io.callqueue.api.AgentId;
import io.callqueue.api.CallId;
import io.callqueue.api.CallOffer;
import io.callqueue.api.CallOutcome;
import io.callqueue.api.CallQueue;
import io.callqueue.api.EstimateAnnouncement;
import io.callqueue.api.JoinPolicy;
import io.callqueue.api.Membership;
import io.callqueue.api.NotQueuedReason;
import io.callqueue.api.PromptSequence;
import io.callqueue.api.PromptSequence.Prompt;
import io.callqueue.api.QueueConfig;
import io.callqueue.api.QueueEvent;
import io.callqueue.api.QueueEvent.AgentRingEnded;
import io.callqueue.api.QueueEvent.CallCompleted;
import io.callqueue.api.QueueEvent.CallbackUnreached;
import io.callqueue.api.QueueEvent.CallerJoined;
import io.callqueue.api.QueueEvent.CallerLeft;
import io.callqueue.api.QueueEvent.RingResult;
import io.callqueue.api.QueueId;
import io.callqueue.api.RingFailure;
import io.callqueue.api.Strategy;
import io.callqueue.api.VoicemailMessage;
import io.callqueue.spi.TelephonyPort;
import io.callqueue.spi.VoicemailRequest;
import io.callqueue.testkit.PortCommand;
import io.callqueue.testkit.conformance.AgentPhone.RingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The behaviours every {@link TelephonyPort} adapter must have, run against the real engine. An
 * adapter's test extends this class and provides a {@link ConformanceFixture}; nothing else:
 *
 * <pre>{@code
 * class AsteriskConformanceTest extends TelephonyPortConformanceKit {
 *   @Override
 *   protected ConformanceFixture newFixture() {
 *     return new AmiStandInFixture(...); // builds the engine with the adapter, fakes the phones
 *   }
 * }
 * }</pre>
 *
 * <p>Each test makes a fresh fixture, configures a queue and agents through the engine's API,
 * has the fixture's callers and phones act, and checks three things: what the engine decided (its
 * events), what it asked the adapter (recorded through {@link ConformanceFixture.Wiring#port}), and
 * what the adapter reported back (recorded through {@link ConformanceFixture.Wiring#inbound}), plus
 * what the far side sees (a phone stops ringing, a caller is connected). A timeout prints all three
 * logs. Times: ring timeout {@link #ringTimeout()}, every wait at most {@link #awaitTimeout()}.
 *
 * <p>Prompts and voicemail are driven through the port directly (as the engine would), for a
 * caller the engine holds with nothing to do, so those tests check the adapter alone and do not
 * depend on the engine's announcement or voicemail features.
 */
public abstract class TelephonyPortConformanceKit {
  private static final AgentId A = AgentId.of("agent-a");
  private static final AgentId B = AgentId.of("agent-b");

  private ConformanceFixture fixture;
  private CallQueue engine;
  private PortRecorder port;
  private InboundRecorder inbound;
  private final List<QueueEvent> events = new ArrayList<>();
  private int numbers;

  /** A new fixture for one test: the adapter under test and its far side. */
  protected abstract ConformanceFixture newFixture();

  /** The ring timeout of the kit's queues (default 4 s); raise it for slow peers. */
  protected Duration ringTimeout() {
    return Duration.ofSeconds(4);
  }

  /** The longest the kit waits for anything (default 30 s). */
  protected Duration awaitTimeout() {
    return Duration.ofSeconds(30);
  }

  @BeforeEach
  final void startConformanceFixture() {
    fixture = newFixture();
    engine = fixture.startEngine(new ConformanceFixture.Wiring() {
      @Override
      public TelephonyPort port(TelephonyPort adapter) {
        port = new PortRecorder(adapter);
        return port;
      }

      @Override
      public CallQueue inbound(CallQueue e) {
        inbound = new InboundRecorder(e);
        return inbound;
      }
    });
    assertThat(engine).as("the engine the fixture started").isNotNull();
    assertThat(port).as("the fixture must build the engine with wiring.port(adapter)").isNotNull();
    assertThat(inbound).as("the fixture must give the adapter wiring.inbound(engine)").isNotNull();
    engine.addListener(e -> {
      synchronized (events) {
        events.add(e);
      }
    });
  }

  @AfterEach
  final void stopConformanceFixture() {
    try {
      if (engine != null) {
        engine.close();
      }
    } finally {
      if (fixture != null) {
        fixture.close();
      }
    }
  }

  @Nested
  @DisplayName("When an agent is available")
  class AvailableAgent {

    @Test
    @DisplayName("an offered call rings the agent, and when the agent answers the caller is"
        + " connected to them")
    void offeredCall_agentAnswers_callerConnected() {
      QueueId q = queue("conf-answer", Strategy.RING_ALL, b -> {});
      AgentPhone a = agent(q, A, RingMode.ANSWER);
      Caller caller = placeCall(q);

      await("the engine rings agent-a for the caller",
          () -> !port.commands(caller.id, PortCommand.Ring.class).isEmpty());
      await("the caller leaves the queue", () -> left(caller.id).isPresent());
      CallerLeft left = left(caller.id).orElseThrow();
      assertThat(left.outcome()).as("outcome").isEqualTo(CallOutcome.ANSWERED);
      assertThat(left.agent()).as("answering agent").isEqualTo(A);
      assertThat(inbound.reports(caller.id))
          .as("what the adapter reported").contains(new InboundReport.AgentAnswered(caller.id, A));
      await("the caller and agent-a talk", () -> caller.phone.isConnected() && a.isInCall());
      assertThat(a.isRinging()).as("agent-a's phone still rings").isFalse();
    }

    @Test
    @DisplayName("when a connected caller hangs up, the adapter reports the call ended and the"
        + " agent's phone is free")
    void connectedCall_callerHangsUp_callEndedReported() {
      QueueId q = queue("conf-hangup-talking", Strategy.RING_ALL, b -> {});
      AgentPhone a = agent(q, A, RingMode.ANSWER);
      Caller caller = placeCall(q);
      await("the caller and agent-a talk", () -> caller.phone.isConnected() && a.isInCall());

      caller.phone.hangUp();

      await("the adapter reports callEnded",
          () -> inbound.has(new InboundReport.CallEnded(caller.id)));
      await("the engine completes the call", () -> events(CallCompleted.class).stream()
          .anyMatch(e -> e.call().equals(caller.id) && e.agent().equals(A)));
      await("agent-a's phone is free", () -> !a.isInCall());
    }
  }

  @Nested
  @DisplayName("When an agent does not take the call")
  class AgentDoesNotTakeTheCall {

    @Test
    @DisplayName("an agent who does not answer within the ring time stops ringing, and the next"
        + " agent is rung and connected")
    void noAnswer_ringStopsAndNextAgentConnected() {
      QueueId q = queue("conf-no-answer", Strategy.LINEAR, b -> {});
      AgentPhone a = agent(q, A, RingMode.IGNORE);
      AgentPhone b = agent(q, B, RingMode.ANSWER);
      Caller caller = placeCall(q);

      await("agent-a's phone rings", a::isRinging);
      await("the caller is answered", () -> left(caller.id).isPresent());
      assertThat(left(caller.id).orElseThrow().agent()).as("answering agent").isEqualTo(B);
      await("agent-a's phone stops ringing", () -> !a.isRinging());
      assertThat(port.commands(caller.id, PortCommand.CancelRing.class))
          .as("the engine cancelled agent-a's ring").extracting(PortCommand.CancelRing::agent)
          .contains(A);
      assertThat(ringEnded(caller.id, A)).as("how agent-a's ring ended")
          .contains(RingResult.NO_ANSWER);
      await("the caller and agent-b talk", () -> caller.phone.isConnected() && b.isInCall());
    }

    @Test
    @DisplayName("a busy agent is reported busy, and the next agent is rung and connected")
    void busy_reportedAndNextAgentConnected() {
      QueueId q = queue("conf-busy", Strategy.LINEAR, b -> {});
      agent(q, A, RingMode.BUSY);
      AgentPhone b = agent(q, B, RingMode.ANSWER);
      Caller caller = placeCall(q);

      await("the adapter reports agent-a's failure",
          () -> !inbound.reports(caller.id, InboundReport.AgentFailed.class).isEmpty());
      assertThat(inbound.reports(caller.id, InboundReport.AgentFailed.class))
          .as("agent-a's failure").first()
          .isEqualTo(new InboundReport.AgentFailed(caller.id, A, RingFailure.BUSY));
      await("the caller is answered", () -> left(caller.id).isPresent());
      assertThat(left(caller.id).orElseThrow().agent()).as("answering agent").isEqualTo(B);
      await("the caller and agent-b talk", () -> caller.phone.isConnected() && b.isInCall());
    }

    @Test
    @DisplayName("an agent who declines is reported as failing, and the next agent is rung and"
        + " connected")
    void reject_reportedAndNextAgentConnected() {
      QueueId q = queue("conf-reject", Strategy.LINEAR, b -> {});
      AgentPhone a = agent(q, A, RingMode.REJECT);
      AgentPhone b = agent(q, B, RingMode.ANSWER);
      Caller caller = placeCall(q);

      await("the adapter reports agent-a's failure",
          () -> !inbound.reports(caller.id, InboundReport.AgentFailed.class).isEmpty());
      InboundReport.AgentFailed failed =
          inbound.reports(caller.id, InboundReport.AgentFailed.class).get(0);
      assertThat(failed.agent()).as("failed agent").isEqualTo(A);
      // Some platforms cannot tell a decline from busy (a declined mobile call reads as busy).
      assertThat(failed.failure()).as("failure").isIn(RingFailure.REJECTED, RingFailure.BUSY);
      await("the caller is answered", () -> left(caller.id).isPresent());
      assertThat(left(caller.id).orElseThrow().agent()).as("answering agent").isEqualTo(B);
      await("the caller and agent-b talk", () -> caller.phone.isConnected() && b.isInCall());
      assertThat(a.isRinging()).as("agent-a's phone still rings").isFalse();
    }
  }

  @Nested
  @DisplayName("When the caller hangs up while waiting")
  class CallerHangsUpWhileWaiting {

    @Test
    @DisplayName("the hang-up is reported, the caller leaves abandoned, and every agent leg"
        + " ringing for them is cancelled")
    void hangUpWhileAgentsRing_legsCancelled() {
      QueueId q = queue("conf-abandon-ringing", Strategy.RING_ALL, b -> {});
      AgentPhone a = agent(q, A, RingMode.IGNORE);
      AgentPhone b = agent(q, B, RingMode.IGNORE);
      Caller caller = placeCall(q);
      await("both agents' phones ring", () -> a.isRinging() && b.isRinging());

      caller.phone.hangUp();

      await("the adapter reports the hang-up",
          () -> inbound.has(new InboundReport.CallerHungUp(caller.id)));
      await("no agent's phone rings any more", () -> !a.isRinging() && !b.isRinging());
      await("the caller leaves the queue", () -> left(caller.id).isPresent());
      assertThat(left(caller.id).orElseThrow().outcome()).as("outcome")
          .isEqualTo(CallOutcome.ABANDONED);
      assertThat(port.commands(caller.id, PortCommand.CancelRing.class))
          .as("rings the engine cancelled").extracting(PortCommand.CancelRing::agent)
          .contains(A, B);
      assertThat(inbound.reports(caller.id, InboundReport.AgentAnswered.class))
          .as("answers reported for the abandoned caller").isEmpty();
    }

    @Test
    @DisplayName("with no agent ringing, the hang-up is reported and the caller leaves abandoned")
    void hangUpWhileNobodyRings_abandoned() {
      QueueId q = queue("conf-abandon-waiting", Strategy.RING_ALL,
          b -> b.joinPolicy(JoinPolicy.ALWAYS));
      Caller caller = placeCall(q);
      await("the caller joins the queue", () -> joined(caller.id));

      caller.phone.hangUp();

      await("the adapter reports the hang-up",
          () -> inbound.has(new InboundReport.CallerHungUp(caller.id)));
      await("the caller leaves the queue", () -> left(caller.id).isPresent());
      assertThat(left(caller.id).orElseThrow().outcome()).as("outcome")
          .isEqualTo(CallOutcome.ABANDONED);
    }
  }

  @Nested
  @DisplayName("When no agent of the queue is active")
  class NoActiveAgent {

    @Test
    @DisplayName("the call is not queued and the caller goes on in the IVR")
    void noActiveAgent_releasedToIvr() {
      QueueId q = queue("conf-nobody", Strategy.RING_ALL, b -> {});
      AgentPhone a = fixture.newAgentPhone(A.value());
      done(engine.addAgent(new AgentConfig(A, a.endpoint(), false)), "add agent-a");
      done(engine.addMembership(Membership.of(q, A)), "add agent-a to the queue");
      Caller caller = placeCall(q);

      await("the caller leaves the queue", () -> left(caller.id).isPresent());
      CallerLeft left = left(caller.id).orElseThrow();
      assertThat(left.outcome()).as("outcome").isEqualTo(CallOutcome.NOT_QUEUED);
      assertThat(left.notQueuedReason()).as("reason").isEqualTo(NotQueuedReason.NO_ACTIVE_AGENT);
      await("the engine releases the caller", () -> !port.commands(caller.id,
          PortCommand.Release.class).isEmpty());
      assertThat(port.commands(caller.id, PortCommand.Release.class)).as("release")
          .containsExactly(new PortCommand.Release(caller.id, CallOutcome.NOT_QUEUED));
      await("the caller goes on in the IVR", caller.phone::isReleasedToIvr);
      assertThat(port.commands(caller.id, PortCommand.Ring.class)).as("rings").isEmpty();
      assertThat(a.isRinging()).as("agent-a's phone rings").isFalse();
      assertThat(inbound.reports(caller.id)).as("reports after the offer")
          .allMatch(r -> r instanceof InboundReport.Offer);
    }
  }

  @Nested
  @DisplayName("While the caller waits")
  class WhileWaiting {

    @Test
    @DisplayName("prompts played to the caller are reported finished")
    void prompts_reportedFinished() {
      QueueId q = queue("conf-prompts", Strategy.RING_ALL, b -> b.joinPolicy(JoinPolicy.ALWAYS));
      Caller caller = placeCall(q);
      await("the caller joins the queue", () -> joined(caller.id));

      port.play(caller.id, new PromptSequence("en",
          List.of(Prompt.of("queue-position"), Prompt.of("digits/1"),
              Prompt.of("queue-position-end"))));

      await("the adapter reports the prompts finished",
          () -> inbound.has(new InboundReport.PromptFinished(caller.id)));
      assertThat(left(caller.id)).as("the caller is still waiting").isEmpty();
    }

    @Test
    @DisplayName("keys the caller presses reach the engine")
    void keyPress_reachesEngine() {
      QueueId q = queue("conf-dtmf", Strategy.RING_ALL, b -> b.joinPolicy(JoinPolicy.ALWAYS));
      Caller caller = placeCall(q);
      await("the caller joins the queue", () -> joined(caller.id));

      caller.phone.pressKey('5');
      caller.phone.pressKey('#');

      await("the adapter reports the keys",
          () -> inbound.reports(caller.id, InboundReport.Dtmf.class).size() >= 2);
      assertThat(inbound.reports(caller.id, InboundReport.Dtmf.class))
          .as("keys reported").extracting(InboundReport.Dtmf::digit).containsExactly('5', '#');
    }

    @Test
    @DisplayName("a voicemail the caller records is reported with a reference and its length")
    void voicemail_recordedAndReported() {
      QueueId q = queue("conf-voicemail", Strategy.RING_ALL, b -> b.joinPolicy(JoinPolicy.ALWAYS));
      Caller caller = placeCall(q);
      await("the caller joins the queue", () -> joined(caller.id));

      port.recordVoicemail(caller.id, new VoicemailRequest(q, caller.number,
          new PromptSequence("en", List.of(Prompt.of("queue-voicemail-intro"))),
          Duration.ofSeconds(60), '#'));
      pause(Duration.ofSeconds(3)); // the intro plays, then the caller speaks
      caller.phone.pressKey('#');

      await("the adapter reports the recording", () -> !inbound.reports(caller.id,
          InboundReport.VoicemailRecorded.class).isEmpty());
      VoicemailMessage message = inbound.reports(caller.id, InboundReport.VoicemailRecorded.class)
          .get(0).message();
      assertThat(message.reference()).as("reference").isNotBlank();
      assertThat(message.duration()).as("length").isLessThanOrEqualTo(Duration.ofSeconds(60));
    }
  }

  @Nested
  @DisplayName("When a caller asks to be called back")
  class Callback {

    @Test
    @DisplayName("when the called-back customer cannot be reached, the adapter reports it and"
        + " ends the agent's leg, and the engine gives the callback up")
    void customerUnreached_reportedAndAgentLegEnded() {
      QueueId q = queue("conf-callback-unreached", Strategy.RING_ALL, b -> b
          .joinPolicy(JoinPolicy.ALWAYS).callbackKeepsPlace(true).callbackAttempts(1));
      Caller caller = placeCall(q);
      Assumptions.assumeTrue(fixture.makeCustomerUnreachable(caller.number),
          "the fixture cannot make a called-back customer unreachable");
      await("the caller joins the queue", () -> joined(caller.id));
      caller.phone.pressKey('1');
      await("the caller leaves the queue asking for a callback",
          () -> left(caller.id).isPresent());
      assertThat(left(caller.id).orElseThrow().outcome()).as("outcome")
          .isEqualTo(CallOutcome.CALLBACK);
      await("the engine releases the caller after the acknowledgement", () -> port.commands(
          caller.id, PortCommand.Release.class).contains(
              new PortCommand.Release(caller.id, CallOutcome.CALLBACK)));

      AgentPhone a = agent(q, A, RingMode.ANSWER);

      await("the adapter reports the customer not reached", () -> !inbound.reports(caller.id,
          InboundReport.CustomerUnreached.class).isEmpty());
      assertThat(port.commands(caller.id, PortCommand.OriginateCallback.class))
          .as("callbacks the engine asked for").hasSize(1);
      await("the engine gives the callback up", () -> events(CallbackUnreached.class).stream()
          .anyMatch(e -> e.call().equals(caller.id) && e.agent().equals(A) && e.givenUp()));
      await("agent-a's phone is free", () -> !a.isInCall() && !a.isRinging());
      assertThat(events(CallCompleted.class)).as("conversations completed")
          .noneMatch(e -> e.call().equals(caller.id));
    }
  }

  @Nested
  @DisplayName("The adapter rules of TelephonyPort (D2, D4)")
  class AdapterRules {

    @Test
    @DisplayName("D2: a caller who hangs up while recording a voicemail has it reported before"
        + " the hang-up")
    void d2_hangUpWhileRecording_voicemailReportedFirst() {
      QueueId q = queue("conf-d2", Strategy.RING_ALL, b -> b.joinPolicy(JoinPolicy.ALWAYS));
      Caller caller = placeCall(q);
      await("the caller joins the queue", () -> joined(caller.id));

      port.recordVoicemail(caller.id, new VoicemailRequest(q, caller.number,
          new PromptSequence("en", List.of(Prompt.of("queue-voicemail-intro"))),
          Duration.ofSeconds(60), '#'));
      pause(Duration.ofSeconds(4)); // the intro plays, then the caller speaks
      caller.phone.hangUp();

      await("the adapter reports the recording", () -> !inbound.reports(caller.id,
          InboundReport.VoicemailRecorded.class).isEmpty());
      pause(Duration.ofSeconds(1)); // a hang-up reported late would show now
      List<InboundReport> reports = inbound.reports(caller.id);
      int recorded = reports.indexOf(inbound.reports(caller.id,
          InboundReport.VoicemailRecorded.class).get(0));
      assertThat(reports.subList(0, recorded)).as("reports before the recording")
          .noneMatch(r -> r instanceof InboundReport.CallerHungUp
              || r instanceof InboundReport.CallEnded);
    }

    @Test
    @DisplayName("D4: when the engine rings the same agent again after a ring timeout, nothing"
        + " of the cancelled leg is reported, and the new ring connects")
    void d4_reRingAfterTimeout_cancelledLegSilent() {
      QueueId q = queue("conf-d4", Strategy.LINEAR, b -> {});
      AgentPhone a = agent(q, A, RingMode.IGNORE);
      Caller caller = placeCall(q);
      await("agent-a's phone rings", a::isRinging);
      a.onRing(RingMode.ANSWER); // the next ring is answered; this one times out

      await("the caller is answered", () -> left(caller.id).isPresent());
      assertThat(left(caller.id).orElseThrow().agent()).as("answering agent").isEqualTo(A);
      await("the caller and agent-a talk", () -> caller.phone.isConnected() && a.isInCall());
      assertThat(port.commands(caller.id, PortCommand.CancelRing.class))
          .as("the engine cancelled the first ring").isNotEmpty();
      assertThat(port.commands(caller.id, PortCommand.Ring.class))
          .as("rings of agent-a").hasSizeGreaterThanOrEqualTo(2);
      assertThat(inbound.reports(caller.id, InboundReport.AgentFailed.class))
          .as("failures reported (the cancelled leg must stay silent)").isEmpty();
      assertThat(ringEnded(caller.id, A)).as("how agent-a's rings ended")
          .containsExactly(RingResult.NO_ANSWER);
      assertThat(inbound.reports(caller.id, InboundReport.AgentAnswered.class))
          .as("answers reported").hasSize(1);
    }
  }

  // ---- helpers --------------------------------------------------------------------------------

  /**
   * Confirmed answers (issue 16), for adapters whose fixture says
   * {@link ConformanceFixture#supportsConfirmAnswer()}; skipped otherwise, by assumption.
   */
  @Nested
  @DisplayName("When an agent must press 1 to take the call")
  class ConfirmedAnswers {

    @BeforeEach
    void onlyWhereSupported() {
      Assumptions.assumeTrue(fixture.supportsConfirmAnswer(), "the fixture does not support"
          + " confirmed answers (ConformanceFixture.supportsConfirmAnswer() is false)");
    }

    @Test
    @DisplayName("the ring asks for key 1, and an agent who presses it is connected")
    void confirm_agentPresses1_connected() {
      QueueId q = queue("conf-confirm", Strategy.RING_ALL, b -> b.confirmAnswer(true)
          .confirmTimeout(Duration.ofSeconds(2)));
      AgentPhone a = confirmingAgent(q, A, AgentPhone.Confirm.PRESS_1, RingMode.ANSWER);
      Caller caller = placeCall(q);

      await("the caller leaves the queue", () -> left(caller.id).isPresent());
      assertThat(port.commands(caller.id, PortCommand.Ring.class)).as("the ring")
          .first().satisfies(r -> {
            assertThat(r.request().confirms()).as("asks for a confirmation").isTrue();
            assertThat(r.request().confirmation().acceptKey()).as("accept key").isEqualTo('1');
          });
      assertThat(left(caller.id).orElseThrow().agent()).as("answering agent").isEqualTo(A);
      assertThat(inbound.reports(caller.id, InboundReport.AgentFailed.class))
          .as("failures reported").isEmpty();
      await("the caller and agent-a talk", () -> caller.phone.isConnected() && a.isInCall());
    }

    @Test
    @DisplayName("an answer nobody confirms (a voicemail, or another key) is reported"
        + " UNCONFIRMED, never connected, and the next agent is rung and connected")
    void confirm_voicemailAndWrongKey_unconfirmed_nextAgentConnected() {
      QueueId q = queue("conf-unconfirmed", Strategy.LINEAR, b -> b.confirmAnswer(true)
          .confirmTimeout(Duration.ofSeconds(2)));
      confirmingAgent(q, A, AgentPhone.Confirm.SILENT, RingMode.ANSWER);
      confirmingAgent(q, B, AgentPhone.Confirm.OTHER_KEY, RingMode.ANSWER);
      AgentId c = AgentId.of("agent-c");
      AgentPhone cPhone = confirmingAgent(q, c, AgentPhone.Confirm.PRESS_1, RingMode.ANSWER);
      Caller caller = placeCall(q);

      await("the caller is answered", () -> left(caller.id).isPresent());
      assertThat(left(caller.id).orElseThrow().agent()).as("answering agent").isEqualTo(c);
      assertThat(inbound.reports(caller.id, InboundReport.AgentFailed.class))
          .as("what the adapter reported for agent-a and agent-b").containsExactly(
              new InboundReport.AgentFailed(caller.id, A, RingFailure.UNCONFIRMED),
              new InboundReport.AgentFailed(caller.id, B, RingFailure.UNCONFIRMED));
      assertThat(inbound.reports(caller.id, InboundReport.AgentAnswered.class))
          .as("answers reported").containsExactly(new InboundReport.AgentAnswered(caller.id, c));
      assertThat(ringEnded(caller.id, A)).as("how agent-a's ring ended")
          .contains(RingResult.UNCONFIRMED);
      await("the caller and agent-c talk",
          () -> caller.phone.isConnected() && cPhone.isInCall());
    }

    @Test
    @DisplayName("with ring-all, an unconfirmed leg ends and the other phones keep ringing")
    void confirm_ringAll_unconfirmedLegEnds_othersKeepRinging() {
      QueueId q = queue("conf-confirm-ringall", Strategy.RING_ALL, b -> b.confirmAnswer(true)
          .confirmTimeout(Duration.ofSeconds(2)));
      confirmingAgent(q, A, AgentPhone.Confirm.SILENT, RingMode.ANSWER);
      AgentPhone b = confirmingAgent(q, B, AgentPhone.Confirm.PRESS_1, RingMode.IGNORE);
      Caller caller = placeCall(q);

      await("the adapter reports agent-a's answer unconfirmed", () -> inbound.has(
          new InboundReport.AgentFailed(caller.id, A, RingFailure.UNCONFIRMED)));
      assertThat(b.isRinging()).as("agent-b's phone still rings").isTrue();
      assertThat(left(caller.id)).as("the caller still waits").isEmpty();
      assertThat(caller.phone.isConnected()).as("the caller is connected").isFalse();
      caller.phone.hangUp();
      await("no agent's phone rings any more", () -> !b.isRinging());
    }
  }

  /** An agent whose answers must be confirmed, whose phone reacts to the prompt with {@code how}. */
  private AgentPhone confirmingAgent(QueueId queue, AgentId id, AgentPhone.Confirm how,
      RingMode mode) {
    AgentPhone phone = fixture.newAgentPhone(id.value());
    phone.onConfirmPrompt(how);
    phone.onRing(mode);
    done(engine.addAgent(new AgentConfig(id, phone.endpoint(), false).withConfirmAnswer(true)),
        "add " + id);
    done(engine.addMembership(Membership.of(queue, id)), "add " + id + " to " + queue);
    done(engine.login(id), "log " + id + " in");
    return phone;
  }

  private record Caller(CallId id, String number, CallerPhone phone) {}

  private QueueId queue(String name, Strategy strategy, Consumer<QueueConfig.Builder> tweak) {
    QueueConfig.Builder b = QueueConfig.builder(name).strategy(strategy)
        .ringTimeout(ringTimeout()).retryDelay(Duration.ofSeconds(1))
        .announcePosition(false).estimateAnnouncement(EstimateAnnouncement.OFF)
        .periodicPrompts(List.of());
    tweak.accept(b);
    QueueConfig config = b.build();
    done(engine.addQueue(config), "add queue " + name);
    return config.id();
  }

  private AgentPhone agent(QueueId queue, AgentId id, RingMode mode) {
    AgentPhone phone = fixture.newAgentPhone(id.value());
    phone.onRing(mode);
    done(engine.addAgent(new AgentConfig(id, phone.endpoint(), false)), "add " + id);
    done(engine.addMembership(Membership.of(queue, id)), "add " + id + " to " + queue);
    done(engine.login(id), "log " + id + " in");
    return phone;
  }

  private Caller placeCall(QueueId queue) {
    String number = String.format(Locale.ROOT, "+4861555%04d", ++numbers);
    CallerPhone phone = fixture.placeCall(queue, number);
    await("the adapter offers the call from " + number + " to " + queue,
        () -> inbound.offerFrom(number) != null);
    CallOffer offer = inbound.offerFrom(number);
    assertThat(offer.queue()).as("queue of the offer from " + number).isEqualTo(queue);
    return new Caller(offer.call(), number, phone);
  }

  private void await(String what, BooleanSupplier condition) {
    if (!fixture.awaitUntil(condition, awaitTimeout())) {
      fail("Timed out after " + awaitTimeout().toMillis() + " ms waiting until " + what + ".\n"
          + diagnostics());
    }
  }

  /** Lets time pass (virtual or real) without waiting for anything. */
  private void pause(Duration d) {
    fixture.awaitUntil(() -> false, d);
  }

  private <T> T done(CompletionStage<T> stage, String what) {
    CompletableFuture<T> f = stage.toCompletableFuture();
    await("the engine completes: " + what, f::isDone);
    try {
      return f.join();
    } catch (CompletionException e) {
      throw new AssertionError("the engine failed to " + what + ": " + e.getCause(), e.getCause());
    }
  }

  private List<QueueEvent> events() {
    synchronized (events) {
      return List.copyOf(events);
    }
  }

  private <T extends QueueEvent> List<T> events(Class<T> type) {
    return events().stream().filter(type::isInstance).map(type::cast).toList();
  }

  private Optional<CallerLeft> left(CallId call) {
    return events(CallerLeft.class).stream().filter(e -> e.call().equals(call)).findFirst();
  }

  private boolean joined(CallId call) {
    return events(CallerJoined.class).stream().anyMatch(e -> e.call().equals(call));
  }

  private List<RingResult> ringEnded(CallId call, AgentId agent) {
    return events(AgentRingEnded.class).stream()
        .filter(e -> e.call().equals(call) && e.agent().equals(agent))
        .map(AgentRingEnded::result).toList();
  }

  private String diagnostics() {
    return "Engine events:\n" + lines(events())
        + "Engine -> adapter:\n" + lines(port.commands())
        + "Adapter -> engine:\n" + lines(inbound.reports());
  }

  private static String lines(List<?> items) {
    if (items.isEmpty()) {
      return "  (none)\n";
    }
    return items.stream().map(i -> "  " + i + "\n").collect(Collectors.joining());
  }
}
