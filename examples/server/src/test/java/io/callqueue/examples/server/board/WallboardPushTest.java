package io.callqueue.examples.server.board;

import static org.assertj.core.api.Assertions.assertThat;

import io.callqueue.api.AgentId;
import io.callqueue.api.CallId;
import io.callqueue.api.CallOffer;
import io.callqueue.api.QueueId;
import io.callqueue.core.CallQueueEngine;
import io.callqueue.testkit.tier.WireTest;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The wallboard's server push over real HTTP, against an engine running in real time. */
@WireTest
class WallboardPushTest {
  private static final QueueId SUPPORT = RealTimeBoard.SUPPORT;
  private static final AgentId ALICE = RealTimeBoard.ALICE;

  @TempDir
  Path dir;
  private RealTimeBoard live;
  private CallQueueEngine engine;
  private BoardServer server;

  @BeforeEach
  void start() throws Exception {
    live = new RealTimeBoard(dir);
    engine = live.engine;
    server = live.server;
  }

  @AfterEach
  void stop() {
    live.close();
  }

  private static int waiting(BoardServer.Frame f) {
    return f.queue("support").get("waitingCount").asInt();
  }

  private static String state(BoardServer.Frame f, String agent) {
    return f.agent(agent).get("state").asText();
  }

  @Test
  void callerWaitsRingsConnectsAndLeaves_eachStepArrivesAsAFrame() throws Exception {
    BoardServer.Frames frames = server.events();
    assertThat(frames.status).isEqualTo(200);
    assertThat(frames.contentType).startsWith("text/event-stream");
    BoardServer.Frame first = frames.await(f -> true, Duration.ofSeconds(5), "a first picture");
    assertThat(waiting(first)).isZero();
    assertThat(state(first, "alice")).isEqualTo("LOGGED_OUT");

    engine.offer(CallOffer.of(CallId.of("c1"), SUPPORT, "+48600100200"));
    BoardServer.Frame waits = frames.await(f -> waiting(f) == 1, Duration.ofSeconds(3),
        "the caller waiting");
    assertThat(waits.queue("support").get("waiting").get(0).get("callerNumber").asText())
        .isEqualTo("+48600100200");
    assertThat(waits.queue("support").get("waiting").get(0).get("position").asInt()).isEqualTo(1);

    engine.sipRegistered("alice");
    BoardServer.Frame rings = frames.await(f -> f.queue("support").get("waiting").size() == 1
        && f.queue("support").get("waiting").get(0).get("ringing").size() == 1,
        Duration.ofSeconds(3), "alice ringing for the caller");
    assertThat(state(rings, "alice")).isEqualTo("RINGING");

    engine.agentAnswered(CallId.of("c1"), ALICE);
    BoardServer.Frame talks = frames.await(f -> "ON_CALL".equals(state(f, "alice")),
        Duration.ofSeconds(3), "alice on the call");
    assertThat(waiting(talks)).isZero();
    assertThat(talks.queue("support").get("members").get(0).get("state").asText())
        .isEqualTo("ON_CALL");

    engine.callEnded(CallId.of("c1"));
    BoardServer.Frame done = frames.await(f -> f.agent("alice").get("answeredToday").asInt() == 1,
        Duration.ofSeconds(5), "alice's answered call counted today");
    assertThat(done.queue("support").get("answeredToday").asInt()).isEqualTo(1);
    assertThat(done.queue("support").get("serviceLevelToday").asDouble()).isEqualTo(1.0);

    engine.sipUnregistered("alice");
    engine.offer(CallOffer.of(CallId.of("c2"), SUPPORT, "+48600100300"));
    frames.await(f -> waiting(f) == 1, Duration.ofSeconds(3), "the second caller waiting");
    engine.callerHungUp(CallId.of("c2"));
    frames.await(f -> waiting(f) == 0 && f.queue("support").get("abandonedToday").asInt() == 1,
        Duration.ofSeconds(5), "the caller gone and counted abandoned");
  }

