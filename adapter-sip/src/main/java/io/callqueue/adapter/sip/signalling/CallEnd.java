package io.callqueue.adapter.sip.signalling;

/** Why a call leg ended. */
public enum CallEnd {
  /** The far end hung up (BYE received). */
  REMOTE_HANGUP,
  /** We hung up (BYE sent). */
  LOCAL_HANGUP,
  /** The INVITE was cancelled before an answer, by the caller (inbound) or by us (outbound). */
  CANCELLED,
  /** We rejected an incoming call with a final error response. */
  REJECTED,
  /** The leg failed: an outbound ring failed, or an answered inbound call was never ACKed. */
  FAILED,
  /** The server stopped while the leg was alive (answered legs got a BYE). */
  SERVER_STOPPED
}
