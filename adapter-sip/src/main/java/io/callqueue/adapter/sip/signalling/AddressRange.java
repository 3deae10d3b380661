package io.callqueue.adapter.sip.signalling;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * An IP address or CIDR range from a trunk's source list. Only literals are accepted (a host name
 * would need DNS on the signalling thread); matching compares the prefix bits, O(address length).
 */
final class AddressRange {
  private static final Pattern LITERAL = Pattern.compile("[0-9A-Fa-f:.]+");

  private final byte[] network;
  private final int prefixBits;

  private AddressRange(byte[] network, int prefixBits) {
    this.network = network;
    this.prefixBits = prefixBits;
  }

  /** Parses {@code 192.0.2.1} or {@code 192.0.2.0/24}; throws IllegalArgumentException if bad. */
  static AddressRange parse(String text) {
    String problem = problem(text);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    int slash = text.indexOf('/');
    byte[] address = literal(slash < 0 ? text : text.substring(0, slash));
    int bits = slash < 0 ? address.length * 8 : Integer.parseInt(text.substring(slash + 1));
    return new AddressRange(address, bits);
  }

  /** What is wrong with the text as an address or range, or null if nothing. */
  static String problem(String text) {
    if (text == null) {
      return "must be an IP address or CIDR range, was null";
    }
    int slash = text.indexOf('/');
    String host = slash < 0 ? text : text.substring(0, slash);
    byte[] address = literal(host);
    if (address == null) {
      return "must be an IP address or CIDR range, was '" + text + "'";
    }
    if (slash >= 0) {
      String bits = text.substring(slash + 1);
      int max = address.length * 8;
      if (!bits.matches("[0-9]{1,3}") || Integer.parseInt(bits) > max) {
        return "prefix length must be 0-" + max + ", was '" + text + "'";
      }
    }
    return null;
  }

  boolean contains(InetAddress candidate) {
    byte[] other = candidate.getAddress();
    if (other.length != network.length) {
      return false;
    }
    int full = prefixBits / 8;
    for (int i = 0; i < full; i++) {
      if (other[i] != network[i]) {
        return false;
      }
    }
    int rest = prefixBits % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xFF << (8 - rest)) & 0xFF;
    return (other[full] & mask) == (network[full] & mask);
  }

  private static byte[] literal(String host) {
    if (host.isEmpty() || !LITERAL.matcher(host).matches()) {
      return null;
    }
    if (host.indexOf(':') < 0) {
      // IPv4 only as four decimal octets: anything else would make getByName ask DNS.
      if (!host.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}")) {
        return null;
      }
      for (String octet : host.split("\\.")) {
        if (Integer.parseInt(octet) > 255) {
          return null;
        }
      }
    }
    try {
      return InetAddress.getByName(host).getAddress();
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
