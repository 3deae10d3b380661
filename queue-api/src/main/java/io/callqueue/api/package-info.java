/**
 * The public types of callqueue: identifiers, queue/agent/membership configuration, the engine's
 * inbound API ({@link io.callqueue.api.CallQueue}), the events it publishes
 * ({@link io.callqueue.api.QueueEvent}) and immutable snapshots of its state. Nothing here depends on
 * anything but the JDK; implementations live in {@code queue-core}.
 */
package io.callqueue.api;
