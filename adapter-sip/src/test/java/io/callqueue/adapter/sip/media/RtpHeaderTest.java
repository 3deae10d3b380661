package io.callqueue.adapter.sip.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RtpHeaderTest {

  @ParameterizedTest(name = "marker={0} pt={1} seq={2} ts={3} ssrc={4}")
  @CsvSource({
      "true,  0,   0,     0,          0",
      "false, 8,   65535, 4294967295, -1",
      "true,  101, 32768, 2147483648, 305419896",
      "false, 127, 1,     160,        -559038737",
  })
  void write_thenParse_givesTheSameFields(boolean marker, int payloadType, int sequence,
      long timestamp, int ssrc) {
    ByteBuffer b = ByteBuffer.allocate(12 + 3);
    RtpHeader.write(b, marker, payloadType, sequence, (int) timestamp, ssrc);
    b.put(new byte[] {1, 2, 3}).flip();

    RtpHeader h = new RtpHeader();
    assertThat(h.parse(b)).isTrue();
    assertThat(h.marker).isEqualTo(marker);
    assertThat(h.payloadType).isEqualTo(payloadType);
    assertThat(h.sequence).isEqualTo(sequence);
    assertThat(h.timestamp & 0xFFFFFFFFL).isEqualTo(timestamp);
    assertThat(h.ssrc).isEqualTo(ssrc);
    assertThat(h.payloadOffset).isEqualTo(12);
    assertThat(h.payloadLength).isEqualTo(3);
  }

  @Test
  void write_producesTheRfc3550WireLayout() {
    ByteBuffer b = ByteBuffer.allocate(12);
    RtpHeader.write(b, true, 8, 0x1234, 0x89ABCDEF, 0x01020304);
    assertThat(b.array()).containsExactly(0x80, 0x88, 0x12, 0x34, 0x89, 0xAB, 0xCD, 0xEF,
        0x01, 0x02, 0x03, 0x04);
  }

  @Test
  void parse_skipsCsrcsExtensionAndPadding() {
    ByteBuffer b = ByteBuffer.allocate(64);
    b.put((byte) (0x80 | 0x20 | 0x10 | 2)).put((byte) 0).putShort((short) 7).putInt(1).putInt(2);
    b.putInt(11).putInt(22);                       // two CSRCs
    b.putShort((short) 0xBEDE).putShort((short) 1).putInt(0xAABBCCDD); // one-word extension
    b.put(new byte[] {5, 6, 7, 8});                // payload
    b.put(new byte[] {0, 0, 3});                   // three bytes of padding
    b.flip();

    RtpHeader h = new RtpHeader();
    assertThat(h.parse(b)).isTrue();
    assertThat(h.csrcCount).isEqualTo(2);
    assertThat(h.payloadOffset).isEqualTo(12 + 8 + 8);
    assertThat(h.payloadLength).isEqualTo(4);
    assertThat(b.get(h.payloadOffset)).isEqualTo((byte) 5);
  }

  @Test
  void parse_rejectsShortPacketsWrongVersionsAndBadPadding() {
    RtpHeader h = new RtpHeader();
    assertThat(h.parse(ByteBuffer.allocate(11))).isFalse();
    ByteBuffer v1 = ByteBuffer.allocate(12).put(0, (byte) 0x40);
    assertThat(h.parse(v1)).isFalse();
    ByteBuffer padded = ByteBuffer.allocate(14).put(0, (byte) 0xA0).put(13, (byte) 9);
    assertThat(h.parse(padded)).isFalse();
  }
}
