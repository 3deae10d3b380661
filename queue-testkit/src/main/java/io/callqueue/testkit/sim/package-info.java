/**
 * Simulated telephony in virtual time: {@link io.callqueue.testkit.sim.SimulatedTelephony} plays the
 * phone network around an engine — agents who answer, ignore, reject or are busy, callers who wait,
 * press keys and hang up — scheduling every report on a
 * {@link io.callqueue.testkit.ManualScheduler}, and keeps a log of what each caller heard. Used by
 * engine tests, the simulator, demos and the conformance kit's reference fixture.
 */
package io.callqueue.testkit.sim;
