package io.callqueue.adapter.twilio;

import com.twilio.twiml.TwiMLException;
import com.twilio.twiml.VoiceResponse;
import com.twilio.twiml.voice.Conference;
import com.twilio.twiml.voice.Dial;
import com.twilio.twiml.voice.Gather;
import com.twilio.twiml.voice.Hangup;
import com.twilio.twiml.voice.Number;
import com.twilio.twiml.voice.Pause;
import com.twilio.twiml.voice.Play;
import com.twilio.twiml.voice.Record;
import com.twilio.twiml.voice.Redirect;
import java.util.List;

/** The TwiML documents the adapter emits, built with the SDK's TwiML builders. */
final class Twiml {
  private Twiml() {}

  /** Hold: music in a one-key Gather (keys arrive at {@code keyUrl}), then back to the state. */
  static String hold(String musicUrl, String keyUrl, String stateUrl) {
    Gather.Builder g = oneKey(keyUrl);
    if (musicUrl == null || musicUrl.isEmpty()) {
      g.pause(new Pause.Builder().length(3600).build());
    } else {
      g.play(new Play.Builder(musicUrl).loop(0).build());
    }
    return xml(new VoiceResponse.Builder().gather(g.build())
        .redirect(new Redirect.Builder(stateUrl).build()));
  }

  /** Prompts in a one-key Gather; its action ({@code endUrl}) comes with or without a key. */
  static String prompts(List<String> urls, String endUrl) {
    Gather.Builder g = oneKey(endUrl).timeout(1).actionOnEmptyResult(true);
    for (String u : urls) {
      g.play(new Play.Builder(u).build());
    }
    return xml(new VoiceResponse.Builder().gather(g.build())
        .redirect(new Redirect.Builder(endUrl).build()));
  }

  /** The caller's side of a connected call: wait in the conference, the agent starts it. */
  static String callerConference(String name, String waitUrl) {
    Conference c = new Conference.Builder(name).startConferenceOnEnter(false)
        .endConferenceOnExit(true).beep(Conference.Beep.FALSE).waitUrl(waitUrl).build();
    return xml(new VoiceResponse.Builder().dial(new Dial.Builder().conference(c).build())
        .hangup(new Hangup.Builder().build()));
  }

  /** The agent's side: the whisper, then the caller's conference, which it starts. */
  static String agentConference(List<String> whisper, String name) {
    VoiceResponse.Builder r = new VoiceResponse.Builder();
    for (String u : whisper) {
      r.play(new Play.Builder(u).build());
    }
    Conference c = new Conference.Builder(name).startConferenceOnEnter(true)
        .endConferenceOnExit(true).beep(Conference.Beep.FALSE).waitUrl("").build();
    return xml(r.dial(new Dial.Builder().conference(c).build())
        .hangup(new Hangup.Builder().build()));
  }

  /**
   * Voicemail: the intro, then {@code <Record>} until the finish key or the maximum length. The
   * silence {@code timeout} is the maximum length too (Twilio's default stops after 5 s of
   * silence), and only the finish key ends it (the default is any key). The recording status
   * callback ({@code completed} or {@code absent}) says when the file exists.
   */
  static String voicemail(List<String> intro, int maxSeconds, char finishKey, String action,
      String recordingStatus) {
    VoiceResponse.Builder r = new VoiceResponse.Builder();
    for (String u : intro) {
      r.play(new Play.Builder(u).build());
    }
    return xml(r.record(new Record.Builder().maxLength(maxSeconds).timeout(maxSeconds)
            .finishOnKey(String.valueOf(finishKey)).playBeep(true).action(action)
            .recordingStatusCallback(recordingStatus)
            .recordingStatusCallbackEvents(List.of(Record.RecordingEvent.COMPLETED,
                Record.RecordingEvent.ABSENT)).build())
        .hangup(new Hangup.Builder().build()));
  }

  /** A kept-place callback's agent leg: the whisper, then the customer (not CPS-limited). */
  static String dialCustomer(List<String> whisper, String callerId, String customer,
      String action) {
    VoiceResponse.Builder r = new VoiceResponse.Builder();
    for (String u : whisper) {
      r.play(new Play.Builder(u).build());
    }
    Dial d = new Dial.Builder().callerId(callerId).timeout(45).action(action)
        .number(new Number.Builder(customer).build()).build();
    return xml(r.dial(d).hangup(new Hangup.Builder().build()));
  }

  static String redirect(String url) {
    return xml(new VoiceResponse.Builder().redirect(new Redirect.Builder(url).build()));
  }

  static String hangup() {
    return xml(new VoiceResponse.Builder().hangup(new Hangup.Builder().build()));
  }

  static String empty() {
    return xml(new VoiceResponse.Builder());
  }

  private static Gather.Builder oneKey(String action) {
    return new Gather.Builder().inputs(Gather.Input.DTMF).numDigits(1).finishOnKey("")
        .action(action);
  }

  private static String xml(VoiceResponse.Builder b) {
    try {
      return b.build().toXml();
    } catch (TwiMLException e) {
      throw new IllegalStateException("cannot write TwiML: " + e.getMessage(), e);
    }
  }
}
