/**
 * JMH dispatch benchmarks, the call-center simulator, wait-time accuracy and SIP load runs.
 * Placeholder: the benchmarks arrive with their own issue.
 */
package io.callqueue.benchmarks;
