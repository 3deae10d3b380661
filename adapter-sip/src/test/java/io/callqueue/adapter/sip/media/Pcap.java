package io.callqueue.adapter.sip.media;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A tiny reader of classic libpcap files: the UDP payloads of IPv4 packets (Ethernet, Linux
 * cooked or raw IP link types), in capture order.
 */
final class Pcap {
  private Pcap() {}

  static List<byte[]> udpPayloads(Path file) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file));
    int magic = b.order(ByteOrder.LITTLE_ENDIAN).getInt(0);
    if (magic != 0xA1B2C3D4 && magic != 0xA1B23C4D) {
      b.order(ByteOrder.BIG_ENDIAN);
      magic = b.getInt(0);
      if (magic != 0xA1B2C3D4 && magic != 0xA1B23C4D) {
        throw new IOException("not a pcap file: " + file);
      }
    }
    int linkType = b.getInt(20);
    b.position(24);
    List<byte[]> payloads = new ArrayList<>();
    while (b.remaining() >= 16) {
      b.getInt();
      b.getInt();
      int captured = b.getInt();
      b.getInt();
      int start = b.position();
      byte[] udp = udpPayload(b.duplicate().order(ByteOrder.BIG_ENDIAN), start, captured,
          linkType);
      if (udp != null) {
        payloads.add(udp);
      }
      b.position(start + captured);
    }
    return payloads;
  }

  private static byte[] udpPayload(ByteBuffer b, int start, int length, int linkType) {
    int ip;
    switch (linkType) {
      case 1 -> {
        int etherType = b.getShort(start + 12) & 0xFFFF;
        ip = start + 14;
        if (etherType == 0x8100) {
          etherType = b.getShort(start + 16) & 0xFFFF;
          ip += 4;
        }
        if (etherType != 0x0800) {
          return null;
        }
      }
      case 113 -> ip = start + 16;
      case 101, 228 -> ip = start;
      default -> throw new IllegalArgumentException("link type " + linkType);
    }
    if ((b.get(ip) >> 4) != 4 || b.get(ip + 9) != 17) {
      return null;
    }
    int udp = ip + 4 * (b.get(ip) & 0x0F);
    int udpLength = b.getShort(udp + 4) & 0xFFFF;
    int end = Math.min(udp + udpLength, start + length);
    return Arrays.copyOfRange(b.array(), udp + 8, end);
  }
}
