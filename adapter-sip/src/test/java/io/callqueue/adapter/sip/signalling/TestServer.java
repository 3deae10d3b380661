package io.callqueue.adapter.sip.signalling;

import static org.assertj.core.api.Assertions.assertThat;

import io.callqueue.testkit.sipp.Sipp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * A {@link SipServer} on 127.0.0.1 and a free port, with account {@code agent1}/{@code secret1}
 * (and agent2), trunk {@code carrier} (127.0.0.1 to number 100), and queues that record what its
 * listeners heard.
 */
final class TestServer implements AutoCloseable {
  /** Our SDP answer in tests (the media layer builds the real one); trunk_call.xml checks 40000. */
  static final String ANSWER_SDP = """
      v=0\r
      o=callqueue 1 1 IN IP4 127.0.0.1\r
      s=callqueue\r
      c=IN IP4 127.0.0.1\r
      t=0 0\r
      m=audio 40000 RTP/AVP 8 101\r
      a=rtpmap:8 PCMA/8000\r
      a=rtpmap:101 telephone-event/8000\r
      a=sendrecv\r
      """;

  final int port = Sipp.freeUdpPort("127.0.0.1");
  final BlockingQueue<String> registrationEvents = new LinkedBlockingQueue<>();
  final BlockingQueue<IncomingCall> calls = new LinkedBlockingQueue<>();
  final SipServer server;

  TestServer() {
    this(b -> b);
  }

  TestServer(UnaryOperator<SipConfig.Builder> customize) {
    this(customize, call -> { });
  }

  /** {@code onCall} runs in the server's listener first (e.g. to answer at once), then it queues. */
  TestServer(UnaryOperator<SipConfig.Builder> customize, Consumer<IncomingCall> onCall) {
    SipConfig.Builder builder = SipConfig.builder("127.0.0.1", port)
        .realm("callqueue.test")
        .accounts(Map.of("agent1", "secret1", "agent2", "secret2"))
        .trunk(new Trunk("carrier", List.of("127.0.0.1"), Set.of("100")))
        .expires(Duration.ofSeconds(1), Duration.ofMinutes(10), Duration.ofMinutes(1));
    server = new SipServer(customize.apply(builder).build(), new RegistrationListener() {
      @Override
      public void registered(SipBinding binding) {
        registrationEvents.add("registered " + binding.username());
      }

      @Override
      public void unregistered(String username, Reason reason) {
        registrationEvents.add("unregistered " + username + " " + reason);
      }
    }, call -> {
      onCall.accept(call);
      calls.add(call);
    });
    server.start();
  }

  String nextRegistrationEvent(Duration timeout) throws InterruptedException {
    return registrationEvents.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  IncomingCall nextCall(Duration timeout) throws InterruptedException {
    IncomingCall call = calls.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(call).as("an incoming call within " + timeout).isNotNull();
    return call;
  }

  /** Waits until the account is registered (an agent phone came up). */
  void awaitRegistered(String username, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (server.bindings(username).isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(server.bindings(username)).as("bindings of " + username).isNotEmpty();
  }

  @Override
  public void close() {
    server.stop();
  }
}
