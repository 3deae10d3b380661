package io.callqueue.adapter.sip.signalling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callqueue.api.AgentEndpoint;
import io.callqueue.testkit.sipp.Sipp;
import io.callqueue.testkit.tier.WireTest;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Start/stop cycles: the port is released, nothing lingers, a JVM can exit after stop. */
@WireTest
class LifecycleSippTest {

  private static SipServer server(int port) {
    return new SipServer(SipConfig.builder("127.0.0.1", port).build(),
        RegistrationListener.none(), call -> call.reject(480));
  }

  private static void assertPortFree(int port) throws IOException {
    try (DatagramSocket probe =
        new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port))) {
      assertThat(probe.getLocalPort()).isEqualTo(port);
    }
  }

  private static List<String> leftoverThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(name -> name.equals("EventScannerThread") || name.startsWith("sip-signalling-")
            || name.startsWith("sip-callbacks-") || name.startsWith("callqueue-sip-"))
        .toList();
  }

  @Test
  void stopThenStartAgain_twice_portIsReleasedServesAgainAndNoThreadLingers() throws Exception {
    Sipp.assumeInstalled();
    int port = Sipp.freeUdpPort("127.0.0.1");
    SipServer reused = server(port);
    for (int round = 1; round <= 2; round++) {
      SipServer fresh = server(port);
      fresh.start();
      Sipp.Result ping = Sipp.scenario("options.xml").run(port, Duration.ofSeconds(10));
      assertThat(ping.exitCode()).as("round " + round + ": " + ping.log()).isZero();
      fresh.stop();
      assertPortFree(port);

      reused.start(); // the same instance restarts with a new stack
      Sipp.Result again = Sipp.scenario("options.xml").run(port, Duration.ofSeconds(10));
      assertThat(again.exitCode()).as("round " + round + ", reused: " + again.log()).isZero();
      reused.stop();
      assertPortFree(port);
    }
    assertThat(leftoverThreads()).isEmpty();
  }

  @Test
  void stoppedServer_refusesToDialAndShowsNoRegistrations() {
    SipServer server = server(Sipp.freeUdpPort("127.0.0.1"));
    server.start();
    server.stop();
    server.stop(); // idempotent

    assertThat(server.isRunning()).isFalse();
    assertThat(server.registrations()).isEmpty();
    assertThatThrownBy(() -> server.dialer().dial(new AgentEndpoint.SipAccount("agent1"), "100",
        "v=0", Duration.ofSeconds(1))).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not running");
  }

  @Test
  void portAlreadyBound_startFailsNamingThePort() throws Exception {
    try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
      SipServer server = server(taken.getLocalPort());

      assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("127.0.0.1:" + taken.getLocalPort());
      assertThat(server.isRunning()).isFalse();
    }
    assertThat(leftoverThreads()).isEmpty();
  }

  @Test
  void jvmWithAStoppedServer_exitsByItself() throws Exception {
    Path log = Files.createTempFile("sip-start-stop", ".log");
    Process child = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"),
        StartStopMain.class.getName(), Integer.toString(Sipp.freeUdpPort("127.0.0.1")))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();

    boolean exited = child.waitFor(20, TimeUnit.SECONDS);
    if (!exited) {
      child.destroyForcibly();
    }
    String output = Files.readString(log);
    assertThat(exited).as("child JVM exited by itself; output:\n" + output).isTrue();
    assertThat(child.exitValue()).as(output).isZero();
    assertThat(output).contains("stopped");
  }

}
