package io.callqueue.adapter.sip.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DtmfReceiveTest extends MediaTestSupport {
  private static final Path SIPP_PCAPS = Path.of("/usr/share/sip-tester");

  /** One key press as RFC 4733 senders send it: start, updates, the end packet three times. */
  private static int press(RtpProbe from, InetSocketAddress to, int payloadType, int event,
      int sequence, long timestamp) throws IOException {
    int seq = sequence;
    for (int duration = 0; duration <= 640; duration += 320) {
      from.send(to, payloadType, duration == 0, seq++, timestamp, 0x1234,
          RtpProbe.event(event, false, 10, duration));
    }
    for (int i = 0; i < 3; i++) {
      from.send(to, payloadType, false, seq++, timestamp, 0x1234,
          RtpProbe.event(event, true, 10, 800));
    }
    return seq;
  }

  @Test
  void keyPress_withRetransmittedEndPackets_isReportedExactlyOnce() throws Exception {
    RtpProbe phone = probe();
    MediaSession caller = leg("caller-1", phone, G711.PCMU, 101);

    press(phone, caller.localAddress(), 101, 5, 100, 16_000);

    assertThat(nextDigit(WAIT)).isEqualTo("caller-1:5");
    assertThat(nextDigit(Duration.ofMillis(300))).isNull();
  }

  @Test
  void sameKeyTwice_isReportedTwice_andKeysOfEachLegCarryTheLegsId() throws Exception {
    RtpProbe phoneA = probe();
    RtpProbe phoneB = probe();
    MediaSession a = leg("a", phoneA, G711.PCMU, 101);
    MediaSession b = leg("b", phoneB, G711.PCMA, 101);

    int seq = press(phoneA, a.localAddress(), 101, 11, 1, 8000);
    assertThat(nextDigit(WAIT)).isEqualTo("a:#");
    press(phoneA, a.localAddress(), 101, 11, seq, 9600);
    assertThat(nextDigit(WAIT)).isEqualTo("a:#");
    press(phoneB, b.localAddress(), 101, 10, 1, 8000);
    assertThat(nextDigit(WAIT)).isEqualTo("b:*");
    assertThat(nextDigit(Duration.ofMillis(300))).isNull();
  }

  @Test
  void negotiatedPayloadType_isTheOneListenedTo() throws Exception {
    RtpProbe phone = probe();
    MediaSession caller = leg("caller", phone, G711.PCMU, 96);

    int seq = press(phone, caller.localAddress(), 101, 3, 1, 8000);
    assertThat(nextDigit(Duration.ofMillis(300))).isNull();
    press(phone, caller.localAddress(), 96, 4, seq, 9600);
    assertThat(nextDigit(WAIT)).isEqualTo("caller:4");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "dtmf_2833_1.pcap, 1", "dtmf_2833_0.pcap, 0", "dtmf_2833_9.pcap, 9",
      "dtmf_2833_star.pcap, *", "dtmf_2833_pound.pcap, #"})
  void sippsRecordedKeyPress_isReportedOnce(String pcap, char key) throws Exception {
    Path file = SIPP_PCAPS.resolve(pcap);
    assumeTrue(Files.isReadable(file), "SIPp's pcaps need the sip-tester package: " + file);
    List<byte[]> packets = Pcap.udpPayloads(file);
    assertThat(packets).isNotEmpty().allMatch(p -> (p[1] & 0x7F) == 101);
    RtpProbe sipp = probe();
    MediaSession caller = leg("caller", sipp, G711.PCMA, 101);

    for (byte[] packet : packets) {
      sipp.send(caller.localAddress(), packet);
    }

    assertThat(nextDigit(WAIT)).isEqualTo("caller:" + key);
    assertThat(nextDigit(Duration.ofMillis(300))).isNull();
  }
}
