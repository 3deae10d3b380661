package io.callqueue.adapter.sip;

import io.callqueue.testkit.conformance.ConformanceFixture;
import io.callqueue.testkit.conformance.TelephonyPortConformanceKit;
import io.callqueue.testkit.sipp.Sipp;
import io.callqueue.testkit.tier.WireTest;
import org.junit.jupiter.api.BeforeAll;

/**
 * The adapter conformance kit against the standalone SIP server on the wire: the real server and
 * engine on 127.0.0.1, SIPp agent phones and a test-only SIP/RTP caller (see {@link
 * SipConformanceFixture}). Skipped when SIPp is not installed.
 */
@WireTest
class SipConformanceTest extends TelephonyPortConformanceKit {

  @BeforeAll
  static void sipp() {
    Sipp.assumeInstalled();
  }

  @Override
  protected ConformanceFixture newFixture() {
    return new SipConformanceFixture();
  }
}
