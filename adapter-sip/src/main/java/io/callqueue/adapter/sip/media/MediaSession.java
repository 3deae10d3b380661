package io.callqueue.adapter.sip.media;

import io.callqueue.api.PromptSequence;
import io.callqueue.prompts.PromptLibrary;
import io.callqueue.prompts.PromptRecording;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The media of one call leg (the caller's, or an agent's): one UDP port for RTP, one outgoing
 * stream, and what it carries — music on hold, prompts, or the other leg's audio when bridged — plus
 * DTMF detection and voicemail recording of what comes in.
 *
 * <p><b>SDP.</b> For the answer (or offer) the signalling layer needs: the address and RTP port
 * from {@link #localAddress()} ({@code c=IN IP4 <ip>}, {@code m=audio <port> RTP/AVP <pt> <te>});
 * the audio payload type it chose from the peer's offer, {@link #PCMU} (0) or {@link #PCMA} (8),
 * each {@code a=rtpmap:0 PCMU/8000} / {@code a=rtpmap:8 PCMA/8000}; the peer's telephone-event
 * payload type, echoed ({@code a=rtpmap:101 telephone-event/8000}, {@code a=fmtp:101 0-15});
 * {@code a=ptime:20}. It then calls {@link #setRemote} with the peer's {@code c=} address and
 * {@code m=} port and both payload types. No RTCP port is bound (the odd port above is not used);
 * an SDP may leave out {@code a=rtcp}. Nothing is sent until {@code setRemote} is called.
 *
 * <p><b>What the leg hears.</b> A prompt sequence ({@link #play}) plays over the music; when it
 * ends the music set by {@link #startMusic} resumes (call {@link #stopMusic} first to have silence
 * instead). {@link #bridge} replaces both with the other leg's audio, relayed packet by packet
 * (rewritten SSRC, sequence and timestamps; PCMU↔PCMA transcoded if the legs differ; DTMF events
 * relayed if the other leg negotiated telephone-event). Between sources the leg hears silence (no
 * packets are sent) and the first packet after a pause carries the marker bit.
 *
 * <p><b>Threading.</b> Every method may be called from any thread and returns at once (loading
 * recordings and writing files happen on the engine's I/O thread). Stages returned by
 * {@link #play} and {@link #recordVoicemail} complete on the engine's event thread, never on a
 * media thread, so their callbacks may block briefly without disturbing the audio.
 */
public final class MediaSession implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MediaSession.class);

  /** RTP/AVP payload type of G.711 μ-law, {@code PCMU/8000}. */
  public static final int PCMU = G711.PCMU;
  /** RTP/AVP payload type of G.711 A-law, {@code PCMA/8000}. */
  public static final int PCMA = G711.PCMA;
  /** The telephone-event payload type assumed until {@link #setRemote} says otherwise. */
  public static final int DEFAULT_TELEPHONE_EVENT = 101;
  /** Pass as telephone-event payload type when the peer did not offer RFC 4733 events. */
  public static final int NO_TELEPHONE_EVENT = -1;

  /** How a prompt sequence ended. */
  public enum PlaybackEnd {
    /** Every prompt was played. */
    COMPLETED,
    /** Stopped early: {@link #stopPlayback}, a new {@link #play}, {@link #bridge} or close. */
    INTERRUPTED
  }

  /** Why a voicemail recording ended. */
  public enum RecordingEnd {
    /** The caller pressed the finish key. */
    FINISH_KEY,
    /** The maximum length was reached. */
    MAX_LENGTH,
    /** The leg was closed (the caller hung up) or the engine stopped. */
    HANGUP
  }

  /**
   * A finished voicemail recording.
   *
   * @param file the WAV file (8 kHz, 16-bit mono PCM), complete and in place
   * @param duration the recorded audio's length
   * @param end why the recording ended
   */
  public record Recording(Path file, Duration duration, RecordingEnd end) {}

  private final MediaContext context;
  /** The pacing thread of this leg, for its whole life. */
  final FramePacer pacer;
  private final String id;
  private final DatagramChannel channel;
  private final InetSocketAddress local;
  private final long serial;
  private final OutboundStream stream;
  private final DtmfDetector dtmf = new DtmfDetector();

  private volatile boolean closed;
  private volatile InetSocketAddress remote;
  private volatile int payloadType = PCMU;
  private volatile int telephoneEvent = DEFAULT_TELEPHONE_EVENT;
  private volatile MediaSession bridged;
  private volatile VoicemailRecorder recorder;

  // guarded by this
  private MusicChannel music;
  private PromptPlayback playback;
  private CompletableFuture<PlaybackEnd> pendingPlay;
  private long playGeneration;

  MediaSession(MediaContext context, String id, DatagramChannel channel, long serial)
      throws IOException {
    this.context = context;
    this.id = id;
    this.channel = channel;
    this.serial = serial;
    this.pacer = context.pacerFor(serial);
    this.local = (InetSocketAddress) channel.getLocalAddress();
    this.stream = new OutboundStream(ThreadLocalRandom.current());
  }

  /** The identifier given at {@link MediaEngine#openSession}, reported with this leg's digits. */
  public String id() {
    return id;
  }

  /** The local RTP address and (even) port, for the SDP {@code c=} and {@code m=} lines. */
  public InetSocketAddress localAddress() {
    return local;
  }

  /** The peer's RTP address, or {@code null} before {@link #setRemote}. */
  public InetSocketAddress remoteAddress() {
    return remote;
  }

  /** The audio payload type sent: {@link #PCMU} or {@link #PCMA}. */
  public int payloadType() {
    return payloadType;
  }

  /** The telephone-event payload type received and relayed, or {@link #NO_TELEPHONE_EVENT}. */
  public int telephoneEventPayloadType() {
    return telephoneEvent;
  }

  /** The SSRC of the stream this leg sends. */
  public int ssrc() {
    return stream.ssrc();
  }

  public boolean isClosed() {
    return closed;
  }

  /**
   * Where to send and in which format, from the peer's SDP. May be called again (re-INVITE); the
   * next packet uses the new values.
   *
   * @param remoteAddress the peer's RTP address and port (resolved)
   * @param audioPayloadType {@link #PCMU} or {@link #PCMA}
   * @param telephoneEventPayloadType the peer's RFC 4733 payload type (96–127), or
   *     {@link #NO_TELEPHONE_EVENT}
   */
  public void setRemote(InetSocketAddress remoteAddress, int audioPayloadType,
      int telephoneEventPayloadType) {
    if (remoteAddress == null || remoteAddress.isUnresolved() || remoteAddress.getPort() == 0) {
      throw new IllegalArgumentException("remote RTP address must be resolved with a port, was "
          + remoteAddress);
    }
    if (!G711.isSupported(audioPayloadType)) {
      throw new IllegalArgumentException("audio payload type must be 0 (PCMU) or 8 (PCMA), was "
          + audioPayloadType);
    }
    if (telephoneEventPayloadType != NO_TELEPHONE_EVENT
        && (telephoneEventPayloadType < 96 || telephoneEventPayloadType > 127)) {
      throw new IllegalArgumentException("telephone-event payload type must be 96-127 or -1, was "
          + telephoneEventPayloadType);
    }
    synchronized (this) {
      this.payloadType = audioPayloadType;
      this.telephoneEvent = telephoneEventPayloadType;
      this.remote = remoteAddress;
    }
  }

  /**
   * Plays the music-on-hold class to this leg, looped, at the class's shared position (an unknown
   * class plays {@value MediaEngine#DEFAULT_MUSIC_CLASS}). Prompts being played continue first.
   */
  public synchronized void startMusic(String musicClass) {
    if (closed) {
      return;
    }
    MusicChannel channel = context.music(musicClass);
    if (channel != music) {
      music = channel;
      stream.interrupt();
    }
  }

  /** Stops the music on hold (prompts being played continue). */
  public synchronized void stopMusic() {
    if (music != null) {
      music = null;
      stream.interrupt();
    }
  }

  /**
   * Plays the prompts one after another, pausing the music; a sequence in progress is interrupted.
   * Each prompt is resolved by the engine's {@link PromptLibrary}; a prompt without a recording is
   * skipped (and logged).
   *
   * @return completes with {@link PlaybackEnd#COMPLETED} after the last frame was sent, or
   *     {@link PlaybackEnd#INTERRUPTED}
   */
  public CompletionStage<PlaybackEnd> play(PromptSequence prompts) {
    CompletableFuture<PlaybackEnd> done = new CompletableFuture<>();
    CompletableFuture<PlaybackEnd> result = context.viaEvents(done);
    long generation;
    synchronized (this) {
      if (closed) {
        done.complete(PlaybackEnd.INTERRUPTED);
        return result;
      }
      interruptPlayback();
      generation = ++playGeneration;
      pendingPlay = done;
    }
    try {
      context.io.execute(() -> start(prompts, generation, done));
    } catch (RejectedExecutionException stopped) {
      stopPlayback();
    }
    return result;
  }

  /** Stops the prompts being played (their stage completes {@link PlaybackEnd#INTERRUPTED}). */
  public synchronized void stopPlayback() {
    interruptPlayback();
  }

  /**
   * Records what this leg sends to a WAV file (8 kHz, 16-bit mono PCM), until the finish key (in
   * RTP, or passed to {@link #signalledDigit}), the maximum length, or {@link #close}. The file appears at {@code file} only when complete (written
   * under a temporary name in the same directory, then atomically renamed); an existing file is
   * replaced. Does not change what the leg hears: play the intro and beep first.
   *
   * @param finishKey the DTMF key that ends the recording; any other character (e.g. {@code 0})
   *     means none
   * @return completes with the recording, or exceptionally if the file cannot be written
   * @throws IllegalStateException if a recording is already running or the leg is closed
   */
  public CompletionStage<Recording> recordVoicemail(Path file, Duration maxLength,
      char finishKey) {
    if (maxLength == null || maxLength.isNegative() || maxLength.isZero()) {
      throw new IllegalArgumentException("maxLength must be > 0, was " + maxLength);
    }
    CompletableFuture<Recording> done = new CompletableFuture<>();
    CompletableFuture<Recording> result = context.viaEvents(done);
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("media session " + id + " is closed");
      }
      VoicemailRecorder running = recorder;
      if (running != null && !running.isFinished()) {
        throw new IllegalStateException("media session " + id + " is already recording");
      }
      try {
        recorder = new VoicemailRecorder(file, maxLength, finishKey, System.nanoTime(),
            context.io, done);
      } catch (IOException e) {
        done.completeExceptionally(e);
      }
    }
    return result;
  }

  /**
   * A key this leg's phone sent by SIP INFO (dtmf-relay) rather than in RTP: ends a running
   * voicemail recording if it is the finish key. Not reported to the engine's DTMF listener (the
   * signalling layer reports INFO keys itself).
   */
  public void signalledDigit(char digit) {
    VoicemailRecorder running = recorder;
    if (running != null) {
      running.onKey(digit);
    }
  }

  /**
   * Connects this leg with another: from now on each leg hears the other (the server relays every
   * packet), and their music and prompts stop. Play a whisper to the agent first with
   * {@code agent.play(whisper).thenRun(() -> caller.bridge(agent))}.
   *
   * @throws IllegalStateException if either leg is closed or already bridged to a third leg
   */
  public void bridge(MediaSession other) {
    if (other == this || other.context != context) {
      throw new IllegalArgumentException("a leg can be bridged only to another leg of its engine");
    }
    MediaSession first = serial < other.serial ? this : other;
    MediaSession second = first == this ? other : this;
    synchronized (first) {
      synchronized (second) {
        if (closed || other.closed) {
          throw new IllegalStateException("cannot bridge " + id + " and " + other.id
              + ": a leg is closed");
        }
        if ((bridged != null && bridged != other) || (other.bridged != null
            && other.bridged != this)) {
          throw new IllegalStateException("cannot bridge " + id + " and " + other.id
              + ": a leg is bridged to another");
        }
        for (MediaSession leg : List.of(this, other)) {
          leg.interruptPlayback();
          leg.music = null;
          leg.stream.interrupt();
        }
        bridged = other;
        other.bridged = this;
      }
    }
  }

  /** Ends the bridge (both legs then hear silence until told otherwise); no-op if not bridged. */
  public void unbridge() {
    MediaSession other = bridged;
    if (other == null) {
      return;
    }
    MediaSession first = serial < other.serial ? this : other;
    MediaSession second = first == this ? other : this;
    synchronized (first) {
      synchronized (second) {
        if (bridged == other) {
          bridged = null;
          stream.interrupt();
          if (other.bridged == this) {
            other.bridged = null;
            other.stream.interrupt();
          }
        }
      }
    }
  }

  /**
   * Ends this leg: stops what it plays (stages complete {@link PlaybackEnd#INTERRUPTED}), finishes
   * a running voicemail ({@link RecordingEnd#HANGUP}), unbridges the other leg and closes the
   * socket; the port returns to the range a moment later, once the receive thread has let go of
   * it. Idempotent.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      interruptPlayback();
      music = null;
    }
    unbridge();
    VoicemailRecorder running = recorder;
    if (running != null) {
      running.finish(RecordingEnd.HANGUP);
    }
    try {
      channel.close();
    } catch (IOException e) {
      LOG.debug("closing RTP channel of {}", id, e);
    }
    context.sessions.remove(this);
    pacer.sessions.remove(this);
    context.receiver.closed(this);
  }

  @Override
  public String toString() {
    return "MediaSession[" + id + " " + local + " -> " + remote + "]";
  }

  DatagramChannel channel() {
    return channel;
  }

  // ---- I/O thread

  private void start(PromptSequence prompts, long generation,
      CompletableFuture<PlaybackEnd> done) {
    List<short[]> clips = new ArrayList<>();
    for (PromptSequence.Prompt prompt : prompts.prompts()) {
      try {
        PromptRecording recording = context.prompts.find(prompts.language(), prompt);
        if (prompt.customFile() != null && !recording.isCustom()) {
          LOG.warn("custom prompt {} for key '{}' is not a readable file; using the default",
              prompt.customFile(), prompt.key());
        }
        clips.add(context.loader.load(recording.url()));
      } catch (IOException | RuntimeException e) {
        LOG.warn("prompt '{}' ({}) skipped: {}", prompt.key(), prompts.language(), e.toString());
      }
    }
    synchronized (this) {
      if (generation != playGeneration || closed) {
        return;
      }
      pendingPlay = null;
      playback = new PromptPlayback(clips, done);
      stream.interrupt();
    }
  }

  // ---- pacing thread

  /** Sends this leg's frame of the tick, if it has one to send. */
  void paceTick(long tick, long nowNanos, FramePacer pacer) {
    VoicemailRecorder running = recorder;
    if (running != null) {
      running.onTick(nowNanos);
    }
    synchronized (this) {
      if (closed || bridged != null) {
        return;
      }
      int type = payloadType;
      byte[] payload = null;
      short[] frame = pacer.frame;
      byte[] encoded = pacer.encoded;
      ByteBuffer out = pacer.out;
      if (playback != null) {
        if (playback.next(frame)) {
          G711.encode(type, frame, 0, encoded, 0, frame.length);
          payload = encoded;
        } else {
          playback.done().complete(PlaybackEnd.COMPLETED);
          playback = null;
          stream.interrupt();
        }
      }
      if (payload == null && music != null) {
        payload = pacer.music(music, tick, type);
      }
      InetSocketAddress to = remote;
      if (payload == null || to == null) {
        return;
      }
      out.clear();
      stream.writePaced(out, type, tick);
      out.put(payload, 0, OutboundStream.SAMPLES_PER_FRAME);
      out.flip();
      send(out, to);
    }
  }

  // ---- receive thread

  /** A packet received on this leg's socket; the payload is in {@code data}. */
  void receive(RtpHeader header, byte[] data, ByteBuffer out) {
    if (closed) {
      return;
    }
    int type = header.payloadType;
    if (type == telephoneEvent) {
      char key = dtmf.onPacket(header.ssrc, header.timestamp, data, header.payloadOffset,
          header.payloadLength);
      if (key != 0) {
        VoicemailRecorder running = recorder;
        if (running != null) {
          running.onKey(key);
        }
        context.digit(id, key);
      }
      MediaSession other = bridged;
      if (other != null) {
        other.relay(header, data, false, out);
      }
    } else if (G711.isSupported(type)) {
      VoicemailRecorder running = recorder;
      if (running != null) {
        running.onAudio(header.ssrc, header.timestamp, type, data, header.payloadOffset,
            header.payloadLength);
      }
      MediaSession other = bridged;
      if (other != null) {
        other.relay(header, data, true, out);
      }
    }
  }

  /** Sends a packet received on the bridged leg out of this leg. */
  private void relay(RtpHeader source, byte[] data, boolean audio, ByteBuffer out) {
    InetSocketAddress to = remote;
    int type = audio ? payloadType : telephoneEvent;
    if (to == null || closed || type == NO_TELEPHONE_EVENT) {
      return;
    }
    out.clear();
    stream.writeRelayed(out, type, source, context.tickAt(System.nanoTime()));
    int from = source.payloadOffset;
    int length = Math.min(source.payloadLength, out.remaining());
    if (audio && source.payloadType != type) {
      for (int i = 0; i < length; i++) {
        out.put(G711.transcode(source.payloadType, type, data[from + i]));
      }
    } else {
      out.put(data, from, length);
    }
    out.flip();
    send(out, to);
  }

  private void send(ByteBuffer packet, InetSocketAddress to) {
    try {
      channel.send(packet, to);
    } catch (ClosedChannelException closing) {
      // the leg is closing
    } catch (IOException e) {
      LOG.debug("RTP send from {} to {} failed: {}", id, to, e.toString());
    }
  }

  /** Interrupts the current and pending prompts. Caller holds this. */
  private void interruptPlayback() {
    playGeneration++;
    if (playback != null) {
      playback.done().complete(PlaybackEnd.INTERRUPTED);
      playback = null;
      stream.interrupt();
    }
    if (pendingPlay != null) {
      pendingPlay.complete(PlaybackEnd.INTERRUPTED);
      pendingPlay = null;
    }
  }
}
