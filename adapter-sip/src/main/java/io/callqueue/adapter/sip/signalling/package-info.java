/**
 * SIP signalling of the standalone server on JAIN-SIP: a registrar with digest authentication whose
 * bindings drive auto-activation, admission of incoming INVITEs (trunk address lists or digest
 * accounts), the inbound leg of the B2BUA ({@link IncomingCall}) and an outbound {@link Dialer}
 * that rings agents and maps SIP failures to {@link io.callqueue.api.RingFailure}. The entry point
 * is {@link SipServer}; all SIP state lives on one serial signalling thread, JAIN-SIP's threads
 * only hand events to it, and user callbacks run on a separate callback thread. Media (RTP, SDP
 * construction) lives in {@code io.callqueue.adapter.sip.media}.
 */
package io.callqueue.adapter.sip.signalling;
