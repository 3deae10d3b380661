package io.callqueue.adapter.sip;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Defects of the server that {@link SipFuzzer} finds and that are being fixed on other branches.
 * While a defect is open, the fuzz cases that expose it are left out (or their check is off), so
 * the suite stays green; once the fix is merged, set {@code fixed} to true here and they run in
 * every batch. To run them anyway, e.g. to see a defect fail:
 * {@code -Dcallqueue.fuzz.defects=UNACKED_2XX,CALL_ID_REUSE} (or {@code all}).
 */
enum KnownDefect {
  /** Issue 10 #1: an answered INVITE whose 2xx is never ACKed keeps its leg and port forever. */
  UNACKED_2XX(true),
  /** Issue 10 #2: an INVITE reusing a finished call's Call-ID overwrites that call's record. */
  CALL_ID_REUSE(true),
  /** Issue 10 #7: a request missing a mandatory header (From, To, Call-ID, CSeq) gets no 400. */
  MISSING_HEADER_NO_400(true),
  /** Issue 10 #3: a captured digest answer (same nonce, nc, cnonce) registers again. */
  DIGEST_REPLAY(true),
  /** Issue 10 #7: a datagram over 8 KB is dropped with a misleading log line, not answered 513. */
  OVERSIZE_NO_513(true),
  /**
   * Found by this fuzzer: two live calls whose SIP Call-IDs differ only in characters the engine's
   * call id cannot hold ({@code SipCallQueue.callId}: "a b" and "a_b", or the same first 128
   * characters) get one engine call id. At the same time, the second overwrites the first in the
   * SIP binding and the first caller's media session and RTP port are never closed; one after the
   * other, the second call's record replaces the first's. Exposed by dialog CALL_ID_ALIAS and by
   * HUGE_VALUE on the Call-ID header (a Call-ID of filler only).
   */
  CALL_ID_ALIAS(true),
  /**
   * Found by this fuzzer: an INVITE with CSeq 2^31 (RFC 3261 §8.1.1.5: must be below) is admitted
   * and answered; the caller's BYE, CSeq 2^31 + 1, is then answered 400 by the stack, so the call
   * can never be hung up by the caller and holds its agent for good. Exposed by BAD_NUMBER on the
   * CSeq of an INVITE with 2147483648 (or 4294967296).
   */
  CSEQ_OUT_OF_RANGE(true);

  private final boolean fixed;

  KnownDefect(boolean fixed) {
    this.fixed = fixed;
  }

  /** Whether the cases and checks that expose this defect run. */
  boolean checked() {
    return fixed || requested().contains("ALL") || requested().contains(name());
  }

  private static Set<String> requested() {
    return Arrays.stream(System.getProperty("callqueue.fuzz.defects", "").split(","))
        .map(s -> s.trim().toUpperCase(Locale.ROOT))
        .filter(s -> !s.isEmpty()).collect(Collectors.toSet());
  }
}
