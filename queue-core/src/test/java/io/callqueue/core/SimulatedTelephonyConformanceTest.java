package io.callqueue.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.callqueue.testkit.conformance.ConformanceFixture;
import io.callqueue.testkit.conformance.SimulatedTelephonyFixture;
import io.callqueue.testkit.conformance.TelephonyPortConformanceKit;
import org.junit.jupiter.api.AfterEach;

/**
 * The conformance kit against the engine and the simulated telephony, in virtual time: the
 * reference run of the kit, and the template for an adapter's own subclass. On top of the kit,
 * every test checks that the engine never asked the simulation anything senseless.
 */
class SimulatedTelephonyConformanceTest extends TelephonyPortConformanceKit {
  private SimulatedTelephonyFixture fixture;

  @Override
  protected ConformanceFixture newFixture() {
    fixture = new SimulatedTelephonyFixture((port, scheduler) -> CallQueueEngine.builder()
        .telephony(port)
        .scheduler(scheduler)
        .executor(Runnable::run)
        .randomSeed(42)
        .build());
    return fixture;
  }

  @AfterEach
  void engineAskedNothingSenseless() {
    assertThat(fixture.telephony().anomalies()).as("anomalies seen by the simulation\n%s",
        fixture.telephony().transcript()).isEmpty();
  }
}
