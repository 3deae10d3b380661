package io.callqueue.adapter.sip.media;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A prompt sequence being played to one leg: the decoded clips back to back, read one 20 ms frame
 * per pacing tick; the last frame is padded with silence.
 *
 * <p>Threading: read by the pacing thread under the session's lock.
 */
final class PromptPlayback {
  private final List<short[]> clips;
  private final CompletableFuture<MediaSession.PlaybackEnd> done;
  private int clip;
  private int offset;

  PromptPlayback(List<short[]> clips, CompletableFuture<MediaSession.PlaybackEnd> done) {
    this.clips = List.copyOf(clips);
    this.done = done;
  }

  CompletableFuture<MediaSession.PlaybackEnd> done() {
    return done;
  }

  /**
   * Fills the next frame.
   *
   * @return false when nothing is left (the frame is then untouched)
   */
  boolean next(short[] frame) {
    int filled = 0;
    while (filled < frame.length && clip < clips.size()) {
      short[] samples = clips.get(clip);
      int n = Math.min(frame.length - filled, samples.length - offset);
      System.arraycopy(samples, offset, frame, filled, n);
      filled += n;
      offset += n;
      if (offset >= samples.length) {
        clip++;
        offset = 0;
      }
    }
    if (filled == 0) {
      return false;
    }
    for (int i = filled; i < frame.length; i++) {
      frame[i] = 0;
    }
    return true;
  }
}
