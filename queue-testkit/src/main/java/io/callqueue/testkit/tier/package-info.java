/**
 * The two test tiers: {@code mvn test} (surefire) runs unit and virtual-time tests, which take
 * seconds; {@code mvn verify} (failsafe, after them) also runs the tests marked {@link WireTest}
 * (real time on real sockets and processes: SIPp, RTP, HTTP) and {@link SlowTest} (large
 * simulations). Each mark is a JUnit 5 tag plus a per-test {@code @Timeout}, so a hung peer fails
 * one test instead of stalling the build.
 */
package io.callqueue.testkit.tier;
