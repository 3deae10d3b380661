package io.callqueue.spi;

/** A {@link CallRecordStore} could not do what was asked; the message says what and why. */
public class CallRecordStoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CallRecordStoreException(String message) {
    super(message);
  }

  public CallRecordStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
