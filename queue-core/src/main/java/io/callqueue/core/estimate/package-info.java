/**
 * Estimated wait time (capability 13): {@link io.callqueue.core.estimate.QueueHistory} keeps a
 * queue's recent history (sliding window, bounded memory) that the engine feeds; the named
 * {@link io.callqueue.spi.WaitTimeEstimator}s in {@link io.callqueue.core.estimate.Estimators}
 * (Asterisk's moving average, the queue-length and Erlang-A estimators of Ibrahim and Whitt, and
 * our default, which also uses each agent's state) turn it into a caller's remaining wait; and
 * {@link io.callqueue.core.estimate.EstimateLog} measures how accurate the announced estimates
 * were.
 */
package io.callqueue.core.estimate;
