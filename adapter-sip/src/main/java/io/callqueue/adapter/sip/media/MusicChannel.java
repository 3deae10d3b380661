package io.callqueue.adapter.sip.media;

/**
 * One music-on-hold class: a looped recording with one playback position shared by every caller
 * listening to it (like a radio station rather than a record per caller).
 *
 * <p>Design note: the pacing thread asks for the frame of a tick; the first request of a tick
 * moves the position by one 20 ms frame and the G.711 encoding of that frame is made at most once
 * per codec and tick, then sent to every listener. Cost per tick: one 160-sample copy and up to two
 * encodings per class, independent of the number of listeners.
 *
 * <p>Threading: used by the pacing thread only.
 */
final class MusicChannel {
  private final String name;
  private final short[] loop;
  private final short[] frame = new short[OutboundStream.SAMPLES_PER_FRAME];
  private final byte[] pcmu = new byte[OutboundStream.SAMPLES_PER_FRAME];
  private final byte[] pcma = new byte[OutboundStream.SAMPLES_PER_FRAME];
  private int position;
  private long tick = Long.MIN_VALUE;
  private boolean pcmuReady;
  private boolean pcmaReady;

  /**
   * @param samples the recording (8 kHz, 16-bit); a loop shorter than one frame is repeated
   */
  MusicChannel(String name, short[] samples) {
    if (samples.length == 0) {
      throw new IllegalArgumentException("music class '" + name + "' has no audio");
    }
    this.name = name;
    int length = samples.length;
    while (length < OutboundStream.SAMPLES_PER_FRAME) {
      length += samples.length;
    }
    loop = new short[length];
    for (int i = 0; i < length; i++) {
      loop[i] = samples[i % samples.length];
    }
  }

  String name() {
    return name;
  }

  /** The encoded frame of this tick in the payload type's code. */
  byte[] frame(long tick, int payloadType) {
    if (tick != this.tick) {
      if (this.tick != Long.MIN_VALUE) {
        position = (position + frame.length) % loop.length;
      }
      this.tick = tick;
      int first = Math.min(frame.length, loop.length - position);
      System.arraycopy(loop, position, frame, 0, first);
      System.arraycopy(loop, 0, frame, first, frame.length - first);
      pcmuReady = false;
      pcmaReady = false;
    }
    if (payloadType == G711.PCMU) {
      if (!pcmuReady) {
        G711.encode(G711.PCMU, frame, 0, pcmu, 0, frame.length);
        pcmuReady = true;
      }
      return pcmu;
    }
    if (!pcmaReady) {
      G711.encode(G711.PCMA, frame, 0, pcma, 0, frame.length);
      pcmaReady = true;
    }
    return pcma;
  }
}
