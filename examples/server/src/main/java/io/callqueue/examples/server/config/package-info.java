/**
 * The standalone server's configuration: a YAML file read into immutable records and checked as a
 * whole, so that every problem is reported at once with the file, the field's path and the reason
 * (e.g. {@code callqueue.yaml: queues[0].ringTimeout: must be > 0, was -5s}).
 */
package io.callqueue.examples.server.config;
