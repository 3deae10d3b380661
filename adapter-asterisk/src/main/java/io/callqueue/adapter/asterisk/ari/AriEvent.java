package io.callqueue.adapter.asterisk.ari;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The ARI events the adapter reads, as records (ARI 10, Asterisk 22's {@code rest-api/api-docs/
 * events.json}); every other event type becomes {@link Other}. Parsed from the JSON tree, so
 * fields Asterisk adds later are ignored.
 */
public sealed interface AriEvent {

  /** A channel as events carry it: its id (our {@code channelId}, or Asterisk's Uniqueid). */
  record Channel(String id, String name, String state, String callerNumber) {
    static Channel of(JsonNode node) {
      return new Channel(node.path("id").asText(""), node.path("name").asText(""),
          node.path("state").asText(""), node.path("caller").path("number").asText(""));
    }
  }

  /** A channel entered the application ({@code Stasis(app,args...)} or {@code channels/create}). */
  record StasisStart(Channel channel, List<String> args) implements AriEvent {}

  /** A channel left the application (hung up, or sent on with {@code continue}). */
  record StasisEnd(Channel channel) implements AriEvent {}

  /** A channel's state changed ({@code Ring}, {@code Ringing}, {@code Up}, ...). */
  record ChannelStateChange(Channel channel) implements AriEvent {}

  /** A channel is gone, with its Q.850 hang-up cause (17 busy, 21 rejected, ...). */
  record ChannelDestroyed(Channel channel, int cause, String causeText) implements AriEvent {}

  /** A dial's progress on {@code peer} ({@code RINGING}, {@code ANSWER}, {@code BUSY}, ...). */
  record Dial(Channel peer, String dialStatus) implements AriEvent {}

  /** A key pressed on a channel. */
  record ChannelDtmfReceived(Channel channel, char digit) implements AriEvent {}

  /** A playback (by the id we gave it) ended: state {@code done}, or {@code failed}. */
  record PlaybackFinished(String playbackId, String state) implements AriEvent {}

  /** A live recording (by the name we gave it) ended; its length in whole seconds. */
  record RecordingFinished(String name, int durationSeconds) implements AriEvent {}

  /** A live recording could not be made. */
  record RecordingFailed(String name, String cause) implements AriEvent {}

  /** An endpoint (a PJSIP account) went {@code online}, {@code offline}, ... */
  record EndpointStateChange(String technology, String resource, String state)
      implements AriEvent {}

  /** Any other event: only its type. */
  record Other(String type) implements AriEvent {}

  /** The event in this JSON message of the websocket. */
  static AriEvent parse(JsonNode json) {
    String type = json.path("type").asText("");
    JsonNode channel = json.path("channel");
    switch (type) {
      case "StasisStart": {
        List<String> args = new ArrayList<>();
        json.path("args").forEach(a -> args.add(a.asText()));
        return new StasisStart(Channel.of(channel), List.copyOf(args));
      }
      case "StasisEnd":
        return new StasisEnd(Channel.of(channel));
      case "ChannelStateChange":
        return new ChannelStateChange(Channel.of(channel));
      case "ChannelDestroyed":
        return new ChannelDestroyed(Channel.of(channel), json.path("cause").asInt(0),
            json.path("cause_txt").asText(""));
      case "Dial":
        return new Dial(Channel.of(json.path("peer")), json.path("dialstatus").asText(""));
      case "ChannelDtmfReceived": {
        String digit = json.path("digit").asText("");
        return digit.length() == 1 ? new ChannelDtmfReceived(Channel.of(channel), digit.charAt(0))
            : new Other(type);
      }
      case "PlaybackFinished":
        return new PlaybackFinished(json.path("playback").path("id").asText(""),
            json.path("playback").path("state").asText(""));
      case "RecordingFinished":
        return new RecordingFinished(json.path("recording").path("name").asText(""),
            json.path("recording").path("duration").asInt(0));
      case "RecordingFailed":
        return new RecordingFailed(json.path("recording").path("name").asText(""),
            json.path("recording").path("cause").asText(""));
      case "EndpointStateChange": {
        JsonNode endpoint = json.path("endpoint");
        return new EndpointStateChange(endpoint.path("technology").asText(""),
            endpoint.path("resource").asText(""), endpoint.path("state").asText(""));
      }
      default:
        return new Other(type);
    }
  }
}
