package io.callqueue.adapter.sip.media;

/**
 * G.711 μ-law (PCMU, RTP payload type 0) and A-law (PCMA, payload type 8) codecs for 16-bit linear
 * PCM.
 *
 * <p>Design note: encoding follows the ITU-T G.711 decision levels as in the classic reference
 * implementation (μ-law: bias 0x84, clip at 32635; A-law: 13-bit input, one's complement for
 * negative values); decoding uses two 256-entry tables, and PCMU↔PCMA transcoding two more
 * (decode then encode), so every sample costs a table lookup or a handful of integer operations.
 * The JDK's own javax.sound converter decodes identically; its encoder differs only where it
 * deviates from G.711 — μ-law wraps around above ±32635 instead of clipping, A-law turns -1..-7
 * into -248 and rounds other negative magnitudes one level differently at interval edges — which
 * is why the codec is our own rather than javax.sound's (see {@code G711Test}).
 */
final class G711 {
  static final int PCMU = 0;
  static final int PCMA = 8;

  private static final short[] ULAW_TO_LINEAR = new short[256];
  private static final short[] ALAW_TO_LINEAR = new short[256];
  private static final byte[] ULAW_TO_ALAW = new byte[256];
  private static final byte[] ALAW_TO_ULAW = new byte[256];

  static {
    for (int code = 0; code < 256; code++) {
      ULAW_TO_LINEAR[code] = (short) decodeUlaw(code);
      ALAW_TO_LINEAR[code] = (short) decodeAlaw(code);
    }
    for (int code = 0; code < 256; code++) {
      ULAW_TO_ALAW[code] = linearToAlaw(ULAW_TO_LINEAR[code]);
      ALAW_TO_ULAW[code] = linearToUlaw(ALAW_TO_LINEAR[code]);
    }
  }

  private G711() {}

  /** True for the payload types this package can encode and decode. */
  static boolean isSupported(int payloadType) {
    return payloadType == PCMU || payloadType == PCMA;
  }

  /** One 16-bit sample to μ-law. */
  static byte linearToUlaw(int sample) {
    int mask;
    int magnitude = sample;
    if (magnitude < 0) {
      magnitude = -magnitude;
      mask = 0x7F;
    } else {
      mask = 0xFF;
    }
    if (magnitude > 32635) {
      magnitude = 32635;
    }
    magnitude += 0x84;
    int segment = 31 - Integer.numberOfLeadingZeros(magnitude >> 7);
    int code = (segment << 4) | ((magnitude >> (segment + 3)) & 0x0F);
    return (byte) (code ^ mask);
  }

  /** One 16-bit sample to A-law. */
  static byte linearToAlaw(int sample) {
    int magnitude = sample >> 3;
    int mask;
    if (magnitude >= 0) {
      mask = 0xD5;
    } else {
      mask = 0x55;
      magnitude = ~magnitude;
    }
    if (magnitude > 0xFFF) {
      return (byte) (0x7F ^ mask);
    }
    int segment = magnitude < 0x20 ? 0 : 32 - Integer.numberOfLeadingZeros(magnitude >> 5);
    int code = segment << 4;
    code |= segment < 2 ? (magnitude >> 1) & 0x0F : (magnitude >> segment) & 0x0F;
    return (byte) (code ^ mask);
  }

  static short ulawToLinear(byte code) {
    return ULAW_TO_LINEAR[code & 0xFF];
  }

  static short alawToLinear(byte code) {
    return ALAW_TO_LINEAR[code & 0xFF];
  }

  /** Encodes {@code count} samples to the payload type's code. */
  static void encode(int payloadType, short[] src, int srcOffset, byte[] dst, int dstOffset,
      int count) {
    if (payloadType == PCMU) {
      for (int i = 0; i < count; i++) {
        dst[dstOffset + i] = linearToUlaw(src[srcOffset + i]);
      }
    } else {
      for (int i = 0; i < count; i++) {
        dst[dstOffset + i] = linearToAlaw(src[srcOffset + i]);
      }
    }
  }

  /** Decodes one code of the payload type to a 16-bit sample. */
  static short decode(int payloadType, byte code) {
    return payloadType == PCMU ? ULAW_TO_LINEAR[code & 0xFF] : ALAW_TO_LINEAR[code & 0xFF];
  }

  /** Converts one code from one payload type to the other (identity when they are the same). */
  static byte transcode(int fromPayloadType, int toPayloadType, byte code) {
    if (fromPayloadType == toPayloadType) {
      return code;
    }
    return fromPayloadType == PCMU ? ULAW_TO_ALAW[code & 0xFF] : ALAW_TO_ULAW[code & 0xFF];
  }

  /** The code of a silent (zero) sample. */
  static byte silence(int payloadType) {
    return payloadType == PCMU ? (byte) 0xFF : (byte) 0xD5;
  }

  private static int decodeUlaw(int code) {
    int u = ~code & 0xFF;
    int t = ((u & 0x0F) << 3) + 0x84;
    t <<= (u & 0x70) >> 4;
    return (u & 0x80) != 0 ? 0x84 - t : t - 0x84;
  }

  private static int decodeAlaw(int code) {
    int a = code ^ 0x55;
    int t = (a & 0x0F) << 4;
    int segment = (a & 0x70) >> 4;
    if (segment == 0) {
      t += 8;
    } else {
      t += 0x108;
      t <<= segment - 1;
    }
    return (a & 0x80) != 0 ? t : -t;
  }
}
