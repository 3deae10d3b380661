package io.callqueue.adapter.sip.media;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records one leg's incoming audio to a WAV file (8 kHz, 16-bit mono PCM).
 *
 * <p>Design note: samples are placed by RTP timestamp, not by arrival, so lost packets and silence
 * suppression become silence of the right length and duplicates are dropped; a new SSRC continues
 * where the recording stands. The file is written to a hidden temporary name in the target's
 * directory with a placeholder header; on finish the header gets the real sizes and the file is
 * atomically renamed into place, so a reader never sees a partial voicemail. The recording ends at
 * the finish key, at the maximum length (in samples, and by wall time when the caller sends
 * nothing), or when the leg closes. Writes go through a 16 KiB buffer (one write per ~1 s of
 * audio).
 *
 * <p>Threading: audio arrives on the receive thread, the length check on the pacing thread, the
 * end from any; all synchronized on this recorder (a leaf lock). Finishing the file runs on the I/O
 * executor.
 */
final class VoicemailRecorder {
  private static final Logger LOG = LoggerFactory.getLogger(VoicemailRecorder.class);
  private static final int RATE = 8000;
  private static final int HEADER = 44;

  private final Path target;
  private final Path temp;
  private final FileChannel file;
  private final long maxSamples;
  private final long deadlineNanos;
  private final char finishKey;
  private final Executor io;
  private final CompletableFuture<MediaSession.Recording> done;
  private final ByteBuffer buffer = ByteBuffer.allocate(16 * 1024).order(ByteOrder.LITTLE_ENDIAN);

  private long written;
  private boolean started;
  private int ssrc;
  private int firstTimestamp;
  private boolean finished;
  private IOException failure;

  VoicemailRecorder(Path target, Duration maxLength, char finishKey, long nowNanos, Executor io,
      CompletableFuture<MediaSession.Recording> done) throws IOException {
    this.target = target.toAbsolutePath();
    this.maxSamples = maxLength.toMillis() * RATE / 1000;
    this.deadlineNanos = nowNanos + maxLength.toNanos();
    this.finishKey = finishKey;
    this.io = io;
    this.done = done;
    Path dir = this.target.getParent();
    Files.createDirectories(dir);
    this.temp = Files.createTempFile(dir, "." + this.target.getFileName() + ".", ".part");
    this.file = FileChannel.open(temp, StandardOpenOption.WRITE);
    file.write(header(0), 0);
    file.position(HEADER);
  }

  /** Audio from the leg: {@code length} G.711 codes of the payload type. */
  synchronized void onAudio(int ssrc, int timestamp, int payloadType, byte[] data, int offset,
      int length) {
    if (finished) {
      return;
    }
    if (!started || ssrc != this.ssrc) {
      started = true;
      this.ssrc = ssrc;
      firstTimestamp = (int) (timestamp - written);
    }
    long at = (timestamp - firstTimestamp) & 0xFFFFFFFFL;
    if (at >= 0x80000000L) {
      return;
    }
    int skip = 0;
    if (at < written) {
      skip = (int) Math.min(length, written - at);
    }
    try {
      while (written < at && written < maxSamples) {
        put((short) 0);
      }
      for (int i = skip; i < length && written < maxSamples; i++) {
        put(G711.decode(payloadType, data[offset + i]));
      }
    } catch (IOException e) {
      failure = e;
      finish(MediaSession.RecordingEnd.HANGUP);
      return;
    }
    if (written >= maxSamples) {
      finish(MediaSession.RecordingEnd.MAX_LENGTH);
    }
  }

  /** A key from the leg's DTMF: ends the recording if it is the finish key. */
  synchronized void onKey(char key) {
    if (key == finishKey) {
      finish(MediaSession.RecordingEnd.FINISH_KEY);
    }
  }

  /** The pacing clock: ends the recording at the maximum length even if no audio arrives. */
  synchronized void onTick(long nowNanos) {
    if (nowNanos - deadlineNanos >= 0) {
      finish(MediaSession.RecordingEnd.MAX_LENGTH);
    }
  }

  synchronized boolean isFinished() {
    return finished;
  }

  /** Ends the recording (once); the file is completed on the I/O executor. */
  synchronized void finish(MediaSession.RecordingEnd reason) {
    if (finished) {
      return;
    }
    finished = true;
    long samples = written;
    try {
      io.execute(() -> complete(reason, samples));
    } catch (RuntimeException rejected) {
      complete(reason, samples);
    }
  }

  private void put(short sample) throws IOException {
    if (!buffer.hasRemaining()) {
      flush();
    }
    buffer.putShort(sample);
    written++;
  }

  private void flush() throws IOException {
    buffer.flip();
    while (buffer.hasRemaining()) {
      file.write(buffer);
    }
    buffer.clear();
  }

  private void complete(MediaSession.RecordingEnd reason, long samples) {
    try {
      synchronized (this) {
        if (failure != null) {
          throw failure;
        }
        flush();
      }
      file.write(header(samples * 2), 0);
      file.force(false);
      file.close();
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      done.complete(new MediaSession.Recording(target, Duration.ofMillis(samples * 1000 / RATE),
          reason));
    } catch (IOException e) {
      LOG.warn("voicemail {} could not be written", target, e);
      try {
        file.close();
        Files.deleteIfExists(temp);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      done.completeExceptionally(e);
    }
  }

  private static ByteBuffer header(long dataBytes) {
    ByteBuffer h = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN);
    h.put(new byte[] {'R', 'I', 'F', 'F'}).putInt((int) (36 + dataBytes));
    h.put(new byte[] {'W', 'A', 'V', 'E', 'f', 'm', 't', ' '}).putInt(16);
    h.putShort((short) 1).putShort((short) 1).putInt(RATE).putInt(RATE * 2);
    h.putShort((short) 2).putShort((short) 16);
    h.put(new byte[] {'d', 'a', 't', 'a'}).putInt((int) dataBytes);
    return h.flip();
  }
}
