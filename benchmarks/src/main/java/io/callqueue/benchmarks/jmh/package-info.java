/**
 * JMH dispatch benchmarks and the engine's memory footprint (issue 5, sections 1 and 4): the
 * routing decisions of queue-core's {@code CallQueueEngine} measured against a baseline that scans
 * members the way Asterisk's app_queue does, both behind the small {@link
 * io.callqueue.benchmarks.jmh.Router} facade and driven by the same pre-generated topology; and a
 * main that measures heap bytes per waiting caller and per agent. {@code benchmarks/run-jmh.sh}
 * runs a short configuration and prints the comparison table.
 */
package io.callqueue.benchmarks.jmh;
