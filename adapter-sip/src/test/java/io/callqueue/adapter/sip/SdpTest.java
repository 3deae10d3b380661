package io.callqueue.adapter.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the server accepts as a caller's SDP offer: only what its media layer can use. */
class SdpTest {
  private static String offer(String connection, String telephoneEvent) {
    return "v=0\r\n"
        + "o=peer 1 1 IN IP4 127.0.0.1\r\n"
        + "s=-\r\n"
        + connection
        + "t=0 0\r\n"
        + "m=audio 40000 RTP/AVP 8 " + telephoneEvent + "\r\n"
        + "a=rtpmap:8 PCMA/8000\r\n"
        + "a=rtpmap:" + telephoneEvent + " telephone-event/8000\r\n";
  }

  @Test
  void aLiteralAddress_isTheMediaAddress_withTheOfferedTelephoneEvent() {
    assertThat(Sdp.parse(offer("c=IN IP4 192.0.2.7\r\n", "101"))).hasValueSatisfying(o -> {
      assertThat(o.media()).isEqualTo(new InetSocketAddress("192.0.2.7", 40000));
      assertThat(o.payloadType()).isEqualTo(8);
      assertThat(o.telephoneEvent()).isEqualTo(101);
    });
    assertThat(Sdp.parse(offer("c=IN IP6 2001:db8::7\r\n", "101")))
        .hasValueSatisfying(o -> assertThat(o.media().isUnresolved()).isFalse());
  }

  /** Found by SipFuzzTest: a garbled address left the caller's media port open for good. */
  @ParameterizedTest
  @ValueSource(strings = {"c=IN I\0P4 127.0.0.1\r\n", "c=IN IP4 127.0.0.1 x\r\n",
      "c=IN IP4 not-an-address.invalid\r\n", "c=IN IP4 999.1.1.1\r\n", "c=IN IP4 \r\n"})
  void anAddressThatIsNotALiteralIp_isNoUsableOffer(String connection) {
    assertThat(Sdp.parse(offer(connection, "101"))).isEmpty();
  }

  /** Found by SipFuzzTest: RFC 4733 events use dynamic types; the media layer takes 96-127. */
  @ParameterizedTest
  @ValueSource(strings = {"50", "128", "0"})
  void aTelephoneEventOutsideTheDynamicRange_isIgnored_theAudioStaysUsable(String type) {
    assertThat(Sdp.parse(offer("c=IN IP4 127.0.0.1\r\n", type)))
        .hasValueSatisfying(o -> assertThat(o.telephoneEvent()).isEqualTo(-1));
  }
}
