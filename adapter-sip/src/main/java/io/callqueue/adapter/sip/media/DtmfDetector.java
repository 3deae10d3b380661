package io.callqueue.adapter.sip.media;

/**
 * Turns RFC 4733 telephone-event packets into key presses, each reported once.
 *
 * <p>Design note: all packets of one event carry the event's start timestamp (the sender repeats
 * updates while the key is held, then the end packet, E bit set, three times). A key is reported
 * on the first packet seen with a new (SSRC, timestamp) — start or end, whichever arrives first,
 * so a lost start packet does not lose the key; later packets of the same event, including late
 * ones, are recognised by a small memory of the last few events and ignored. A long event split
 * into segments (RFC 4733 §2.5.1.3: a new timestamp without an end on the previous segment, same
 * event, starting where the previous duration ended) continues the previous key. Events 0–15
 * (0–9, *, #, A–D) are keys; others (flash, tones) are ignored. O(1) per packet, no allocation.
 *
 * <p>Threading: used by the receive thread only.
 */
final class DtmfDetector {
  private static final char[] KEYS = "0123456789*#ABCD".toCharArray();
  private static final int MEMORY = 4;

  private final int[] seenSsrc = new int[MEMORY];
  private final int[] seenTimestamp = new int[MEMORY];
  private final boolean[] seenValid = new boolean[MEMORY];
  private int next;

  private boolean lastOpen;
  private int lastSsrc;
  private int lastEvent;
  private int lastTimestamp;
  private int lastDuration;

  /** The character for an RFC 4733 event code, or 0 if it is not a key. */
  static char keyOf(int event) {
    return event >= 0 && event < KEYS.length ? KEYS[event] : 0;
  }

  /**
   * One telephone-event packet.
   *
   * @param payload the packet bytes; the 4-byte event payload starts at {@code offset}
   * @return the key pressed, or 0 if this packet reports nothing new
   */
  char onPacket(int ssrc, int timestamp, byte[] payload, int offset, int length) {
    if (length < 4) {
      return 0;
    }
    int event = payload[offset] & 0xFF;
    boolean end = (payload[offset + 1] & 0x80) != 0;
    int duration = ((payload[offset + 2] & 0xFF) << 8) | (payload[offset + 3] & 0xFF);
    char key = keyOf(event);
    if (key == 0) {
      return 0;
    }
    boolean seen = remembered(ssrc, timestamp);
    boolean continuesSegment = !seen && lastOpen && ssrc == lastSsrc && event == lastEvent
        && timestamp - lastTimestamp == lastDuration;
    if (seen) {
      if (ssrc == lastSsrc && timestamp == lastTimestamp) {
        lastOpen &= !end;
        lastDuration = Math.max(lastDuration, duration);
      }
      return 0;
    }
    remember(ssrc, timestamp);
    lastOpen = !end;
    lastSsrc = ssrc;
    lastEvent = event;
    lastTimestamp = timestamp;
    lastDuration = duration;
    return continuesSegment ? 0 : key;
  }

  private boolean remembered(int ssrc, int timestamp) {
    for (int i = 0; i < MEMORY; i++) {
      if (seenValid[i] && seenSsrc[i] == ssrc && seenTimestamp[i] == timestamp) {
        return true;
      }
    }
    return false;
  }

  private void remember(int ssrc, int timestamp) {
    seenValid[next] = true;
    seenSsrc[next] = ssrc;
    seenTimestamp[next] = timestamp;
    next = (next + 1) % MEMORY;
  }
}
