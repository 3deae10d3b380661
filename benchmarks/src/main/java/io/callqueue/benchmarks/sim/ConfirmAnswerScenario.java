package io.callqueue.benchmarks.sim;

import io.callqueue.api.AgentConfig;
import io.callqueue.api.AgentId;
import io.callqueue.api.CallId;
import io.callqueue.api.CallOutcome;
import io.callqueue.api.EstimateAnnouncement;
import io.callqueue.api.Membership;
import io.callqueue.api.QueueConfig;
import io.callqueue.api.QueueEvent;
import io.callqueue.api.QueueId;
import io.callqueue.api.Strategy;
import io.callqueue.core.CallQueueEngine;
import io.callqueue.testkit.ManualScheduler;
import io.callqueue.testkit.sim.AgentBehaviour;
import io.callqueue.testkit.sim.CallerBehaviour;
import io.callqueue.testkit.sim.SimulatedTelephony;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Issue 16's simulation: consultants on mobile phones, rung all at once, where a share of the rings
 * is answered by the phone's voicemail (a phone switched off or out of range), with and without
 * "press 1 to take this call". Runs the real engine on the testkit's {@link SimulatedTelephony}
 * (which plays the whisper and the confirm prompt, the person's key and the machine's silence) in
 * virtual time, and reports what a caller gets: answered by a person within the service-level
 * threshold, bridged to a voicemail box (which the engine's statistics count as answered when
 * nothing is confirmed), abandoned.
 *
 * <p>The call population is the same in both runs of a row (arrivals, patience and talk times
 * come from streams split from the seed; the phones' draws from the simulation's own seed), so the
 * rows differ only in the confirmation. Model: Poisson arrivals, exponential patience and talk
 * time; a person answers a ring after {@code answerDelay} with probability 0.9 (else lets it
 * ring), presses 1 one second after the prompt; the voicemail answers after
 * {@code voicemailDelay}; every prompt lasts 1 s.
 *
 * <p>Run (figures in benchmarks/RESULTS.md, "Confirmed answers (issue 16)"):
 * <pre>
 * mvn -B -q -pl benchmarks -am -DskipTests package
 * java -cp benchmarks/target/callqueue-benchmarks.jar \
 *     io.callqueue.benchmarks.sim.ConfirmAnswerScenario
 * </pre>
 */
public final class ConfirmAnswerScenario {
  private static final QueueId QUEUE = QueueId.of("mobiles");
  private static final Duration THRESHOLD = Duration.ofSeconds(20);

  private ConfirmAnswerScenario() {}

  /**
   * One scenario.
   *
   * @param agents consultants, each an external number
   * @param callsPerHour the Poisson arrival rate
   * @param voicemailShare the share of rings the phone's voicemail answers
   * @param hours how long calls arrive
   * @param confirm whether the queue asks for "press 1"
   * @param seed the seed of every random draw
   */
  record Setup(int agents, double callsPerHour, double voicemailShare, int hours,
      boolean confirm, long seed) {
    static final Duration MEAN_TALK = Duration.ofSeconds(180);
    static final Duration MEAN_PATIENCE = Duration.ofSeconds(90);
    static final Duration ANSWER_DELAY = Duration.ofSeconds(6);
    static final Duration VOICEMAIL_DELAY = Duration.ofSeconds(3);
  }

  /**
   * What callers got.
   *
   * @param offered calls offered
   * @param answeredByPerson connected to a consultant
   * @param personWithinThreshold of those, within 20 s of joining
   * @param bridgedToVoicemail connected to a consultant's voicemail box
   * @param engineAnswered what the engine counts as answered (persons and voicemails)
   * @param engineWithinThreshold of those, within 20 s
   * @param abandoned hung up while waiting
   * @param unconfirmedRings rings a voicemail answered and nobody confirmed
   */
  record Outcome(int offered, int answeredByPerson, int personWithinThreshold,
      int bridgedToVoicemail, int engineAnswered, int engineWithinThreshold, int abandoned,
      int unconfirmedRings) {

    /** Service level as a caller feels it: a person within 20 s, of all offered calls. */
    double personServiceLevel() {
      return share(personWithinThreshold, offered);
    }

    /** Service level as the engine's statistics report it: answered within 20 s, of offered. */
    double engineServiceLevel() {
      return share(engineWithinThreshold, offered);
    }

    double abandonment() {
      return share(abandoned, offered);
    }

    double voicemailShare() {
      return share(bridgedToVoicemail, offered);
    }

    private static double share(int part, int whole) {
      return whole == 0 ? 0 : (double) part / whole;
    }
  }

