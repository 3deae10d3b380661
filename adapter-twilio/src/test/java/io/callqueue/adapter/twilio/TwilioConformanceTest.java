package io.callqueue.adapter.twilio;

import io.callqueue.testkit.conformance.ConformanceFixture;
import io.callqueue.testkit.conformance.TelephonyPortConformanceKit;
import io.callqueue.testkit.tier.WireTest;

/**
 * The adapter conformance kit on Twilio's wire: the adapter's webhook server and the real Twilio
 * SDK against the {@link io.callqueue.adapter.twilio.standin.FakeTwilio} stand-in.
 */
@WireTest
class TwilioConformanceTest extends TelephonyPortConformanceKit {
  @Override
  protected ConformanceFixture newFixture() {
    return new TwilioConformanceFixture();
  }
}
