package io.callqueue.adapter.sip.signalling;

import java.util.Map;

/**
 * A {@code main} that starts a server, answers nothing, stops it and returns: run in a child JVM by
 * {@link LifecycleSippTest}, it must exit by itself (no non-daemon thread left behind).
 */
final class StartStopMain {
  private StartStopMain() {}

  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    SipServer server = new SipServer(
        SipConfig.builder("127.0.0.1", port).accounts(Map.of("agent1", "secret1")).build(),
        RegistrationListener.none(), call -> call.reject(480));
    server.start();
    server.stop();
    System.out.println("stopped");
  }
}
