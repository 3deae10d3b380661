package io.callqueue.core;

import io.callqueue.api.QueueEvent;
import io.callqueue.api.QueueEventListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's event listeners. Copy-on-write: {@link #add} and {@link #remove} (any thread, rare)
 * replace the array under this object's lock; {@link #publish} (the engine's thread, every event)
 * reads it without one and walks it without an iterator. A listener that throws is logged; the
 * others still get the event.
 */
final class EventListeners {
  private static final Logger log = LoggerFactory.getLogger(CallQueueEngine.class);

  private volatile QueueEventListener[] listeners = new QueueEventListener[0];

  void publish(QueueEvent event) {
    for (QueueEventListener l : listeners) { // an array: no iterator per event
      try {
        l.onEvent(event);
      } catch (RuntimeException e) {
        log.error("event listener {} failed on {}", l, event, e);
      }
    }
  }

  void add(QueueEventListener l) {
    synchronized (this) {
      QueueEventListener[] old = listeners;
      QueueEventListener[] now = java.util.Arrays.copyOf(old, old.length + 1);
      now[old.length] = l;
      listeners = now;
    }
  }

  void remove(QueueEventListener l) {
    synchronized (this) {
      QueueEventListener[] old = listeners;
      for (int i = 0; i < old.length; i++) {
        if (old[i] == l) {
          QueueEventListener[] now = new QueueEventListener[old.length - 1];
          System.arraycopy(old, 0, now, 0, i);
          System.arraycopy(old, i + 1, now, i, old.length - i - 1);
          listeners = now;
          return;
        }
      }
    }
  }
}
