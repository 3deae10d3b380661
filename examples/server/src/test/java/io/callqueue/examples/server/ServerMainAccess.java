package io.callqueue.examples.server;

import io.callqueue.api.CallQueue;
import io.callqueue.examples.server.config.ServerConfig;
import java.io.IOException;

/** Lets tests in other packages run the whole server (SIP, engine, HTTP) as ServerMain does. */
public final class ServerMainAccess implements AutoCloseable {
  private final ServerMain.Running running;

  private ServerMainAccess(ServerMain.Running running) {
    this.running = running;
  }

  /** Starts the server as {@code ServerMain} does, panel state included. */
  public static ServerMainAccess start(ServerConfig config) throws IOException {
    return new ServerMainAccess(ServerMain.start(config));
  }

  public int httpPort() {
    return running.core().httpPort();
  }

  public CallQueue engine() {
    return running.core().engine();
  }

  @Override
  public void close() {
    running.close();
  }
}
