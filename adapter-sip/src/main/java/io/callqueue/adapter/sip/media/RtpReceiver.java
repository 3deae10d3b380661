package io.callqueue.adapter.sip.media;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that receives RTP for every leg: a {@link Selector} over all the legs'
 * non-blocking channels.
 *
 * <p>Design note: a readable channel is drained up to {@value #BURST} packets per wake-up (then the
 * others get their turn); each packet is parsed in place into one reused {@link RtpHeader} and
 * handed to its session (DTMF detection, voicemail, relay to the bridged leg, which sends from
 * this thread). New channels are queued and registered by this thread, so {@code register} never
 * contends with {@code select}; closed channels' ports are released by this thread after the
 * selector has let go of them. No allocation per packet.
 */
final class RtpReceiver implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(RtpReceiver.class);
  private static final int BURST = 32;

  private final Selector selector;
  private final Queue<MediaSession> pending = new ConcurrentLinkedQueue<>();
  private final Queue<MediaSession> closing = new ConcurrentLinkedQueue<>();
  private final PortAllocator ports;
  private volatile boolean running = true;

  RtpReceiver(Selector selector, PortAllocator ports) {
    this.selector = selector;
    this.ports = ports;
  }

  void register(MediaSession session) {
    pending.add(session);
    selector.wakeup();
  }

  @Override
  public void run() {
    ByteBuffer in = ByteBuffer.allocate(2048);
    ByteBuffer out = ByteBuffer.allocateDirect(2048);
    RtpHeader header = new RtpHeader();
    while (running) {
      try {
        selector.select();
      } catch (IOException e) {
        LOG.error("media selector failed; RTP receive stops", e);
        return;
      }
      if (!closing.isEmpty()) {
        releaseClosedPorts();
      }
      for (MediaSession session; (session = pending.poll()) != null; ) {
        try {
          session.channel().register(selector, SelectionKey.OP_READ, session);
        } catch (ClosedChannelException closed) {
          // the session was closed before it was registered
        }
      }
      Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
      while (keys.hasNext()) {
        SelectionKey key = keys.next();
        keys.remove();
        MediaSession session = (MediaSession) key.attachment();
        try {
          drain(key, session, in, out, header);
        } catch (CancelledKeyException | ClosedChannelException closed) {
          // the session closed while packets were waiting
        } catch (IOException | RuntimeException e) {
          LOG.warn("receiving RTP for session {} failed", session.id(), e);
        }
      }
    }
  }

  private void releaseClosedPorts() {
    List<MediaSession> closed = new ArrayList<>();
    for (MediaSession session; (session = closing.poll()) != null; ) {
      closed.add(session);
    }
    try {
      selector.selectNow();
    } catch (IOException e) {
      LOG.warn("media selector failed", e);
    }
    for (MediaSession session : closed) {
      ports.release(session.localAddress().getPort());
    }
  }

  private static void drain(SelectionKey key, MediaSession session, ByteBuffer in, ByteBuffer out,
      RtpHeader header) throws IOException {
    if (!key.isReadable()) {
      return;
    }
    DatagramChannel channel = (DatagramChannel) key.channel();
    for (int i = 0; i < BURST; i++) {
      in.clear();
      SocketAddress from = channel.receive(in);
      if (from == null) {
        return;
      }
      in.flip();
      if (header.parse(in)) {
        session.receive(header, in.array(), out);
      }
    }
  }

  /**
   * A session's channel was closed: its port is released once the selector has dropped the
   * channel (a registered channel's socket is closed only then), so the port is really free when
   * handed out again.
   */
  void closed(MediaSession session) {
    closing.add(session);
    selector.wakeup();
  }

  void stop() {
    running = false;
    selector.wakeup();
  }

  void closeSelector() {
    try {
      selector.close();
    } catch (IOException e) {
      LOG.debug("closing the media selector", e);
    }
  }
}
