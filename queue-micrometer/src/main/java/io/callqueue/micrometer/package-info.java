/**
 * The engine's figures as Micrometer meters: {@link io.callqueue.micrometer.CallQueueMetrics}, a
 * {@code MeterBinder} for any {@link io.callqueue.api.CallQueue} that a PBX vendor binds to their
 * own registry (Prometheus, JMX, OTLP, ...). Depends on queue-api and micrometer-core only.
 */
package io.callqueue.micrometer;
