package io.callqueue.adapter.sip;

import io.callqueue.testkit.conformance.CallerPhone;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A caller's phone for {@link SipConformanceTest}: a small SIP user agent written for the test. It
 * speaks SIP as text over its own UDP socket and RTP over another, so everything the server learns
 * about the caller arrives on the wire, as it would from any softphone; nothing calls the server's
 * Java API.
 *
 * <p><b>Why not SIPp</b> (which plays the agents' phones): the kit makes the caller hang up or
 * press a key at a moment the test chooses, while the call runs. A SIPp scenario is fixed when the
 * process starts, and SIPp cannot be told at run time to send a BYE or an RFC 4733 event now (its
 * control socket only changes the call rate, pauses traffic or quits).
 *
 * <p><b>SIP</b> (RFC 3261, UAC of one dialog): INVITE with an SDP offer (PCMA, telephone-event
 * 101), retransmitted every 500 ms until a response; a 401/407 challenge is ACKed and answered
 * once with MD5 digest credentials (qop {@code auth} when offered); the 2xx is ACKed (again on
 * each retransmission); any other final response ends the attempt. In the dialog it answers BYE,
 * INFO, OPTIONS with 200 and a re-INVITE with its own SDP. {@link #hangUp()} sends BYE
 * (retransmitted until answered) or CANCEL before the answer.
 *
 * <p><b>RTP</b>: while the call is up, a 20 ms frame every 20 ms: 160 bytes of {@link
 * #CALLER_VOICE} (a constant A-law "voice", enough for a voicemail to have a length). A key is an
 * RFC 4733 event in place of the audio: a start packet (marker bit), updates, and the end packet
 * three times, all with the event's start timestamp.
 *
 * <p><b>What it hears</b>: every received frame of 160 identical A-law bytes is classified: {@link
 * #AGENT_VOICE} is what the conformance agent phones stream once they answer, so hearing it means
 * the server bridged the caller to an agent; {@link #RELEASED_TONE} is the prompt the test
 * scenario plays only in the queue step's continuation, so hearing it means the call went on in
 * the IVR.
 *
 * <p>Threading: one thread receives SIP, one RTP; every state change and every send runs on one
 * timer thread. The {@link CallerPhone} methods may be called from any thread.
 */
final class WireCaller implements CallerPhone, AutoCloseable {
  /** The A-law byte of the agent phones' constant voice (their SIPp streams a file of it). */
  static final byte AGENT_VOICE = 0x1C;
  /** The A-law byte of the test scenario's "released" prompt. */
  static final byte RELEASED_TONE = 0x3A;
  /** The A-law byte of this caller's own constant voice. */
  static final byte CALLER_VOICE = (byte) 0x9C;

  private static final int PCMA = 8;
  private static final int TELEPHONE_EVENT = 101;
  private static final int FRAME = 160;
  /** How many frames of the "released" prompt prove the scenario went on (200 ms). */
  private static final int RELEASED_FRAMES = 10;
  private static final long CONNECTED_WITHIN_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
  private static final Pattern TAG = Pattern.compile(";\\s*tag=([^;>\\s]+)");
  private static final Pattern AUTH_PARAM =
      Pattern.compile("([A-Za-z-]+)\\s*=\\s*(\"([^\"]*)\"|[^,\\s]+)");
  private static final Map<String, String> COMPACT = Map.of("i", "call-id", "m", "contact",
      "l", "content-length", "c", "content-type", "f", "from", "t", "to", "v", "via");

  private enum Phase { CALLING, PROCEEDING, ESTABLISHED, ENDED }

  private final InetSocketAddress server;
  private final String number;
  private final String password;
  private final String dialled;
  private final Path transcriptFile;
  private final DatagramSocket sip;
  private final DatagramSocket rtp;
  private final ScheduledExecutorService timer;
  private final Thread sipReader;
  private final Thread rtpReader;
  private final String callId;
  private final String fromTag = token();
  private final int ssrc = ThreadLocalRandom.current().nextInt();
  private final Queue<Character> keys = new ConcurrentLinkedQueue<>();
  private final List<String> transcript = new ArrayList<>();

  // timer thread only
  private int cseq = 1;
  private String inviteText;
  private String inviteUri;
  private String inviteVia;
  private ScheduledFuture<?> retransmission;
  private boolean authenticated;
  private String toTag;
  private String remoteTarget;
  private String ackText;
  private InetSocketAddress remoteMedia;
  private int sequence = ThreadLocalRandom.current().nextInt(0x10000);
  private int timestamp = ThreadLocalRandom.current().nextInt();
  private boolean talkSpurt = true;
  private char eventKey;
  private int eventTimestamp;
  private int eventTick = -1;
  private int gapTicks;

  // read from any thread
  private volatile Phase phase = Phase.CALLING;
  private volatile long lastAgentVoice;
  private volatile int releasedFrames;
  private volatile int finalStatus;

  /**
   * @param serverPort the server's SIP port on 127.0.0.1
   * @param number the caller's number: the From user, also its SIP account name
   * @param password the account's password (the server challenges calls from accounts)
   * @param dialled the number dialled (Request-URI user)
   * @param transcriptFile where {@link #close()} writes the SIP messages seen and sent
   */
  WireCaller(int serverPort, String number, String password, String dialled,
      Path transcriptFile) {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    this.server = new InetSocketAddress(loopback, serverPort);
    this.number = number;
    this.password = password;
    this.dialled = dialled;
    this.transcriptFile = transcriptFile;
    this.callId = token() + "@127.0.0.1";
    try {
      this.sip = new DatagramSocket(new InetSocketAddress(loopback, 0));
      this.rtp = new DatagramSocket(new InetSocketAddress(loopback, 0));
    } catch (SocketException e) {
      throw new UncheckedIOException(e);
    }
    this.timer = Executors.newSingleThreadScheduledExecutor(
        r -> daemon(r, "wire-caller-" + number));
    this.sipReader = daemon(this::readSip, "wire-caller-sip-" + number);
    this.rtpReader = daemon(this::readRtp, "wire-caller-rtp-" + number);
  }

  /** Places the call: INVITE now, then one RTP frame every 20 ms once answered. */
  void dial() {
    sipReader.start();
    rtpReader.start();
    on(this::sendInvite);
    timer.scheduleAtFixedRate(this::tick, 20, 20, TimeUnit.MILLISECONDS);
  }

  // ---- CallerPhone ------------------------------------------------------------------------------

  @Override
  public void hangUp() {
    on(this::doHangUp);
  }

  @Override
  public void pressKey(char digit) {
    if ("0123456789*#ABCD".indexOf(digit) < 0) {
      throw new IllegalArgumentException("not a key: " + digit);
    }
    keys.add(digit);
  }

  @Override
  public boolean isConnected() {
    long heard = lastAgentVoice;
    return phase == Phase.ESTABLISHED && heard != 0
        && System.nanoTime() - heard < CONNECTED_WITHIN_NANOS;
  }

  @Override
  public boolean isReleasedToIvr() {
    return releasedFrames >= RELEASED_FRAMES;
  }

  @Override
  public String toString() {
    return "caller " + number + " dialling " + dialled + " (" + phase
        + (finalStatus == 0 ? "" : ", final status " + finalStatus) + ")";
  }

  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    sip.close();
    rtp.close();
    try {
      Files.write(transcriptFile, transcript, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---- SIP (timer thread) -----------------------------------------------------------------------

  private void sendInvite() {
    inviteUri = "sip:" + dialled + "@" + hostPort(server);
    inviteVia = via();
    inviteText = request("INVITE", inviteUri, inviteVia, cseq, "", sdp());
    send(inviteText);
    retransmitEvery500ms(inviteText, () -> phase == Phase.CALLING);
  }

  private void retransmitEvery500ms(String text, BooleanSupplier still) {
    cancelRetransmission();
    int[] count = {0};
    retransmission = timer.scheduleAtFixedRate(() -> {
      if (still.getAsBoolean() && ++count[0] <= 10) {
        send(text);
      } else {
        cancelRetransmission();
      }
    }, 500, 500, TimeUnit.MILLISECONDS);
  }

  private void cancelRetransmission() {
    if (retransmission != null) {
      retransmission.cancel(false);
      retransmission = null;
    }
  }

  private void onMessage(Message m) {
    if (m.isResponse()) {
      onResponse(m);
    } else {
      onRequest(m);
    }
  }

  private void onResponse(Message m) {
    String[] cseqHeader = m.header("cseq").trim().split("\\s+");
    int seq = Integer.parseInt(cseqHeader[0]);
    String method = cseqHeader[1];
    int status = m.status();
    if (method.equals("BYE")) {
      if (status >= 200) {
        cancelRetransmission();
      }
      return;
    }
    if (!method.equals("INVITE")) {
      return; // CANCEL's 200
    }
    if (status < 200) {
      if (phase == Phase.CALLING && seq == cseq) {
        phase = Phase.PROCEEDING;
        cancelRetransmission();
      }
      return;
    }
    if (status < 300) {
      if (toTag == null && (phase == Phase.CALLING || phase == Phase.PROCEEDING)) {
        cancelRetransmission();
        toTag = tagOf(m.header("to"));
        remoteTarget = uriOf(m.header("contact"));
        remoteMedia = mediaOf(m.body());
        ackText = request("ACK", remoteTarget, via(), seq, "", "");
        phase = Phase.ESTABLISHED;
        talkSpurt = true;
      }
      if (ackText != null) {
        send(ackText); // the first ACK, or again for a retransmitted 200
      }
      return;
    }
    // a final non-2xx: ACK it in the INVITE's transaction
    String tag = tagOf(m.header("to"));
    String ack = "ACK " + inviteUri + " SIP/2.0\r\n"
        + "Via: " + m.header("via") + "\r\n"
        + "Max-Forwards: 70\r\n"
        + "From: " + from() + "\r\n"
        + "To: " + to(tag) + "\r\n"
        + "Call-ID: " + callId + "\r\n"
        + "CSeq: " + seq + " ACK\r\n"
        + "Content-Length: 0\r\n\r\n";
    send(ack);
    if (seq != cseq || phase == Phase.ENDED || phase == Phase.ESTABLISHED) {
      return; // a retransmission
    }
    cancelRetransmission();
    if ((status == 401 || status == 407) && !authenticated) {
      authenticated = true;
      String challenge = m.header(status == 401 ? "www-authenticate" : "proxy-authenticate");
      cseq++;
      inviteVia = via();
      String header = (status == 401 ? "Authorization: " : "Proxy-Authorization: ")
          + digest(challenge, "INVITE", inviteUri) + "\r\n";
      inviteText = request("INVITE", inviteUri, inviteVia, cseq, header, sdp());
      phase = Phase.CALLING;
      send(inviteText);
      retransmitEvery500ms(inviteText, () -> phase == Phase.CALLING);
    } else {
      finalStatus = status;
      phase = Phase.ENDED;
    }
  }

  private void onRequest(Message m) {
    String method = m.method();
    switch (method) {
      case "ACK" -> { }
      case "BYE" -> {
        respond(m, "200 OK", "");
        if (phase != Phase.ENDED) {
          phase = Phase.ENDED;
          cancelRetransmission();
        }
      }
      case "INVITE" -> respond(m, "200 OK", sdp()); // a re-INVITE: same media as before
      default -> respond(m, "200 OK", ""); // OPTIONS, INFO, NOTIFY, UPDATE, CANCEL
    }
  }

  private void doHangUp() {
    switch (phase) {
      case ESTABLISHED -> {
        cseq++;
        String bye = request("BYE", remoteTarget, via(), cseq, "", "");
        phase = Phase.ENDED;
        send(bye);
        retransmitEvery500ms(bye, () -> true);
      }
      case PROCEEDING -> {
        String cancel = "CANCEL " + inviteUri + " SIP/2.0\r\n"
            + "Via: " + inviteVia + "\r\n"
            + "Max-Forwards: 70\r\n"
            + "From: " + from() + "\r\n"
            + "To: " + to(null) + "\r\n"
            + "Call-ID: " + callId + "\r\n"
            + "CSeq: " + cseq + " CANCEL\r\n"
            + "Content-Length: 0\r\n\r\n";
        phase = Phase.ENDED;
        send(cancel);
      }
      case CALLING -> phase = Phase.ENDED; // nothing heard yet: stop retransmitting
      case ENDED -> { }
    }
  }

  private String request(String method, String uri, String via, int seq, String extra,
      String body) {
    return method + " " + uri + " SIP/2.0\r\n"
        + "Via: " + via + "\r\n"
        + "Max-Forwards: 70\r\n"
        + "From: " + from() + "\r\n"
        + "To: " + to(toTag) + "\r\n"
        + "Call-ID: " + callId + "\r\n"
        + "CSeq: " + seq + " " + method + "\r\n"
        + "Contact: <sip:" + number + "@" + hostPort(local(sip)) + ">\r\n"
        + extra
        + (body.isEmpty() ? "" : "Content-Type: application/sdp\r\n")
        + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n"
        + body;
  }

  private void respond(Message request, String status, String body) {
    StringBuilder r = new StringBuilder("SIP/2.0 ").append(status).append("\r\n");
    for (String via : request.headers("via")) {
      r.append("Via: ").append(via).append("\r\n");
    }
    r.append("From: ").append(request.header("from")).append("\r\n")
        .append("To: ").append(request.header("to")).append("\r\n")
        .append("Call-ID: ").append(request.header("call-id")).append("\r\n")
        .append("CSeq: ").append(request.header("cseq")).append("\r\n");
    if (!body.isEmpty()) {
      r.append("Contact: <sip:").append(number).append('@').append(hostPort(local(sip)))
          .append(">\r\nContent-Type: application/sdp\r\n");
    }
    r.append("Content-Length: ").append(body.getBytes(StandardCharsets.UTF_8).length)
        .append("\r\n\r\n").append(body);
    send(r.toString());
  }

  private String from() {
    return "<sip:" + number + "@127.0.0.1>;tag=" + fromTag;
  }

  private String to(String tag) {
    return "<sip:" + dialled + "@" + hostPort(server) + ">" + (tag == null ? "" : ";tag=" + tag);
  }

  private String via() {
    return "SIP/2.0/UDP " + hostPort(local(sip)) + ";branch=z9hG4bK" + token() + ";rport";
  }

  private String sdp() {
    String ip = "127.0.0.1";
    return "v=0\r\n"
        + "o=caller 1 1 IN IP4 " + ip + "\r\n"
        + "s=-\r\n"
        + "c=IN IP4 " + ip + "\r\n"
        + "t=0 0\r\n"
        + "m=audio " + rtp.getLocalPort() + " RTP/AVP " + PCMA + " " + TELEPHONE_EVENT + "\r\n"
        + "a=rtpmap:8 PCMA/8000\r\n"
        + "a=rtpmap:101 telephone-event/8000\r\n"
        + "a=fmtp:101 0-15\r\n"
        + "a=ptime:20\r\n"
        + "a=sendrecv\r\n";
  }

  /** The digest response to a challenge (RFC 2617, MD5, qop auth when offered). */
  private String digest(String challenge, String method, String uri) {
    Map<String, String> p = new LinkedHashMap<>();
    Matcher matcher = AUTH_PARAM.matcher(challenge.replaceFirst("(?i)^\\s*digest\\s+", ""));
    while (matcher.find()) {
      p.put(matcher.group(1).toLowerCase(Locale.ROOT),
          matcher.group(3) != null ? matcher.group(3) : matcher.group(2));
    }
    String realm = p.getOrDefault("realm", "");
    String nonce = p.getOrDefault("nonce", "");
    String ha1 = md5(number + ":" + realm + ":" + password);
    String ha2 = md5(method + ":" + uri);
    boolean qop = p.containsKey("qop")
        && Arrays.asList(p.get("qop").split(",")).contains("auth");
    String cnonce = token();
    String nc = "00000001";
    String response = qop ? md5(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":auth:" + ha2)
        : md5(ha1 + ":" + nonce + ":" + ha2);
    return "Digest username=\"" + number + "\", realm=\"" + realm + "\", nonce=\"" + nonce
        + "\", uri=\"" + uri + "\", response=\"" + response + "\", algorithm=MD5"
        + (qop ? ", qop=auth, nc=" + nc + ", cnonce=\"" + cnonce + "\"" : "")
        + (p.containsKey("opaque") ? ", opaque=\"" + p.get("opaque") + "\"" : "");
  }

  private void send(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    log("> " + text.substring(0, text.indexOf('\r')));
    try {
      sip.send(new DatagramPacket(bytes, bytes.length, server));
    } catch (IOException e) {
      log("! send failed: " + e);
    }
  }

  private void log(String line) {
    synchronized (transcript) {
      transcript.add(LocalTime.now() + " " + line);
    }
  }

  // ---- RTP (timer thread) -----------------------------------------------------------------------

  /** Every 20 ms while the call is up: the next frame of a key event, or of audio. */
  private void tick() {
    if (phase != Phase.ESTABLISHED || remoteMedia == null) {
      return;
    }
    timestamp += FRAME;
    if (eventTick < 0 && gapTicks == 0 && !keys.isEmpty()) {
      eventKey = keys.poll();
      eventTimestamp = timestamp;
      eventTick = 0;
    }
    if (eventTick >= 0) {
      sendEvent();
      return;
    }
    if (gapTicks > 0) {
      gapTicks--;
    }
    byte[] packet = new byte[12 + FRAME];
    header(packet, PCMA, talkSpurt, timestamp);
    talkSpurt = false;
    Arrays.fill(packet, 12, packet.length, CALLER_VOICE);
    sendRtp(packet);
  }

  /**
   * One packet of the current RFC 4733 event: ticks 0-4 carry the growing duration (the first with
   * the marker bit), ticks 5-7 the end packet three times; then three frames of audio follow before
   * the next key.
   */
  private void sendEvent() {
    boolean end = eventTick >= 5;
    int duration = end ? 6 * FRAME : (eventTick + 1) * FRAME;
    byte[] packet = new byte[12 + 4];
    header(packet, TELEPHONE_EVENT, eventTick == 0, eventTimestamp);
    packet[12] = (byte) "0123456789*#ABCD".indexOf(eventKey);
    packet[13] = (byte) ((end ? 0x80 : 0) | 10); // E bit, volume -10 dBm0
    packet[14] = (byte) (duration >> 8);
    packet[15] = (byte) duration;
    sendRtp(packet);
    if (++eventTick > 7) {
      eventTick = -1;
      gapTicks = 3;
      talkSpurt = true;
    }
  }

  private void header(byte[] packet, int payloadType, boolean marker, int ts) {
    packet[0] = (byte) 0x80;
    packet[1] = (byte) ((marker ? 0x80 : 0) | payloadType);
    sequence = (sequence + 1) & 0xFFFF;
    packet[2] = (byte) (sequence >> 8);
    packet[3] = (byte) sequence;
    packet[4] = (byte) (ts >> 24);
    packet[5] = (byte) (ts >> 16);
    packet[6] = (byte) (ts >> 8);
    packet[7] = (byte) ts;
    packet[8] = (byte) (ssrc >> 24);
    packet[9] = (byte) (ssrc >> 16);
    packet[10] = (byte) (ssrc >> 8);
    packet[11] = (byte) ssrc;
  }

  private void sendRtp(byte[] packet) {
    try {
      rtp.send(new DatagramPacket(packet, packet.length, remoteMedia));
    } catch (IOException e) {
      // the socket closes at the end of the test
    }
  }

  // ---- receiving ------------------------------------------------------------------------------

  private void readSip() {
    byte[] buffer = new byte[65_535];
    while (!sip.isClosed()) {
      DatagramPacket p = new DatagramPacket(buffer, buffer.length);
      try {
        sip.receive(p);
      } catch (IOException e) {
        return;
      }
      String text = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
      if (text.isBlank()) {
        continue; // keep-alive
      }
      log("< " + text.substring(0, Math.max(0, text.indexOf('\r'))));
      Message m = Message.parse(text);
      on(() -> onMessage(m));
    }
  }

  private void readRtp() {
    byte[] buffer = new byte[2048];
    while (!rtp.isClosed()) {
      DatagramPacket p = new DatagramPacket(buffer, buffer.length);
      try {
        rtp.receive(p);
      } catch (IOException e) {
        return;
      }
      int offset = 12 + 4 * (buffer[0] & 0x0F);
      if ((buffer[0] & 0x10) != 0 && p.getLength() >= offset + 4) {
        offset += 4 + 4 * (((buffer[offset + 2] & 0xFF) << 8) | (buffer[offset + 3] & 0xFF));
      }
      if ((buffer[1] & 0x7F) != PCMA || p.getLength() - offset != FRAME) {
        continue;
      }
      byte first = buffer[offset];
      boolean constant = true;
      for (int i = offset + 1; constant && i < offset + FRAME; i++) {
        constant = buffer[i] == first;
      }
      if (!constant) {
        continue;
      }
      if (first == AGENT_VOICE) {
        lastAgentVoice = System.nanoTime();
      } else if (first == RELEASED_TONE) {
        releasedFrames++;
      }
    }
  }

  private void on(Runnable task) {
    try {
      timer.execute(task);
    } catch (RejectedExecutionException closed) {
      // the test is over
    }
  }

  // ---- helpers --------------------------------------------------------------------------------

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  private static String token() {
    return Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
  }

  private static InetSocketAddress local(DatagramSocket socket) {
    return (InetSocketAddress) socket.getLocalSocketAddress();
  }

  private static String hostPort(InetSocketAddress a) {
    return a.getAddress().getHostAddress() + ":" + a.getPort();
  }

  private static String tagOf(String nameAddr) {
    Matcher m = TAG.matcher(nameAddr == null ? "" : nameAddr);
    return m.find() ? m.group(1) : null;
  }

  private static String uriOf(String contact) {
    if (contact == null) {
      throw new IllegalStateException("2xx without Contact");
    }
    int lt = contact.indexOf('<');
    if (lt >= 0) {
      return contact.substring(lt + 1, contact.indexOf('>', lt));
    }
    int semi = contact.indexOf(';');
    return (semi < 0 ? contact : contact.substring(0, semi)).trim();
  }

  /** The audio address of an SDP answer: its {@code c=} address and {@code m=audio} port. */
  private static InetSocketAddress mediaOf(String sdp) {
    String address = null;
    int port = -1;
    for (String line : sdp.split("\r?\n")) {
      if (line.startsWith("c=IN IP4 ")) {
        address = line.substring("c=IN IP4 ".length()).trim();
      } else if (line.startsWith("m=audio ")) {
        port = Integer.parseInt(line.split(" ")[1]);
      }
    }
    if (address == null || port <= 0) {
      throw new IllegalStateException("SDP answer without audio: " + sdp);
    }
    return new InetSocketAddress(address, port);
  }

  private static String md5(String text) {
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A parsed SIP message: start line, headers (lower-case names, compact forms expanded), body. */
  private record Message(String startLine, List<String[]> headerList, String body) {
    static Message parse(String text) {
      int split = text.indexOf("\r\n\r\n");
      String head = split < 0 ? text : text.substring(0, split);
      String body = split < 0 ? "" : text.substring(split + 4);
      String[] lines = head.split("\r\n");
      List<String[]> headers = new ArrayList<>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        if (colon <= 0) {
          continue;
        }
        String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
        name = COMPACT.getOrDefault(name, name);
        String value = lines[i].substring(colon + 1).trim();
        if (name.equals("via")) {
          for (String v : value.split(",")) {
            headers.add(new String[] {name, v.trim()});
          }
        } else {
          headers.add(new String[] {name, value});
        }
      }
      return new Message(lines[0], headers, body);
    }

    boolean isResponse() {
      return startLine.startsWith("SIP/2.0 ");
    }

    int status() {
      return Integer.parseInt(startLine.split(" ")[1]);
    }

    String method() {
      return startLine.substring(0, startLine.indexOf(' '));
    }

    String header(String name) {
      for (String[] h : headerList) {
        if (h[0].equals(name)) {
          return h[1];
        }
      }
      return null;
    }

    List<String> headers(String name) {
      return headerList.stream().filter(h -> h[0].equals(name)).map(h -> h[1]).toList();
    }
  }
}