  /** Runs one scenario to the end (every call over). */
  static Outcome run(Setup s) {
    ManualScheduler scheduler = new ManualScheduler();
    SplittableRandom root = new SplittableRandom(s.seed());
    SplittableRandom arrivals = root.split();
    SplittableRandom patience = root.split();
    SplittableRandom talk = root.split();
    SimulatedTelephony phones = new SimulatedTelephony(scheduler, root.split().nextLong());
    CallQueueEngine engine = CallQueueEngine.builder().telephony(phones).scheduler(scheduler)
        .executor(Runnable::run).randomSeed(s.seed()).build();
    phones.attach(engine);
    Watch watch = new Watch();
    engine.addListener(e -> e.accept(watch));
    engine.addQueue(QueueConfig.builder(QUEUE.value()).strategy(Strategy.RING_ALL)
        .ringTimeout(Duration.ofSeconds(20)).retryDelay(Duration.ofSeconds(2))
        .confirmAnswer(s.confirm()).serviceLevelThreshold(THRESHOLD)
        .announcePosition(false).estimateAnnouncement(EstimateAnnouncement.OFF).build())
        .toCompletableFuture().join();
    for (int n = 1; n <= s.agents(); n++) {
      AgentId id = AgentId.of("mobile" + n);
      engine.addAgent(AgentConfig.external(id.value(), String.format(Locale.ROOT, "+4860010%04d",
          n))).toCompletableFuture().join();
      engine.addMembership(Membership.of(QUEUE, id)).toCompletableFuture().join();
      engine.login(id).toCompletableFuture().join();
      phones.agent(id, AgentBehaviour.answerWithProbability(0.9, Setup.ANSWER_DELAY)
          .talkTime(() -> exponential(talk, Setup.MEAN_TALK))
          .confirms(AgentBehaviour.Confirm.PRESS_1, Duration.ofSeconds(1))
          .voicemailAnswers(s.voicemailShare(), Setup.VOICEMAIL_DELAY));
    }
    double meanGapMillis = 3_600_000.0 / s.callsPerHour();
    long end = s.hours() * 3_600_000L;
    long at = 0;
    int offered = 0;
    while (true) {
      at += (long) (-meanGapMillis * Math.log(1 - arrivals.nextDouble()));
      if (at >= end) {
        break;
      }
      CallId call = CallId.of("c" + (++offered));
      CallerBehaviour caller = CallerBehaviour.hangUpAfter(exponential(patience,
          Setup.MEAN_PATIENCE));
      scheduler.schedule(Duration.ofMillis(at),
          () -> phones.placeCall(call, QUEUE, "+48111" + call.value(), caller));
    }
    scheduler.runUntilIdle(Duration.ofHours(s.hours() + 24L));
    engine.close();
    return tally(watch.left, phones.callsBridgedToVoicemail(), offered, watch.unconfirmed);
  }

  /** The events the outcome is counted from; every other event says nothing about it. */
  private static final class Watch implements QueueEvent.Visitor {
    final List<QueueEvent.CallerLeft> left = new ArrayList<>();
    int unconfirmed;

    @Override
    public void callerLeft(QueueEvent.CallerLeft event) {
      left.add(event);
    }

    @Override
    public void agentRingEnded(QueueEvent.AgentRingEnded event) {
      if (event.result() == QueueEvent.RingResult.UNCONFIRMED) {
        unconfirmed++;
      }
    }

