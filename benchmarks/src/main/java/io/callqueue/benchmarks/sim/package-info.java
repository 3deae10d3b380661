/**
 * The call-centre simulator: a discrete-event simulation in virtual time that drives the real
 * engine ({@link io.callqueue.core.CallQueueEngine}) through a light simulated telephony port on a
 * {@link io.callqueue.testkit.ManualScheduler}. A {@link io.callqueue.benchmarks.sim.Scenario}
 * describes the call population (arrival rate or a rate profile over the day, handle time, patience,
 * ring delay and no-answer probability), the agents and queues (weights, membership priorities,
 * strategy, wrap-up); {@link io.callqueue.benchmarks.sim.Simulator} runs it with a fixed seed and
 * returns a {@link io.callqueue.benchmarks.sim.SimResult}: service level, ASA, waits, abandonment,
 * occupancy and the error of every wait-time estimator on the same callers.
 * {@link io.callqueue.benchmarks.sim.SimulateCommand} is its command line.
 */
package io.callqueue.benchmarks.sim;
