package io.callqueue.testkit.conformance;

import io.callqueue.api.CallQueue;
import io.callqueue.api.QueueId;
import io.callqueue.spi.TelephonyPort;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * What an adapter's conformance test plugs into the kit: the engine wired to the adapter under
 * test, and the far side of the adapter (a real peer or a stand-in speaking the real protocol):
 * phones for agents, callers who dial in, and a way to let time pass. The kit makes a new fixture
 * for every test and closes it afterwards.
 */
public interface ConformanceFixture extends AutoCloseable {

  /**
   * Builds and starts the engine with the adapter under test, called once per test. Give the
   * engine {@code wiring.port(adapter)} as its telephony port, and give the adapter
   * {@code wiring.inbound(engine)} as the engine it reports to: the kit watches both directions
   * through them.
   *
   * @return the engine (the kit configures queues and agents through it and closes it)
   */
  CallQueue startEngine(Wiring wiring);

  /**
   * A phone for a new agent, reachable by the adapter. The kit creates the agent with id
   * {@code AgentId.of(name)} and the phone's {@link AgentPhone#endpoint()}, without
   * auto-activation, and logs it in. A new phone ignores rings until told otherwise.
   *
   * @param name the agent's name: letters, digits and {@code -}, unique within a test
   */
  AgentPhone newAgentPhone(String name);

  /**
   * A caller dials in from {@code callerNumber}, and the adapter offers the call to {@code queue}
   * (as an IVR "queue" step would). The kit identifies the call by the number in the adapter's
   * {@code offer}.
   */
  CallerPhone placeCall(QueueId queue, String callerNumber);

  /**
   * Makes callbacks to {@code callerNumber} (a number given to {@link #placeCall}) fail from now
   * on: when the adapter calls that customer back, the customer does not answer (or is busy, or
   * cannot be routed). The kit's callback tests use it to check that the adapter reports
   * {@code customerUnreached} and ends the agent's leg.
   *
   * @return whether this fixture can do it; the default cannot, and the kit's unreached-callback
   *     test is then skipped (reported as skipped, with this reason)
   */
  default boolean makeCustomerUnreachable(String callerNumber) {
    return false;
  }

  /**
   * Whether the adapter supports confirmed answers (issue 16: a ring with
   * {@link io.callqueue.spi.RingRequest#confirmation()} is reported answered only once the agent
   * presses 1, and {@code UNCONFIRMED} otherwise) and this fixture's phones act on the prompt
   * ({@link AgentPhone#onConfirmPrompt}). The default is false: the kit's confirmation cases are
   * then skipped, with a message naming this method.
   */
  default boolean supportsConfirmAnswer() {
    return false;
  }

  /**
   * Lets time pass until {@code condition} holds or {@code timeout} has passed. A virtual-time
   * fixture advances its scheduler in small steps; a real-time fixture polls.
   *
   * @return whether the condition held
   */
  boolean awaitUntil(BooleanSupplier condition, Duration timeout);

  /** Stops the peer and frees what the fixture holds; the kit has closed the engine already. */
  @Override
  void close();

  /** The kit's taps on the two directions between engine and adapter. */
  interface Wiring {
    /** The port to build the engine with: records what the engine asks, then passes it on. */
    TelephonyPort port(TelephonyPort adapter);

    /** The engine to hand to the adapter: records what the adapter reports, then passes it on. */
    CallQueue inbound(CallQueue engine);
  }
}
