package io.callqueue.adapter.asterisk.ari;

/**
 * An ARI request that Asterisk refused or could not be sent: the message names the request, the
 * HTTP status and Asterisk's own reason ({@code 404 Channel not found}, say).
 */
public final class AriException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The HTTP status, or 0 when no answer came (connection refused, closed). */
  private final int status;

  public AriException(String message, int status) {
    super(message);
    this.status = status;
  }

  public AriException(String message, Throwable cause) {
    super(message, cause);
    this.status = 0;
  }

  /** The HTTP status of Asterisk's answer, or 0 when there was none. */
  public int status() {
    return status;
  }
}
