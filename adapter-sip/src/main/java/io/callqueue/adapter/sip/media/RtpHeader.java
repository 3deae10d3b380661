package io.callqueue.adapter.sip.media;

import java.nio.ByteBuffer;

/**
 * The RTP fixed header (RFC 3550 §5.1): writing one, and a reusable parsed view of one.
 *
 * <p>Design note: the receive path parses into one mutable instance per thread, so a packet costs
 * no allocation; the payload stays in the receive buffer ({@link #payloadOffset},
 * {@link #payloadLength}) with CSRCs, the header extension and padding skipped.
 */
final class RtpHeader {
  static final int FIXED_LENGTH = 12;

  boolean marker;
  int payloadType;
  /** 16-bit sequence number, 0..65535. */
  int sequence;
  int timestamp;
  int ssrc;
  int csrcCount;
  boolean extension;
  boolean padding;
  /** Where the payload starts in the parsed buffer (absolute index). */
  int payloadOffset;
  int payloadLength;

  /**
   * Parses the packet between the buffer's position and limit (the buffer is not moved).
   *
   * @return false if it is not a well-formed RTP version 2 packet
   */
  boolean parse(ByteBuffer packet) {
    int start = packet.position();
    int length = packet.remaining();
    if (length < FIXED_LENGTH) {
      return false;
    }
    int b0 = packet.get(start) & 0xFF;
    if (b0 >> 6 != 2) {
      return false;
    }
    padding = (b0 & 0x20) != 0;
    extension = (b0 & 0x10) != 0;
    csrcCount = b0 & 0x0F;
    int b1 = packet.get(start + 1) & 0xFF;
    marker = (b1 & 0x80) != 0;
    payloadType = b1 & 0x7F;
    sequence = packet.getShort(start + 2) & 0xFFFF;
    timestamp = packet.getInt(start + 4);
    ssrc = packet.getInt(start + 8);
    int offset = FIXED_LENGTH + 4 * csrcCount;
    if (extension) {
      if (length < offset + 4) {
        return false;
      }
      int words = packet.getShort(start + offset + 2) & 0xFFFF;
      offset += 4 + 4 * words;
    }
    int end = length;
    if (padding) {
      if (end <= offset) {
        return false;
      }
      end -= packet.get(start + length - 1) & 0xFF;
    }
    if (end < offset) {
      return false;
    }
    payloadOffset = start + offset;
    payloadLength = end - offset;
    return true;
  }

  /** Writes a 12-byte header (no CSRC, extension or padding) at the buffer's position. */
  static void write(ByteBuffer out, boolean marker, int payloadType, int sequence, int timestamp,
      int ssrc) {
    out.put((byte) 0x80);
    out.put((byte) ((marker ? 0x80 : 0) | (payloadType & 0x7F)));
    out.putShort((short) sequence);
    out.putInt(timestamp);
    out.putInt(ssrc);
  }
}
