/**
 * The adapter conformance kit: {@link io.callqueue.testkit.conformance.TelephonyPortConformanceKit}
 * holds the behaviours every {@link io.callqueue.spi.TelephonyPort} must have, and each adapter runs
 * it through one short subclass that provides a {@link io.callqueue.testkit.conformance.ConformanceFixture}
 * (its real peer or a stand-in speaking the real protocol). The reference fixture,
 * {@link io.callqueue.testkit.conformance.SimulatedTelephonyFixture}, runs the kit in virtual time.
 */
package io.callqueue.testkit.conformance;
