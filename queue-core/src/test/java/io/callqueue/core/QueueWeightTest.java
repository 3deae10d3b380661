package io.callqueue.core;

import static io.callqueue.core.EngineFixture.a;
import static io.callqueue.core.Steps.queue;
import static org.assertj.core.api.Assertions.assertThat;

import io.callqueue.api.Strategy;
import io.callqueue.spi.EstimateInput;
import org.junit.jupiter.api.Test;

/**
 * Capability 18: an agent in several queues serves the heavier queue first. Every scenario keeps
 * the shared agent on a call while callers arrive, then frees it.
 */
class QueueWeightTest {

  /** Queues {@code light} and {@code heavy} of these weights; agent {@code shared} in both. */
  private static EngineFixture twoQueues(int lightWeight, int heavyWeight) {
    EngineFixture f = new EngineFixture()
        .queue(queue("light", Strategy.LINEAR).weight(lightWeight).build())
        .queue(queue("heavy", Strategy.LINEAR).weight(heavyWeight).build());
    f.agent("shared").member("light", "shared", 0).member("heavy", "shared", 0).login("shared");
    f.offer("busy", "light");
    f.answer("busy", "shared");
    return f;
  }

  @Test
  void heavierQueuesCaller_getsTheAgentFirst_evenThoughTheLighterQueuesCallerWaitedLonger() {
    EngineFixture f = twoQueues(0, 10);
    f.offer("early", "light");
    f.advance(30);
    f.offer("late", "heavy");
    f.advance(5);

    f.end("busy");

    assertThat(f.ringing("late")).containsExactly(a("shared"));
    assertThat(f.ringing("early")).isEmpty();
  }

  @Test
  void weightOutranksCallerPriority_acrossQueues() {
    EngineFixture f = twoQueues(0, 10);
    f.offer("vip", "light", 9);
    f.offer("plain", "heavy", 0);

    f.end("busy");

    assertThat(f.ringing("plain")).containsExactly(a("shared"));
  }

  @Test
  void equalWeights_longestWaitingCallerFirst() {
    EngineFixture f = twoQueues(5, 5);
    f.offer("early", "light");
    f.advance(30);
    f.offer("late", "heavy");

    f.end("busy");

    assertThat(f.ringing("early")).containsExactly(a("shared"));
    assertThat(f.ringing("late")).isEmpty();
  }

  @Test
  void equalWeights_longestWaitingFirst_whicheverQueueItIsIn() {
    EngineFixture f = twoQueues(5, 5);
    f.offer("early", "heavy");
    f.advance(30);
    f.offer("late", "light");

    f.end("busy");

    assertThat(f.ringing("early")).containsExactly(a("shared"));
  }

  @Test
  void equalWeights_higherCallerPriorityFirst() {
    EngineFixture f = twoQueues(0, 0);
    f.offer("early", "light", 0);
    f.advance(30);
    f.offer("vip", "heavy", 3);

    f.end("busy");

    assertThat(f.ringing("vip")).containsExactly(a("shared"));
  }

  @Test
  void heavierQueuesCallerWhoAlreadyTriedTheAgent_doesNotHoldIt_lighterQueuesCallerGetsIt() {
    // Asterisk issue #1561: the heavier queue's caller cannot use the agent (tried this round)
    EngineFixture f = twoQueues(0, 10);
    f.offer("lightCaller", "light");
    f.offer("heavyCaller", "heavy");
    f.end("busy");
    assertThat(f.ringing("heavyCaller")).containsExactly(a("shared"));

    f.advance(15); // shared did not answer heavyCaller: heavyCaller waits its retry delay

    assertThat(f.ringing("lightCaller")).containsExactly(a("shared"));
  }

  @Test
  void heavierQueuesCallerRingingAnotherAgent_doesNotHoldTheSharedAgent() {
    EngineFixture f = twoQueues(0, 10);
    f.agent("other").member("heavy", "other", 0).login("other");
    f.offer("heavyCaller", "heavy"); // rings "other"
    f.offer("lightCaller", "light");
    assertThat(f.ringing("heavyCaller")).containsExactly(a("other"));

    f.end("busy");

    assertThat(f.ringing("lightCaller")).containsExactly(a("shared"));
  }

  @Test
  void heavierQueuesCaller_getsTheAgentBackAfterItsRetryDelay() {
    EngineFixture f = twoQueues(0, 10);
    f.offer("heavyCaller", "heavy");
    f.offer("lightCaller", "light");
    f.offer("lightCaller2", "light");
    f.end("busy");
    f.advance(15); // heavyCaller missed by shared; lightCaller takes it
    f.answer("lightCaller", "shared");
    f.advance(10); // heavyCaller's round restarts while shared is busy
    f.end("lightCaller");

    assertThat(f.ringing("heavyCaller")).containsExactly(a("shared"));
    assertThat(f.ringing("lightCaller2")).isEmpty();
  }

  @Test
  void estimateInput_ofALighterQueuesCaller_carriesTheHeavierQueuesCallersAndLoad() {
    EngineFixture f = twoQueues(0, 10);
    f.end("busy");
    // the heavy queue's history: one call of 120 s
    f.offer("h1", "heavy");
    f.answer("h1", "shared");
    f.advance(120);
    f.end("h1");
    f.offer("busy2", "light");
    f.answer("busy2", "shared");
    f.offer("w", "light");
    f.offer("h2", "heavy");
    f.advance(30);

    EstimateInput in = f.engine.estimateInput(EngineFixture.c("w")).orElseThrow();

    assertThat(in.aheadInHeavierQueues()).isEqualTo(1);
    // the agent serves both queues, so all of the heavy queue's load is on this queue's agent
    double heavyLoad = f.engine.core().queues.get(EngineFixture.q("heavy")).history.loadErlangs()
        .getAsDouble();
    assertThat(heavyLoad).isPositive();
    assertThat(in.heavierLoad()).isEqualTo(heavyLoad);
    assertThat(f.engine.estimateInput(EngineFixture.c("h2")).orElseThrow().heavierLoad())
        .isZero();
  }
}
