package io.callqueue.adapter.sip.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class OutboundStreamTest {
  private final OutboundStream stream = new OutboundStream(new SplittableRandom(42));
  private final ByteBuffer buffer = ByteBuffer.allocate(12);
  private final RtpHeader header = new RtpHeader();

  private RtpHeader paced(long tick) {
    buffer.clear();
    stream.writePaced(buffer, 0, tick);
    buffer.flip();
    header.parse(buffer);
    return copy(header);
  }

  private RtpHeader relayed(int ssrc, int sequence, int timestamp, long nowTick) {
    RtpHeader source = new RtpHeader();
    source.ssrc = ssrc;
    source.sequence = sequence;
    source.timestamp = timestamp;
    buffer.clear();
    stream.writeRelayed(buffer, 8, source, nowTick);
    buffer.flip();
    header.parse(buffer);
    return copy(header);
  }

  private static RtpHeader copy(RtpHeader h) {
    RtpHeader c = new RtpHeader();
    c.marker = h.marker;
    c.payloadType = h.payloadType;
    c.sequence = h.sequence;
    c.timestamp = h.timestamp;
    c.ssrc = h.ssrc;
    return c;
  }

  @Test
  void pacedFrames_stepSequenceByOneAndTimestampBy160_markerOnFirstOnly() {
    RtpHeader first = paced(100);
    RtpHeader second = paced(101);
    RtpHeader third = paced(102);
    assertThat(first.marker).isTrue();
    assertThat(second.marker).isFalse();
    assertThat(third.marker).isFalse();
    assertThat(second.sequence).isEqualTo((first.sequence + 1) & 0xFFFF);
    assertThat(third.timestamp - second.timestamp).isEqualTo(160);
    assertThat(first.ssrc).isEqualTo(stream.ssrc()).isEqualTo(third.ssrc);
  }

  @Test
  void afterAPause_timestampFollowsTheClockAndMarkerIsSet() {
    RtpHeader before = paced(10);
    stream.interrupt();
    RtpHeader after = paced(60);
    assertThat(after.marker).isTrue();
    assertThat(after.sequence).isEqualTo((before.sequence + 1) & 0xFFFF);
    assertThat(after.timestamp - before.timestamp).isEqualTo(50 * 160);
  }

  @Test
  void relayedRun_keepsTheSourcesGapsUnderOurSsrc_andMarksItsStart() {
    RtpHeader last = paced(10);
    RtpHeader a = relayed(777, 5000, 90_000, 11);
    RtpHeader b = relayed(777, 5002, 90_320, 12);
    assertThat(a.marker).isTrue();
    assertThat(b.marker).isFalse();
    assertThat(a.ssrc).isEqualTo(stream.ssrc());
    assertThat(a.payloadType).isEqualTo(8);
    assertThat(a.sequence).isEqualTo((last.sequence + 1) & 0xFFFF);
    assertThat(b.sequence).isEqualTo((a.sequence + 2) & 0xFFFF);
    assertThat(b.timestamp - a.timestamp).isEqualTo(320);
    assertThat(a.timestamp - last.timestamp).isPositive();
  }

  @Test
  void newSourceSsrc_startsANewRun_withoutGoingBackInSequenceOrTime() {
    relayed(1, 100, 1_000_000, 5);
    RtpHeader a = relayed(1, 101, 1_000_160, 5);
    RtpHeader b = relayed(2, 9, 3, 5);
    assertThat(b.marker).isTrue();
    assertThat(b.sequence).isEqualTo((a.sequence + 1) & 0xFFFF);
    assertThat(b.timestamp - a.timestamp).isPositive();
  }

  @Test
  void pacedAfterRelay_neverGoesBackInTime() {
    paced(10);
    RtpHeader r = null;
    for (int i = 0; i < 50; i++) {
      // the source's clock runs a little fast: its timestamps outrun our ticks
      r = relayed(3, i, 200 * i, 11);
    }
    RtpHeader p = paced(12);
    assertThat(p.marker).isTrue();
    assertThat(p.timestamp - r.timestamp).isPositive();
    assertThat(p.sequence).isEqualTo((r.sequence + 1) & 0xFFFF);
  }
}