  @Test
  void aStreamOfEvents_isCoalescedToOneFrameEveryQuarterSecond_theLastComplete()
      throws Exception {
    BoardServer.Frames frames = server.events();
    frames.await(f -> true, Duration.ofSeconds(5), "a first picture");
    Thread.sleep(WallboardHub.MIN_INTERVAL.toMillis() * 2);
    frames.queue.clear();

    // 200 joins (400 events with their estimates) spread over about 1.5 s
    long start = System.nanoTime();
    for (int i = 0; i < 200; i++) {
      engine.offer(CallOffer.of(CallId.of("burst-" + i), SUPPORT, "+4860000" + i));
      Thread.sleep(7);
    }
    List<BoardServer.Frame> got = new ArrayList<>();
    BoardServer.Frame last;
    do {
      last = frames.queue.poll(5, TimeUnit.SECONDS);
      assertThat(last).as("a frame with all 200 callers").isNotNull();
      got.add(last);
    } while (waiting(last) < 200);
    long window = last.receivedNanos() - start;

    // a frame per event would be hundreds; coalesced: one per 250 ms (+1, the first at once)
    assertThat((long) got.size()).isLessThanOrEqualTo(window / Duration.ofMillis(250).toNanos()
        + 2);
    for (int i = 1; i < got.size(); i++) {
      assertThat(Duration.ofNanos(got.get(i).receivedNanos() - got.get(i - 1).receivedNanos()))
          .as("gap before frame " + i).isGreaterThan(Duration.ofMillis(150));
    }
    assertThat(last.queue("support").get("waiting").get(199).get("position").asInt())
        .isEqualTo(200);
  }

  @Test
  void aClientThatReadsNothing_blocksNeitherTheEngineNorOtherClients() throws Exception {
    // a browser whose socket is full: a tiny receive window and not one byte read
    try (Socket slow = new Socket()) {
      slow.setReceiveBufferSize(1024);
      slow.connect(new InetSocketAddress("127.0.0.1", server.endpoint.port()), 5000);
      OutputStream out = slow.getOutputStream();
      out.write(("GET /panel/wallboard/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept:"
          + " text/event-stream\r\nAuthorization: Bearer " + BoardServer.TOKEN + "\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream ignored = slow.getInputStream();
      assertThat(ignored).isNotNull();
      BoardServer.Frames fast = server.events();
      fast.await(f -> true, Duration.ofSeconds(5), "a first picture");

      // big pictures (2 KB caller numbers) several times a second for a few seconds
      String padding = "9".repeat(2000);
      long worstLatency = 0;
      for (int round = 0; round < 12; round++) {
        long before = System.nanoTime();
        engine.offer(CallOffer.of(CallId.of("big-" + round), SUPPORT, "+48" + round + padding))
            .toCompletableFuture().get(1, TimeUnit.SECONDS); // the engine answers at once
        for (int k = 0; k < 40; k++) {
          engine.offer(CallOffer.of(CallId.of("big-" + round + "-" + k), SUPPORT,
              "+48" + k + padding));
        }
        int expected = (round + 1) * 41;
        BoardServer.Frame f = fast.await(fr -> waiting(fr) >= expected, Duration.ofSeconds(3),
            "round " + round + " on the fast client");
        worstLatency = Math.max(worstLatency, f.receivedNanos() - before);
      }
      assertThat(Duration.ofNanos(worstLatency)).isLessThan(Duration.ofSeconds(2));
      assertThat(engine.snapshot().toCompletableFuture().get(1, TimeUnit.SECONDS)
          .queue(SUPPORT).waiting()).hasSize(12 * 41);
      // the slow client's frames were replaced, not queued: memory stays one frame per client
      assertThat(server.board.hub().framesDropped()).isPositive();
      assertThat(server.board.hub().clientCount()).isEqualTo(2);
    }
    // the slow browser went away: the server notices when a write fails, and forgets it
    long end = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (server.board.hub().clientCount() > 1 && System.nanoTime() < end) {
      engine.offer(CallOffer.of(CallId.of("after-" + System.nanoTime()), SUPPORT, "+48"));
      Thread.sleep(100);
    }
    assertThat(server.board.hub().clientCount()).isEqualTo(1);
  }

}
