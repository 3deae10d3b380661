package io.callqueue.api;

/**
 * Receives the engine's events, on the engine's thread, in the order they happened. A listener
 * must return quickly and must not block; it may call the engine (the call is queued and runs after
 * the current event). An exception thrown by a listener is logged and does not stop the engine.
 * To act on an event by its type, pass it a {@link QueueEvent.Visitor}:
 * {@code event -> event.accept(visitor)}.
 */
@FunctionalInterface
public interface QueueEventListener {
  void onEvent(QueueEvent event);
}