    @Override
    public void callerJoined(QueueEvent.CallerJoined event) {
      // the offer is counted where it is made
    }

    @Override
    public void agentRung(QueueEvent.AgentRung event) {
      // rings matter only by how they end
    }

    @Override
    public void retryScheduled(QueueEvent.RetryScheduled event) {
      // the wait it adds shows in CallerLeft.waited
    }

    @Override
    public void callCompleted(QueueEvent.CallCompleted event) {
      // talk time is not measured here
    }

    @Override
    public void agentStateChanged(QueueEvent.AgentStateChanged event) {
      // occupancy is not measured here
    }

    @Override
    public void promptPlayed(QueueEvent.PromptPlayed event) {
      // announcements are off in this scenario
    }

    @Override
    public void waitEstimated(QueueEvent.WaitEstimated event) {
      // estimates are off in this scenario
    }

    @Override
    public void callbackRequested(QueueEvent.CallbackRequested event) {
      // callers press no keys in this scenario
    }

    @Override
    public void callbackStarted(QueueEvent.CallbackStarted event) {
      // no callbacks in this scenario
    }

    @Override
    public void callbackUnreached(QueueEvent.CallbackUnreached event) {
      // no callbacks in this scenario
    }

    @Override
    public void voicemailLeft(QueueEvent.VoicemailLeft event) {
      // callers leave no queue voicemail here (the agents' voicemail boxes are the phones')
    }
  }

  private static Outcome tally(List<QueueEvent.CallerLeft> left, Set<CallId> toVoicemail,
      int offered, int unconfirmed) {
    int person = 0;
    int personFast = 0;
    int machine = 0;
    int answered = 0;
    int answeredFast = 0;
    int abandoned = 0;
    for (QueueEvent.CallerLeft l : left) {
      boolean fast = l.waited().compareTo(THRESHOLD) <= 0;
      if (l.outcome() == CallOutcome.ANSWERED) {
        answered++;
        answeredFast += fast ? 1 : 0;
        if (toVoicemail.contains(l.call())) {
          machine++;
        } else {
          person++;
          personFast += fast ? 1 : 0;
        }
      } else if (l.outcome() == CallOutcome.ABANDONED) {
        abandoned++;
      }
    }
    return new Outcome(offered, person, personFast, machine, answered, answeredFast, abandoned,
        unconfirmed);
  }

  private static Duration exponential(SplittableRandom random, Duration mean) {
    return Duration.ofMillis((long) (-mean.toMillis() * Math.log(1 - random.nextDouble())));
  }

  /** Prints the table of RESULTS.md: 6 consultants, 50 calls an hour, 8 hours, 3 seeds each. */
  public static void main(String[] args) {
    System.out.println("| voicemail share | press 1 | offered | SL person (20 s) | SL engine"
        + " reports | to voicemail | abandoned | unconfirmed rings |");
    System.out.println("|---:|---|---:|---:|---:|---:|---:|---:|");
    for (double share : new double[] {0.0, 0.1, 0.25}) {
      for (boolean confirm : new boolean[] {false, true}) {
        int offered = 0;
        double person = 0;
        double engineSl = 0;
        double machine = 0;
        double abandoned = 0;
        int unconfirmed = 0;
        int seeds = 3;
        for (long seed = 1; seed <= seeds; seed++) {
          Outcome o = run(new Setup(6, 50, share, 8, confirm, seed));
          offered += o.offered();
          person += o.personServiceLevel();
          engineSl += o.engineServiceLevel();
          machine += o.voicemailShare();
          abandoned += o.abandonment();
          unconfirmed += o.unconfirmedRings();
        }
        System.out.printf(Locale.ROOT, "| %.2f | %s | %d | %.1f%% | %.1f%% | %.1f%% | %.1f%% | %d |%n",
            share, confirm ? "yes" : "no", offered, 100 * person / seeds,
            100 * engineSl / seeds, 100 * machine / seeds, 100 * abandoned / seeds, unconfirmed);
      }
    }
  }
}
