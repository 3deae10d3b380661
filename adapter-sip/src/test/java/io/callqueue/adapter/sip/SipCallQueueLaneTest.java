package io.callqueue.adapter.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.callqueue.adapter.sip.ivr.IvrLeg;
import io.callqueue.adapter.sip.ivr.Scenario;
import io.callqueue.adapter.sip.media.MediaEngine;
import io.callqueue.adapter.sip.signalling.CallEnd;
import io.callqueue.adapter.sip.signalling.IncomingCall;
import io.callqueue.adapter.sip.signalling.SipConfig;
import io.callqueue.api.CallId;
import io.callqueue.api.PromptSequence;
import io.callqueue.core.CallQueueEngine;
import io.callqueue.testkit.sipp.Sipp;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SipCallQueue}'s single writer: a caller's keys (the media layer's DTMF listener) and the
 * IVR's key waits (with their timeouts) come from different threads at the same moment, and each
 * wait is still decided exactly once, no key is lost, and the decisions for one leg run one at a
 * time (on its lane), never two at once on two threads. No SIP peer: the caller's leg is a
 * stand-in {@link IncomingCall} given to {@link SipCallQueue#incomingCall}, as the signalling layer
 * would, with real media; its scenario parks the call in a voicemail step, where keys belong to
 * the IVR and nothing else waits for one, so the test's own {@link IvrLeg#collectKey} calls are
 * the only consumers.
 */
class SipCallQueueLaneTest {
  private static final int ROUNDS = 2_000;
  /** A wait that no round should reach: a key is pressed at the same moment. */
  private static final Duration LONG = Duration.ofSeconds(30);
  /** How long a round may take to hear its key before it counts as lost. */
  private static final long DELIVERY_SECONDS = 5;

  @TempDir
  Path voicemails;
  private SipCallQueue server;
  private CallQueueEngine engine;
  private DatagramSocket callerMedia;
  private final ExecutorService collector = Executors.newSingleThreadExecutor();
  private final ExecutorService presser = Executors.newSingleThreadExecutor();

  @BeforeEach
  void start() throws Exception {
    callerMedia = new DatagramSocket(0, InetAddress.getLoopbackAddress());
    Scenario parked = new Scenario("300", "hold",
        Map.of("hold", new Scenario.Voicemail("hold", "support")));
    server = new SipCallQueue(
        SipConfig.builder("127.0.0.1", Sipp.freeUdpPort("127.0.0.1")),
        MediaEngine.builder().address(InetAddress.getLoopbackAddress()).portRange(33000, 33999),
        Map.of("300", parked), voicemails,
        (queue, key) -> new PromptSequence("en", List.of(PromptSequence.Prompt.of("no-such"))),
        vm -> { });
    engine = CallQueueEngine.builder().telephony(server).build();
    server.attach(engine);
    server.start();
  }

  @AfterEach
  void stop() {
    collector.shutdownNow();
    presser.shutdownNow();
    server.close();
    engine.close();
    callerMedia.close();
  }

  @Test
  void keysAndKeyTimeoutsFromOtherThreads_eachWaitIsDecidedOnce_andNoKeyIsLost()
      throws Exception {
    StandInCall call = new StandInCall("lane-1@test", callerMedia.getLocalPort());
    server.incomingCall(call);
    call.answerAsked.get(DELIVERY_SECONDS, TimeUnit.SECONDS);
    call.answered.complete(null);
    IvrLeg leg = server.ivrLeg(SipCallQueue.callId(call.callId()));
    assertThat(leg).as("the caller's leg").isNotNull();
    String mediaSession = leg.id().value();

    CyclicBarrier together = new CyclicBarrier(2);
    List<Wait> waits = new CopyOnWriteArrayList<>();
    for (int i = 0; i < ROUNDS; i++) {
      char key = "0123456789*#".charAt(i % 12);
      // even rounds: the wait outlasts the round, so it must get the key, whichever came first;
      // odd rounds: the wait times out (0-1 ms) as the key arrives: either wins, never both
      boolean racesItsTimeout = i % 2 == 1;
      Duration timeout = racesItsTimeout ? Duration.ofMillis(i % 4 / 2) : LONG;
      Wait wait = new Wait(i);
      waits.add(wait);
      Future<?> collecting = collector.submit(() -> {
        together.await();
        leg.collectKey(timeout, wait);
        return null;
      });
      Future<?> pressing = presser.submit(() -> {
        together.await();
        server.digit(mediaSession, key);
        return null;
      });
      collecting.get(DELIVERY_SECONDS, TimeUnit.SECONDS);
      pressing.get(DELIVERY_SECONDS, TimeUnit.SECONDS);

      Optional<Character> first = wait.first(DELIVERY_SECONDS);
      if (!racesItsTimeout) {
        assertThat(first).as("round %d: the key pressed while waiting", i).contains(key);
      } else if (first.isEmpty()) {
        // the timeout won: the key came after it and waits for the next collectKey
        Wait next = new Wait(i);
        leg.collectKey(LONG, next);
        assertThat(next.first(DELIVERY_SECONDS))
            .as("round %d: the key that came after the timeout (first wait got %s)", i,
                wait.deliveries).contains(key);
        waits.add(next);
      } else {
        assertThat(first).as("round %d", i).contains(key);
      }
    }

    // let every timer still scheduled come due, then pass once through the lane behind them
    Thread.sleep(50);
    server.ivrLeg(leg.id());
    assertThat(waits).allSatisfy(w -> assertThat(w.deliveries)
        .as("round %d: deliveries of one collectKey", w.round).hasSize(1));
    assertThat(Wait.overlaps).as("deliveries that ran while another to the same leg ran")
        .isEmpty();
    call.end(CallEnd.REMOTE_HANGUP);
  }

  /**
   * One collectKey: every delivery it gets. Like the IVR's continuation, it takes a moment (here
   * 0.3 ms) before it returns, and it notes when it ran while another delivery to the same leg
   * was still running: a leg's keys and timeouts are decided one at a time.
   */
  private static final class Wait implements Consumer<Optional<Character>> {
    private static final AtomicInteger running = new AtomicInteger();
    private static final List<String> overlaps = new CopyOnWriteArrayList<>();
    final int round;
    final List<Optional<Character>> deliveries = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Optional<Character>> firstDelivery = new CompletableFuture<>();

    Wait(int round) {
      this.round = round;
    }

    @Override
    public void accept(Optional<Character> key) {
      if (running.incrementAndGet() > 1) {
        overlaps.add("round " + round + " on " + Thread.currentThread().getName());
      }
      try {
        deliveries.add(key);
        firstDelivery.complete(key);
        LockSupport.parkNanos(300_000);
      } finally {
        running.decrementAndGet();
      }
    }

    Optional<Character> first(long seconds) throws Exception {
      try {
        return firstDelivery.get(seconds, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        throw new AssertionError("round " + round + ": no delivery within " + seconds
            + " s: the key was lost", e);
      }
    }
  }

  /** A caller's leg as the signalling layer hands it over: answered once the test says so. */
  private static final class StandInCall implements IncomingCall {
    final CompletableFuture<String> answerAsked = new CompletableFuture<>();
    final CompletableFuture<Void> answered = new CompletableFuture<>();
    private final CompletableFuture<CallEnd> ended = new CompletableFuture<>();
    private final String callId;
    private final int mediaPort;

    StandInCall(String callId, int mediaPort) {
      this.callId = callId;
      this.mediaPort = mediaPort;
    }

    void end(CallEnd end) {
      ended.complete(end);
    }

    @Override
    public String callId() {
      return callId;
    }

    @Override
    public String caller() {
      return "+48111222333";
    }

    @Override
    public String number() {
      return "300";
    }

    @Override
    public Optional<String> account() {
      return Optional.empty();
    }

    @Override
    public Optional<String> trunk() {
      return Optional.of("test");
    }

    @Override
    public InetSocketAddress source() {
      return new InetSocketAddress(InetAddress.getLoopbackAddress(), 5060);
    }

    @Override
    public String remoteSdp() {
      return "v=0\r\no=caller 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
          + "m=audio " + mediaPort + " RTP/AVP 8 101\r\na=rtpmap:8 PCMA/8000\r\n"
          + "a=rtpmap:101 telephone-event/8000\r\n";
    }

    @Override
    public void ringing() {
    }

    @Override
    public CompletionStage<Void> answer(String sdp) {
      answerAsked.complete(sdp);
      return answered;
    }

    @Override
    public void reject(int status) {
      ended.complete(CallEnd.REJECTED);
    }

    @Override
    public void hangUp() {
      ended.complete(CallEnd.LOCAL_HANGUP);
    }

    @Override
    public CompletionStage<CallEnd> ended() {
      return ended;
    }

    @Override
    public void onRemoteSdp(Consumer<String> listener) {
    }

    @Override
    public void onKey(Consumer<Character> listener) {
    }
  }
}
