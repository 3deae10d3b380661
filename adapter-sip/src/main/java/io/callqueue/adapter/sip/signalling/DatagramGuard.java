package io.callqueue.adapter.sip.signalling;

import gov.nist.core.net.DefaultNetworkLayer;
import gov.nist.core.net.NetworkLayer;
import gov.nist.javax.sip.SipStackImpl;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Screens every UDP datagram before JAIN-SIP parses it, for what the RI handles badly: a datagram
 * over {@link #MAX_DATAGRAM} bytes (the RI reads it truncated and logs a misleading "missing
 * header"), and a request without one of the headers RFC 3261 §8.1.1 makes mandatory (Via, From,
 * To, Call-ID, CSeq, Max-Forwards), which the RI drops without an answer (and without CSeq logs a
 * NullPointerException with the datagram's bytes).
 *
 * <p>A request over the limit is answered 513 Message Too Large (RFC 3261 §18.1.2 / §21.5.11), a
 * request missing headers 400 with the missing names in the reason phrase; both are built from
 * the headers the datagram has (the Via lines copied, so the client can match its transaction)
 * and sent, as RFC 3261 §18.2.2 says, to the source address at the top Via's port (the source
 * port with {@code rport}). Without a Via no response can be addressed: the datagram is dropped.
 * ACKs and responses are never answered, only dropped. Each case is logged once at INFO with the
 * true reason. Everything else passes to the stack untouched; CRLF keep-alives included.
 *
 * <p>It sits in the stack as its {@link NetworkLayer}: the listening socket JAIN-SIP receives
 * from is a {@link DatagramSocket} whose {@code receive} screens each datagram into its own
 * 64 KiB buffer (reused: one receiving thread) and hands on only those that pass. Cost per passing
 * datagram: one scan of its header lines and one copy.
 */
final class DatagramGuard implements NetworkLayer {
  private static final Logger log = LoggerFactory.getLogger(DatagramGuard.class);

  /**
   * The largest SIP datagram accepted, also the RI's MAX_MESSAGE_SIZE: it allocates a receive
   * buffer of this size for every datagram (64 KiB by default: 400 MB of garbage for 1,000 calls
   * under load). SIP over UDP stays well below it (RFC 3261 §18.1.1 moves requests near the MTU
   * to TCP), so 8 KiB leaves ample room.
   */
  static final int MAX_DATAGRAM = 8192;

  /** A CSeq value: a sequence number (checked below 2^31 by value) and a method. */
  private static final Pattern CSEQ = Pattern.compile("(\\d{1,10})\\s+\\S+");

  private static final Pattern REQUEST_LINE = Pattern.compile("([A-Za-z]+) \\S+ SIP/2\\.0");
  private static final Pattern VIA_PORT =
      Pattern.compile("^\\s*SIP\\s*/\\s*2\\.0\\s*/\\s*\\w+\\s+[^;:\\s]+(?::(\\d+))?");
  private static final List<String> MANDATORY =
      List.of("Via", "From", "To", "Call-ID", "CSeq", "Max-Forwards");
  private static final Map<String, String> COMPACT = Map.of(
      "v", "via", "f", "from", "t", "to", "i", "call-id");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final NetworkLayer delegate = DefaultNetworkLayer.SINGLETON;

  /** What to do with one datagram: pass it on, and/or answer it. */
  record Screened(boolean pass, String reply, String reason) {
    static final Screened PASS = new Screened(true, null, null);
  }

  /** A JAIN-SIP stack whose UDP listening sockets are guarded. */
  static SipStackImpl newStack(Properties properties) throws javax.sip.PeerUnavailableException {
    properties.setProperty("gov.nist.javax.sip.MAX_MESSAGE_SIZE", Integer.toString(MAX_DATAGRAM));
    return new GuardedStack(properties);
  }

  private static final class GuardedStack extends SipStackImpl {
    GuardedStack(Properties properties) throws javax.sip.PeerUnavailableException {
      super(properties);
      networkLayer = new DatagramGuard();
    }
  }

