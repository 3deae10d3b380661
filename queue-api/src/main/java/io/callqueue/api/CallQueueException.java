package io.callqueue.api;

/** A request to the engine that cannot be carried out; the message says why. */
public class CallQueueException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CallQueueException(String message) {
    super(message);
  }

  public CallQueueException(String message, Throwable cause) {
    super(message, cause);
  }
}
