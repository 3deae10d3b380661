package io.callqueue.benchmarks.jmh;

import io.callqueue.api.AgentConfig;
import io.callqueue.api.AgentEndpoint;
import io.callqueue.api.AgentId;
import io.callqueue.api.CallId;
import io.callqueue.api.CallOffer;
import io.callqueue.api.EstimateAnnouncement;
import io.callqueue.api.JoinPolicy;
import io.callqueue.api.Membership;
import io.callqueue.api.QueueConfig;
import io.callqueue.api.QueueId;
import io.callqueue.core.CallQueueEngine;
import io.callqueue.spi.RingRequest;
import io.callqueue.testkit.ManualScheduler;
import java.time.Duration;

/**
 * Drives the real {@link CallQueueEngine}: built with {@code executor(Runnable::run)} (every
 * command runs to completion, settle included, on the benchmark thread), a {@link ManualScheduler}
 * for clock and timers, and a telephony port that only remembers the first agent rung. Queues use
 * the given strategy, join policy {@link JoinPolicy#ALWAYS} and no announcements, so the
 * operations measure dispatch and the state changes around it (events are built and fed to the
 * queue histories; no listener is registered).
 *
 * <p>Each operation advances the virtual clock by one millisecond, which also drops the cancelled
 * ring timers from the scheduler.
 */
final class EngineRouter implements Router {
  private static final Duration TICK = Duration.ofMillis(1);

  private final ManualScheduler scheduler = new ManualScheduler();
  private final FirstRingPort port = new FirstRingPort();
  private final CallQueueEngine engine;
  private final QueueId[] queueIds;
  private final AgentId[] agentIds;
  private final CallId[] callIds;
  /** Per call slot: its queue and caller priority (scenario BUSY_AGENTS). */
  private final int[] queueOf;
  private final int[] priorityOf;
  /** Per agent: the slot of the call it is on (scenario BUSY_AGENTS). */
  private final int[] callOf;

  EngineRouter(Topology t, String strategy, Scenario scenario, int waitingPerQueue, long seed) {
    engine = CallQueueEngine.builder()
        .telephony(port)
        .scheduler(scheduler)
        .executor(Runnable::run)
        .randomSeed(seed)
        .build();
    queueIds = new QueueId[t.queues];
    for (int q = 0; q < t.queues; q++) {
      queueIds[q] = QueueId.of(Topology.queueName(q));
      done(engine.addQueue(QueueConfig.builder(Topology.queueName(q))
          .strategy(strategy)
          .weight(t.weight[q])
          .joinPolicy(JoinPolicy.ALWAYS)
          .announcePosition(false)
          .announceOnImprovement(false)
          .estimateAnnouncement(EstimateAnnouncement.OFF)
          .build()));
    }
    agentIds = new AgentId[t.agents];
    for (int a = 0; a < t.agents; a++) {
      agentIds[a] = AgentId.of(Topology.agentName(a));
      done(engine.addAgent(new AgentConfig(agentIds[a],
          new AgentEndpoint.SipAccount(Topology.agentName(a)), false)));
      for (int k = 0; k < Topology.QUEUES_PER_AGENT; k++) {
        done(engine.addMembership(new Membership(queueIds[t.agentQueues[a][k]], agentIds[a],
            t.agentTiers[a][k])));
      }
    }
    Topology.Waiting waiting = scenario == Scenario.BUSY_AGENTS
        ? t.waiting(waitingPerQueue, seed) : Topology.Waiting.NONE;
    int slots = Math.max(1, t.agents + waiting.queue().length);
    callIds = new CallId[slots];
    for (int s = 0; s < slots; s++) {
      callIds[s] = CallId.of(Topology.callName(s));
    }
    queueOf = new int[slots];
    priorityOf = new int[slots];
    callOf = new int[t.agents];
    if (scenario == Scenario.BUSY_AGENTS) {
      // agent a takes call slot a: it is the only caller waiting when a logs in
      for (int a = 0; a < t.agents; a++) {
        queueOf[a] = t.agentQueues[a][0];
        offer(a);
        port.reset();
        done(engine.login(agentIds[a]));
        expect(port.firstCall == callIds[a] && port.firstAgent == agentIds[a], "seed call " + a);
        engine.agentAnswered(callIds[a], agentIds[a]);
        callOf[a] = a;
      }
      for (int i = 0; i < waiting.queue().length; i++) {
        int s = t.agents + i;
        queueOf[s] = waiting.queue()[i];
        priorityOf[s] = waiting.priority()[i];
        offer(s);
      }
    } else {
      for (int a = 0; a < t.agents; a++) {
        done(engine.login(agentIds[a]));
        if (t.paused[a]) {
          done(engine.pause(agentIds[a], "benchmark"));
        }
      }
    }
    done(engine.verifyInvariants());
  }

  private void offer(int slot) {
    engine.offer(new CallOffer(callIds[slot], queueIds[queueOf[slot]], "", priorityOf[slot]));
  }

  @Override
  public int agentFree(int agent) {
    int ended = callOf[agent];
    port.reset();
    engine.callEnded(callIds[ended]);
    int chosen = slot(port.firstCall);
    engine.agentAnswered(port.firstCall, agentIds[agent]);
    callOf[agent] = chosen;
    queueOf[ended] = queueOf[chosen];
    priorityOf[ended] = priorityOf[chosen];
    offer(ended);
    scheduler.advance(TICK);
    return chosen;
  }

  @Override
  public int callArrives(int queue, int priority) {
    CallId call = callIds[0];
    port.reset();
    engine.offer(new CallOffer(call, queueIds[queue], "", priority));
    if (port.firstAgent == null) {
      engine.callerHungUp(call);
      return -1;
    }
    AgentId agent = port.firstAgent;
    engine.agentAnswered(call, agent);
    scheduler.advance(TICK);
    engine.callEnded(call);
    return index(agent.value());
  }

  private static int slot(CallId call) {
    if (call == null) {
      throw new IllegalStateException("the freed agent was rung for nobody");
    }
    return index(call.value());
  }

  /** The number after the one-letter prefix of a generated id ("a17" is 17). */
  private static int index(String id) {
    return Integer.parseInt(id, 1, id.length(), 10);
  }

  /** Checks the engine's invariants (tests call it after a run of operations). */
  void verify() {
    done(engine.verifyInvariants());
  }

  private static void expect(boolean ok, String what) {
    if (!ok) {
      throw new IllegalStateException("engine setup went differently than planned: " + what);
    }
  }

  private static <T> T done(java.util.concurrent.CompletionStage<T> stage) {
    return stage.toCompletableFuture().join();
  }

  /** A port that does nothing but remember the first ring of the current operation. */
  private static final class FirstRingPort extends SilentPort {
    CallId firstCall;
    AgentId firstAgent;

    void reset() {
      firstCall = null;
      firstAgent = null;
    }

    @Override
    public void ringAgent(RingRequest request) {
      if (firstAgent == null) {
        firstCall = request.call();
        firstAgent = request.agent();
      }
    }
  }
}
