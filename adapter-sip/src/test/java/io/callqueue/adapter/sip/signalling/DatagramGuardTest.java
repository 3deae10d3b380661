package io.callqueue.adapter.sip.signalling;

import static org.assertj.core.api.Assertions.assertThat;

import io.callqueue.adapter.sip.signalling.DatagramGuard.Screened;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DatagramGuardTest {
  private static final InetSocketAddress SOURCE =
      new InetSocketAddress(InetAddress.getLoopbackAddress(), 40000);

  private static Screened screen(String text) {
    byte[] bytes = text.replace("\n", "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    return DatagramGuard.screen(bytes, bytes.length, DatagramGuard.MAX_DATAGRAM);
  }

  @Test
  void replyGoesToTheSourceAddress_atTheViaPort_orTheSourcePortWithRport() {
    assertThat(DatagramGuard.replyAddress("SIP/2.0/UDP 192.0.2.1:5099;branch=z9hG4bK1", SOURCE))
        .isEqualTo(new InetSocketAddress(SOURCE.getAddress(), 5099));
    assertThat(DatagramGuard.replyAddress("SIP/2.0/UDP host.example;branch=z9hG4bK1", SOURCE))
        .isEqualTo(new InetSocketAddress(SOURCE.getAddress(), 5060));
    assertThat(DatagramGuard.replyAddress("SIP/2.0/UDP 192.0.2.1:5099;rport;branch=z9hG4bK1",
        SOURCE)).isEqualTo(SOURCE);
  }

  @Test
  void ackMissingHeaders_isDroppedNeverAnswered() {
    Screened screened = screen("ACK sip:100@127.0.0.1 SIP/2.0\n"
        + "Via: SIP/2.0/UDP 127.0.0.1:40000;branch=z9hG4bK1\nMax-Forwards: 70\n\n");

    assertThat(screened.pass()).isFalse();
    assertThat(screened.reply()).isNull();
    assertThat(screened.reason()).contains("ACK without mandatory headers From, To, Call-ID, CSeq");
  }

  @Test
  void foldedHeaderLines_andAllViasAreKept_inThe400() {
    Screened screened = screen("OPTIONS sip:127.0.0.1 SIP/2.0\n"
        + "Via: SIP/2.0/UDP 192.0.2.1:5099;branch=z9hG4bK1,\n SIP/2.0/UDP 192.0.2.2;branch=z9hG4bK2\n"
        + "From: <sip:a@example.com>\n ;tag=a1\n"
        + "To: <sip:b@example.com>\n"
        + "CSeq: 1 OPTIONS\nMax-Forwards: 70\n\n");

    assertThat(screened.reply()).startsWith("SIP/2.0 400 Bad Request (missing Call-ID)\r\n")
        .contains("Via: SIP/2.0/UDP 192.0.2.1:5099;branch=z9hG4bK1\r\n"
            + "Via: SIP/2.0/UDP 192.0.2.2;branch=z9hG4bK2\r\n")
        .contains("From: <sip:a@example.com> ;tag=a1\r\n")
        .containsPattern("To: <sip:b@example.com>;tag=[0-9a-f]{12}\r\n")
        .contains("CSeq: 1 OPTIONS\r\n");
  }

  @Test
  void keepAliveAndCompleteRequests_pass() {
    assertThat(screen("\n\n").pass()).isTrue();
    assertThat(screen("OPTIONS sip:127.0.0.1 SIP/2.0\nv: SIP/2.0/UDP 127.0.0.1;branch=z9hG4bK1\n"
        + "f: <sip:a@b>;tag=1\nt: <sip:c@d>\ni: abc\nCSeq: 1 OPTIONS\nMax-Forwards: 70\n\n")
        .pass()).isTrue();
  }

  @Test
  void cseqNumberFrom2To31_isA400_belowItPasses() {
    String invite = "INVITE sip:100@127.0.0.1 SIP/2.0\n"
        + "Via: SIP/2.0/UDP 127.0.0.1:40000;branch=z9hG4bK1\nMax-Forwards: 70\n"
        + "From: <sip:a@b>;tag=1\nTo: <sip:100@127.0.0.1>\nCall-ID: abc\nCSeq: %s INVITE\n\n";

    for (String tooBig : new String[] {"2147483648", "4294967296", "99999999999", "-1", "x"}) {
      Screened screened = screen(invite.formatted(tooBig));
      assertThat(screened.pass()).as(tooBig).isFalse();
      assertThat(screened.reply()).as(tooBig)
          .startsWith("SIP/2.0 400 Bad Request (CSeq out of range)\r\n")
          .contains("CSeq: " + tooBig + " INVITE\r\n");
    }
    assertThat(screen(invite.formatted("2147483647")).pass()).isTrue();
    assertThat(screen(invite.formatted("0")).pass()).isTrue();
  }
}
