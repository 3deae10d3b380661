package io.callqueue.adapter.sip.signalling;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/**
 * A SIP peer for wire tests that must misbehave in ways SIPp will not (never ACK, send a datagram
 * without a Call-ID, send 9 KB): it sends exactly the text the test writes over its own UDP socket
 * on 127.0.0.1 and reads whatever the server sends back, with the time it arrived. Nothing calls
 * the server's Java API.
 */
final class RawSipClient implements AutoCloseable {
  private final DatagramSocket socket;
  private final InetSocketAddress server;
  private final long started = System.nanoTime();

  /** One datagram received: its text and when it came, in milliseconds since the client opened. */
  record Received(String text, long atMillis) {
    /** The status code of a response, or -1 for a request. */
    int status() {
      return text.startsWith("SIP/2.0 ") ? Integer.parseInt(text.substring(8, 11)) : -1;
    }

    /** The method of a request, or null for a response. */
    String method() {
      return text.startsWith("SIP/2.0 ") ? null : text.substring(0, text.indexOf(' '));
    }

    /** The reason phrase of a response (after the status code). */
    String reason() {
      return text.substring(12, text.indexOf("\r\n"));
    }

    /** The first value of a header (case-insensitive name), or null. */
    String header(String name) {
      for (String line : text.split("\r\n")) {
        if (line.isEmpty()) {
          break;
        }
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
          return line.substring(colon + 1).trim();
        }
      }
      return null;
    }

