/**
 * The standalone SIP call-queue server: registrar, B2BUA and RTP media on JAIN-SIP, tested with
 * SIPp. Placeholder: the adapter arrives with its own issue.
 */
package io.callqueue.adapter.sip;
