package io.callqueue.api;

/** A registration that can be undone. */
@FunctionalInterface
public interface Subscription extends AutoCloseable {
  /** Stops the registration; calling it again does nothing. */
  @Override
  void close();
}
