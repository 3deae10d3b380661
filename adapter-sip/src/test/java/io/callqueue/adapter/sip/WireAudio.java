package io.callqueue.adapter.sip;

import java.net.InetAddress;
import java.time.Duration;

/** RTP on the test's own loopback sockets: what a phone (caller, agent, gateway) hears and says. */
final class WireAudio {
  private WireAudio() {}

  /** A socket on loopback whose receive waits at most 100 ms, standing for a phone's RTP port. */
  static java.net.DatagramSocket ear() throws java.net.SocketException {
    java.net.DatagramSocket socket = new java.net.DatagramSocket(0,
        InetAddress.getLoopbackAddress());
    socket.setSoTimeout(100);
    return socket;
  }

  /** Sends 50 RTP packets (PCMA, 20 ms) whose audio bytes are all {@code fill}. */
  static void talk(java.net.DatagramSocket from, java.net.SocketAddress to, byte fill)
      throws Exception {
    byte[] packet = new byte[12 + 160];
    packet[0] = (byte) 0x80;
    packet[1] = 8;
    java.util.Arrays.fill(packet, 12, packet.length, fill);
    for (int i = 0; i < 50; i++) {
      packet[2] = (byte) (i >> 8);
      packet[3] = (byte) i;
      int ts = i * 160;
      packet[4] = (byte) (ts >> 24);
      packet[5] = (byte) (ts >> 16);
      packet[6] = (byte) (ts >> 8);
      packet[7] = (byte) ts;
      packet[11] = 0x42;
      from.send(new java.net.DatagramPacket(packet, packet.length, to));
      Thread.sleep(20);
    }
  }

  /** Receives until a packet whose audio is all {@code fill}; returns where it came from. */
  static java.net.SocketAddress hear(java.net.DatagramSocket on, byte fill,
      Duration within) throws Exception {
    byte[] buffer = new byte[2048];
    long end = System.nanoTime() + within.toNanos();
    java.net.DatagramPacket p;
    while ((p = receive(on, buffer, end)) != null) {
      if (fill == 0 || isAll(p, fill)) {
        return p.getSocketAddress();
      }
    }
    return null;
  }

  /** The next packet before the deadline (System.nanoTime), or null once it has passed. */
  private static java.net.DatagramPacket receive(java.net.DatagramSocket on, byte[] buffer,
      long deadline) throws Exception {
    while (System.nanoTime() < deadline) {
      java.net.DatagramPacket p = new java.net.DatagramPacket(buffer, buffer.length);
      try {
        on.receive(p);
        return p;
      } catch (java.net.SocketTimeoutException e) {
        // nothing within the socket's 100 ms: look at the deadline again
      }
    }
    return null;
  }

  /** Whether the packet is one of {@link #talk}'s: 160 audio bytes, all {@code fill}. */
  private static boolean isAll(java.net.DatagramPacket p, byte fill) {
    if (p.getLength() != 172) {
      return false;
    }
    byte[] data = p.getData();
    for (int i = 12; i < p.getLength(); i++) {
      if (data[i] != fill) {
        return false;
      }
    }
    return true;
  }

  /**
   * Sends key {@code digit} as RFC 4733 telephone-event packets (payload type 101): three updates
   * and the end packet three times, all with one timestamp, 20 ms apart.
   */
  static void pressKey(java.net.DatagramSocket from, java.net.SocketAddress to, int digit)
      throws Exception {
    byte[] packet = new byte[12 + 4];
    int timestamp = 80_000;
    for (int i = 0; i < 6; i++) {
      boolean end = i >= 3;
      packet[0] = (byte) 0x80;
      packet[1] = (byte) (101 | (i == 0 ? 0x80 : 0)); // marker on the first packet
      packet[2] = (byte) ((1000 + i) >> 8);
      packet[3] = (byte) (1000 + i);
      packet[4] = (byte) (timestamp >> 24);
      packet[5] = (byte) (timestamp >> 16);
      packet[6] = (byte) (timestamp >> 8);
      packet[7] = (byte) timestamp;
      packet[11] = 0x43;
      packet[12] = (byte) digit;
      packet[13] = (byte) ((end ? 0x80 : 0) | 10);
      int duration = 160 * Math.min(i + 1, 4);
      packet[14] = (byte) (duration >> 8);
      packet[15] = (byte) duration;
      from.send(new java.net.DatagramPacket(packet, packet.length, to));
      Thread.sleep(20);
    }
  }

  /** What a socket received over a span: RTP packets, and whether any was all {@code fill}. */
  record Heard(int packets, boolean heardFill) {}

  /** Receives for {@code span}, counting packets and looking for one whose audio is all fill. */
  static Heard listen(java.net.DatagramSocket on, byte fill, Duration span) throws Exception {
    byte[] buffer = new byte[2048];
    long end = System.nanoTime() + span.toNanos();
    int packets = 0;
    boolean heard = false;
    java.net.DatagramPacket p;
    while ((p = receive(on, buffer, end)) != null) {
      packets++;
      heard |= isAll(p, fill);
    }
    return new Heard(packets, heard);
  }
}
