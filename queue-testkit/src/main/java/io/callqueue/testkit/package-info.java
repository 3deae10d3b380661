/**
 * Test support for callqueue and its adapters: a manual scheduler whose clock moves only when told,
 * a recording {@link io.callqueue.spi.TelephonyPort}, a seeded stateful property harness, simulated
 * telephony, and the adapter conformance kit that every adapter (ours or a PBX vendor's) runs.
 */
package io.callqueue.testkit;
