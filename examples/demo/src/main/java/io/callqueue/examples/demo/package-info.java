/**
 * The callqueue demo: the engine with simulated callers and agents in virtual time (a morning of a
 * small call centre with an English {@code support} queue and a heavier Polish {@code vip} queue),
 * printed as a readable log of what callers hear and agents do, followed by the call statistics
 * and the accuracy of the announced wait estimates. {@link io.callqueue.examples.demo.DemoMain}
 * runs it from the command line.
 */
package io.callqueue.examples.demo;