  /**
   * Decides about one datagram of {@code length} bytes in {@code data}, at most {@code limit}
   * accepted.
   */
  static Screened screen(byte[] data, int length, int limit) {
    String text = new String(data, 0, length, StandardCharsets.ISO_8859_1);
    if (text.isBlank()) {
      return Screened.PASS; // keep-alive
    }
    int end = text.indexOf("\r\n\r\n");
    List<String> lines = unfold((end < 0 ? text : text.substring(0, end)).split("\r?\n"));
    String first = lines.get(0);
    Matcher request = REQUEST_LINE.matcher(first);
    boolean isRequest = request.matches();
    String kind = isRequest ? request.group(1).toUpperCase(Locale.ROOT)
        : first.startsWith("SIP/2.0 ") ? "response" : null;
    if (kind == null) {
      return Screened.PASS; // not SIP at all: the stack discards it
    }
    Map<String, List<String>> headers = headers(lines);
    if (length > limit) {
      String reason = length + "-byte " + kind + " over the " + limit + "-byte limit for UDP";
      return refuse(isRequest, kind, headers, 513, "Message Too Large", reason);
    }
    if (!isRequest) {
      return Screened.PASS; // the stack matches responses and drops what it cannot
    }
    List<String> missing = new ArrayList<>();
    for (String name : MANDATORY) {
      if (!headers.containsKey(name.toLowerCase(Locale.ROOT))) {
        missing.add(name);
      }
    }
    if (missing.isEmpty()) {
      String cseq = headers.get("cseq").get(0).trim();
      Matcher number = CSEQ.matcher(cseq);
      if (!number.matches() || Long.parseLong(number.group(1)) >= 1L << 31) {
        // RFC 3261 §8.1.1.5: a sequence number below 2^31; the RI takes larger ones and then
        // refuses the dialog's BYE with 400, holding the call for good
        return refuse(true, kind, headers, 400, "Bad Request (CSeq out of range)",
            kind + " with CSeq '" + cseq + "' (the number must be below 2^31)");
      }
      return Screened.PASS;
    }
    String names = String.join(", ", missing);
    return refuse(true, kind, headers, 400, "Bad Request (missing " + names + ")",
        kind + " without mandatory header" + (missing.size() > 1 ? "s " : " ") + names);
  }

  private static Screened refuse(boolean isRequest, String kind,
      Map<String, List<String>> headers, int status, String phrase, String reason) {
    if (!isRequest || "ACK".equals(kind)) {
      return new Screened(false, null, reason + "; dropped (never answered)");
    }
    List<String> vias = headers.get("via");
    if (vias == null) {
      return new Screened(false, null, reason + "; dropped (no Via to answer to)");
    }
    StringBuilder reply = new StringBuilder("SIP/2.0 ").append(status).append(' ')
        .append(phrase).append("\r\n");
    vias.forEach(v -> reply.append("Via: ").append(v).append("\r\n"));
    copy(reply, headers, "From");
    List<String> to = headers.get("to");
    if (to != null) {
      String value = to.get(0);
      reply.append("To: ").append(value)
          .append(value.toLowerCase(Locale.ROOT).contains(";tag=") ? "" : ";tag=" + newTag())
          .append("\r\n");
    }
    copy(reply, headers, "Call-ID");
    copy(reply, headers, "CSeq");
    reply.append("Content-Length: 0\r\n\r\n");
    return new Screened(false, reply.toString(), reason + "; answered " + status);
  }

  private static void copy(StringBuilder reply, Map<String, List<String>> headers, String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    if (values != null) {
      reply.append(name).append(": ").append(values.get(0)).append("\r\n");
    }
  }

  /** Joins continuation lines (leading space or tab) to the line before (RFC 3261 §7.3.1). */
  private static List<String> unfold(String[] raw) {
    List<String> lines = new ArrayList<>();
    for (String line : raw) {
      if (!lines.isEmpty() && !line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t')) {
        lines.set(lines.size() - 1, lines.get(lines.size() - 1) + " " + line.trim());
      } else {
        lines.add(line);
      }
    }
    return lines;
  }

