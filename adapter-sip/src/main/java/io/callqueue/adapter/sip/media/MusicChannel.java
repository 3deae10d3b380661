package io.callqueue.adapter.sip.media;

/**
 * One music-on-hold class: a looped recording with one playback position shared by every caller
 * listening to it (like a radio station rather than a record per caller).
 *
 * <p>Design note: the position is a function of the pacing tick (tick {@code n} plays samples
 * {@code n · 160 mod length}), so every pacing thread plays the same frame at the same tick
 * without sharing state. Each pacing thread has its own {@link Cursor} per class, which encodes a
 * tick's frame at most once per codec and is then sent to every listener of that thread. Cost per
 * tick and thread: one 160-sample copy and up to two encodings per class, independent of the
 * number of listeners.
 *
 * <p>Threading: immutable; a {@link Cursor} is used by one pacing thread only.
 */
final class MusicChannel {
  private final String name;
  private final short[] loop;
  /** This class's slot in each pacing thread's cursors (set before the pacers start). */
  int index;

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

  /** A cursor for one pacing thread. */
  Cursor cursor() {
    return new Cursor();
  }

  /** One pacing thread's encoded frame of the current tick. */
  final class Cursor {
    private final short[] frame = new short[OutboundStream.SAMPLES_PER_FRAME];
    private final byte[] pcmu = new byte[OutboundStream.SAMPLES_PER_FRAME];
    private final byte[] pcma = new byte[OutboundStream.SAMPLES_PER_FRAME];
    private long tick = Long.MIN_VALUE;
    private boolean pcmuReady;
    private boolean pcmaReady;

    /** The encoded frame of this tick in the payload type's code. */
    byte[] frame(long tick, int payloadType) {
      if (tick != this.tick) {
        this.tick = tick;
        int position = (int) Math.floorMod(tick * frame.length, (long) loop.length);
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
}
