package io.callqueue.adapter.twilio.standin;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * One call in the stand-in, running its TwiML: {@code Play} (loop; 0 = 1,000 times),
 * {@code Pause}, {@code Gather} (numDigits, finishOnKey, timeout, actionOnEmptyResult, nested
 * Play/Pause), {@code Redirect}, {@code Hangup}, {@code Dial} with {@code Conference}
 * (startConferenceOnEnter, endConferenceOnExit, continuing after the Dial), {@code Record}
 * (maxLength, finishOnKey, action, recordingStatusCallback). A document that ends
 * ends the call. A REST update interrupts the running verb at once.
 */
public final class SimCall {
  /** The next document: inline TwiML, or a URL to fetch with extra parameters. */
  record Next(String twiml, String url, Map<String, String> extra) {
    Next(String twiml, String url) {
      this(twiml, url, Map.of());
    }
  }

  private record Key(char digit) {}

  /** One parser per thread: a factory per document costs a class-path lookup (~1 ms loaded). */
  private static final ThreadLocal<javax.xml.parsers.DocumentBuilder> PARSER =
      ThreadLocal.withInitial(() -> {
        try {
          return DocumentBuilderFactory.newInstance().newDocumentBuilder();
        } catch (javax.xml.parsers.ParserConfigurationException e) {
          throw new IllegalStateException(e);
        }
      });
  private static final Object HANGUP = new Object();
  private static final Object CANCEL = new Object();
  private static final Object ANSWER = new Object();
  private static final Object CONFERENCE_END = new Object();
  private static final Object CHILD_HUNG_UP = new Object();

