/**
 * The callqueue engine: a single-writer event loop that matches waiting callers with available
 * agents through indexed distribution strategies, drives agent lifecycles and timers, and reports
 * everything as {@link io.callqueue.api.QueueEvent}s. Start at {@link io.callqueue.core.CallQueueEngine}.
 */
package io.callqueue.core;