  /** Header values by lower-case long name; Via values split at top-level commas. */
  private static Map<String, List<String>> headers(List<String> lines) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (String line : lines.subList(1, lines.size())) {
      int colon = line.indexOf(':');
      if (colon <= 0) {
        continue;
      }
      String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      name = COMPACT.getOrDefault(name, name);
      String value = line.substring(colon + 1).trim();
      List<String> values = headers.computeIfAbsent(name, n -> new ArrayList<>());
      if (name.equals("via")) {
        for (String via : value.split(",")) {
          values.add(via.trim());
        }
      } else {
        values.add(value);
      }
    }
    return headers;
  }

  /** Where a response to a request from {@code source} goes (RFC 3261 §18.2.2, with rport). */
  static InetSocketAddress replyAddress(String topVia, InetSocketAddress source) {
    String[] parts = topVia.split(";");
    for (int i = 1; i < parts.length; i++) {
      if (parts[i].split("=", 2)[0].trim().equalsIgnoreCase("rport")) {
        return source;
      }
    }
    Matcher port = VIA_PORT.matcher(parts[0]);
    int viaPort = port.find() && port.group(1) != null ? Integer.parseInt(port.group(1)) : 5060;
    return new InetSocketAddress(source.getAddress(), viaPort);
  }

  private static String newTag() {
    byte[] bytes = new byte[6];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /** The listening socket: screens each datagram before the stack sees it. */
  private static final class GuardedSocket extends DatagramSocket {
    private final byte[] buffer = new byte[65_535];

    GuardedSocket(int port, InetAddress address) throws SocketException {
      super(port, address);
    }

    @Override
    public synchronized void receive(DatagramPacket packet) throws IOException {
      while (true) {
        DatagramPacket raw = new DatagramPacket(buffer, buffer.length);
        super.receive(raw);
        int room = Math.min(MAX_DATAGRAM, packet.getData().length - packet.getOffset());
        Screened screened;
        try {
          screened = screen(buffer, raw.getLength(), room);
        } catch (RuntimeException e) {
          log.warn("could not screen a datagram from {}: {}", raw.getSocketAddress(), e.toString());
          screened = Screened.PASS;
        }
        if (screened.pass()) {
          System.arraycopy(buffer, 0, packet.getData(), packet.getOffset(), raw.getLength());
          packet.setLength(raw.getLength());
          packet.setSocketAddress(raw.getSocketAddress());
          return;
        }
        SocketAddress from = raw.getSocketAddress();
        log.info("SIP datagram from {}: {}", from, screened.reason());
        if (screened.reply() != null && from instanceof InetSocketAddress source) {
          answer(screened.reply(), source);
        }
      }
    }

    private void answer(String reply, InetSocketAddress source) {
      String topVia = reply.substring(reply.indexOf("\r\nVia: ") + 7);
      topVia = topVia.substring(0, topVia.indexOf("\r\n"));
      byte[] bytes = reply.getBytes(StandardCharsets.ISO_8859_1);
      try {
        send(new DatagramPacket(bytes, bytes.length, replyAddress(topVia, source)));
      } catch (IOException | RuntimeException e) {
        log.debug("could not answer {}: {}", source, e.toString());
      }
    }
  }

  // ---- NetworkLayer: the guarded listening socket, everything else as the RI does it --------

  @Override
  public DatagramSocket createDatagramSocket(int port, InetAddress address)
      throws SocketException {
    return new GuardedSocket(port, address);
  }

  @Override
  public DatagramSocket createDatagramSocket() throws SocketException {
    return delegate.createDatagramSocket();
  }

  @Override
  public ServerSocket createServerSocket(int port, int backlog, InetAddress address)
      throws IOException {
    return delegate.createServerSocket(port, backlog, address);
  }

  @Override
  public SSLServerSocket createSSLServerSocket(int port, int backlog, InetAddress address)
      throws IOException {
    return delegate.createSSLServerSocket(port, backlog, address);
  }

  @Override
  public Socket createSocket(InetAddress address, int port) throws IOException {
    return delegate.createSocket(address, port);
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress local)
      throws IOException {
    return delegate.createSocket(address, port, local);
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress local, int localPort)
      throws IOException {
    return delegate.createSocket(address, port, local, localPort);
  }

  @Override
  public SSLSocket createSSLSocket(InetAddress address, int port) throws IOException {
    return delegate.createSSLSocket(address, port);
  }

  @Override
  public SSLSocket createSSLSocket(InetAddress address, int port, InetAddress local)
      throws IOException {
    return delegate.createSSLSocket(address, port, local);
  }

  @Override
  public void setSipStack(SipStackImpl stack) {
    delegate.setSipStack(stack);
  }
}
