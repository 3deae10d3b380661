package io.callqueue.adapter.sip.media;

import java.io.IOException;
import java.net.BindException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.util.BitSet;

/**
 * Hands out even UDP ports from a range and binds a non-blocking channel to each.
 *
 * <p>Design note: a cursor walks the range round-robin so a just-released port is reused last
 * (late packets of an ended call do not reach the next one); a port another process holds is
 * skipped when its bind fails. RTP only: the odd port above (RTCP, RFC 3550 §11) is not bound.
 * O(range) in the worst case, O(1) typically.
 *
 * <p>Threading: synchronized.
 */
final class PortAllocator {
  private final InetAddress address;
  private final int first;
  private final int count;
  private final BitSet used;
  private int cursor;

  /** Even ports {@code first, first + 2, ... <= last}; {@code first} must be even. */
  PortAllocator(InetAddress address, int first, int last) {
    this.address = address;
    this.first = first;
    this.count = (last - first) / 2 + 1;
    this.used = new BitSet(count);
  }

  /** Binds a channel to the next free even port. */
  synchronized DatagramChannel open() throws IOException {
    for (int tried = 0; tried < count; tried++) {
      int slot = cursor;
      cursor = (cursor + 1) % count;
      if (used.get(slot)) {
        continue;
      }
      DatagramChannel channel = DatagramChannel.open(
          address instanceof Inet6Address ? StandardProtocolFamily.INET6
              : StandardProtocolFamily.INET);
      try {
        channel.bind(new InetSocketAddress(address, first + 2 * slot));
        channel.configureBlocking(false);
      } catch (BindException busy) {
        channel.close();
        continue;
      } catch (IOException | RuntimeException e) {
        channel.close();
        throw e;
      }
      used.set(slot);
      return channel;
    }
    throw new IOException("no free RTP port in " + first + "-" + (first + 2 * (count - 1))
        + " on " + address.getHostAddress());
  }

  synchronized void release(int port) {
    int slot = (port - first) / 2;
    if (slot >= 0 && slot < count) {
      used.clear(slot);
    }
  }

  synchronized int inUse() {
    return used.cardinality();
  }
}
