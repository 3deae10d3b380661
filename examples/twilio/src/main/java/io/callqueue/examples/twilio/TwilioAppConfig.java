package io.callqueue.examples.twilio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.callqueue.adapter.twilio.TwilioConfig;
import io.callqueue.api.AgentConfig;
import io.callqueue.api.AgentEndpoint;
import io.callqueue.api.ConfigException;
import io.callqueue.api.EstimateAnnouncement;
import io.callqueue.api.QueueConfig;
import io.callqueue.api.Strategy;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Twilio app's configuration, read from YAML ({@code twilio.example.yaml} shows every key).
 * {@link #load} reports every problem at once, each naming the file, the key and the bad value;
 * unknown keys are problems too (a typo must not be silently ignored).
 *
 * @param twilio the adapter's settings (the Auth Token comes from the environment)
 * @param numbers the Twilio numbers whose voice webhook enters a queue
 * @param queues the queues
 * @param agents the agents, each a member of some queues, logged in at start
 */
public record TwilioAppConfig(TwilioConfig twilio, List<Number> numbers, List<QueueConfig> queues,
    List<Agent> agents) {

  /**
   * A Twilio number handing its callers to a queue.
   *
   * @param number the number, E.164
   * @param queue the queue its callers enter
   * @param continueUrl where callers go when callqueue lets them go (null: they are hung up)
   */
  public record Number(String number, String queue, String continueUrl) {}

  /** An agent and the queues it serves. */
  public record Agent(AgentConfig config, List<String> queues) {}

  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");
  private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{1,14}");
  private static final Set<String> TOP = Set.of("twilio", "webhooks", "numbers", "queues",
      "agents");

  /**
   * Reads a configuration file; the Auth Token is the value of the environment variable the file
   * names ({@code twilio.authTokenEnv}, default {@code TWILIO_AUTH_TOKEN}) in {@code env}.
   *
   * @throws ConfigException listing every problem found
   */
  public static TwilioAppConfig load(Path file, Map<String, String> env) throws ConfigException {
    JsonNode root;
    try {
      root = new YAMLMapper().readTree(Files.readString(file));
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot be read as YAML: " + e.getMessage());
    }
    Reader r = new Reader(file.toString());
    if (root == null || !root.isObject()) {
      throw new ConfigException(file + ": must be a YAML mapping with twilio, webhooks, numbers,"
          + " queues and agents");
    }
    r.known(root, "", TOP);
    TwilioConfig twilio = twilio(r, root.path("twilio"), root.path("webhooks"), env);
    List<QueueConfig> queues = new ArrayList<>();
    Set<String> queueNames = new LinkedHashSet<>();
    r.list(root, "queues", true, (n, path) -> {
      String name = n.path("name").asText("");
      if (!name.isBlank() && !queueNames.add(name)) {
        r.problem(path + ".name", "queue '" + name + "' is defined twice");
        return;
      }
      QueueConfig q = queue(r, n, path); // a queue with problems still has its name (above)
      if (q != null) {
        queues.add(q);
      }
    });
    List<Number> numbers = new ArrayList<>();
    r.list(root, "numbers", true, (n, path) -> {
      r.known(n, path, Set.of("number", "queue", "continue"));
      String number = r.text(n, path, "number", true);
      if (number != null && !E164.matcher(number).matches()) {
        r.problem(path + ".number", "'" + number + "' is not an E.164 number (+ and digits)");
      }
      String queue = r.text(n, path, "queue", true);
      if (queue != null && !queueNames.contains(queue)) {
        r.problem(path + ".queue", "no queue named '" + queue + "'");
      }
      String cont = r.text(n, path, "continue", false);
      if (cont != null) {
        r.httpUrl(path + ".continue", cont);
      }
      numbers.add(new Number(number, queue, cont));
    });
    List<Agent> agents = new ArrayList<>();
    Set<String> agentIds = new LinkedHashSet<>();
    r.list(root, "agents", true, (n, path) -> {
      Agent a = agent(r, n, path, queueNames, twilio);
      if (a != null) {
        if (!agentIds.add(a.config().id().value())) {
          r.problem(path + ".id", "agent '" + a.config().id().value() + "' is defined twice");
        } else {
          agents.add(a);
        }
      }
    });
    r.throwIfAny();
    return new TwilioAppConfig(twilio, List.copyOf(numbers), List.copyOf(queues),
        List.copyOf(agents));
  }

  private static TwilioConfig twilio(Reader r, JsonNode t, JsonNode w, Map<String, String> env) {
    if (!t.isObject()) {
      r.problem("twilio", "missing (accountSid, authTokenEnv, callerId, ...)");
    }
    if (!w.isObject()) {
      r.problem("webhooks", "missing (publicUrl, bind, port)");
    }
    r.known(t, "twilio", Set.of("accountSid", "authTokenEnv", "callerId", "callsPerSecond",
        "sipDomain", "musicUrl", "apiBaseUrl"));
    r.known(w, "webhooks", Set.of("publicUrl", "bind", "port"));
    String account = r.text(t, "twilio", "accountSid", true);
    String tokenEnv = r.text(t, "twilio", "authTokenEnv", false);
    if (tokenEnv == null) {
      tokenEnv = "TWILIO_AUTH_TOKEN";
    }
    String token = env.get(tokenEnv);
    if (token == null || token.isBlank()) {
      r.problem("twilio.authTokenEnv", "the environment variable " + tokenEnv
          + " (the account's Auth Token) is not set");
    }
    String callerId = r.text(t, "twilio", "callerId", true);
    double cps = t.has("callsPerSecond") ? r.number(t, "twilio", "callsPerSecond") : 1;
    String sipDomain = r.text(t, "twilio", "sipDomain", false);
    String music = r.text(t, "twilio", "musicUrl", false);
    String api = r.text(t, "twilio", "apiBaseUrl", false);
    String publicUrl = r.text(w, "webhooks", "publicUrl", true);
    String bind = r.text(w, "webhooks", "bind", false);
    int port = w.has("port") ? (int) r.number(w, "webhooks", "port") : 8090;
    URI base = publicUrl == null ? null : r.httpUrl("webhooks.publicUrl", publicUrl);
    URI apiBase = api == null ? URI.create("https://api.twilio.com")
        : r.httpUrl("twilio.apiBaseUrl", api);
    if (account == null || token == null || token.isBlank() || callerId == null || base == null
        || apiBase == null || r.failedAt("twilio") || r.failedAt("webhooks")) {
      return null;
    }
    try {
      TwilioConfig c = TwilioConfig.of(account, token, base, bind == null ? "127.0.0.1" : bind,
              port, callerId, music, null)
          .withCallsPerSecond(cps).withApiBaseUrl(apiBase);
      return sipDomain == null ? c : c.withSipDomain(sipDomain);
    } catch (IllegalArgumentException e) {
      r.problem("twilio", e.getMessage());
      return null;
    }
  }

  private static QueueConfig queue(Reader r, JsonNode n, String path) {
    r.known(n, path, Set.of("name", "strategy", "ringTimeout", "retryDelay", "wrapUpTime",
        "maxWait", "joinPolicy", "announcePosition", "positionFirstAfter", "positionEvery",
        "estimate", "reportHoldTime", "language", "callbackKeepsPlace", "voicemail",
        "callback"));
    String name = r.text(n, path, "name", true);
    if (name == null) {
      return null;
    }
    int before = r.problems.size();
    QueueConfig.Builder b = QueueConfig.builder(name);
    String strategy = r.text(n, path, "strategy", false);
    if (strategy != null) {
      Strategy s = Strategy.byName(strategy);
      if (s == null) {
        r.problem(path + ".strategy", "unknown strategy '" + strategy + "' (known: "
            + java.util.Arrays.stream(Strategy.values()).map(Strategy::id)
                .collect(java.util.stream.Collectors.joining(", ")) + ")");
      } else {
        b.strategy(s);
      }
    }
    r.duration(n, path, "ringTimeout", b::ringTimeout);
    r.duration(n, path, "retryDelay", b::retryDelay);
    r.duration(n, path, "wrapUpTime", b::wrapUpTime);
    r.duration(n, path, "maxWait", b::maxWait);
    r.duration(n, path, "positionFirstAfter", b::positionFirstAfter);
    r.duration(n, path, "positionEvery", b::positionEvery);
    String join = r.text(n, path, "joinPolicy", false);
    if (join != null) {
      r.apply(path + ".joinPolicy", join, v -> b.joinPolicy(
          io.callqueue.api.JoinPolicy.valueOf(v.toUpperCase(Locale.ROOT))));
    }
    String estimate = r.text(n, path, "estimate", false);
    if ("false".equals(estimate)) {
      estimate = "off"; // YAML reads a bare off as false
    }
    if (estimate != null) {
      r.apply(path + ".estimate", estimate, v -> b.estimateAnnouncement(
          EstimateAnnouncement.valueOf(v.toUpperCase(Locale.ROOT))));
    }
    r.bool(n, path, "announcePosition", b::announcePosition);
    r.bool(n, path, "reportHoldTime", b::reportHoldTime);
    r.bool(n, path, "callbackKeepsPlace", b::callbackKeepsPlace);
    r.bool(n, path, "voicemail", on -> b.voicemailKey(on ? '0' : null));
    r.bool(n, path, "callback", on -> b.callbackKey(on ? '1' : null));
    String language = r.text(n, path, "language", false);
    if (language != null) {
      b.language(language);
    }
    if (r.problems.size() > before) {
      return null;
    }
    try {
      return b.build();
    } catch (ConfigException e) {
      e.problems().forEach(p -> r.problem(path, p));
      return null;
    } catch (IllegalArgumentException e) {
      r.problem(path, e.getMessage());
      return null;
    }
  }

  private static Agent agent(Reader r, JsonNode n, String path, Set<String> queues,
      TwilioConfig twilio) {
    r.known(n, path, Set.of("id", "endpoint", "queues"));
    String id = r.text(n, path, "id", true);
    String endpoint = r.text(n, path, "endpoint", true);
    List<String> member = new ArrayList<>();
    r.list(n, path + ".queues", "queues", true, (q, qp) -> {
      if (!q.isTextual() || !queues.contains(q.asText())) {
        r.problem(qp, "no queue named '" + q.asText() + "'");
      } else {
        member.add(q.asText());
      }
    });
    if (id == null || endpoint == null) {
      return null;
    }
    boolean sipDomain = twilio != null && twilio.sipDomain() != null;
    try {
      AgentEndpoint e;
      if (endpoint.startsWith("client:")) {
        if (sipDomain) {
          r.problem(path + ".endpoint", "'" + endpoint + "': with twilio.sipDomain set, SIP"
              + " accounts are rung at that domain; use sip:<user> (client: and sip: agents"
              + " cannot be mixed)");
          return null;
        }
        e = new AgentEndpoint.SipAccount(endpoint.substring("client:".length()));
      } else if (endpoint.startsWith("sip:")) {
        if (!sipDomain && twilio != null) {
          r.problem(path + ".endpoint", "'" + endpoint + "' needs twilio.sipDomain (the Twilio"
              + " SIP domain the user is registered at)");
          return null;
        }
        String user = endpoint.substring("sip:".length());
        e = new AgentEndpoint.SipAccount(user.contains("@") ? user.substring(0,
            user.indexOf('@')) : user);
      } else {
        e = new AgentEndpoint.ExternalNumber(endpoint);
      }
      return new Agent(new AgentConfig(io.callqueue.api.AgentId.of(id), e, false),
          List.copyOf(member));
    } catch (IllegalArgumentException ex) {
      r.problem(path, "'" + endpoint + "' is not an agent endpoint (+E164, client:<identity> or"
          + " sip:<user>): " + ex.getMessage());
      return null;
    }
  }

  /** Reads values, collecting problems as {@code file: key: reason}. */
  private static final class Reader {
    final String file;
    final List<String> problems = new ArrayList<>();
    final Map<String, Boolean> failed = new LinkedHashMap<>();

    Reader(String file) {
      this.file = file;
    }

    void problem(String key, String reason) {
      problems.add(file + ": " + key + ": " + reason);
      failed.put(key.contains(".") ? key.substring(0, key.indexOf('.')) : key, true);
    }

    boolean failedAt(String top) {
      return failed.containsKey(top);
    }

    void throwIfAny() {
      if (!problems.isEmpty()) {
        throw new ConfigException(problems);
      }
    }

    void known(JsonNode n, String path, Set<String> keys) {
      if (!n.isObject()) {
        return;
      }
      for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
        String k = it.next();
        if (!keys.contains(k)) {
          problem(path.isEmpty() ? k : path + "." + k, "unknown key (known: "
              + String.join(", ", new java.util.TreeSet<>(keys)) + ")");
        }
      }
    }

    String text(JsonNode n, String path, String key, boolean required) {
      JsonNode v = n.get(key);
      if (v == null || v.isNull()) {
        if (required) {
          problem(path + "." + key, "missing");
        }
        return null;
      }
      if (!v.isValueNode() || v.asText().isBlank()) {
        problem(path + "." + key, "must be a non-empty value, was " + v);
        return null;
      }
      return v.asText().trim();
    }

    double number(JsonNode n, String path, String key) {
      JsonNode v = n.get(key);
      if (v == null || !v.isNumber()) {
        problem(path + "." + key, "must be a number, was " + v);
        return 1;
      }
      return v.asDouble();
    }

    void bool(JsonNode n, String path, String key, Consumer<Boolean> set) {
      JsonNode v = n.get(key);
      if (v == null) {
        return;
      }
      if (!v.isBoolean()) {
        problem(path + "." + key, "must be true or false, was " + v);
        return;
      }
      set.accept(v.asBoolean());
    }

    void duration(JsonNode n, String path, String key, Consumer<Duration> set) {
      String s = text(n, path, key, false);
      if (s == null) {
        return;
      }
      Matcher m = DURATION.matcher(s);
      try {
        Duration d;
        if (m.matches()) {
          long v = Long.parseLong(m.group(1));
          d = switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(v);
            case "s" -> Duration.ofSeconds(v);
            case "m" -> Duration.ofMinutes(v);
            default -> Duration.ofHours(v);
          };
        } else {
          d = Duration.parse(s);
        }
        set.accept(d);
      } catch (DateTimeParseException | ArithmeticException e) {
        problem(path + "." + key, "'" + s + "' is not a duration (e.g. 20s, 2m, 500ms, PT20S)");
      } catch (IllegalArgumentException e) {
        problem(path + "." + key, e.getMessage());
      }
    }

    void apply(String key, String value, Consumer<String> set) {
      try {
        set.accept(value);
      } catch (IllegalArgumentException e) {
        problem(key, "'" + value + "' is not valid: " + e.getMessage());
      }
    }

    URI httpUrl(String key, String value) {
      try {
        URI u = new URI(value);
        if (("https".equals(u.getScheme()) || "http".equals(u.getScheme()))
            && u.getHost() != null) {
          return u;
        }
      } catch (URISyntaxException e) {
        // reported below
      }
      problem(key, "'" + value + "' is not an absolute http(s) URL");
      return null;
    }

    void list(JsonNode parent, String key, boolean required, ListItem item) {
      list(parent, key, key, required, item);
    }

    void list(JsonNode parent, String path, String key, boolean required, ListItem item) {
      JsonNode v = parent.get(key);
      if (v == null || v.isNull()) {
        if (required) {
          problem(path, "missing (a list)");
        }
        return;
      }
      if (!v.isArray() || v.isEmpty()) {
        problem(path, "must be a non-empty list");
        return;
      }
      for (int i = 0; i < v.size(); i++) {
        item.accept(v.get(i), path + "[" + i + "]");
      }
    }
  }

  @FunctionalInterface
  private interface ListItem {
    void accept(JsonNode item, String path);
  }
}
