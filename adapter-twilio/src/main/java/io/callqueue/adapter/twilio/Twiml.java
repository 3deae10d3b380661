package io.callqueue.adapter.twilio;

import java.io.StringWriter;
import java.util.List;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * The TwiML documents the adapter emits, written with the JDK's StAX {@link XMLStreamWriter}
 * (which escapes text and attributes).
 *
 * <p>Design note: the Twilio SDK's TwiML builders serialize through a new
 * {@code DocumentBuilderFactory} and {@code TransformerFactory} per document (a class-path
 * service lookup each), 0.2-1 ms of CPU per document on this project's shared machine, against
 * microseconds here; every webhook answers with at least one document, so under a burst of
 * callers that cost was most of the latency. The verbs and attributes are Twilio's (TwiML voice
 * reference); the stand-in parses every document the tests see.
 */
final class Twiml {
  private static final XMLOutputFactory XML = XMLOutputFactory.newFactory();

  private Twiml() {}

  /** Hold: music in a one-key Gather (keys arrive at {@code keyUrl}), then back to the state. */
  static String hold(String musicUrl, String keyUrl, String stateUrl) {
    return write(w -> {
      oneKey(w, keyUrl);
      if (musicUrl == null || musicUrl.isEmpty()) {
        w.empty("Pause", "length", "3600");
      } else {
        w.text("Play", musicUrl, "loop", "0");
      }
      w.end();
      w.text("Redirect", stateUrl);
    });
  }

  /** Prompts in a one-key Gather; its action ({@code endUrl}) comes with or without a key. */
  static String prompts(List<String> urls, String endUrl) {
    return write(w -> {
      oneKey(w, endUrl, "timeout", "1", "actionOnEmptyResult", "true");
      for (String u : urls) {
        w.text("Play", u);
      }
      w.end();
      w.text("Redirect", endUrl);
    });
  }

  /** The caller's side of a connected call: wait in the conference, the agent starts it. */
  static String callerConference(String name, String waitUrl) {
    return write(w -> {
      w.start("Dial");
      w.text("Conference", name, "startConferenceOnEnter", "false", "endConferenceOnExit",
          "true", "beep", "false", "waitUrl", waitUrl == null ? "" : waitUrl);
      w.end();
      w.empty("Hangup");
    });
  }

  /** The agent's side: the whisper, then the caller's conference, which it starts. */
  static String agentConference(List<String> whisper, String name) {
    return write(w -> {
      for (String u : whisper) {
        w.text("Play", u);
      }
      w.start("Dial");
      w.text("Conference", name, "startConferenceOnEnter", "true", "endConferenceOnExit",
          "true", "beep", "false", "waitUrl", "");
      w.end();
      w.empty("Hangup");
    });
  }

  /**
   * An agent leg whose answer must be confirmed (issue 16): the whisper and the confirm prompt
   * in a one-key {@code <Gather>}, so a key during either counts. Twilio waits {@code timeout}
   * seconds after the nested media for a key and then, with no input, falls through to the next
   * verb: the redirect to {@code noKeyUrl}, which the adapter answers with a hang-up.
   */
  static String agentConfirm(List<String> whisper, List<String> prompt, int timeoutSeconds,
      String action, String noKeyUrl) {
    return write(w -> {
      oneKey(w, action, "timeout", Integer.toString(timeoutSeconds));
      for (String u : whisper) {
        w.text("Play", u);
      }
      for (String u : prompt) {
        w.text("Play", u);
      }
      w.end();
      w.text("Redirect", noKeyUrl);
    });
  }

  /**
   * Voicemail: the intro, then {@code <Record>} until the finish key or the maximum length. The
   * silence {@code timeout} is the maximum length too (Twilio's default stops after 5 s of
   * silence), and only the finish key ends it (the default is any key). The recording status
   * callback ({@code completed} or {@code absent}) says when the file exists.
   */
  static String voicemail(List<String> intro, int maxSeconds, char finishKey, String action,
      String recordingStatus) {
    return write(w -> {
      for (String u : intro) {
        w.text("Play", u);
      }
      w.empty("Record", "maxLength", Integer.toString(maxSeconds), "timeout",
          Integer.toString(maxSeconds), "finishOnKey", String.valueOf(finishKey), "playBeep",
          "true", "action", action, "recordingStatusCallback", recordingStatus,
          "recordingStatusCallbackEvent", "completed absent");
      w.empty("Hangup");
    });
  }

  /** A kept-place callback's agent leg: the whisper, then the customer (not CPS-limited). */
  static String dialCustomer(List<String> whisper, String callerId, String customer,
      String action) {
    return write(w -> {
      for (String u : whisper) {
        w.text("Play", u);
      }
      w.start("Dial", "callerId", callerId, "timeout", "45", "action", action);
      w.text("Number", customer);
      w.end();
      w.empty("Hangup");
    });
  }

  static String redirect(String url) {
    return write(w -> w.text("Redirect", url));
  }

  static String hangup() {
    return write(w -> w.empty("Hangup"));
  }

  static String empty() {
    return write(w -> {});
  }

  private static void oneKey(Writer w, String action, String... more) throws XMLStreamException {
    String[] attrs = new String[8 + more.length];
    String[] base = {"input", "dtmf", "numDigits", "1", "finishOnKey", "", "action", action};
    System.arraycopy(base, 0, attrs, 0, base.length);
    System.arraycopy(more, 0, attrs, base.length, more.length);
    w.start("Gather", attrs);
  }

  private static String write(Body body) {
    StringWriter out = new StringWriter(256);
    try {
      XMLStreamWriter x = XML.createXMLStreamWriter(out);
      x.writeStartDocument("UTF-8", "1.0");
      x.writeStartElement("Response");
      body.write(new Writer(x));
      x.writeEndElement();
      x.writeEndDocument();
      x.close();
    } catch (XMLStreamException e) {
      throw new IllegalStateException("cannot write TwiML: " + e.getMessage(), e);
    }
    return out.toString();
  }

  @FunctionalInterface
  private interface Body {
    void write(Writer w) throws XMLStreamException;
  }

  /** Elements with attributes given as name, value pairs. */
  private record Writer(XMLStreamWriter x) {
    void start(String verb, String... attrs) throws XMLStreamException {
      x.writeStartElement(verb);
      attributes(attrs);
    }

    void end() throws XMLStreamException {
      x.writeEndElement();
    }

    void empty(String verb, String... attrs) throws XMLStreamException {
      x.writeEmptyElement(verb);
      attributes(attrs);
    }

    void text(String verb, String text, String... attrs) throws XMLStreamException {
      start(verb, attrs);
      x.writeCharacters(text);
      end();
    }

    private void attributes(String[] attrs) throws XMLStreamException {
      for (int i = 0; i < attrs.length; i += 2) {
        x.writeAttribute(attrs[i], attrs[i + 1]);
      }
    }
  }
}
