package io.callqueue.adapter.sip;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A seeded SIP fuzzer (our own code) that plays a careless or hostile peer on one UDP socket:
 * valid INVITE/REGISTER/OPTIONS/BYE/INFO/CANCEL requests with one mutation each (truncated,
 * a header duplicated or dropped, a huge value, an oversized datagram, a bad number, garbage
 * bytes, a broken SDP body), and dialogs with their requests out of order (BYE before ACK, CANCEL
 * after the answer, double BYE, a wrong To-tag, CSeq going backwards, a re-INVITE with a broken
 * body, a second INVITE on a live Call-ID, ...).
 *
 * <p>Reproducible: {@link #batch(long, int, int)} derives every case and every mutation from the
 * seed (the text differs between runs only in the port numbers). Each {@link Case} keeps what it
 * sent and received, for the failure message.
 *
 * <p>Manners: whatever the mutation, the fuzzer ends every call the server answered (ACK, then
 * BYE) and ACKs every final error, as any UAC would, so that a call left behind after a batch is
 * the server's leak and not the peer's. Only the cases of a {@link KnownDefect} that is not
 * {@link KnownDefect#checked() checked} break that rule (or touch the Via, where the answer would
 * go astray and never be ACKed): they are left out until the defect is fixed.
 *
 * <p>Threading: one reader thread answers the server's requests and ACKs its responses; the cases
 * run on the caller's thread.
 */
final class SipFuzzer implements AutoCloseable {
  /** The SIP account the fuzzer registers (no agent uses it); {@link LiveServer} has it. */
  static final String ACCOUNT = "fuzzer";
  static final String PASSWORD = "pw-fuzzer";
  private static final Duration ANSWER_WAIT = Duration.ofSeconds(2);
  private static final Pattern AUTH_PARAM =
      Pattern.compile("([A-Za-z-]+)\\s*=\\s*(\"([^\"]*)\"|[^,\\s]+)");
  private static final Map<String, String> COMPACT = Map.of("i", "call-id", "m", "contact",
      "l", "content-length", "c", "content-type", "f", "from", "t", "to", "v", "via");
  private static final List<String> MANDATORY = List.of("from", "to", "call-id", "cseq");
  private static final String[] BAD_NUMBERS = {"-1", "0", "2147483648", "4294967296",
      "9223372036854775808", "99999999999999999999999", "1e3", "", "0x10", "+5", "1.5", " 7 7",
      "\u0663", "-0", "00000000000000000000001"};

  /** Message bases: a valid request each, before the mutation. */
  enum Base { INVITE_QUEUE, INVITE_UNKNOWN_NUMBER, INVITE_FROM_ACCOUNT, REGISTER, OPTIONS, BYE,
    INFO, CANCEL }

  /** What is done to one message. */
  enum Mutation { NONE, TRUNCATE, DUPLICATE_HEADER, DROP_HEADER, HUGE_VALUE, OVERSIZE, BAD_NUMBER,
    GARBAGE_BYTES, BAD_SDP }

  /** Dialogs with their requests reordered, repeated or wrong. */
  enum Dialog {
    BYE_BEFORE_ACK(null), CANCEL_AFTER_ANSWER(null), CANCEL_RACE(null), INFO_BEFORE_ACK(null),
    DOUBLE_BYE(null), REINVITE_BAD_SDP(null), BYE_WRONG_TAG(null), CSEQ_BACKWARDS(null),
    ACK_TWICE(null), NEVER_ACKED(KnownDefect.UNACKED_2XX),
    CALL_ID_REPLAY(KnownDefect.CALL_ID_REUSE),
    SECOND_INVITE_SAME_CALL_ID(KnownDefect.CALL_ID_REUSE),
    CALL_ID_ALIAS(KnownDefect.CALL_ID_ALIAS), DIGEST_REPLAY(KnownDefect.DIGEST_REPLAY);

    final KnownDefect exposes;

    Dialog(KnownDefect exposes) {
      this.exposes = exposes;
    }
  }

  /** One fuzz case: what it is, its own seed, and (once run) its transcript. */
  static final class Case {
    final int index;
    final String kind;
    final long seed;
    final Base base;
    final Mutation mutation;
    final Dialog dialog;
    final List<String> transcript = new CopyOnWriteArrayList<>();
    final List<String> expectationFailures = new CopyOnWriteArrayList<>();

    Case(int index, long seed, Base base, Mutation mutation, Dialog dialog) {
      this.index = index;
      this.seed = seed;
      this.base = base;
      this.mutation = mutation;
      this.dialog = dialog;
      this.kind = dialog != null ? "dialog " + dialog : base + " / " + mutation;
    }

    @Override
    public String toString() {
      StringBuilder text = new StringBuilder("case " + index + " (" + kind + ", case seed " + seed
          + ")");
      for (String line : transcript) {
        text.append("\n    ").append(line.length() > 3000
            ? line.substring(0, 3000) + "... (" + line.length() + " chars)" : line);
      }
      return text.toString();
    }
  }

  private final InetSocketAddress server;
  private final DatagramSocket socket;
  private final DatagramSocket rtp;
  private final Thread reader;
  private final Set<String> manual = ConcurrentHashMap.newKeySet();
  private final Set<String> silent = ConcurrentHashMap.newKeySet();
  private final Set<String> hungUp = ConcurrentHashMap.newKeySet();
  private final Map<String, BlockingQueue<Message>> responses = new ConcurrentHashMap<>();
  private final List<Message> allResponses = new CopyOnWriteArrayList<>();
  private volatile Case current;
  private int counter;

  SipFuzzer(int serverPort) {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    server = new InetSocketAddress(loopback, serverPort);
    try {
      socket = new DatagramSocket(new InetSocketAddress(loopback, 0));
      rtp = new DatagramSocket(new InetSocketAddress(loopback, 0));
    } catch (SocketException e) {
      throw new UncheckedIOException(e);
    }
    reader = new Thread(this::read, "sip-fuzzer");
    reader.setDaemon(true);
    reader.start();
  }

  // ---- generation -------------------------------------------------------------------------------

  /** The cases of batch {@code batch} of the run with {@code seed}: the same ones every time. */
  static List<Case> batch(long seed, int batch, int size) {
    Random random = new Random(seed * 1_000_003L + batch);
    List<Base> bases = List.of(Base.values());
    List<Mutation> mutations = List.of(Mutation.values());
    List<Dialog> dialogs = List.of(Dialog.values());
    List<Case> cases = new ArrayList<>();
    String only = System.getProperty("callqueue.fuzz.only", "");
    for (int i = 0; i < size; i++) {
      long caseSeed = random.nextLong();
      Case focused = focused(only, i, caseSeed, random);
      if (focused != null) {
        cases.add(focused);
        continue;
      }
      if (random.nextInt(4) == 0) {
        Dialog dialog = dialogs.get(random.nextInt(dialogs.size()));
        if (dialog.exposes != null && !dialog.exposes.checked()) {
          dialog = Dialog.values()[random.nextInt(Dialog.NEVER_ACKED.ordinal())];
        }
        cases.add(new Case(i, caseSeed, Base.INVITE_QUEUE, Mutation.NONE, dialog));
      } else {
        // admitted INVITEs twice as often: they go deepest (IVR, engine, agents)
        Base base = random.nextInt(3) == 0 ? Base.INVITE_QUEUE
            : bases.get(random.nextInt(bases.size()));
        cases.add(new Case(i, caseSeed, base, mutations.get(random.nextInt(mutations.size())),
            null));
      }
    }
    return cases;
  }

  /**
   * With {@code -Dcallqueue.fuzz.only=NAME} every case is of that dialog, that mutation (on any
   * base) or that base (with any mutation): to study one class of cases, or one defect.
   */
  private static Case focused(String only, int index, long caseSeed, Random random) {
    if (only.isEmpty()) {
      return null;
    }
    for (Dialog d : Dialog.values()) {
      if (d.name().equals(only)) {
        return new Case(index, caseSeed, Base.INVITE_QUEUE, Mutation.NONE, d);
      }
    }
    for (Mutation m : Mutation.values()) {
      if (m.name().equals(only)) {
        return new Case(index, caseSeed, Base.values()[random.nextInt(Base.values().length)], m,
            null);
      }
    }
    for (Base b : Base.values()) {
      if (b.name().equals(only)) {
        return new Case(index, caseSeed, b,
            Mutation.values()[random.nextInt(Mutation.values().length)], null);
      }
    }
    throw new IllegalArgumentException("callqueue.fuzz.only: no dialog, mutation or base '" + only
        + "'");
  }

  // ---- running ----------------------------------------------------------------------------------

  /** Runs one case; returns once it has sent everything (answers may still be coming). */
  void run(Case fuzzCase) throws IOException, InterruptedException {
    current = fuzzCase;
    Random random = new Random(fuzzCase.seed);
    if (fuzzCase.dialog != null) {
      runDialog(fuzzCase, random);
    } else {
      runMessage(fuzzCase, random);
    }
  }

  private void runMessage(Case fuzzCase, Random random) throws IOException, InterruptedException {
    Draft draft = draft(fuzzCase.base, newCallId(), 1);
    // While UNACKED_2XX is open, an INVITE's Via stays intact: an answer sent elsewhere is never
    // ACKed, and that leak would hide everything else.
    boolean protectVia = fuzzCase.base.name().startsWith("INVITE")
        && !KnownDefect.UNACKED_2XX.checked();
    String text = draft.text();
    String branch = draft.branch;
    String expect = null;
    switch (fuzzCase.mutation) {
      case NONE -> { }
      case TRUNCATE -> {
        int from = Math.max(1, protectVia ? endOfLine(text, "Via:") : 1);
        text = text.substring(0, from + random.nextInt(Math.max(1, text.length() - from)));
      }
      case DUPLICATE_HEADER -> {
        List<String> lines = headerLines(text);
        String line = lines.get(1 + random.nextInt(lines.size() - 1));
        String copy = random.nextBoolean() ? line : line.replaceAll("[0-9a-f]", "7");
        text = text.replace(line + "\r\n", line + "\r\n" + copy + "\r\n");
      }
      case DROP_HEADER -> {
        List<String> lines = headerLines(text);
        String line = lines.get(1 + random.nextInt(lines.size() - 1));
        if (protectVia && line.startsWith("Via:")) {
          line = lines.get(2);
        }
        text = text.replace(line + "\r\n", "");
        String name = line.substring(0, line.indexOf(':')).toLowerCase(Locale.ROOT);
        if (MANDATORY.contains(name) && !line.startsWith("Via:")
            && KnownDefect.MISSING_HEADER_NO_400.checked()) {
          expect = "400";
        }
      }
      case HUGE_VALUE -> {
        List<String> lines = headerLines(text);
        String line = lines.get(1 + random.nextInt(lines.size() - 1));
        if (protectVia && line.startsWith("Via:")) {
          line = lines.get(2);
        }
        String filler = "a9;=<\"%@:, ".substring(random.nextInt(10));
        StringBuilder huge = new StringBuilder(line.substring(0, line.indexOf(':') + 1) + " ");
        if (line.startsWith("Call-ID:") && !KnownDefect.CALL_ID_ALIAS.checked()) {
          huge = new StringBuilder(line); // keeps its unique start: two fillers would alias
        }
        int length = 1000 + random.nextInt(6000);
        while (huge.length() < length) {
          huge.append(filler);
        }
        text = text.replace(line + "\r\n", huge + "\r\n");
      }
      case OVERSIZE -> {
        StringBuilder pad = new StringBuilder("X-Pad: ");
        int length = 8200 + random.nextInt(12000);
        while (pad.length() < length) {
          pad.append("pad-");
        }
        text = text.replace("Max-Forwards: 70\r\n", "Max-Forwards: 70\r\n" + pad + "\r\n");
        if (KnownDefect.OVERSIZE_NO_513.checked()) {
          expect = "513";
        }
      }
      case BAD_NUMBER -> text = badNumber(text, random, protectVia);
      case GARBAGE_BYTES -> text = garbage(text, random, protectVia);
      case BAD_SDP -> text = badSdp(draft, random);
    }
    send(text);
    if (expect != null) {
      String status = expect;
      String b = branch;
      if (!awaitResponse(m -> m.text.startsWith("SIP/2.0 " + status) && m.text.contains(b),
          ANSWER_WAIT)) {
        fuzzCase.expectationFailures.add("no " + status + " answer to " + fuzzCase.kind);
      }
    }
  }

  private void runDialog(Case fuzzCase, Random random) throws IOException, InterruptedException {
    String callId = newCallId();
    manual.add(callId);
    Draft invite = draft(Base.INVITE_QUEUE, callId, 1);
    switch (fuzzCase.dialog) {
      case BYE_BEFORE_ACK -> {
        Message ok = inviteAnswered(invite);
        if (ok != null) {
          send(inDialog(ok, "BYE", 2, ""));
          send(ack(ok));
        }
      }
      case CANCEL_AFTER_ANSWER -> {
        Message ok = inviteAnswered(invite);
        send(invite.cancel());
        if (ok != null) {
          send(ack(ok));
          send(inDialog(ok, "BYE", 2, ""));
        }
      }
      case CANCEL_RACE -> {
        send(invite.text());
        Thread.sleep(random.nextInt(5));
        send(invite.cancel());
        endIfAnswered(callId);
      }
      case INFO_BEFORE_ACK -> {
        Message ok = inviteAnswered(invite);
        if (ok != null) {
          send(inDialog(ok, "INFO", 2, "Content-Type: application/dtmf-relay\r\n",
              "Signal=" + "0123456789*#".charAt(random.nextInt(12)) + "\r\nDuration=160\r\n"));
          send(ack(ok));
          send(inDialog(ok, "BYE", 3, ""));
        }
      }
      case DOUBLE_BYE -> {
        Message ok = inviteAnswered(invite);
        if (ok != null) {
          send(ack(ok));
          String bye = inDialog(ok, "BYE", 2, "");
          send(bye);
          send(bye.replace("branch=z9hG4bK", "branch=z9hG4bKagain"));
          send(inDialog(ok, "BYE", 3, ""));
        }
      }
      case REINVITE_BAD_SDP -> {
        Message ok = inviteAnswered(invite);
        if (ok != null) {
          send(ack(ok));
          String body = random.nextBoolean() ? "v=0\r\nm=audio 99999 RTP/AVP 200\r\n"
              : "garbage" + random.nextInt();
          send(inDialog(ok, "INVITE", 2, "Content-Type: application/sdp\r\n", body));
          Message reOk = awaitFinal(callId, "INVITE", 2, ANSWER_WAIT);
          if (reOk != null && reOk.status() < 300) {
            send(ack(reOk));
          }
          send(inDialog(ok, "BYE", 3, ""));
        }
      }
      case SECOND_INVITE_SAME_CALL_ID -> {
        send(invite.text());
        send(draft(Base.INVITE_QUEUE, callId, 1).text());
        endIfAnswered(callId);
      }
      case BYE_WRONG_TAG -> {
        Message ok = inviteAnswered(invite);
        if (ok != null) {
          send(ack(ok));
          send(inDialog(ok, "BYE", 2, "").replaceFirst("(To: [^\r]*;tag=)", "$1wrong"));
          send(inDialog(ok, "BYE", 3, ""));
        }
      }
      case CSEQ_BACKWARDS -> {
        Draft high = draft(Base.INVITE_QUEUE, callId, 1000 + random.nextInt(100000));
        Message ok = inviteAnswered(high);
        if (ok != null) {
          send(ack(ok));
          send(inDialog(ok, "INFO", 5, ""));
          send(inDialog(ok, "BYE", 6, ""));
          send(inDialog(ok, "BYE", 2_000_000, ""));
        }
      }
      case ACK_TWICE -> {
        Message ok = inviteAnswered(invite);
        if (ok != null) {
          send(ack(ok));
          send(ack(ok));
          send(inDialog(ok, "BYE", 2, ""));
          send(ack(ok));
        }
      }
      case NEVER_ACKED -> {
        silent.add(callId);
        send(invite.text());
      }
      case CALL_ID_REPLAY -> {
        Message ok = inviteAnswered(invite);
        if (ok != null) {
          send(ack(ok));
          send(inDialog(ok, "BYE", 2, ""));
          awaitFinal(callId, "BYE", 2, ANSWER_WAIT);
          responses.remove(callId);
          manual.remove(callId);
          send(draft(Base.INVITE_QUEUE, callId, 1).text());
        }
      }
      case DIGEST_REPLAY -> {
        // the RFC 2617 form (qop=auth) and the older RFC 2069 form: neither may register twice
        int cseq = 1;
        for (boolean qop : new boolean[] {true, false}) {
          send(register(callId, cseq, ""));
          Message challenge = awaitFinal(callId, "REGISTER", cseq++, ANSWER_WAIT);
          if (challenge == null || challenge.status() != 401) {
            fuzzCase.expectationFailures.add("no 401 challenge to a REGISTER of " + ACCOUNT);
            return;
          }
          String authorization = "Authorization: " + digest(challenge.header("www-authenticate"),
              "sip:127.0.0.1:" + server.getPort(), qop) + "\r\n";
          send(register(callId, cseq, authorization));
          Message first = awaitFinal(callId, "REGISTER", cseq++, ANSWER_WAIT);
          if (first == null || first.status() != 200) {
            continue; // that form is refused outright: nothing to replay
          }
          send(register(callId, cseq, authorization)); // a captured header, sent again
          Message replayed = awaitFinal(callId, "REGISTER", cseq++, ANSWER_WAIT);
          if (replayed != null && replayed.status() == 200) {
            fuzzCase.expectationFailures.add("a replayed digest answer ("
                + (qop ? "qop=auth, same nonce, nc and cnonce" : "RFC 2069, no qop")
                + ") registered again: " + replayed.firstLine());
          }
        }
      }
      case CALL_ID_ALIAS -> {
        String base = "fuzz alias " + Long.toHexString(random.nextLong());
        manual.remove(callId);
        send(draft(Base.INVITE_QUEUE, base, 1).text());
        send(draft(Base.INVITE_QUEUE, base.replace(' ', '_'), 1).text());
      }
    }
  }

  private String register(String callId, int cseq, String authorization) {
    return "REGISTER sip:127.0.0.1:" + server.getPort() + " SIP/2.0\r\n"
        + "Via: SIP/2.0/UDP " + local() + ";branch=z9hG4bK" + token() + ";rport\r\n"
        + "Max-Forwards: 70\r\n"
        + "From: <sip:" + ACCOUNT + "@127.0.0.1>;tag=reg" + Math.abs(callId.hashCode()) + "\r\n"
        + "To: <sip:" + ACCOUNT + "@127.0.0.1>\r\n"
        + "Call-ID: " + callId + "\r\n"
        + "CSeq: " + cseq + " REGISTER\r\n"
        + "Contact: <sip:" + ACCOUNT + "@" + local() + ">\r\n"
        + "Expires: 60\r\n"
        + authorization
        + "Content-Length: 0\r\n\r\n";
  }

  /**
   * Digest credentials for {@link #ACCOUNT}: RFC 2617 (MD5, qop=auth, nc 1) or, without {@code
   * qop}, the RFC 2069 form.
   */
  private static String digest(String challenge, String uri, boolean qop) {
    Map<String, String> params = new LinkedHashMap<>();
    Matcher m = AUTH_PARAM.matcher(challenge.replaceFirst("(?i)^\\s*Digest\\s+", ""));
    while (m.find()) {
      params.put(m.group(1).toLowerCase(Locale.ROOT), m.group(3) != null ? m.group(3) : m.group(2));
    }
    String realm = params.get("realm");
    String nonce = params.get("nonce");
    String cnonce = token();
    String ha1 = md5(ACCOUNT + ":" + realm + ":" + PASSWORD);
    String ha2 = md5("REGISTER:" + uri);
    String response = qop ? md5(ha1 + ":" + nonce + ":00000001:" + cnonce + ":auth:" + ha2)
        : md5(ha1 + ":" + nonce + ":" + ha2);
    return "Digest username=\"" + ACCOUNT + "\", realm=\"" + realm + "\", nonce=\"" + nonce
        + "\", uri=\"" + uri + "\", response=\"" + response + "\", algorithm=MD5"
        + (qop ? ", qop=auth, nc=00000001, cnonce=\"" + cnonce + "\"" : "")
        + (params.containsKey("opaque") ? ", opaque=\"" + params.get("opaque") + "\"" : "");
  }

  private static String md5(String text) {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5")
          .digest(text.getBytes(StandardCharsets.ISO_8859_1)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is required of every JVM", e);
    }
  }

  /** Sends the INVITE and returns its 2xx (null if none came within two seconds). */
  private Message inviteAnswered(Draft invite) throws IOException, InterruptedException {
    send(invite.text());
    Message answer = awaitFinal(invite.callId, "INVITE", invite.cseq, ANSWER_WAIT);
    return answer != null && answer.status() < 300 ? answer : null;
  }

  /** Lets the reader thread end the call once it is answered (ACK, then BYE), as usual. */
  private void endIfAnswered(String callId) throws InterruptedException {
    Message answer = awaitFinal(callId, "INVITE", 1, ANSWER_WAIT);
    if (answer != null && answer.status() < 300) {
      send(ack(answer));
      if (hungUp.add(dialogOf(answer))) {
        send(inDialog(answer, "BYE", 2, ""));
      }
    }
    manual.remove(callId);
  }

  /** The final response to request {@code method}/{@code cseq} of this call, or null. */
  private Message awaitFinal(String callId, String method, long cseq, Duration timeout)
      throws InterruptedException {
    BlockingQueue<Message> queue = responses.computeIfAbsent(callId,
        k -> new LinkedBlockingQueue<>());
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      Message m = left <= 0 ? null : queue.poll(left, TimeUnit.NANOSECONDS);
      if (m == null) {
        return null;
      }
      if (m.status() >= 200 && m.cseqMethod().equals(method) && m.cseqNumber() == cseq) {
        return m;
      }
    }
  }

  private boolean awaitResponse(Predicate<Message> matches, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (allResponses.stream().anyMatch(matches)) {
        return true;
      }
      Thread.sleep(20);
    }
    return false;
  }

  /** How many responses of each status the server sent since the last call (then forgets them). */
  Map<Integer, Long> takeStatusCounts() {
    Map<Integer, Long> counts = new java.util.TreeMap<>();
    List<Message> seen = new ArrayList<>(allResponses);
    allResponses.removeAll(seen);
    seen.forEach(m -> counts.merge(m.status(), 1L, Long::sum));
    responses.clear();
    return counts;
  }

  // ---- the reader: a well-mannered UAC ---------------------------------------------------------

  private void read() {
    byte[] buffer = new byte[65536];
    while (!socket.isClosed()) {
      DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
      try {
        socket.receive(packet);
      } catch (IOException e) {
        return;
      }
      Message m = Message.parse(
          new String(buffer, 0, packet.getLength(), StandardCharsets.ISO_8859_1));
      if (m == null) {
        continue;
      }
      note("< " + m.text.lines().findFirst().orElse("") + " (" + m.header("call-id") + ", "
          + m.header("cseq") + ")");
      try {
        if (m.isResponse()) {
          onResponse(m);
        } else if (!m.method().equals("ACK")) {
          send(m.reply("200 OK"));
        }
      } catch (RuntimeException e) {
        note("! fuzzer could not handle that message: " + e);
      }
    }
  }

  private void onResponse(Message m) {
    allResponses.add(m);
    String callId = m.header("call-id");
    if (callId == null || m.cseqMethod().isEmpty()) {
      return;
    }
    responses.computeIfAbsent(callId, k -> new LinkedBlockingQueue<>()).add(m);
    if (!m.cseqMethod().equals("INVITE") || m.status() < 200) {
      return;
    }
    if (m.status() >= 300) {
      send(m.nonSuccessAck());
    } else if (!manual.contains(callId) && !silent.contains(callId)) {
      send(ack(m));
      if (hungUp.add(dialogOf(m))) {
        send(inDialog(m, "BYE", m.cseqNumber() + 1, ""));
      }
    }
  }

  /** A dialog's identity: Call-ID and both tags (two INVITEs may share a Call-ID). */
  private static String dialogOf(Message m) {
    return m.header("call-id") + " " + m.header("from") + " " + m.header("to");
  }

  // ---- messages ---------------------------------------------------------------------------------

  /** A valid request before its mutation. */
  private final class Draft {
    final Base base;
    final String callId;
    final int cseq;
    final String branch = "z9hG4bK" + token();
    final String fromTag = token();
    final String number;
    final String method;
    final String body;
    final String extra;

    Draft(Base base, String callId, int cseq) {
      this.base = base;
      this.callId = callId;
      this.cseq = cseq;
      this.number = switch (base) {
        case INVITE_UNKNOWN_NUMBER -> "999";
        case REGISTER -> "agent1";
        default -> LiveServer.NUMBER;
      };
      this.method = base.name().startsWith("INVITE") ? "INVITE" : base.name();
      this.body = method.equals("INVITE") ? sdp(rtp.getLocalPort(), "8 101")
          : method.equals("INFO") ? "Signal=5\r\nDuration=160\r\n" : "";
      this.extra = switch (base) {
        case REGISTER -> "Expires: 60\r\n";
        case INFO -> "Content-Type: application/dtmf-relay\r\n";
        default -> method.equals("INVITE") ? "Content-Type: application/sdp\r\n" : "";
      };
    }

    String from() {
      String user = base == Base.INVITE_FROM_ACCOUNT || base == Base.REGISTER ? "agent1"
          : "48700" + Math.abs(callId.hashCode() % 100000);
      return "<sip:" + user + "@127.0.0.1>;tag=" + fromTag;
    }

    String text() {
      return text(body);
    }

    String text(String content) {
      String uri = base == Base.REGISTER ? "sip:127.0.0.1:" + server.getPort()
          : "sip:" + number + "@127.0.0.1:" + server.getPort();
      return method + " " + uri + " SIP/2.0\r\n"
          + "Via: SIP/2.0/UDP " + local() + ";branch=" + branch + ";rport\r\n"
          + "Max-Forwards: 70\r\n"
          + "From: " + from() + "\r\n"
          + "To: <sip:" + number + "@127.0.0.1>\r\n"
          + "Call-ID: " + callId + "\r\n"
          + "CSeq: " + cseq + " " + method + "\r\n"
          + "Contact: <sip:fuzzer@" + local() + ">\r\n"
          + extra
          + "Content-Length: " + content.getBytes(StandardCharsets.ISO_8859_1).length + "\r\n\r\n"
          + content;
    }

    String cancel() {
      return "CANCEL sip:" + number + "@127.0.0.1:" + server.getPort() + " SIP/2.0\r\n"
          + "Via: SIP/2.0/UDP " + local() + ";branch=" + branch + ";rport\r\n"
          + "Max-Forwards: 70\r\n"
          + "From: " + from() + "\r\n"
          + "To: <sip:" + number + "@127.0.0.1>\r\n"
          + "Call-ID: " + callId + "\r\n"
          + "CSeq: " + cseq + " CANCEL\r\n"
          + "Content-Length: 0\r\n\r\n";
    }
  }

  private Draft draft(Base base, String callId, int cseq) {
    return new Draft(base, callId, cseq);
  }

  /** The ACK of a 2xx: its CSeq number as the response has it, however odd. */
  private String ack(Message ok) {
    return inDialog(ok, "ACK", ok.cseqText(), "", "");
  }

  private String inDialog(Message ok, String method, long cseq, String extra) {
    return inDialog(ok, method, Long.toString(cseq), extra, "");
  }

  private String inDialog(Message ok, String method, long cseq, String extra, String body) {
    return inDialog(ok, method, Long.toString(cseq), extra, body);
  }

  /** A request in the dialog a 2xx established: its From, To (with the server's tag), Call-ID. */
  private String inDialog(Message ok, String method, String cseq, String extra, String body) {
    String contact = ok.header("contact");
    String target = contact == null ? "sip:" + LiveServer.NUMBER + "@127.0.0.1:" + server.getPort()
        : contact.replaceAll(".*<([^>]*)>.*", "$1");
    return method + " " + target + " SIP/2.0\r\n"
        + "Via: SIP/2.0/UDP " + local() + ";branch=z9hG4bK" + token() + ";rport\r\n"
        + "Max-Forwards: 70\r\n"
        + "From: " + ok.header("from") + "\r\n"
        + "To: " + ok.header("to") + "\r\n"
        + "Call-ID: " + ok.header("call-id") + "\r\n"
        + "CSeq: " + cseq + " " + method + "\r\n"
        + extra
        + "Content-Length: " + body.getBytes(StandardCharsets.ISO_8859_1).length + "\r\n\r\n"
        + body;
  }

  private String badNumber(String text, Random random, boolean protectVia) {
    String bad = BAD_NUMBERS[random.nextInt(BAD_NUMBERS.length)];
    List<String> targets = new ArrayList<>(List.of("CSeq: \\d+", "Content-Length: \\d+",
        "Max-Forwards: \\d+", "m=audio \\d+", "RTP/AVP \\d+", "Expires: \\d+"));
    if (!protectVia) {
      targets.add("Via: SIP/2.0/UDP 127.0.0.1:\\d+");
    }
    String target = targets.get(random.nextInt(targets.size()));
    String prefix = target.substring(0, target.length() - 3);
    if (target.startsWith("CSeq") && bad.matches("2147483648|4294967296")
        && !KnownDefect.CSEQ_OUT_OF_RANGE.checked()) {
      bad = "-1"; // admitted today, and then the call cannot be hung up
    }
    if (target.startsWith("Expires") && !text.contains("Expires:")) {
      return text.replace("Max-Forwards: 70\r\n", "Max-Forwards: 70\r\nExpires: " + bad + "\r\n");
    }
    return text.replaceFirst(target, java.util.regex.Matcher.quoteReplacement(
        prefix.replace("\\", "") + bad));
  }

  private String garbage(String text, Random random, boolean protectVia) {
    StringBuilder b = new StringBuilder(text);
    int from = protectVia ? endOfLine(text, "Via:") : 0;
    int edits = 1 + random.nextInt(8);
    for (int i = 0; i < edits; i++) {
      int at = from + random.nextInt(Math.max(1, b.length() - from));
      char c = switch (random.nextInt(6)) {
        case 0 -> '\0';
        case 1 -> '\r';
        case 2 -> '\n';
        case 3 -> (char) 0xFF;
        default -> (char) random.nextInt(256);
      };
      if (random.nextBoolean() && at < b.length()) {
        b.setCharAt(at, c);
      } else {
        b.insert(at, c);
      }
    }
    return b.toString();
  }

  private String badSdp(Draft draft, Random random) {
    String sdp = sdp(rtp.getLocalPort(), "8 101");
    String body = switch (random.nextInt(8)) {
      case 0 -> sdp.replaceAll("m=audio[^\r]*\r\n", "");
      case 1 -> sdp.replaceFirst("m=audio \\d+", "m=audio 0");
      case 2 -> sdp.replaceFirst("m=audio \\d+", "m=audio 70000");
      case 3 -> sdp.replace("RTP/AVP 8 101", "RTP/AVP 99").replace("a=rtpmap:8 PCMA/8000",
          "a=rtpmap:99 opus/48000/2");
      case 4 -> sdp.replace("c=IN IP4 127.0.0.1", "c=IN IP6 ::ffff:zz");
      case 5 -> sdp.replaceAll("c=IN[^\r]*\r\n", "");
      case 6 -> "v=0\r\n" + "x".repeat(random.nextInt(500));
      default -> sdp.replace("\r\n", "\n").replace("v=0", "v=99");
    };
    return draft.text(body);
  }

  private static String sdp(int port, String formats) {
    return "v=0\r\n"
        + "o=fuzzer 1 1 IN IP4 127.0.0.1\r\n"
        + "s=-\r\n"
        + "c=IN IP4 127.0.0.1\r\n"
        + "t=0 0\r\n"
        + "m=audio " + port + " RTP/AVP " + formats + "\r\n"
        + "a=rtpmap:8 PCMA/8000\r\n"
        + "a=rtpmap:101 telephone-event/8000\r\n";
  }

  private static List<String> headerLines(String text) {
    int end = text.indexOf("\r\n\r\n");
    return List.of(text.substring(0, end < 0 ? text.length() : end).split("\r\n"));
  }

  private static int endOfLine(String text, String start) {
    int at = text.indexOf(start);
    return at < 0 ? 0 : text.indexOf("\r\n", at) + 2;
  }

  private String newCallId() {
    return "fuzz-" + (++counter) + "-" + token() + "@127.0.0.1";
  }

  private static String token() {
    return Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong());
  }

  private String local() {
    return "127.0.0.1:" + socket.getLocalPort();
  }

  private void send(String text) {
    note("> " + text);
    byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
    try {
      socket.send(new DatagramPacket(bytes, bytes.length, server));
    } catch (IOException e) {
      note("! send failed: " + e);
    }
  }

  private void note(String line) {
    Case c = current;
    if (c != null) {
      c.transcript.add(line);
    }
  }

  @Override
  public void close() {
    socket.close();
    rtp.close();
    try {
      reader.join(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A SIP message as text, with its headers by lower-case full name (first value kept). */
  record Message(String text, String firstLine, Map<String, List<String>> headers) {
    static Message parse(String text) {
      int end = text.indexOf("\r\n\r\n");
      String head = end < 0 ? text : text.substring(0, end);
      String[] lines = head.split("\r\n");
      if (lines.length == 0 || lines[0].isEmpty()) {
        return null;
      }
      Map<String, List<String>> headers = new LinkedHashMap<>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        if (colon > 0) {
          String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
          name = COMPACT.getOrDefault(name, name);
          headers.computeIfAbsent(name, k -> new ArrayList<>())
              .add(lines[i].substring(colon + 1).trim());
        }
      }
      return new Message(text, lines[0], headers);
    }

    boolean isResponse() {
      return firstLine.startsWith("SIP/2.0 ");
    }

    int status() {
      try {
        return isResponse() ? Integer.parseInt(firstLine.substring(8, 11)) : 0;
      } catch (RuntimeException e) {
        return 0;
      }
    }

    String method() {
      return firstLine.split(" ", 2)[0];
    }

    String header(String name) {
      List<String> values = headers.get(name);
      return values == null ? null : values.get(0);
    }

    String cseqMethod() {
      String cseq = header("cseq");
      String[] parts = cseq == null ? new String[0] : cseq.trim().split("\\s+");
      return parts.length == 2 ? parts[1] : "";
    }

    /** The CSeq number as it stands in the message. */
    String cseqText() {
      String cseq = header("cseq");
      return cseq == null ? "" : cseq.trim().split("\\s+")[0];
    }

    /** The CSeq number as sent (a mutated one may pass 2^31), or -1 if it is no number. */
    long cseqNumber() {
      try {
        return Long.parseLong(header("cseq").trim().split("\\s+")[0]);
      } catch (RuntimeException e) {
        return -1;
      }
    }

    /** The ACK of a non-2xx final response to an INVITE (same branch: the top Via). */
    String nonSuccessAck() {
      return "ACK sip:" + LiveServer.NUMBER + "@127.0.0.1 SIP/2.0\r\n"
          + "Via: " + header("via") + "\r\n"
          + "Max-Forwards: 70\r\n"
          + "From: " + header("from") + "\r\n"
          + "To: " + header("to") + "\r\n"
          + "Call-ID: " + header("call-id") + "\r\n"
          + "CSeq: " + cseqText() + " ACK\r\n"
          + "Content-Length: 0\r\n\r\n";
    }

    /** A response to this request, copying its Via, From, To, Call-ID and CSeq. */
    String reply(String status) {
      StringBuilder r = new StringBuilder("SIP/2.0 ").append(status).append("\r\n");
      for (String via : headers.getOrDefault("via", Collections.emptyList())) {
        r.append("Via: ").append(via).append("\r\n");
      }
      String to = header("to");
      if (to != null && !to.contains("tag=")) {
        to = to + ";tag=fz" + Integer.toHexString(text.hashCode());
      }
      return r.append("From: ").append(header("from")).append("\r\n")
          .append("To: ").append(to).append("\r\n")
          .append("Call-ID: ").append(header("call-id")).append("\r\n")
          .append("CSeq: ").append(header("cseq")).append("\r\n")
          .append("Content-Length: 0\r\n\r\n").toString();
    }
  }
}
