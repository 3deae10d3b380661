package io.callqueue.benchmarks.sim;

/** A command-line flag or value that cannot be used; the message names it and says why. */
public final class UsageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An error with a one-line message. */
  public UsageException(String message) {
    super(message);
  }
}
