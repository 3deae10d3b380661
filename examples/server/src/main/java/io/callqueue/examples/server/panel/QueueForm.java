package io.callqueue.examples.server.panel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callqueue.api.EstimateAnnouncement;
import io.callqueue.api.JoinPolicy;
import io.callqueue.api.Strategy;
import io.callqueue.core.announce.PromptCatalog;
import io.callqueue.core.estimate.Estimators;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A queue's settings as a form: every field of one item of the configuration's {@code queues:}
 * with how it is entered, and the conversion of a submitted form into that item's YAML form
 * (numbers and booleans typed as YAML would type them), which {@code ConfigLoader.readQueue}
 * then checks with the configuration's messages.
 */
final class QueueForm {
  enum Kind { TEXT, DURATION, INT, BOOL, CHOICE, LIST }

  /** One field: its YAML name, how it is entered, and the choices of a {@link Kind#CHOICE}. */
  record Field(String name, Kind kind, List<String> choices) {
    Field(String name, Kind kind) {
      this(name, kind, List.of());
    }
  }

  static final List<Field> FIELDS = List.of(
      new Field("strategy", Kind.CHOICE, Arrays.stream(Strategy.values()).map(Strategy::id)
          .toList()),
      new Field("ringTimeout", Kind.DURATION),
      new Field("retryDelay", Kind.DURATION),
      new Field("wrapUpTime", Kind.DURATION),
      new Field("weight", Kind.INT),
      new Field("maxWait", Kind.DURATION),
      new Field("maxLength", Kind.INT),
      new Field("joinPolicy", Kind.CHOICE, names(JoinPolicy.values())),
      new Field("leaveWhenEmpty", Kind.BOOL),
      new Field("autoPause", Kind.BOOL),
      new Field("serviceLevelThreshold", Kind.DURATION),
      new Field("announcePosition", Kind.BOOL),
      new Field("positionFirstAfter", Kind.DURATION),
      new Field("positionEvery", Kind.DURATION),
      new Field("announceOnImprovement", Kind.BOOL),
      new Field("announceMinGap", Kind.DURATION),
      new Field("estimateAnnouncement", Kind.CHOICE, names(EstimateAnnouncement.values())),
      new Field("periodicPrompts", Kind.LIST),
      new Field("periodicEvery", Kind.DURATION),
      new Field("musicClass", Kind.TEXT),
      new Field("reportHoldTime", Kind.BOOL),
      new Field("language", Kind.CHOICE, PromptCatalog.languages()),
      new Field("estimator", Kind.CHOICE, Estimators.withBuiltIns().names()),
      new Field("historyWindow", Kind.DURATION),
      new Field("voicemailKey", Kind.TEXT),
      new Field("callbackKey", Kind.TEXT),
      new Field("callbackKeepsPlace", Kind.BOOL),
      new Field("callbackAttempts", Kind.INT),
      new Field("callbackRetryDelay", Kind.DURATION),
      new Field("voicemailMaxLength", Kind.DURATION),
      new Field("confirmAnswer", Kind.BOOL),
      new Field("confirmTimeout", Kind.DURATION));

  private QueueForm() {}

  private static List<String> names(Enum<?>[] values) {
    return Arrays.stream(values).map(Enum::name).toList();
  }

  /**
   * The YAML form of a submitted queue form: {@code name}, then every field given (an empty
   * field is left out, so it takes its default or stays unset), over {@code base}'s prompts and
   * members (a queue's own recordings and members are changed elsewhere).
   */
  static ObjectNode toNode(String name, Map<String, List<String>> form, JsonNode base) {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    if (name != null && !name.isEmpty()) {
      n.put("name", name);
    }
    for (Field f : FIELDS) {
      List<String> values = form.get(f.name());
      String v = values == null || values.isEmpty() ? null : values.get(0).strip();
      if (v == null || v.isEmpty()) {
        continue;
      }
      switch (f.kind()) {
        case BOOL -> {
          if (v.equals("true") || v.equals("false")) {
            n.put(f.name(), Boolean.parseBoolean(v));
          } else {
            n.put(f.name(), v);
          }
        }
        case INT -> {
          if (v.matches("-?\\d{1,9}")) {
            n.put(f.name(), Integer.parseInt(v));
          } else {
            n.put(f.name(), v);
          }
        }
        case LIST -> {
          ArrayNode list = n.putArray(f.name());
          for (String item : v.split("[,\\s]+")) {
            if (!item.isEmpty()) {
              list.add(item);
            }
          }
        }
        default -> n.put(f.name(), v);
      }
    }
    if (base != null) {
      if (base.has("prompts")) {
        n.set("prompts", base.get("prompts").deepCopy());
      }
      if (base.has("members")) {
        n.set("members", base.get("members").deepCopy());
      }
    }
    return n;
  }

  /** A field's value in a queue's YAML form as the form shows it. */
  static String value(JsonNode node, Field f) {
    JsonNode v = node.path(f.name());
    if (v.isMissingNode() || v.isNull()) {
      return "";
    }
    if (v.isArray()) {
      List<String> items = new ArrayList<>();
      v.forEach(i -> items.add(i.asText()));
      return String.join(", ", items);
    }
    return v.asText();
  }
}
