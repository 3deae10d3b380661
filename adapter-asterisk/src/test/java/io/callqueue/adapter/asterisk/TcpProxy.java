package io.callqueue.adapter.asterisk;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP forwarder on 127.0.0.1 between the adapter and Asterisk's HTTP server, so a test can cut
 * the network: {@link #drop()} closes every connection (the ARI websocket and the REST ones) and
 * refuses new ones until {@link #resume()} listens on the same port again. Two threads per
 * connection; for tests only.
 */
final class TcpProxy implements AutoCloseable {
  private final int target;
  private final int port;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private volatile ServerSocket server;

  TcpProxy(int target) {
    this.target = target;
    this.port = AsteriskInstance.freeTcpPort();
    resume();
  }

  int port() {
    return port;
  }

  /** Listens (again) on {@link #port()} and forwards each connection to the target. */
  synchronized void resume() {
    try {
      ServerSocket s = new ServerSocket();
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      server = s;
      Thread accept = new Thread(() -> accept(s), "tcp-proxy-accept");
      accept.setDaemon(true);
      accept.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Cuts every connection and stops listening: connecting is refused until {@link #resume()}. */
  synchronized void drop() {
    closeQuietly(server);
    for (Socket socket : sockets) {
      closeQuietly(socket);
    }
    sockets.clear();
  }

  private void accept(ServerSocket s) {
    while (!s.isClosed()) {
      try {
        Socket client = s.accept();
        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
        sockets.add(client);
        sockets.add(upstream);
        pipe(client, upstream);
        pipe(upstream, client);
      } catch (IOException e) {
        return;
      }
    }
  }

  private void pipe(Socket from, Socket to) {
    Thread t = new Thread(() -> {
      byte[] buffer = new byte[8192];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        for (int n; (n = in.read(buffer)) >= 0; ) {
          out.write(buffer, 0, n);
          out.flush();
        }
      } catch (IOException e) {
        // one side closed: close both
      } finally {
        closeQuietly(from);
        closeQuietly(to);
      }
    }, "tcp-proxy-pipe");
    t.setDaemon(true);
    t.start();
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      if (c != null) {
        c.close();
      }
    } catch (Exception e) {
      // closing a broken socket
    }
  }

  @Override
  public void close() {
    drop();
  }
}