    /** The CSeq method, e.g. INVITE. */
    String cseqMethod() {
      String cseq = header("CSeq");
      return cseq == null ? null : cseq.substring(cseq.indexOf(' ') + 1).trim();
    }
  }

  RawSipClient(int serverPort) {
    this(serverPort, 0);
  }

  /** A client on {@code localPort} (0: any free one), e.g. a phone the server was told about. */
  RawSipClient(int serverPort, int localPort) {
    try {
      socket = new DatagramSocket(
          new InetSocketAddress(InetAddress.getLoopbackAddress(), localPort));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server = new InetSocketAddress(InetAddress.getLoopbackAddress(), serverPort);
  }

  int port() {
    return socket.getLocalPort();
  }

  /** Sends {@code text}; lone {@code \n} line ends are sent as CRLF. */
  void send(String text) {
    sendBytes(text.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8));
  }

  void sendBytes(byte[] datagram) {
    try {
      socket.send(new DatagramPacket(datagram, datagram.length, server));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The next datagram within {@code timeout}, or null. */
  Received receive(Duration timeout) {
    byte[] buffer = new byte[65535];
    DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
    try {
      socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
      socket.receive(packet);
    } catch (SocketTimeoutException e) {
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Received(new String(buffer, 0, packet.getLength(), StandardCharsets.UTF_8),
        (System.nanoTime() - started) / 1_000_000);
  }

  /** The first datagram matching {@code wanted} within {@code timeout} (others are skipped). */
  Received await(Predicate<Received> wanted, Duration timeout) {
    List<Received> all = collect(wanted, timeout);
    Received last = all.isEmpty() ? null : all.get(all.size() - 1);
    return last != null && wanted.test(last) ? last : null;
  }

  /** Everything received until {@code until} matches (included) or {@code timeout} passes. */
  List<Received> collect(Predicate<Received> until, Duration timeout) {
    List<Received> all = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return all;
      }
      Received next = receive(Duration.ofNanos(left));
      if (next != null) {
        all.add(next);
        if (until.test(next)) {
          return all;
        }
      }
    }
  }

  static Predicate<Received> status(int code) {
    return r -> r.status() == code;
  }

  static Predicate<Received> request(String method) {
    return r -> method.equals(r.method());
  }

  static String newCallId() {
    return Long.toHexString(ThreadLocalRandom.current().nextLong()) + "@raw.test";
  }

  static String newBranch() {
    return "z9hG4bK" + Long.toHexString(ThreadLocalRandom.current().nextLong());
  }

  /**
   * An INVITE from caller {@code +48111222333} (no SDP) to {@code number}; the Via names
   * {@code viaPort} (the client's port normally), the Contact always the client's real port.
   */
  String invite(String number, String callId, String branch, int viaPort) {
    return String.format(Locale.ROOT, """
        INVITE sip:%1$s@127.0.0.1:%2$d SIP/2.0
        Via: SIP/2.0/UDP 127.0.0.1:%3$d;branch=%4$s
        Max-Forwards: 70
        From: <sip:+48111222333@127.0.0.1>;tag=raw%6$d
        To: <sip:%1$s@127.0.0.1:%2$d>
        Call-ID: %5$s
        CSeq: 1 INVITE
        Contact: <sip:raw@127.0.0.1:%6$d>
        Content-Length: 0

        """, number, server.getPort(), viaPort, branch, callId, port());
  }

  String invite(String number, String callId, String branch) {
    return invite(number, callId, branch, port());
  }

  /** The Request-URI of a REGISTER to the server. */
  String registrar() {
    return "sip:127.0.0.1:" + server.getPort();
  }

  /**
   * A REGISTER of {@code toUser}'s contact (this client) sent as {@code fromUser}, with an
   * Authorization header when {@code authorization} is not null.
   */
  String register(String toUser, String fromUser, String callId, int cseq, String authorization) {
    return "REGISTER " + registrar() + " SIP/2.0\n"
        + "Via: SIP/2.0/UDP 127.0.0.1:" + port() + ";branch=" + newBranch() + "\n"
        + "Max-Forwards: 70\n"
        + "From: <sip:" + fromUser + "@127.0.0.1>;tag=raw" + port() + "\n"
        + "To: <sip:" + toUser + "@127.0.0.1>\n"
        + "Call-ID: " + callId + "\n"
        + "CSeq: " + cseq + " REGISTER\n"
        + "Contact: <sip:" + toUser + "@127.0.0.1:" + port() + ">;expires=60\n"
        + (authorization == null ? "" : "Authorization: " + authorization + "\n")
        + "Content-Length: 0\n\n";
  }

  /** The nonce of a 401's WWW-Authenticate. */
  static String nonce(Received challenge) {
    String header = challenge.header("WWW-Authenticate");
    int start = header.indexOf("nonce=\"") + 7;
    return header.substring(start, header.indexOf('"', start));
  }

  /** An Authorization value for qop=auth (or the RFC 2069 form when {@code nc} is null). */
  static String digest(String user, String password, String realm, String method, String uri,
      String nonce, String nc) {
    String qop = nc == null ? null : "auth";
    String response = DigestAuth.response(user, realm, password, method, uri, nonce, nc,
        "c0ffee", qop);
    return "Digest username=\"" + user + "\", realm=\"" + realm + "\", nonce=\"" + nonce
        + "\", uri=\"" + uri + "\", response=\"" + response + "\", algorithm=MD5"
        + (qop == null ? "" : ", cnonce=\"c0ffee\", nc=" + nc + ", qop=auth");
  }

  /** A CANCEL of the INVITE sent with {@code branch} (RFC 3261 §9.1: the same headers). */
  String cancel(String number, String callId, String branch) {
    return invite(number, callId, branch).replace("INVITE sip:", "CANCEL sip:")
        .replace("CSeq: 1 INVITE", "CSeq: 1 CANCEL");
  }

  /** The 200 OK to an in-dialog request the server sent (BYE): echoes its dialog headers. */
  void answerOk(Received request) {
    respond(request, "200 OK", null);
  }

  /** A response ({@code status}, e.g. "180 Ringing") to {@code request}, adding a To tag if given. */
  void respond(Received request, String status, String toTag) {
    send("SIP/2.0 " + status + "\n"
        + "Via: " + request.header("Via") + "\n"
        + "From: " + request.header("From") + "\n"
        + "To: " + request.header("To") + (toTag == null ? "" : ";tag=" + toTag) + "\n"
        + "Call-ID: " + request.header("Call-ID") + "\n"
        + "CSeq: " + request.header("CSeq") + "\n"
        + "Contact: <sip:raw@127.0.0.1:" + port() + ">\n"
        + "Content-Length: 0\n\n");
  }

  @Override
  public void close() {
    socket.close();
  }
}
