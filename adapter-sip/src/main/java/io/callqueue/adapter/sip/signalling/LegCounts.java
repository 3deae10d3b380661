package io.callqueue.adapter.sip.signalling;

/**
 * How many call legs a running {@link SipServer} holds: a diagnostics value for health checks and
 * leak tests (a leg that is never freed shows here long after its call ended).
 *
 * @param inbound legs of incoming calls (offered, answered or confirmed)
 * @param outbound legs the server dialled (ringing or answered)
 */
public record LegCounts(int inbound, int outbound) {
  /** No leg at all. */
  public static final LegCounts NONE = new LegCounts(0, 0);

  public LegCounts {
    if (inbound < 0 || outbound < 0) {
      throw new IllegalArgumentException("leg counts must be >= 0, were " + inbound + " inbound, "
          + outbound + " outbound");
    }
  }

  /** Both directions together. */
  public int total() {
    return inbound + outbound;
  }
}
