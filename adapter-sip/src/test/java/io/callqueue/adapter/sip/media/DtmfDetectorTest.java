package io.callqueue.adapter.sip.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DtmfDetectorTest {
  private final DtmfDetector detector = new DtmfDetector();
  private final List<Character> keys = new ArrayList<>();

  private void packet(int ssrc, int timestamp, int event, boolean end, int duration) {
    byte[] p = RtpProbe.event(event, end, 10, duration);
    char key = detector.onPacket(ssrc, timestamp, p, 0, p.length);
    if (key != 0) {
      keys.add(key);
    }
  }

  /** A press as senders do it: start, updates every 50 ms, the end packet three times. */
  private void press(int ssrc, int timestamp, int event) {
    for (int duration = 0; duration <= 800; duration += 400) {
      packet(ssrc, timestamp, event, false, duration);
    }
    for (int i = 0; i < 3; i++) {
      packet(ssrc, timestamp, event, true, 1000);
    }
  }

  @ParameterizedTest(name = "event {0} is key {1}")
  @CsvSource({"0,0", "5,5", "9,9", "10,*", "11,#", "12,A", "15,D"})
  void press_withRetransmittedEnds_reportsTheKeyOnce(int event, char key) {
    press(1, 1000, event);
    assertThat(keys).containsExactly(key);
  }

  @Test
  void sameKeyTwice_withDifferentTimestamps_reportsTwice() {
    press(1, 1000, 5);
    press(1, 3000, 5);
    assertThat(keys).containsExactly('5', '5');
  }

  @Test
  void lostStartPacket_endPacketsStillReportOnce() {
    for (int i = 0; i < 3; i++) {
      packet(1, 500, 7, true, 800);
    }
    assertThat(keys).containsExactly('7');
  }

  @Test
  void lateEndOfThePreviousKey_afterTheNextKeyStarted_isIgnored() {
    press(1, 1000, 1);
    packet(1, 2000, 2, false, 0);
    packet(1, 1000, 1, true, 1000);
    assertThat(keys).containsExactly('1', '2');
  }

  @Test
  void longEventSplitIntoSegments_isOneKey() {
    packet(1, 0, 3, false, 0);
    packet(1, 0, 3, false, 65535);
    packet(1, 65535, 3, false, 400);
    packet(1, 65535, 3, true, 800);
    assertThat(keys).containsExactly('3');
  }

  @Test
  void nonKeyEvents_andShortPayloads_reportNothing() {
    press(1, 1000, 16);
    assertThat((int) detector.onPacket(1, 5000, new byte[] {1, 0}, 0, 2)).isZero();
    assertThat(keys).isEmpty();
  }
}
