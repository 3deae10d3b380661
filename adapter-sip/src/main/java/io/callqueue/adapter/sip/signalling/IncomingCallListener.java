package io.callqueue.adapter.sip.signalling;

/**
 * Receives admitted incoming calls. Called on the server's callback thread: hand long work
 * elsewhere. The call waits (the caller hears nothing, or ringing after {@link
 * IncomingCall#ringing()}) until it is answered or rejected; a listener that throws gets the call
 * rejected with 500.
 */
@FunctionalInterface
public interface IncomingCallListener {

  void incomingCall(IncomingCall call);
}
