package io.callqueue.core;

import static io.callqueue.core.EngineFixture.a;
import static io.callqueue.core.EngineFixture.q;
import static org.assertj.core.api.Assertions.assertThat;

import io.callqueue.api.AgentConfig;
import io.callqueue.api.AgentId;
import io.callqueue.api.AgentState;
import io.callqueue.api.QueueConfig;
import io.callqueue.api.QueueEvent;
import io.callqueue.api.Strategy;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/** Small steps shared by the engine tests, on top of {@link EngineFixture}. */
final class Steps {
  private Steps() {}

  /** A queue configuration with this strategy and every other default. */
  static QueueConfig.Builder queue(String name, Strategy strategy) {
    return QueueConfig.builder(name).strategy(strategy);
  }

  /** A fixture with one queue {@code q} of this strategy and these agents logged in, in order. */
  static EngineFixture fixture(Strategy strategy, String... agents) {
    return new EngineFixture().queue(queue("q", strategy).build()).agents("q", agents);
  }

  /** Adds a SIP agent with auto-activation on (user name = agent id). */
  static void autoAgent(EngineFixture f, String id) {
    f.join(f.engine.addAgent(AgentConfig.sip(id, id)));
  }

  /** The exception a stage failed with; fails the test when it completed normally. */
  static Throwable failure(CompletionStage<?> stage) {
    try {
      stage.toCompletableFuture().join();
    } catch (CompletionException e) {
      return e.getCause();
    }
    throw new AssertionError("expected the stage to fail, it completed");
  }

  /**
   * Gives the agent one answered call of {@code talkSeconds}, through a queue of its own (so the
   * queue under test decides nothing), and leaves it available.
   */
  static void giveCall(EngineFixture f, String agent, double talkSeconds) {
    String solo = "solo-" + agent;
    if (!f.snapshot().queues().containsKey(q(solo))) {
      f.queue(QueueConfig.builder(solo).strategy(Strategy.LINEAR).build());
      f.member(solo, agent, 0);
    }
    String call = "train-" + agent + "-" + f.port.rings().size();
    f.offer(call, solo);
    assertThat(f.ringing(call)).as("training call rings %s", agent).containsExactly(a(agent));
    f.answer(call, agent);
    f.advance(talkSeconds);
    f.end(call);
    assertThat(f.state(agent)).isEqualTo(AgentState.AVAILABLE);
  }

  /** Offers a call, has the agent it rings answer, and ends it at once; returns that agent. */
  static AgentId serveOne(EngineFixture f, String call, String queue) {
    f.offer(call, queue);
    assertThat(f.ringing(call)).as("call %s rings one agent", call).hasSize(1);
    AgentId agent = f.ringing(call).iterator().next();
    f.answer(call, agent.value());
    f.end(call);
    return agent;
  }

  /** The agent state changes of one agent, as "FROM>TO:reason". */
  static List<String> changes(EngineFixture f, String agent) {
    return f.events(QueueEvent.AgentStateChanged.class).stream()
        .filter(e -> e.agent().equals(a(agent)))
        .map(e -> e.from() + ">" + e.to() + ":" + e.reason())
        .toList();
  }

  /** The ring results reported for one caller, as "agent:RESULT". */
  static List<String> ringEnds(EngineFixture f, String call) {
    return f.events(QueueEvent.AgentRingEnded.class).stream()
        .filter(e -> e.call().value().equals(call))
        .map(e -> e.agent() + ":" + e.result())
        .toList();
  }
}
