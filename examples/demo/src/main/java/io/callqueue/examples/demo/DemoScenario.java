package io.callqueue.examples.demo;

import io.callqueue.api.AgentConfig;
import io.callqueue.api.AgentId;
import io.callqueue.api.AgentState;
import io.callqueue.api.CallId;
import io.callqueue.api.CallOutcome;
import io.callqueue.api.CallRecord;
import io.callqueue.api.EngineSnapshot;
import io.callqueue.api.Membership;
import io.callqueue.api.QueueConfig;
import io.callqueue.api.QueueEvent;
import io.callqueue.api.QueueId;
import io.callqueue.api.Strategy;
import io.callqueue.core.CallQueueEngine;
import io.callqueue.core.estimate.EstimateAccuracy;
import io.callqueue.core.estimate.EstimateLog;
import io.callqueue.core.records.CallRecorder;
import io.callqueue.core.records.CallStatistics;
import io.callqueue.core.records.InMemoryCallRecordStore;
import io.callqueue.core.records.StatisticsReport;
import io.callqueue.core.records.StatisticsTable;
import io.callqueue.testkit.ManualScheduler;
import io.callqueue.testkit.sim.AgentBehaviour;
import io.callqueue.testkit.sim.CallerBehaviour;
import io.callqueue.testkit.sim.SimCall;
import io.callqueue.testkit.sim.SimulatedTelephony;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The demo's morning: the engine ({@link CallQueueEngine}) on a {@link ManualScheduler} with
 * {@link SimulatedTelephony} as its telephony, so the whole morning runs in milliseconds.
 *
 * <p><b>The call centre.</b> Queue {@code support} (English, leastrecent, weight 0, ring 15 s,
 * wrap-up 30 s, the hold time whispered to the agent, keys 0 = voicemail and 1 = callback) is
 * served by dawid, anna and bartek; queue {@code vip} (Polish, ringall, weight 10, key 1 = a
 * callback that keeps the caller's place) by celina and bartek, so bartek, when free, serves vip
 * callers first. anna, bartek and celina are SIP accounts that auto-activate when they register;
 * dawid is on an external number, logs in by hand, lets his phone ring until 08:06 and then misses
 * about one ring in three. bartek takes a coffee break from 08:20 to 08:26:30.
 *
 * <p><b>The calls.</b> Seeded Poisson arrivals over the morning (one support call per 8 minutes,
 * one vip call per 15 minutes on average, a fifth of them impatient), talk times of 2 minutes plus
 * a lognormal part; and scripted calls that make every feature show whatever the seed:
 * <ul>
 *   <li>08:02, a support call: dawid is rung first (membership order breaks leastrecent's tie) and
 *       does not answer, so the next agent is rung;
 *   <li>from 08:12, seven support calls 5 s apart: four patient ones, then one that presses 0
 *       (voicemail) after 1:30, one that hangs up after 1:45, one that presses 1 (callback) after
 *       2:00. Every call lasts over 2.5 minutes with its wrap-up, so the three support agents
 *       start at most three calls before 08:14:30 and the last three callers are still waiting
 *       when they act (unless no-answers let two of them overtake two of the first four);
 *   <li>from 08:24:30, four support calls and from 08:25, four vip calls, the third of which
 *       presses 1 after a minute and keeps its place. bartek is on his break, so both queues have
 *       callers waiting when he comes back, and he takes a vip caller although support callers
 *       have waited longer: the queue weight. The kept-place callback reaches an agent later.
 * </ul>
 *
 * <p>After the arrivals end, the simulation runs on until every call is over, then prints the call
 * statistics ({@link StatisticsTable} over the {@link CallRecorder}'s records) and the accuracy of
 * the announced wait estimates ({@link EstimateLog}).
 */
final class DemoScenario {
  static final QueueId SUPPORT = QueueId.of("support");
  static final QueueId VIP = QueueId.of("vip");
  static final AgentId ANNA = AgentId.of("anna");
  static final AgentId BARTEK = AgentId.of("bartek");
  static final AgentId CELINA = AgentId.of("celina");
  static final AgentId DAWID = AgentId.of("dawid");

  /** The longest the demo runs on after the arrivals, waiting for the last call to end. */
  private static final Duration MAX_DRAIN = Duration.ofHours(3);
  private static final Duration STEP = Duration.ofSeconds(30);
  private static final Duration DAWID_PICKS_UP = Duration.ofMinutes(6);
  private static final Duration BREAK_STARTS = Duration.ofMinutes(20);
  private static final Duration BREAK_ENDS = Duration.ofSeconds(26 * 60 + 30);

  private final DemoOptions options;

  DemoScenario(DemoOptions options) {
    this.options = options;
  }

  static QueueConfig supportQueue() {
    return QueueConfig.builder(SUPPORT.value())
        .strategy(Strategy.LEAST_RECENT)
        .ringTimeout(Duration.ofSeconds(15))
        .retryDelay(Duration.ofSeconds(5))
        .wrapUpTime(Duration.ofSeconds(30))
        .weight(0)
        .reportHoldTime(true)
        .positionFirstAfter(Duration.ofSeconds(20))
        .positionEvery(Duration.ofSeconds(60))
        .announceMinGap(Duration.ofSeconds(30))
        .language("en")
        .build();
  }

  static QueueConfig vipQueue() {
    return QueueConfig.builder(VIP.value())
        .strategy(Strategy.RING_ALL)
        .ringTimeout(Duration.ofSeconds(20))
        .retryDelay(Duration.ofSeconds(5))
        .wrapUpTime(Duration.ofSeconds(20))
        .weight(10)
        .reportHoldTime(true)
        .positionFirstAfter(Duration.ofSeconds(15))
        .positionEvery(Duration.ofSeconds(60))
        .announceMinGap(Duration.ofSeconds(30))
        .language("pl")
        .callbackKeepsPlace(true)
        .build();
  }

  /** Runs the morning, printing it to {@code out}; returns what happened. */
  DemoResult run(PrintStream out) {
    SplittableRandom random = new SplittableRandom(options.seed());
    SplittableRandom arrivals = random.split();
    SplittableRandom talk = random.split();

    ManualScheduler scheduler = new ManualScheduler();
    Instant start = scheduler.now();
    SimulatedTelephony sim = new SimulatedTelephony(scheduler, random.nextLong());
    CallQueueEngine engine = CallQueueEngine.builder()
        .telephony(sim)
        .scheduler(scheduler)
        .executor(Runnable::run)
        .randomSeed(options.seed())
        .build();
    sim.attach(engine);

    Map<QueueId, QueueConfig> queues = new LinkedHashMap<>();
    queues.put(SUPPORT, supportQueue());
    queues.put(VIP, vipQueue());
    Map<AgentId, List<QueueId>> memberships = new LinkedHashMap<>();
    memberships.put(DAWID, List.of(SUPPORT));
    memberships.put(ANNA, List.of(SUPPORT));
    memberships.put(BARTEK, List.of(SUPPORT, VIP));
    memberships.put(CELINA, List.of(VIP));

    InMemoryCallRecordStore store = new InMemoryCallRecordStore();
    CallRecorder recorder = CallRecorder.builder(store, scheduler).executor(Runnable::run).build();
    EstimateLog estimates = new EstimateLog();
    EventPrinter printer = new EventPrinter(out, options.verbose(), queues, memberships);
    Map<CallId, List<CallOutcome>> outcomes = new LinkedHashMap<>();
    Map<String, Integer> counts = new TreeMap<>();
    engine.addListener(recorder);
    engine.addListener(estimates);
    engine.addListener(event -> {
      counts.merge(event.getClass().getSimpleName(), 1, Integer::sum);
      if (event instanceof QueueEvent.CallerLeft left) {
        outcomes.computeIfAbsent(left.call(), c -> new ArrayList<>()).add(left.outcome());
      }
    });
    engine.addListener(printer);

    header(printer);
    queues.values().forEach(q -> join(engine.addQueue(q)));
    join(engine.addAgent(AgentConfig.sip(ANNA.value(), "anna")));
    join(engine.addAgent(AgentConfig.sip(BARTEK.value(), "bartek")));
    join(engine.addAgent(AgentConfig.sip(CELINA.value(), "celina")));
    join(engine.addAgent(AgentConfig.external(DAWID.value(), "+48601200300")));
    memberships.forEach((agent, of) -> of.forEach(
        q -> join(engine.addMembership(Membership.of(q, agent)))));

    Supplier<Duration> talkTime = () -> talkTime(talk);
    sim.agent(ANNA, AgentBehaviour.answerAfter(Duration.ofSeconds(3)).talkTime(talkTime))
        .agent(BARTEK, AgentBehaviour.answerAfter(Duration.ofSeconds(4)).talkTime(talkTime))
        .agent(CELINA, AgentBehaviour.answerAfter(Duration.ofSeconds(2)).talkTime(talkTime))
        .agent(DAWID, AgentBehaviour.neverAnswer().talkTime(talkTime));
    // dawid is on the road until 08:06 and lets his phone ring; then he misses one ring in three
    scheduler.schedule(DAWID_PICKS_UP, () -> sim.agent(DAWID,
        AgentBehaviour.answerWithProbability(0.65, Duration.ofSeconds(6)).talkTime(talkTime)));

    // 08:00: the SIP phones register (auto-activation), dawid logs in by hand
    sim.registerSip("anna");
    sim.registerSip("bartek");
    sim.registerSip("celina");
    join(engine.login(DAWID));

    // bartek's coffee break: support and vip callers queue up meanwhile, and when he is back the
    // heavier vip queue gets him first, though support callers have waited longer (weights)
    scheduler.schedule(BREAK_STARTS, () -> engine.pause(BARTEK, "coffee break"));
    scheduler.schedule(BREAK_ENDS, () -> engine.unpause(BARTEK));

    List<CallId> offered = new ArrayList<>();
    List<Planned> plan = plan(arrivals);
    for (int i = 0; i < plan.size(); i++) {
      Planned p = plan.get(i);
      CallId call = CallId.of(String.format(Locale.ROOT, "c%02d", i + 1));
      offered.add(call);
      scheduler.schedule(p.at(), () -> sim.placeCall(call, p.queue(), p.number(), p.behaviour()));
    }

    scheduler.advance(Duration.ofMinutes(options.minutes()));
    Instant drainUntil = scheduler.now().plus(MAX_DRAIN);
    while (!idle(engine, sim) && scheduler.now().isBefore(drainUntil)) {
      scheduler.advance(STEP);
    }
    Instant end = scheduler.now();
    printer.flush();
    printer.note(EventPrinter.TIME.format(end) + "  every call is over; "
        + offered.size() + " calls were offered");

    recorder.flush();
    List<CallRecord> records = store.all();
    StatisticsReport report = CallStatistics.forQueues(queues.values())
        .report(records, start, end.plusMillis(1));
    printer.note("");
    for (String line : StatisticsTable.render(report).split("\n", -1)) {
      if (!line.isEmpty()) {
        printer.note(line);
      } else {
        printer.note("");
      }
    }
    Map<String, EstimateAccuracy> accuracy = estimates.accuracy();
    accuracyTable(printer, accuracy, estimates.censoredCount());

    recorder.close();
    engine.close();
    return new DemoResult(options, start, end, offered, outcomes, counts, printer.weightNotes(),
        records, report, accuracy, sim.anomalies(), printer.lines());
  }

  private void header(EventPrinter p) {
    p.note("callqueue demo: a morning at a small call centre in virtual time (seed "
        + options.seed() + ", calls arrive for " + options.minutes() + " minutes)");
    p.note("  support  English, leastrecent, weight 0:  dawid, anna, bartek;"
        + " ring 15s, wrap-up 30s; key 0 voicemail, key 1 callback");
    p.note("  vip      Polish, ringall, weight 10:      celina, bartek;"
        + " ring 20s, wrap-up 20s; key 1 callback keeping the place");
    p.note("  bartek serves both queues; dawid, on an external number, is on the road until"
        + " 08:06, then misses about one ring in three");
    p.note("");
  }

  private static void accuracyTable(EventPrinter p, Map<String, EstimateAccuracy> accuracy,
      long censored) {
    p.note("Wait estimates heard by callers who were then answered (" + censored
        + " more heard by callers who left otherwise):");
    if (accuracy.isEmpty()) {
      p.note("  no answered caller heard an estimate");
      return;
    }
    p.note(String.format(Locale.ROOT, "  %-12s %6s %10s %10s %10s %12s", "estimator", "heard",
        "MAE", "bias", "RMSE", "mean actual"));
    for (EstimateAccuracy a : accuracy.values()) {
      p.note(String.format(Locale.ROOT, "  %-12s %6d %9.0fs %+9.0fs %9.0fs %11.0fs", a.estimator(),
          a.count(), a.maeSeconds(), a.biasSeconds(), a.rmseSeconds(), a.meanActualSeconds()));
    }
  }

  /** Whether nothing is left to happen: nobody waits, rings or talks, every caller is gone. */
  private static boolean idle(CallQueueEngine engine, SimulatedTelephony sim) {
    EngineSnapshot s = join(engine.snapshot());
    boolean waiting = s.queues().values().stream().anyMatch(q -> !q.waiting().isEmpty());
    boolean busy = s.agents().values().stream().anyMatch(
        a -> a.state() == AgentState.RINGING || a.state() == AgentState.ON_CALL);
    return !waiting && !busy && sim.calls().stream().allMatch(SimCall::isGone);
  }

  /** One planned call. */
  private record Planned(Duration at, QueueId queue, String number, CallerBehaviour behaviour) {}

  /** The morning's calls in arrival order: the seeded background and the two rushes. */
  private List<Planned> plan(SplittableRandom r) {
    Duration morning = Duration.ofMinutes(options.minutes());
    List<Planned> plan = new ArrayList<>();
    poisson(r, plan, SUPPORT, Duration.ofSeconds(480), morning);
    poisson(r, plan, VIP, Duration.ofSeconds(900), morning);

    CallerBehaviour patient = CallerBehaviour.patient();
    // the first support call rings dawid (membership order breaks leastrecent's tie), who does
    // not pick up before 08:06: no answer, and the next agent is rung
    plan.add(new Planned(Duration.ofMinutes(2), SUPPORT, number(r), patient));

    Duration rush = Duration.ofMinutes(12);
    for (int i = 0; i < 4; i++) {
      plan.add(new Planned(rush.plusSeconds(5 * i), SUPPORT, number(r), patient));
    }
    plan.add(new Planned(rush.plusSeconds(20), SUPPORT, number(r),
        patient.pressKey('0', Duration.ofSeconds(90)).voicemailLength(Duration.ofSeconds(14))));
    plan.add(new Planned(rush.plusSeconds(25), SUPPORT, number(r),
        CallerBehaviour.hangUpAfter(Duration.ofSeconds(105))));
    plan.add(new Planned(rush.plusSeconds(30), SUPPORT, number(r),
        patient.pressKey('1', Duration.ofSeconds(120))));

    Duration vipRush = Duration.ofMinutes(25);
    plan.add(new Planned(vipRush.minusSeconds(30), SUPPORT, number(r), patient));
    plan.add(new Planned(vipRush.minusSeconds(25), SUPPORT, number(r), patient));
    plan.add(new Planned(vipRush.minusSeconds(20), SUPPORT, number(r), patient));
    plan.add(new Planned(vipRush.minusSeconds(15), SUPPORT, number(r), patient));
    plan.add(new Planned(vipRush, VIP, number(r), patient));
    plan.add(new Planned(vipRush.plusSeconds(5), VIP, number(r), patient));
    plan.add(new Planned(vipRush.plusSeconds(10), VIP, number(r),
        patient.pressKey('1', Duration.ofSeconds(60))));
    plan.add(new Planned(vipRush.plusSeconds(15), VIP, number(r), patient));

    plan.sort(Comparator.comparing(Planned::at));
    return plan;
  }

  /** Poisson arrivals to {@code queue} over {@code span}, a fifth of the callers impatient. */
  private static void poisson(SplittableRandom r, List<Planned> plan, QueueId queue,
      Duration mean, Duration span) {
    double t = 0;
    while (true) {
      t += -mean.getSeconds() * Math.log(1 - r.nextDouble());
      if (t >= span.getSeconds()) {
        return;
      }
      CallerBehaviour b = r.nextDouble() < 0.2
          ? CallerBehaviour.hangUpAfter(Duration.ofSeconds(r.nextLong(90, 300)))
          : CallerBehaviour.patient();
      plan.add(new Planned(Duration.ofMillis((long) (t * 1000)), queue, number(r), b));
    }
  }

  private static String number(SplittableRandom r) {
    return String.format(Locale.ROOT, "+48%d%08d", 5 + r.nextInt(4), r.nextInt(100_000_000));
  }

  /** Two minutes plus a lognormal part with a median of 80 s: a mean near 3.5 minutes. */
  private static Duration talkTime(SplittableRandom r) {
    double extra = 80 * Math.exp(0.6 * r.nextGaussian());
    return Duration.ofSeconds(120 + Math.round(extra));
  }

  private static <T> T join(java.util.concurrent.CompletionStage<T> stage) {
    return stage.toCompletableFuture().join();
  }
}