  private final FakeTwilio tw;
  public final String sid;
  public final String direction;
  public final String from;
  public final String to;
  final long created = System.nanoTime();
  private final String url;
  volatile String statusCallback;
  private final List<String> events;
  private final int timeout;
  volatile String status = "queued";
  /** The call whose {@code <Dial><Number>} placed this one, or null. */
  volatile SimCall parent;
  private final BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
  private final List<String> documents = new CopyOnWriteArrayList<>();
  private final List<String> callbacks = new CopyOnWriteArrayList<>();
  private final AtomicInteger sequence = new AtomicInteger();
  private final ExecutorService callbackLane = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "fake-twilio-callbacks");
    t.setDaemon(true);
    return t;
  });
  private volatile Conference conference;
  private volatile long answeredAt;
  /** Whether this call's phone has pressed its {@link FakeTwilio#gatherKey} already. */
  private boolean pressedGatherKey;

  SimCall(FakeTwilio tw, String sid, String direction, String from, String to, String url,
      String statusCallback, List<String> events, int timeout) {
    this.tw = tw;
    this.sid = sid;
    this.direction = direction;
    this.from = from;
    this.to = to;
    this.url = url;
    this.statusCallback = statusCallback;
    this.events = List.copyOf(events);
    this.timeout = timeout;
  }

  // ===== What a test does with a phone ===============================================

  /** The caller presses a key. */
  public void pressKey(char digit) {
    inbox.add(new Key(digit));
  }

  /** The phone hangs up. */
  public void hangUp() {
    SimCall p = parent;
    if (p != null) {
      synchronized (this) {
        if (ended()) {
          return;
        }
        status = "completed";
      }
      p.inbox.add(CHILD_HUNG_UP);
      return;
    }
    inbox.add(HANGUP);
  }

  /** A ringing phone (that was ignoring the ring) answers. */
  public void answer() {
    inbox.add(ANSWER);
  }

  public String status() {
    return status;
  }

  /** The URL this call's status callbacks go to, or null (none asked for yet). */
  public String statusCallback() {
    return statusCallback;
  }

  /** Every TwiML document the call received, in order (fetched or pushed by REST). */
  public List<String> documents() {
    return List.copyOf(documents);
  }

  /** Every status callback's {@code CallStatus} sent for this call, in order. */
  public List<String> callbacks() {
    return List.copyOf(callbacks);
  }

  /** Waits until some document satisfies {@code test}; returns it. */
  public String awaitDocument(Predicate<String> test, Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      for (String d : documents) {
        if (test.test(d)) {
          return d;
        }
      }
      sleep(10);
    }
    throw new AssertionError("no TwiML document of " + sid + " matched within " + within
        + "; got " + documents);
  }

  /** Waits until the call is in {@code wanted} status. */
  public void awaitStatus(String wanted, Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    while (!wanted.equals(status)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(sid + " is " + status + ", not " + wanted + " after " + within);
      }
      sleep(10);
    }
  }

  /** When the call was answered ({@link System#nanoTime()}), or 0 while it has not been. */
  public long answeredNanos() {
    return answeredAt;
  }

  /** When the stand-in created the call ({@link System#nanoTime()}). */
  public long createdNanos() {
    return created;
  }

  public Conference conference() {
    return conference;
  }

  // ===== Life of the call =======================================================

  void runInbound() {
    try {
      String first = fetch(url, Map.of());
      status = "in-progress";
      answeredAt = System.nanoTime();
      run(first);
    } catch (Ended e) {
      // the call is over
    }
  }

  void runOutbound(Phone phone) {
    try {
      callback("initiated");
      status = "ringing";
      callback("ringing");
      switch (phone) {
        case BUSY, REJECT -> {
          end("busy");
          return;
        }
        case ANSWER -> ring(50, true);
        case IGNORE -> ring(timeout * 1000L, false);
        default -> throw new IllegalStateException();
      }
      status = "in-progress";
      answeredAt = System.nanoTime();
      callback("answered");
      run(fetch(url, Map.of()));
    } catch (Ended e) {
      // the call is over
    }
  }

  private void ring(long millis, boolean answersAtEnd) throws Ended {
    long deadline = System.currentTimeMillis() + millis;
    while (true) {
      long left = deadline - System.currentTimeMillis();
      if (left <= 0) {
        if (answersAtEnd) {
          return;
        }
        end("no-answer");
        throw new Ended();
      }
      Object o = poll(left);
      if (o == ANSWER) {
        return;
      }
      if (o == CANCEL || o == HANGUP) {
        end(o == CANCEL ? "canceled" : "busy");
        throw new Ended();
      }
    }
  }

  private void run(String doc) throws Ended {
    while (true) {
      Next next;
      try {
        next = execute(doc);
      } catch (Jump j) {
        next = j.next;
      }
      if (next == null) {
        end("completed");
        throw new Ended();
      }
      doc = next.twiml != null ? record(next.twiml) : fetch(next.url, next.extra);
    }
  }

  private Next execute(String doc) throws Jump, Ended {
    Element root;
    try {
      root = PARSER.get().parse(new ByteArrayInputStream(doc.getBytes(StandardCharsets.UTF_8)))
          .getDocumentElement();
    } catch (Exception e) {
      end("failed");
      throw new Ended();
    }
    for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (!(n instanceof Element verb)) {
        continue;
      }
      switch (verb.getTagName()) {
        case "Play" -> play(verb, false, null);
        case "Pause" -> pause(verb, false, null);
        case "Gather" -> {
          Next next = gather(verb);
          if (next != null) {
            return next;
          }
        }
        case "Redirect" -> {
          return new Next(null, verb.getTextContent().trim());
        }
        case "Hangup" -> {
          end("completed");
          throw new Ended();
        }
        case "Dial" -> {
          Next next = dial(verb);
          if (next != null) {
            return next;
          }
        }
        case "Record" -> {
          Next next = record(verb);
          if (next != null) {
            return next;
          }
        }
        default -> {
          end("failed");
          throw new Ended();
        }
      }
    }
    return null;
  }

  private Key play(Element play, boolean keys, StringBuilder unused) throws Jump, Ended {
    int loop = intAttr(play, "loop", 1);
    long millis = tw.playMillis * (loop == 0 ? 1000 : loop);
    return waitFor(millis, keys);
  }

  private Key pause(Element pause, boolean keys, StringBuilder unused) throws Jump, Ended {
    return waitFor(intAttr(pause, "length", 1) * tw.secondMillis, keys);
  }

  private Next gather(Element g) throws Jump, Ended {
    String action = g.getAttribute("action");
    int numDigits = intAttr(g, "numDigits", Integer.MAX_VALUE);
    String finishOnKey = g.hasAttribute("finishOnKey") ? g.getAttribute("finishOnKey") : "#";
    int timeout = intAttr(g, "timeout", 5);
    boolean onEmpty = "true".equals(g.getAttribute("actionOnEmptyResult"));
    StringBuilder digits = new StringBuilder();
    Character press = direction.equals("outbound-api") && !pressedGatherKey
        ? tw.gatherKeyOf(to) : null;
    if (press != null) {
      pressedGatherKey = true; // a person at an agent phone presses once, during the prompt
      inbox.add(new Key(press));
    }
    for (Node n = g.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e) {
        Key k = e.getTagName().equals("Play") ? play(e, true, digits) : pause(e, true, digits);
        if (k != null) {
          Next done = key(k, digits, finishOnKey, numDigits, action);
          if (done != null) {
            return done;
          }
          break; // a key stops the nested media
        }
      }
    }
    while (true) {
      Key k = waitFor(timeout * tw.secondMillis, true);
      if (k == null) {
        break;
      }
      Next done = key(k, digits, finishOnKey, numDigits, action);
      if (done != null) {
        return done;
      }
    }
    if (digits.length() > 0 || onEmpty) {
      return new Next(null, action, Map.of("Digits", digits.toString(), "FinishedOnKey", ""));
    }
    return null;
  }

  private static Next key(Key k, StringBuilder digits, String finishOnKey, int numDigits,
      String action) {
    if (!finishOnKey.isEmpty() && finishOnKey.indexOf(k.digit) >= 0) {
      return new Next(null, action, Map.of("Digits", digits.toString(),
          "FinishedOnKey", String.valueOf(k.digit)));
    }
    digits.append(k.digit);
    if (digits.length() >= numDigits) {
      return new Next(null, action, Map.of("Digits", digits.toString(), "FinishedOnKey", ""));
    }
    return null;
  }

  /**
   * {@code <Record>} in real seconds: the simulated caller speaks until a {@code finishOnKey} key
   * (default any key), {@code maxLength} or a hang-up, so the silence {@code timeout} never ends
   * it. An empty recording (under a second) skips the action, as on Twilio; after a hang-up the
   * action is still requested, then the call ends.
   */
  private Next record(Element r) throws Jump, Ended {
    String action = r.getAttribute("action");
    String finishOnKey = r.hasAttribute("finishOnKey") ? r.getAttribute("finishOnKey")
        : "1234567890*#";
    long start = System.currentTimeMillis();
    long deadline = start + intAttr(r, "maxLength", 3600) * 1000L;
    String digits = "";
    boolean hungUp = false;
    while (true) {
      long left = deadline - System.currentTimeMillis();
      if (left <= 0) {
        break;
      }
      Object o = poll(left);
      if (o == HANGUP || o == CANCEL) {
        hungUp = true;
        digits = "hangup";
        break;
      }
      if (o instanceof Next n) {
        throw new Jump(n);
      }
      if (o instanceof Key k && finishOnKey.indexOf(k.digit) >= 0) {
        digits = String.valueOf(k.digit);
        break;
      }
    }
    long seconds = Math.round((System.currentTimeMillis() - start) / 1000.0);
    String rec = String.format("RE%032x", created ^ start);
    String recUrl = "https://api.twilio.com/2010-04-01/Accounts/" + tw.accountSid
        + "/Recordings/" + rec;
    recordingStatus(r, seconds < 1 ? "absent" : "completed", rec, recUrl, seconds, start);
    if (seconds < 1) {
      if (hungUp) {
        end("completed");
        throw new Ended();
      }
      return null;
    }
    Map<String, String> extra = Map.of("RecordingUrl", recUrl, "RecordingSid", rec,
        "RecordingDuration", Long.toString(seconds), "Digits", digits);
    if (hungUp) {
      fetch(action, extra);
      end("completed");
      throw new Ended();
    }
    return new Next(null, action, extra);
  }

  /**
   * The {@code recordingStatusCallback} of a {@code <Record>}, for the events asked for in
   * {@code recordingStatusCallbackEvent} (space-separated; default {@code completed}). Twilio sends
   * it once the file is processed, after the Record {@code action} (the stand-in waits
   * {@link FakeTwilio#recordingProcessing}); {@code absent} means too short or silent.
   */
  private void recordingStatus(Element r, String status, String rec, String recUrl,
      long seconds, long startMillis) {
    String target = r.getAttribute("recordingStatusCallback");
    String wanted = r.hasAttribute("recordingStatusCallbackEvent")
        ? r.getAttribute("recordingStatusCallbackEvent") : "completed";
    if (target.isEmpty() || !List.of(wanted.trim().split("\\s+")).contains(status)) {
      return;
    }
    Map<String, String> p = new java.util.LinkedHashMap<>();
    p.put("AccountSid", tw.accountSid);
    p.put("CallSid", sid);
    p.put("RecordingSid", rec);
    p.put("RecordingUrl", recUrl);
    p.put("RecordingStatus", status);
    p.put("RecordingDuration", Long.toString(seconds));
    p.put("RecordingChannels", "1");
    p.put("RecordingStartTime", ZonedDateTime.ofInstant(java.time.Instant.ofEpochMilli(
        startMillis), java.time.ZoneOffset.UTC).format(FakeTwilio.RFC_2822));
    p.put("RecordingSource", "RecordVerb");
    p.put("ErrorCode", status.equals("absent") ? "16101" : "0");
    tw.recordingStatus(target, p);
  }

  /**
   * {@code <Dial><Number>}: a child call to the number (not CPS-limited on Twilio), bridged until
   * either side hangs up, or busy/no-answer after {@code timeout}; then the {@code action} with
   * {@code DialCallStatus}, {@code DialCallSid}, {@code DialCallDuration}, or the next verb.
   */
  private Next dialNumber(Element dial, Element number) throws Jump, Ended {
    String target = number.getTextContent().trim();
    String callerId = dial.hasAttribute("callerId") ? dial.getAttribute("callerId") : from;
    SimCall child = tw.dialed(this, callerId, target);
    Phone phone = tw.phoneOf(target);
    String dialStatus;
    long talkStart = 0;
    switch (phone) {
      case BUSY, REJECT -> {
        child.status = "busy";
        dialStatus = "busy";
      }
      case IGNORE -> {
        child.status = "ringing";
        dialStatus = "no-answer";
        long deadline = System.currentTimeMillis() + intAttr(dial, "timeout", 30) * 1000L;
        while (System.currentTimeMillis() < deadline) {
          childWait(child, deadline - System.currentTimeMillis());
        }
        child.status = "no-answer";
      }
      default -> {
        child.status = "in-progress";
        talkStart = System.currentTimeMillis();
        while (!child.ended()) {
          childWait(child, Long.MAX_VALUE / 4);
        }
        dialStatus = "completed";
      }
    }
    String action = dial.getAttribute("action");
    if (action.isEmpty()) {
      return null;
    }
    long secs = talkStart == 0 ? 0 : (System.currentTimeMillis() - talkStart) / 1000;
    return new Next(null, action, Map.of("DialCallStatus", dialStatus, "DialCallSid", child.sid,
        "DialCallDuration", Long.toString(secs)));
  }

  /** Waits on the parent's inbox while a child rings or talks; the parent's hang-up ends both. */
  private void childWait(SimCall child, long millis) throws Jump, Ended {
    try {
      pollOrThrow(millis);
    } catch (Jump | Ended e) {
      synchronized (child) {
        if (!child.ended()) {
          child.status = child.status.equals("in-progress") ? "completed" : "canceled";
        }
      }
      throw e;
    }
  }

  private Next dial(Element dial) throws Jump, Ended {
    Element room = null;
    for (Node n = dial.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals("Conference")) {
        room = e;
      }
      if (n instanceof Element e && e.getTagName().equals("Number")) {
        return dialNumber(dial, e);
      }
    }
    if (room == null) {
      end("failed");
      throw new Ended();
    }
    String name = room.getTextContent().trim();
    boolean start = !"false".equals(room.getAttribute("startConferenceOnEnter"));
    boolean endOnExit = "true".equals(room.getAttribute("endConferenceOnExit"));
    Conference c = tw.conferences.computeIfAbsent(name, Conference::new);
    conference = c;
    c.join(this, start, endOnExit);
    try {
      while (true) {
        Object o = pollOrThrow(Long.MAX_VALUE / 4);
        if (o == CONFERENCE_END) {
          return null;
        }
      }
    } finally {
      conference = null;
      c.leave(this);
    }
  }

  // ===== Plumbing ====================================================================

  private Key waitFor(long millis, boolean keys) throws Jump, Ended {
    long deadline = System.currentTimeMillis() + millis;
    while (true) {
      long left = deadline - System.currentTimeMillis();
      if (left <= 0) {
        return null;
      }
      Object o = pollOrThrow(left);
      if (o instanceof Key k && keys) {
        return k;
      }
    }
  }

  private Object pollOrThrow(long millis) throws Jump, Ended {
    Object o = poll(millis);
    if (o == HANGUP || o == CANCEL) {
      end("completed");
      throw new Ended();
    }
    if (o instanceof Next n) {
      throw new Jump(n);
    }
    return o;
  }

  private Object poll(long millis) {
    try {
      return inbox.poll(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return HANGUP;
    }
  }

  private String fetch(String target, Map<String, String> extra) throws Ended {
    Map<String, String> p = tw.callParams(this);
    p.putAll(extra);
    String doc = target == null ? null : tw.post(target, p);
    if (doc == null) {
      end("failed");
      throw new Ended();
    }
    return record(doc);
  }

  private String record(String doc) {
    documents.add(doc);
    return doc;
  }

  void redirect(Next next) {
    inbox.add(next);
  }

  void conferenceEnded() {
    inbox.add(CONFERENCE_END);
  }

  void endByApi(String wanted) {
    String s = status;
    if (s.equals("queued") || s.equals("ringing")) {
      inbox.add(CANCEL);
    } else if (wanted.equals("completed")) {
      inbox.add(HANGUP);
    }
  }

  synchronized boolean ended() {
    return switch (status) {
      case "completed", "busy", "failed", "no-answer", "canceled" -> true;
      default -> false;
    };
  }

  private void end(String finalStatus) {
    synchronized (this) {
      if (ended()) {
        return;
      }
      status = finalStatus;
    }
    Conference c = conference;
    if (c != null) {
      c.leave(this);
    }
    callback("completed");
  }

  private void callback(String event) {
    String target = statusCallback;
    if (target == null || !event.equals("completed") && !events.contains(event)) {
      return;
    }
    Map<String, String> p = tw.callParams(this);
    p.put("CallbackSource", "call-progress-events");
    p.put("SequenceNumber", Integer.toString(sequence.getAndIncrement()));
    p.put("Timestamp", ZonedDateTime.now().format(FakeTwilio.RFC_2822));
    if (event.equals("completed")) {
      long secs = answeredAt == 0 ? 0 : (System.nanoTime() - answeredAt) / 1_000_000_000L;
      p.put("CallDuration", Long.toString(secs));
    }
    String s = p.get("CallStatus");
    callbackLane.execute(() -> {
      callbacks.add(s);
      tw.post(target, p);
    });
  }

  void shutdown() {
    inbox.add(HANGUP);
    callbackLane.shutdown();
  }

  private static int intAttr(Element e, String name, int otherwise) {
    String v = e.getAttribute(name);
    return v.isEmpty() ? otherwise : Integer.parseInt(v);
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static final class Jump extends Exception {
    private static final long serialVersionUID = 1L;
    final transient Next next;

    Jump(Next next) {
      super(null, null, false, false);
      this.next = next;
    }
  }

  private static final class Ended extends Exception {
    private static final long serialVersionUID = 1L;

    Ended() {
      super(null, null, false, false);
    }
  }
}
