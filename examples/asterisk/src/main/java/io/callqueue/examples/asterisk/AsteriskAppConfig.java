package io.callqueue.examples.asterisk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.callqueue.adapter.asterisk.AsteriskConfig;
import io.callqueue.api.AgentConfig;
import io.callqueue.api.QueueConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The example's YAML file, checked up front: every problem is reported at once, naming the field
 * and the bad value.
 *
 * <pre>{@code
 * ari: {uri: http://127.0.0.1:8088, user: callqueue, password: secret}
 * callbackDial: PJSIP/{number}@trunk        # optional: callbacks (key 1)
 * queues:
 *   - {name: support, strategy: ringall, ringTimeout: 20s, wrapUp: 5s, reportHoldTime: true}
 * agents:
 *   - {id: alice, pjsip: alice, queues: [support]}
 * }</pre>
 *
 * @param asterisk the adapter's configuration
 * @param queues the queues, in file order
 * @param agents the agents (PJSIP accounts, activated by their registration)
 * @param memberships each agent's queues
 */
public record AsteriskAppConfig(AsteriskConfig asterisk, List<QueueConfig> queues,
    List<AgentConfig> agents, Map<String, List<String>> memberships) {
  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|min)?");

  /** Reads and checks the file; an {@link IllegalArgumentException} lists every problem. */
  public static AsteriskAppConfig load(Path file) throws IOException {
    return parse(Files.readString(file), file.toString());
  }

  /** Parses and checks YAML text; {@code source} names it in messages. */
  public static AsteriskAppConfig parse(String yaml, String source) {
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
    } catch (IOException e) {
      throw new IllegalArgumentException(source + ": not valid YAML: " + e.getMessage());
    }
    List<String> problems = new ArrayList<>();
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException(source + ": expected a mapping with ari, queues, agents");
    }
    JsonNode ari = root.path("ari");
    AsteriskConfig asterisk = null;
    try {
      asterisk = new AsteriskConfig(uri(ari.path("uri").asText(""), problems),
          ari.path("user").asText(null), ari.path("password").asText(null),
          ari.path("app").asText("callqueue"), ari.path("trunk").asText(""),
          root.path("callbackDial").asText(""), root.path("ringInUse").asBoolean(false));
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
    }
    List<QueueConfig> queues = new ArrayList<>();
    int i = 0;
    for (JsonNode q : root.path("queues")) {
      String where = "queues[" + i++ + "]";
      String name = q.path("name").asText("");
      try {
        QueueConfig.Builder b = QueueConfig.builder(name)
            .strategy(q.path("strategy").asText("ringall"))
            .reportHoldTime(q.path("reportHoldTime").asBoolean(false))
            .announcePosition(q.path("announcePosition").asBoolean(true))
            .callbackKeepsPlace(q.path("callbackKeepsPlace").asBoolean(false));
        duration(q, "ringTimeout", where, problems, b::ringTimeout);
        duration(q, "wrapUp", where, problems, b::wrapUpTime);
        duration(q, "retryDelay", where, problems, b::retryDelay);
        queues.add(b.build());
      } catch (IllegalArgumentException e) {
        problems.add(where + " '" + name + "': " + e.getMessage());
      }
    }
    if (queues.isEmpty() && problems.isEmpty()) {
      problems.add("queues: at least one queue is needed");
    }
    List<AgentConfig> agents = new ArrayList<>();
    Map<String, List<String>> memberships = new LinkedHashMap<>();
    i = 0;
    for (JsonNode a : root.path("agents")) {
      String where = "agents[" + i++ + "]";
      String id = a.path("id").asText("");
      try {
        agents.add(AgentConfig.sip(id, a.path("pjsip").asText(id)));
      } catch (IllegalArgumentException e) {
        problems.add(where + " '" + id + "': " + e.getMessage());
        continue;
      }
      List<String> of = new ArrayList<>();
      for (JsonNode q : a.path("queues")) {
        String queue = q.asText();
        if (queues.stream().noneMatch(c -> c.id().value().equals(queue))) {
          problems.add(where + " '" + id + "': queue '" + queue + "' is not among queues");
        }
        of.add(queue);
      }
      memberships.put(id, List.copyOf(of));
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(source + ": " + String.join("; ", problems));
    }
    return new AsteriskAppConfig(asterisk, List.copyOf(queues), List.copyOf(agents),
        Map.copyOf(memberships));
  }

  private static URI uri(String text, List<String> problems) {
    try {
      return URI.create(text);
    } catch (IllegalArgumentException e) {
      problems.add("ari.uri is not a URI: '" + text + "'");
      return null;
    }
  }

  private static void duration(JsonNode node, String field, String where, List<String> problems,
      java.util.function.Consumer<Duration> set) {
    if (node.path(field).isMissingNode()) {
      return;
    }
    String text = node.path(field).asText();
    Matcher m = DURATION.matcher(text.trim());
    if (!m.matches()) {
      problems.add(where + "." + field + " must be a duration like 20s, 500ms or 2m, was '"
          + text + "'");
      return;
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    set.accept(switch (unit) {
      case "ms" -> Duration.ofMillis(n);
      case "m", "min" -> Duration.ofMinutes(n);
      default -> Duration.ofSeconds(n);
    });
  }
}
