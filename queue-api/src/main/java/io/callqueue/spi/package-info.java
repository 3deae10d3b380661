/**
 * Service-provider interfaces: what an adapter implements ({@link io.callqueue.spi.TelephonyPort}),
 * what a user may plug in ({@link io.callqueue.spi.DistributionStrategy}), and the time
 * abstraction ({@link io.callqueue.spi.Scheduler}) that lets the engine run in virtual time.
 */
package io.callqueue.spi;
