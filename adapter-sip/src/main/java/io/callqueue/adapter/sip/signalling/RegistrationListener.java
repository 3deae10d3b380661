package io.callqueue.adapter.sip.signalling;

/**
 * Hears when accounts become registered and stop being registered — what the engine's
 * {@code sipRegistered}/{@code sipUnregistered} need for auto-activation. Edges only: a refresh
 * or a second contact of an account already registered is not reported. Called on the server's
 * callback thread, in the order the changes happened; must not block for long.
 */
public interface RegistrationListener {

  /** The account had no binding and now has this one. */
  void registered(SipBinding binding);

  /** The account's last binding is gone. */
  void unregistered(String username, Reason reason);

  /** How the last binding went. */
  enum Reason {
    /** The phone unregistered (REGISTER with Expires: 0). */
    UNREGISTERED,
    /** The binding was not refreshed in time. */
    EXPIRED
  }

  /** A listener that ignores everything. */
  static RegistrationListener none() {
    return new RegistrationListener() {
      @Override
      public void registered(SipBinding binding) {}

      @Override
      public void unregistered(String username, Reason reason) {}
    };
  }
}
