package io.callqueue.adapter.sip.media;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A test peer's RTP socket on 127.0.0.1: receives and parses packets itself (independently of the
 * code under test) and sends hand-made packets.
 */
final class RtpProbe implements AutoCloseable {
  private final DatagramSocket socket;

  /** A received packet, parsed by the probe. */
  record Packet(int payloadType, boolean marker, int sequence, long timestamp, int ssrc,
      byte[] payload, long arrivalNanos) {}

  RtpProbe() throws IOException {
    socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    socket.setReceiveBufferSize(1 << 20);
  }

  InetSocketAddress address() {
    return (InetSocketAddress) socket.getLocalSocketAddress();
  }

  /** The next packet, or null if none arrives within the timeout. */
  Packet next(Duration timeout) throws IOException {
    byte[] buffer = new byte[2048];
    DatagramPacket datagram = new DatagramPacket(buffer, buffer.length);
    socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
    try {
      socket.receive(datagram);
    } catch (SocketTimeoutException e) {
      return null;
    }
    return parse(ByteBuffer.wrap(buffer, 0, datagram.getLength()), System.nanoTime());
  }

  /** Exactly {@code count} packets; fails if they do not arrive within the timeout. */
  List<Packet> take(int count, Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<Packet> packets = new ArrayList<>();
    while (packets.size() < count) {
      long left = deadline - System.nanoTime();
      Packet packet = left > 0 ? next(Duration.ofNanos(left)) : null;
      if (packet == null) {
        throw new AssertionError("received " + packets.size() + " of " + count + " packets");
      }
      packets.add(packet);
    }
    return packets;
  }

  /** Every packet until none arrives for {@code quiet}. */
  List<Packet> drain(Duration quiet) throws IOException {
    List<Packet> packets = new ArrayList<>();
    for (Packet p; (p = next(quiet)) != null; ) {
      packets.add(p);
    }
    return packets;
  }

  void send(InetSocketAddress to, byte[] packet) throws IOException {
    socket.send(new DatagramPacket(packet, packet.length, to));
  }

  /** Sends an RTP packet built from its fields. */
  void send(InetSocketAddress to, int payloadType, boolean marker, int sequence, long timestamp,
      int ssrc, byte[] payload) throws IOException {
    send(to, rtp(payloadType, marker, sequence, timestamp, ssrc, payload));
  }

  static byte[] rtp(int payloadType, boolean marker, int sequence, long timestamp, int ssrc,
      byte[] payload) {
    ByteBuffer b = ByteBuffer.allocate(12 + payload.length);
    b.put((byte) 0x80).put((byte) ((marker ? 0x80 : 0) | payloadType)).putShort((short) sequence)
        .putInt((int) timestamp).putInt(ssrc).put(payload);
    return b.array();
  }

  /** An RFC 4733 event payload. */
  static byte[] event(int event, boolean end, int volume, int duration) {
    return new byte[] {(byte) event, (byte) ((end ? 0x80 : 0) | volume), (byte) (duration >> 8),
        (byte) duration};
  }

  static Packet parse(ByteBuffer b, long arrivalNanos) {
    int b0 = b.get() & 0xFF;
    if (b0 >> 6 != 2) {
      throw new AssertionError("not RTP v2: " + b0);
    }
    int b1 = b.get() & 0xFF;
    int sequence = b.getShort() & 0xFFFF;
    long timestamp = b.getInt() & 0xFFFFFFFFL;
    int ssrc = b.getInt();
    b.position(b.position() + 4 * (b0 & 0x0F));
    byte[] payload = Arrays.copyOfRange(b.array(), b.position(), b.limit());
    return new Packet(b1 & 0x7F, (b1 & 0x80) != 0, sequence, timestamp, ssrc, payload,
        arrivalNanos);
  }

  @Override
  public void close() {
    socket.close();
  }
}
