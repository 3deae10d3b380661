package io.callqueue.testkit.conformance;

import io.callqueue.api.AgentEndpoint;
import io.callqueue.api.AgentId;
import io.callqueue.api.CallId;
import io.callqueue.api.CallQueue;
import io.callqueue.api.QueueId;
import io.callqueue.spi.TelephonyPort;
import io.callqueue.testkit.ManualScheduler;
import io.callqueue.testkit.sim.AgentBehaviour;
import io.callqueue.testkit.sim.CallerBehaviour;
import io.callqueue.testkit.sim.SimCall;
import io.callqueue.testkit.sim.SimulatedTelephony;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * The reference {@link ConformanceFixture}: {@link SimulatedTelephony} on a
 * {@link ManualScheduler}, so the whole kit runs in virtual time in milliseconds. The engine is
 * built by the given factory (queue-testkit does not depend on queue-core):
 *
 * <pre>{@code
 * new SimulatedTelephonyFixture((port, scheduler) -> CallQueueEngine.builder()
 *     .telephony(port).scheduler(scheduler)
 *     .executor(Runnable::run).randomSeed(42).build())
 * }</pre>
 */
public final class SimulatedTelephonyFixture implements ConformanceFixture {
  private static final Duration STEP = Duration.ofMillis(100);

  private final ManualScheduler scheduler = new ManualScheduler();
  private final SimulatedTelephony telephony = new SimulatedTelephony(scheduler, 42L);
  private final EngineFactory factory;
  private int calls;

  /** A fixture whose engine the factory builds; it must run engine work on the calling thread. */
  public SimulatedTelephonyFixture(EngineFactory factory) {
    this.factory = Objects.requireNonNull(factory, "factory");
  }

  /** The virtual clock and scheduler. */
  public ManualScheduler scheduler() {
    return scheduler;
  }

  /** The simulation, for its log and anomalies. */
  public SimulatedTelephony telephony() {
    return telephony;
  }

  @Override
  public CallQueue startEngine(Wiring wiring) {
    CallQueue engine = factory.build(wiring.port(telephony), scheduler);
    telephony.attach(wiring.inbound(engine));
    return engine;
  }

  @Override
  public AgentPhone newAgentPhone(String name) {
    AgentId id = AgentId.of(name);
    AgentEndpoint endpoint = new AgentEndpoint.SipAccount(name);
    telephony.agent(id, AgentBehaviour.neverAnswer());
    return new AgentPhone() {
      @Override
      public AgentEndpoint endpoint() {
        return endpoint;
      }

      private RingMode mode = RingMode.IGNORE;
      private AgentBehaviour.Confirm confirm = AgentBehaviour.Confirm.PRESS_1;

      @Override
      public void onRing(RingMode newMode) {
        mode = newMode;
        telephony.agent(id, behaviour(newMode));
      }

      private AgentBehaviour behaviour(RingMode ringMode) {
        AgentBehaviour b = switch (ringMode) {
          case ANSWER -> AgentBehaviour.answerAfter(Duration.ofMillis(500)).talksUntilHungUp();
          case IGNORE -> AgentBehaviour.neverAnswer();
          case REJECT -> AgentBehaviour.reject(Duration.ofMillis(300));
          case BUSY -> AgentBehaviour.busy();
        };
        return b.confirms(confirm, Duration.ofMillis(700));
      }

      @Override
      public void onConfirmPrompt(Confirm how) {
        confirm = switch (how) {
          case PRESS_1 -> AgentBehaviour.Confirm.PRESS_1;
          case OTHER_KEY -> AgentBehaviour.Confirm.OTHER_KEY;
          case SILENT -> AgentBehaviour.Confirm.SILENT;
        };
        telephony.agent(id, behaviour(mode));
      }

      @Override
      public boolean isRinging() {
        return telephony.isRinging(id);
      }

      @Override
      public boolean isInCall() {
        return telephony.isTalking(id);
      }
    };
  }

  @Override
  public CallerPhone placeCall(QueueId queue, String callerNumber) {
    CallId id = CallId.of("sim-" + (++calls));
    telephony.placeCall(id, queue, callerNumber, CallerBehaviour.patient());
    return new CallerPhone() {
      @Override
      public void hangUp() {
        telephony.callerHangsUp(id);
      }

      @Override
      public void pressKey(char digit) {
        telephony.callerPresses(id, digit);
      }

      @Override
      public boolean isConnected() {
        return telephony.call(id).status() == SimCall.Status.CONNECTED;
      }

      @Override
      public boolean isReleasedToIvr() {
        return telephony.call(id).ending() == SimCall.Ending.RELEASED;
      }
    };
  }

  /** The simulation carries confirmed answers: its phones act on the prompt. */
  @Override
  public boolean supportsConfirmAnswer() {
    return true;
  }

  @Override
  public boolean makeCustomerUnreachable(String callerNumber) {
    telephony.unreachableCustomer(callerNumber, Integer.MAX_VALUE);
    return true;
  }

  @Override
  public boolean awaitUntil(BooleanSupplier condition, Duration timeout) {
    scheduler.runDue();
    Instant deadline = scheduler.now().plus(timeout);
    while (!condition.getAsBoolean()) {
      if (!scheduler.now().isBefore(deadline)) {
        return false;
      }
      scheduler.advance(STEP);
    }
    return true;
  }

  @Override
  public void close() {}

  /** Builds the engine around the simulation's port and the virtual scheduler. */
  @FunctionalInterface
  public interface EngineFactory {
    CallQueue build(TelephonyPort port, ManualScheduler scheduler);
  }
}
