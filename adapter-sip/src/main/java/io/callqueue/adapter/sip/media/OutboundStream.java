package io.callqueue.adapter.sip.media;

import java.nio.ByteBuffer;
import java.util.random.RandomGenerator;

/**
 * One leg's outgoing RTP stream: its SSRC, sequence numbers and timestamps, whatever the source
 * (music, prompts, or packets relayed from the bridged leg).
 *
 * <p>Design note: a paced frame's timestamp is derived from the pacing tick ({@code base + 160 ·
 * tick}), so timestamps follow the wall clock across pauses and source switches and never drift
 * from the send times. A relayed packet keeps the source's timestamp and sequence spacing (so the
 * far end still sees the source's loss and jitter) shifted by offsets fixed at the first packet of
 * each relayed run; a new run starts on a source SSRC change or a sequence jump. After a pause or
 * a source switch the next packet carries the marker bit (RFC 3551 §4.1) and timestamps never go
 * backwards. Initial SSRC, sequence and timestamp are random (RFC 3550 §5.1).
 *
 * <p>Threading: the pacing thread and the receive thread (relay) both write; every method is
 * synchronized on this stream, which is a leaf lock.
 */
final class OutboundStream {
  static final int SAMPLES_PER_FRAME = 160;
  private static final int MAX_SEQUENCE_JUMP = 100;

  private final int ssrc;
  private int timestampBase;
  private int nextSequence;
  private int lastTimestamp;
  private boolean sentAny;
  private boolean markerPending = true;

  private boolean relaySynced;
  private int relaySourceSsrc;
  private int sequenceOffset;
  private int timestampOffset;

  OutboundStream(RandomGenerator random) {
    ssrc = random.nextInt();
    timestampBase = random.nextInt();
    nextSequence = random.nextInt(0x10000);
  }

  int ssrc() {
    return ssrc;
  }

  /** The stream pauses or changes source: the next packet starts a talk spurt. */
  synchronized void interrupt() {
    markerPending = true;
    relaySynced = false;
  }

  /** Writes the header of the paced 20 ms frame of {@code tick}. */
  synchronized void writePaced(ByteBuffer out, int payloadType, long tick) {
    int timestamp = timestampAt(tick);
    if (relaySynced) {
      relaySynced = false;
      markerPending = true;
    }
    boolean marker = markerPending;
    markerPending = false;
    RtpHeader.write(out, marker, payloadType, nextSequence, timestamp, ssrc);
    nextSequence = (nextSequence + 1) & 0xFFFF;
    lastTimestamp = timestamp;
    sentAny = true;
  }

  /**
   * Writes the header for a packet relayed from another leg.
   *
   * @param source the relayed packet's parsed header
   * @param nowTick the pacing tick now, anchoring the timestamps of a new relayed run
   */
  synchronized void writeRelayed(ByteBuffer out, int payloadType, RtpHeader source, long nowTick) {
    int sequence = (source.sequence + sequenceOffset) & 0xFFFF;
    int ahead = (short) (sequence - nextSequence);
    if (!relaySynced || source.ssrc != relaySourceSsrc || ahead > MAX_SEQUENCE_JUMP
        || ahead < -MAX_SEQUENCE_JUMP) {
      relaySynced = true;
      relaySourceSsrc = source.ssrc;
      markerPending = true;
      sequenceOffset = nextSequence - source.sequence;
      sequence = nextSequence;
      timestampOffset = timestampAt(nowTick) - source.timestamp;
    }
    int timestamp = source.timestamp + timestampOffset;
    boolean marker = markerPending || source.marker;
    markerPending = false;
    RtpHeader.write(out, marker, payloadType, sequence, timestamp, ssrc);
    if ((short) (sequence - nextSequence) >= 0) {
      nextSequence = (sequence + 1) & 0xFFFF;
    }
    if (!sentAny || timestamp - lastTimestamp > 0) {
      lastTimestamp = timestamp;
    }
    sentAny = true;
  }

  /** The wall-clock timestamp of a tick, moved forward if needed so it is after the last sent. */
  private int timestampAt(long tick) {
    int timestamp = timestampBase + (int) (tick * SAMPLES_PER_FRAME);
    if (sentAny && timestamp - lastTimestamp <= 0) {
      timestampBase += lastTimestamp - timestamp + SAMPLES_PER_FRAME;
      timestamp = lastTimestamp + SAMPLES_PER_FRAME;
    }
    return timestamp;
  }
}
