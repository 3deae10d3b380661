package io.callqueue.adapter.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

class TwimlTest {

  private static Element parse(String twiml) throws Exception {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(twiml.getBytes(StandardCharsets.UTF_8)))
        .getDocumentElement();
  }

  @Test
  void holdIsMusicInAOneKeyGatherThenARedirectWithUrlsEscaped() throws Exception {
    Element r = parse(Twiml.hold("https://m.example/moh.wav?a=1&b=2",
        "https://q.example/cq/key?call=CA1&e=3", "https://q.example/cq/twiml?call=CA1&e=3"));
    assertThat(r.getTagName()).isEqualTo("Response");
    Element gather = (Element) r.getElementsByTagName("Gather").item(0);
    assertThat(gather.getAttribute("numDigits")).isEqualTo("1");
    assertThat(gather.hasAttribute("finishOnKey")).isTrue();
    assertThat(gather.getAttribute("finishOnKey")).isEmpty();
    assertThat(gather.getAttribute("action")).isEqualTo("https://q.example/cq/key?call=CA1&e=3");
    Element play = (Element) gather.getElementsByTagName("Play").item(0);
    assertThat(play.getAttribute("loop")).isEqualTo("0");
    assertThat(play.getTextContent()).isEqualTo("https://m.example/moh.wav?a=1&b=2");
    assertThat(r.getElementsByTagName("Redirect").item(0).getTextContent())
        .isEqualTo("https://q.example/cq/twiml?call=CA1&e=3");
  }

  @Test
  void agentConfirmIsWhisperAndPromptInAOneKeyGatherThatFallsThroughToTheSameAction()
      throws Exception {
    Element r = parse(Twiml.agentConfirm(List.of("https://p/hold.wav"),
        List.of("https://p/confirm.wav"), 5, "https://q/cq/agent-confirm?leg=1&call=CA1",
        "https://q/cq/agent-confirm?leg=1&call=CA1"));
    Element gather = (Element) r.getElementsByTagName("Gather").item(0);
    assertThat(gather.getAttribute("numDigits")).isEqualTo("1");
    assertThat(gather.getAttribute("timeout")).isEqualTo("5");
    assertThat(gather.getAttribute("finishOnKey")).isEmpty();
    assertThat(gather.hasAttribute("actionOnEmptyResult")).as("no input falls through").isFalse();
    assertThat(gather.getAttribute("action"))
        .isEqualTo("https://q/cq/agent-confirm?leg=1&call=CA1");
    assertThat(gather.getElementsByTagName("Play").getLength()).isEqualTo(2);
    assertThat(gather.getElementsByTagName("Play").item(1).getTextContent())
        .isEqualTo("https://p/confirm.wav");
    assertThat(r.getLastChild().getNodeName()).isEqualTo("Redirect");
    assertThat(r.getLastChild().getTextContent())
        .isEqualTo("https://q/cq/agent-confirm?leg=1&call=CA1");
  }

  @Test
  void voicemailRecordsWithItsStatusCallbackAndHangsUp() throws Exception {
    Element r = parse(Twiml.voicemail(List.of("https://p/1.wav"), 120, '#', "https://q/rec?a=1",
        "https://q/rec-status?call=CA1"));
    Element rec = (Element) r.getElementsByTagName("Record").item(0);
    assertThat(rec.getAttribute("maxLength")).isEqualTo("120");
    assertThat(rec.getAttribute("timeout")).isEqualTo("120");
    assertThat(rec.getAttribute("finishOnKey")).isEqualTo("#");
    assertThat(rec.getAttribute("recordingStatusCallbackEvent")).isEqualTo("completed absent");
    assertThat(r.getLastChild().getNodeName()).isEqualTo("Hangup");
  }

  @Test
  void aDocumentCostsMicrosecondsNotTheSdksMillisecond() {
    for (int i = 0; i < 2000; i++) { // warm-up
      Twiml.hold("https://m/moh.wav", "https://q/cq/key?call=CA" + i, "https://q/cq/twiml");
    }
    long t0 = System.nanoTime();
    for (int i = 0; i < 2000; i++) {
      Twiml.hold("https://m/moh.wav", "https://q/cq/key?call=CA" + i, "https://q/cq/twiml");
    }
    // the SDK's builders took 0.2-1 ms per document here (a factory lookup each); now ~5 us.
    // The bound leaves room for a loaded machine.
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(250));
  }
}
