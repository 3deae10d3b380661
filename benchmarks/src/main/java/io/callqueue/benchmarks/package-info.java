/**
 * The runnable benchmarks jar: {@link io.callqueue.benchmarks.Main} dispatches {@code simulate}
 * to the call-centre simulator ({@code io.callqueue.benchmarks.sim}) and {@code jmh} to the JMH
 * dispatch benchmarks ({@code io.callqueue.benchmarks.jmh}).
 */
package io.callqueue.benchmarks;
