package io.callqueue.adapter.sip;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.Vector;
import java.util.regex.Pattern;
import javax.sdp.Attribute;
import javax.sdp.MediaDescription;
import javax.sdp.SdpException;
import javax.sdp.SdpFactory;
import javax.sdp.SessionDescription;

/**
 * SDP offer/answer for one G.711 audio stream (RFC 3264), parsed with the {@code javax.sdp}
 * classes of the JAIN-SIP RI. We answer with the first of PCMU (0) or PCMA (8) the offer lists and
 * echo its telephone-event payload type; we offer both codecs and telephone-event 101.
 *
 * <p>An offer is usable only as far as the media layer can take it: its connection address must
 * be a literal IPv4 or IPv6 address (a host name would mean a DNS lookup per call, and a garbled
 * one an address nobody can send to), and a telephone-event outside the dynamic payload types
 * 96–127 is ignored.
 */
final class Sdp {
  private static final int PCMU = 0;
  private static final int PCMA = 8;
  static final int TELEPHONE_EVENT = 101;
  private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
  private static final Pattern IPV4 = Pattern.compile(OCTET + "(\\." + OCTET + "){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

  private Sdp() {}

  /**
   * What an offer asks for.
   *
   * @param media where the peer receives RTP
   * @param payloadType the G.711 payload type we will use (0 or 8)
   * @param telephoneEvent the peer's telephone-event payload type, or -1
   */
  record Offer(InetSocketAddress media, int payloadType, int telephoneEvent) {}

  /** The audio stream of an offer (or answer) we can take, or empty when there is none. */
  static Optional<Offer> parse(String sdp) {
    if (sdp == null || sdp.isBlank()) {
      return Optional.empty();
    }
    try {
      SessionDescription session = SdpFactory.getInstance().createSessionDescription(sdp);
      String sessionAddress = session.getConnection() == null ? null
          : session.getConnection().getAddress();
      @SuppressWarnings("unchecked")
      Vector<MediaDescription> media = session.getMediaDescriptions(false);
      if (media == null) {
        return Optional.empty();
      }
      for (MediaDescription m : media) {
        if (!"audio".equals(m.getMedia().getMediaType()) || m.getMedia().getMediaPort() == 0) {
          continue;
        }
        Optional<InetAddress> address = literal(m.getConnection() != null
            ? m.getConnection().getAddress() : sessionAddress);
        if (address.isEmpty()) {
          continue;
        }
        @SuppressWarnings("unchecked")
        Vector<String> formats = m.getMedia().getMediaFormats(false);
        int chosen = -1;
        for (String f : formats) {
          int pt = Integer.parseInt(f.trim());
          if (pt == PCMU || pt == PCMA) {
            chosen = pt;
            break;
          }
        }
        if (chosen < 0) {
          continue;
        }
        int te = -1;
        @SuppressWarnings("unchecked")
        Vector<Attribute> attributes = m.getAttributes(false);
        if (attributes != null) {
          for (Attribute a : attributes) {
            String value = a.getValue();
            if ("rtpmap".equals(a.getName()) && value != null
                && value.toLowerCase(java.util.Locale.ROOT).contains("telephone-event/8000")) {
              int type = Integer.parseInt(value.trim().split("\\s+")[0]);
              te = type >= 96 && type <= 127 ? type : -1;
            }
          }
        }
        return Optional.of(new Offer(
            new InetSocketAddress(address.get(), m.getMedia().getMediaPort()), chosen, te));
      }
      return Optional.empty();
    } catch (SdpException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The address of a literal IPv4 or IPv6 text, with no DNS lookup; empty for anything else. */
  private static Optional<InetAddress> literal(String address) {
    String text = address == null ? "" : address.trim();
    if (!(IPV4.matcher(text).matches() || IPV6.matcher(text).matches())) {
      return Optional.empty();
    }
    try {
      return Optional.of(InetAddress.getByName(text)); // a literal: parsed, never looked up
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  /** Our answer to an offer: one codec, and telephone-event when the peer offered it. */
  static String answer(InetSocketAddress local, Offer offer, long version) {
    StringBuilder sb = head(local, version);
    String formats = offer.payloadType() + (offer.telephoneEvent() >= 0
        ? " " + offer.telephoneEvent() : "");
    sb.append("m=audio ").append(local.getPort()).append(" RTP/AVP ").append(formats)
        .append("\r\n");
    sb.append(rtpmap(offer.payloadType()));
    if (offer.telephoneEvent() >= 0) {
      sb.append("a=rtpmap:").append(offer.telephoneEvent()).append(" telephone-event/8000\r\n")
          .append("a=fmtp:").append(offer.telephoneEvent()).append(" 0-15\r\n");
    }
    return sb.append("a=ptime:20\r\na=sendrecv\r\n").toString();
  }

  /** Our offer to an agent's phone: PCMU, PCMA and telephone-event. */
  static String offer(InetSocketAddress local, long version) {
    StringBuilder sb = head(local, version);
    sb.append("m=audio ").append(local.getPort()).append(" RTP/AVP 0 8 ")
        .append(TELEPHONE_EVENT).append("\r\n");
    sb.append(rtpmap(PCMU)).append(rtpmap(PCMA));
    sb.append("a=rtpmap:").append(TELEPHONE_EVENT).append(" telephone-event/8000\r\n")
        .append("a=fmtp:").append(TELEPHONE_EVENT).append(" 0-15\r\n");
    return sb.append("a=ptime:20\r\na=sendrecv\r\n").toString();
  }

  private static StringBuilder head(InetSocketAddress local, long version) {
    String ip = local.getAddress().getHostAddress();
    return new StringBuilder()
        .append("v=0\r\n")
        .append("o=callqueue ").append(version).append(' ').append(version)
        .append(" IN IP4 ").append(ip).append("\r\n")
        .append("s=callqueue\r\n")
        .append("c=IN IP4 ").append(ip).append("\r\n")
        .append("t=0 0\r\n");
  }

  private static String rtpmap(int pt) {
    return "a=rtpmap:" + pt + (pt == PCMU ? " PCMU/8000\r\n" : " PCMA/8000\r\n");
  }

  /** For tests: the formats of an SDP body's first audio line. */
  static List<String> audioFormats(String sdp) {
    for (String line : sdp.split("\r?\n")) {
      if (line.startsWith("m=audio ")) {
        String[] parts = line.split(" ");
        return List.of(parts).subList(3, parts.length);
      }
    }
    return List.of();
  }
}
