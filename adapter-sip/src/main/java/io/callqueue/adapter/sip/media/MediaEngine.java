package io.callqueue.adapter.sip.media;

import io.callqueue.api.ConfigException;
import io.callqueue.prompts.HoldMusic;
import io.callqueue.prompts.PromptLibrary;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The RTP media server of the SIP adapter: G.711 (PCMU/PCMA) legs with music on hold, prompts,
 * RFC 4733 DTMF, voicemail recording and bridging, for hundreds of concurrent calls on a small
 * machine.
 *
 * <p>Design note: no thread per call. One selector thread receives for every leg's socket, one
 * pacing thread sends every leg's 20 ms frames against absolute deadlines (so pacing does not
 * drift), music of one class is encoded once per frame and sent to all its listeners; files are
 * read and written on one I/O thread and callbacks run on one event thread. Each leg has its own
 * non-blocking UDP socket on an even port of the configured range (RTP only, no RTCP).
 *
 * <pre>{@code
 * MediaEngine media = MediaEngine.builder()
 *     .address(InetAddress.getByName("192.0.2.10")).portRange(20000, 29998)
 *     .musicClass("jazz", Path.of("/srv/moh/jazz.wav"))
 *     .onDigit((leg, digit) -> engine.dtmf(leg, digit))
 *     .build();
 * media.start();
 * MediaSession caller = media.openSession(callId);      // port for the SDP answer
 * caller.setRemote(peerRtp, MediaSession.PCMU, 101);    // from the SDP offer
 * caller.startMusic("jazz");
 * caller.play(prompts).thenRun(...);
 * ...
 * media.close();                                        // stops every thread
 * }</pre>
 *
 * <p>Lifecycle: {@link #start()} starts the threads, {@link #close()} closes every session and
 * stops and joins the threads; an engine may be started again after it was closed. Thread-safe.
 */
public final class MediaEngine implements AutoCloseable {
  /** The music class every engine has (queue-prompts' {@link HoldMusic} unless configured). */
  public static final String DEFAULT_MUSIC_CLASS = HoldMusic.DEFAULT_CLASS;
  private static final Pattern CLASS_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
  private static final long PROMPT_CACHE_SAMPLES = 8_000L * 60 * 30;

  /** Receives the DTMF keys of every leg, on the engine's event thread. */
  @FunctionalInterface
  public interface DtmfListener {
    /**
     * A key was pressed on a leg.
     *
     * @param sessionId the leg's {@link MediaSession#id()}
     * @param digit {@code 0-9 * # A-D}
     */
    void onDigit(String sessionId, char digit);
  }

  private final InetAddress address;
  private final int firstPort;
  private final int lastPort;
  private final PromptLibrary prompts;
  private final Map<String, List<Path>> musicFiles;
  private final DtmfListener dtmfListener;
  private final int pacerThreads;
  private final AudioLoader loader = new AudioLoader(PROMPT_CACHE_SAMPLES);
  private volatile MediaContext context;

  private MediaEngine(Builder builder) {
    this.address = builder.address;
    this.firstPort = builder.firstPort;
    this.lastPort = builder.lastPort;
    this.prompts = builder.prompts;
    this.musicFiles = Map.copyOf(builder.musicFiles);
    this.dtmfListener = builder.dtmfListener;
    this.pacerThreads = builder.pacerThreads;
  }

  /** A builder with defaults: loopback address, ports 10000–20000, the shipped prompts. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Loads the music classes and starts the media threads.
   *
   * @throws IOException if a music file cannot be read or the selector cannot be opened
   * @throws IllegalStateException if already running
   */
  public synchronized void start() throws IOException {
    if (context != null) {
      throw new IllegalStateException("the media engine is already running");
    }
    Map<String, MusicChannel> music = new HashMap<>();
    if (!musicFiles.containsKey(DEFAULT_MUSIC_CLASS)) {
      music.put(DEFAULT_MUSIC_CLASS, new MusicChannel(DEFAULT_MUSIC_CLASS,
          AudioLoader.decode(HoldMusic.shippedDefault().url())));
    }
    for (Map.Entry<String, List<Path>> entry : musicFiles.entrySet()) {
      music.put(entry.getKey(), new MusicChannel(entry.getKey(), decodeAll(entry.getValue())));
    }
    context = new MediaContext(address, new PortAllocator(address, firstPort, lastPort), prompts,
        loader, music, dtmfListener, pacerThreads);
  }

  /** The files' samples one after another. */
  private static short[] decodeAll(List<Path> files) throws IOException {
    List<short[]> parts = new ArrayList<>();
    int length = 0;
    for (Path file : files) {
      short[] part = AudioLoader.decode(file.toUri().toURL());
      parts.add(part);
      length += part.length;
    }
    short[] all = new short[length];
    int at = 0;
    for (short[] part : parts) {
      System.arraycopy(part, 0, all, at, part.length);
      at += part.length;
    }
    return all;
  }

  /** Whether {@link #start()} was called and {@link #close()} not since. */
  public boolean isRunning() {
    return context != null;
  }

  /**
   * Opens the media of a call leg on a free port of the range.
   *
   * @param id the leg's identifier, reported with its DTMF keys (e.g. the leg's SIP Call-ID)
   * @throws IOException if no port of the range is free
   * @throws IllegalStateException if the engine is not running
   */
  public MediaSession openSession(String id) throws IOException {
    if (id == null || id.isEmpty()) {
      throw new IllegalArgumentException("a media session needs an id");
    }
    MediaContext running = context;
    if (running == null) {
      throw new IllegalStateException("the media engine is not running");
    }
    return running.open(id);
  }

  /** The address the legs' sockets are bound to (the SDP {@code c=} address). */
  public InetAddress address() {
    return address;
  }

  /** The number of open sessions. */
  public int sessionCount() {
    MediaContext running = context;
    return running == null ? 0 : running.sessions.size();
  }

  /** The number of RTP ports of the range bound now (one per open session, unless one leaked). */
  public int portsInUse() {
    MediaContext running = context;
    return running == null ? 0 : running.ports.inUse();
  }

  /** The configured music classes, {@value #DEFAULT_MUSIC_CLASS} included. */
  public Set<String> musicClasses() {
    MediaContext running = context;
    if (running != null) {
      return Set.copyOf(running.musicClasses());
    }
    Set<String> names = new HashSet<>(musicFiles.keySet());
    names.add(DEFAULT_MUSIC_CLASS);
    return Set.copyOf(names);
  }

  /** Closes every session (recordings are finished) and stops and joins all media threads. */
  @Override
  public synchronized void close() {
    MediaContext running = context;
    if (running == null) {
      return;
    }
    context = null;
    running.close();
  }

  /** Diagnostics for tests: the worst lateness of a pacing tick so far, in nanoseconds. */
  long pacerMaxLatenessNanos() {
    MediaContext running = context;
    return running == null ? 0 : running.maxLatenessNanos();
  }

  /** Diagnostics for tests: frames the pacer skipped because it was too late. */
  long pacerSkippedTicks() {
    MediaContext running = context;
    return running == null ? 0 : running.skippedTicks();
  }

  /** Diagnostics for tests: how many legs each pacing thread paces now. */
  int[] pacerLoads() {
    MediaContext running = context;
    if (running == null) {
      return new int[0];
    }
    int[] loads = new int[running.pacers.length];
    for (int i = 0; i < loads.length; i++) {
      loads[i] = running.pacers[i].sessions.size();
    }
    return loads;
  }

  void resetPacerStats() {
    MediaContext running = context;
    if (running != null) {
      running.resetPacerStats();
    }
  }

  /** Configuration of a {@link MediaEngine}; {@link #build()} checks it all at once. */
  public static final class Builder {
    private InetAddress address = InetAddress.getLoopbackAddress();
    private int firstPort = 10000;
    private int lastPort = 20000;
    private PromptLibrary prompts = PromptLibrary.shipped();
    private final Map<String, List<Path>> musicFiles = new LinkedHashMap<>();
    private DtmfListener dtmfListener;
    private int pacerThreads = Runtime.getRuntime().availableProcessors();

    private Builder() {}

    /**
     * How many threads pace the legs' frames (default: one per available core); each leg is paced
     * by one of them, legs dealt round-robin as they open.
     */
    public Builder pacerThreads(int threads) {
      this.pacerThreads = threads;
      return this;
    }

    /**
     * The local address to bind RTP sockets to and to announce in SDP. Use a concrete address:
     * with the wildcard (0.0.0.0) the signalling layer must choose the address it announces.
     */
    public Builder address(InetAddress address) {
      this.address = address;
      return this;
    }

    /** The RTP port range; legs get even ports {@code first <= port <= last}. */
    public Builder portRange(int first, int last) {
      this.firstPort = first;
      this.lastPort = last;
      return this;
    }

    /** Where prompts are found (default: the recordings shipped on the class path, English). */
    public Builder prompts(PromptLibrary prompts) {
      this.prompts = prompts;
      return this;
    }

    /**
     * A music-on-hold class: a WAV file played in a loop (any format the JDK reads). Naming it
     * {@value #DEFAULT_MUSIC_CLASS} replaces the built-in loop.
     */
    public Builder musicClass(String name, Path wavFile) {
      return musicClass(name, Collections.singletonList(wavFile));
    }

    /**
     * A music-on-hold class of several WAV files, played one after another and then from the
     * first again. Naming it {@value #DEFAULT_MUSIC_CLASS} replaces the built-in loop.
     */
    public Builder musicClass(String name, List<Path> wavFiles) {
      musicFiles.put(name, wavFiles == null ? null : new ArrayList<>(wavFiles));
      return this;
    }

    /** Receives every leg's DTMF keys. */
    public Builder onDigit(DtmfListener listener) {
      this.dtmfListener = listener;
      return this;
    }

    /**
     * The engine, not yet started.
     *
     * @throws ConfigException listing every problem found
     */
    public MediaEngine build() {
      List<String> problems = new ArrayList<>();
      if (address == null) {
        problems.add("media: address must be set, was null");
      }
      if (firstPort < 1024 || firstPort > 65534 || firstPort % 2 != 0) {
        problems.add("media: first RTP port must be even and 1024-65534, was " + firstPort);
      }
      if (lastPort < firstPort || lastPort > 65535) {
        problems.add("media: last RTP port must be >= first port (" + firstPort
            + ") and <= 65535, was " + lastPort);
      }
      if (prompts == null) {
        problems.add("media: prompts must be set, was null");
      }
      if (pacerThreads < 1 || pacerThreads > 256) {
        problems.add("media: pacer threads must be 1-256, was " + pacerThreads);
      }
      for (Map.Entry<String, List<Path>> entry : musicFiles.entrySet()) {
        String name = entry.getKey();
        if (name == null || !CLASS_NAME.matcher(name).matches()) {
          problems.add("media: music class name must be 1-64 letters, digits, '-', '_', '.', was '"
              + name + "'");
        }
        if (entry.getValue() == null || entry.getValue().isEmpty()) {
          problems.add("media: music class '" + name + "' needs at least one file, had none");
          continue;
        }
        for (Path file : entry.getValue()) {
          if (file == null || !Files.isRegularFile(file)) {
            problems.add("media: music class '" + name + "' file must exist, was " + file);
          }
        }
      }
      if (!problems.isEmpty()) {
        throw new ConfigException(problems);
      }
      return new MediaEngine(this);
    }
  }
}
