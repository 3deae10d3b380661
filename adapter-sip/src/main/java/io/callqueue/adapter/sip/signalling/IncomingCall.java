package io.callqueue.adapter.sip.signalling;

import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * An admitted incoming INVITE: the caller's leg of the B2BUA. Methods may be called from any
 * thread and return at once; the SIP work runs on the server's signalling thread, and stages
 * complete on its callback thread. Calls after the leg ended are ignored.
 */
public interface IncomingCall {

  /** The SIP Call-ID of this leg. */
  String callId();

  /** The caller: the user part of the From URI (a number, or an account name). */
  String caller();

  /** The dialled number: the user part of the Request-URI. */
  String number();

  /** The account that authenticated this INVITE with digest, if it came that way. */
  Optional<String> account();

  /** The trunk this INVITE was admitted from, if it came that way. */
  Optional<String> trunk();

  /** Where the INVITE came from. */
  InetSocketAddress source();

  /** The caller's current SDP: the offer of the INVITE (empty if none), later re-offers. */
  String remoteSdp();

  /** Sends 180 Ringing. */
  void ringing();

  /**
   * Answers with 200 OK carrying this SDP. The stage completes when the caller's ACK arrives, and
   * fails if the leg ended first (cancelled, never acknowledged, server stopped).
   */
  CompletionStage<Void> answer(String sdp);

  /** Rejects the unanswered call with a final status 400-699 (e.g. 486 Busy Here). */
  void reject(int status);

  /** Ends the call: BYE once answered (after the ACK), 480 Temporarily Unavailable before. */
  void hangUp();

  /** Completes once when the leg ends, with the reason (e.g. REMOTE_HANGUP on the caller's BYE). */
  CompletionStage<CallEnd> ended();

  /**
   * Hears the caller's later SDP offers (re-INVITE: hold, resume, new address). They are answered
   * with the SDP given to {@link #answer} without asking; the listener runs on the callback thread.
   */
  void onRemoteSdp(Consumer<String> listener);

  /** Keys sent as SIP INFO {@code application/dtmf-relay} (RFC 4733 keys come with the media). */
  void onKey(Consumer<Character> listener);
}
