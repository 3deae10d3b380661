package io.callqueue.examples.server.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.callqueue.adapter.sip.ivr.Scenario;
import io.callqueue.adapter.sip.signalling.SipConfig;
import io.callqueue.api.AgentConfig;
import io.callqueue.api.AgentEndpoint;
import io.callqueue.api.AgentId;
import io.callqueue.api.ConfigException;
import io.callqueue.api.EstimateAnnouncement;
import io.callqueue.api.JoinPolicy;
import io.callqueue.api.Membership;
import io.callqueue.api.QueueConfig;
import io.callqueue.api.QueueId;
import io.callqueue.api.Strategy;
import io.callqueue.core.announce.PromptCatalog;
import io.callqueue.core.estimate.Estimators;
import io.callqueue.prompts.PromptLibrary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads a server configuration from YAML and checks all of it: types, ranges, unknown fields
 * (with a suggestion), and references between sections (a member's agent, an agent's account, a
 * scenario's queue and steps, a trunk's numbers). Every problem is collected; {@link #load} throws
 * one {@link ConfigException} listing them all, each as {@code file: path: reason}. Relative paths
 * in the file are taken relative to the file's folder.
 */
public final class ConfigLoader {
  private static final Pattern DURATION = Pattern.compile("(-?\\d{1,18})(ms|s|m|h)");
  private static final Pattern PORT_RANGE = Pattern.compile("(\\d{1,5})-(\\d{1,5})");
  private static final Pattern NUMBER = Pattern.compile("[0-9*#+]{1,32}");
  /** The longest duration accepted anywhere (ten years): beyond it a value is a typo. */
  public static final Duration MAX_DURATION = Duration.ofDays(3650);

  private final Path file;
  /** What each problem starts with ({@code file: }), empty for a panel form. */
  private final String origin;
  private final Path base;
  private final List<String> problems = new ArrayList<>();
  /** Every queue name defined, valid or not, so one bad queue does not cascade into others. */
  private final Set<String> queueNames = new LinkedHashSet<>();

  private ConfigLoader(Path file) {
    this(file, file + ": ");
  }

  private ConfigLoader(Path file, String origin) {
    this.file = file;
    this.origin = origin;
    Path parent = file.toAbsolutePath().getParent();
    this.base = parent == null ? Path.of(".") : parent;
  }

  /** Reads and checks the file, or throws a {@link ConfigException} listing every problem. */
  public static ServerConfig load(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new ConfigException(file + ": cannot read the configuration file: no such file"
          + " (looked for " + file.toAbsolutePath() + ")");
    } catch (AccessDeniedException e) {
      throw new ConfigException(file + ": cannot read the configuration file: permission denied");
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read the configuration file: "
          + (Files.isDirectory(file) ? "it is a folder, not a file"
              : e.getClass().getSimpleName() + ": " + e.getMessage()));
    }
    return new ConfigLoader(file).parse(text);
  }

  /** Reads and checks YAML text as if it came from {@code file}. */
  public static ServerConfig parse(Path file, String yaml) {
    return new ConfigLoader(file).parse(yaml);
  }

  private ServerConfig parse(String yaml) {
    JsonNode root;
    try {
      root = new ObjectMapper(YAMLFactory.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build()).readTree(yaml);
    } catch (StreamReadException e) {
      JsonParser p = e.getProcessor();
      if (p != null && e.getOriginalMessage() != null
          && e.getOriginalMessage().startsWith("Duplicate field")) {
        String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr()
            + ")";
        throw new ConfigException(file + ": " + pathOf(p.getParsingContext()) + ": is given twice"
            + where + "; the second value would silently replace the first: keep one");
      }
      throw notYaml(e);
    } catch (JsonProcessingException e) {
      throw notYaml(e);
    }
    if (root == null || !root.isObject()) {
      throw new ConfigException(file + ": the configuration must be a YAML mapping");
    }
    known(root, "", "sip", "http", "accounts", "trunks", "outbound", "agents", "queues",
        "scenarios", "storage", "media", "panel");

    ServerConfig.Sip sip = sip(root.path("sip"));
    ServerConfig.Http http = http(root.path("http"));
    Map<String, String> accounts = accounts(root.path("accounts"));
    List<AgentConfig> agents = agents(root.path("agents"), accounts);
    List<QueueConfig> queues = new ArrayList<>();
    List<Membership> memberships = new ArrayList<>();
    queues(root.path("queues"), agents, queues, memberships);
    Map<String, Scenario> scenarios = scenarios(root.path("scenarios"));
    List<ServerConfig.Trunk> trunks = trunks(root.path("trunks"), scenarios);
    ServerConfig.Outbound outbound = outbound(root.path("outbound"), agents);
    ServerConfig.Storage storage = storage(root.path("storage"));
    ServerConfig.Media media = media(root.path("media"));
    ServerConfig.Panel panel = panel(root.path("panel"));
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new ServerConfig(file, sip, http, accounts, trunks, outbound, agents, queues,
        memberships, scenarios, storage, media, panel);
  }

  // ---- single items, for the panel ------------------------------------------------------------

  /**
   * Reads one queue as the {@code queues:} section holds it (a mapping with {@code name},
   * {@code strategy}, ... and {@code members}), checked as {@link #load} checks it; its members
   * are added to {@code memberships}. Prompt recordings are taken relative to {@code base}'s
   * folder. Problems name the field as {@code path.field} without a file.
   *
   * @param agentIds the agents a member may name
   * @throws ConfigException listing every problem
   */
  public static QueueConfig readQueue(Path base, String path, JsonNode item,
      Set<String> agentIds, List<Membership> memberships) {
    ConfigLoader loader = new ConfigLoader(base, "");
    List<QueueConfig> out = new ArrayList<>();
    loader.queue(item, path, agentIds, out, memberships);
    if (!loader.problems.isEmpty()) {
      throw new ConfigException(loader.problems);
    }
    return out.get(0);
  }

  /**
   * Reads one agent as the {@code agents:} section holds it ({@code id}, {@code sip} or
   * {@code number}, {@code autoActivate}), checked as {@link #load} checks it.
   *
   * @param accounts the SIP accounts an agent may name
   * @throws ConfigException listing every problem
   */
  public static AgentConfig readAgent(String path, JsonNode item, Set<String> accounts) {
    ConfigLoader loader = new ConfigLoader(Path.of("panel"), "");
    List<AgentConfig> out = new ArrayList<>();
    loader.agent(item, path, accounts, new LinkedHashSet<>(), out);
    if (!loader.problems.isEmpty()) {
      throw new ConfigException(loader.problems);
    }
    return out.get(0);
  }

  /**
   * Checks one SIP account as the {@code accounts:} section holds it (user name and password).
   *
   * @throws ConfigException listing every problem
   */
  public static void checkAccount(String username, JsonNode password) {
    ConfigLoader loader = new ConfigLoader(Path.of("panel"), "");
    loader.account("accounts." + username, username, password);
    if (!loader.problems.isEmpty()) {
      throw new ConfigException(loader.problems);
    }
  }

  private ConfigException notYaml(JsonProcessingException e) {
    String where = e.getLocation() == null ? ""
        : " (line " + e.getLocation().getLineNr() + ", column "
            + e.getLocation().getColumnNr() + ")";
    return new ConfigException(file + ": not valid YAML" + where + ": " + e.getOriginalMessage());
  }

  /** A parser position as this loader writes paths: {@code queues[0].members[1].agent}. */
  private static String pathOf(JsonStreamContext context) {
    List<JsonStreamContext> chain = new ArrayList<>();
    for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
      chain.add(0, c);
    }
    StringBuilder path = new StringBuilder();
    for (JsonStreamContext c : chain) {
      if (c.inArray()) {
        path.append('[').append(Math.max(0, c.getCurrentIndex())).append(']');
      } else if (c.getCurrentName() != null) {
        path.append(path.length() == 0 ? "" : ".").append(c.getCurrentName());
      }
    }
    return path.toString();
  }

  // ---- sections -------------------------------------------------------------------------------

  private ServerConfig.Sip sip(JsonNode n) {
    known(n, "sip", "bindAddress", "port", "realm", "maxCalls", "answerTimeout");
    int maxCalls = integer(n, "sip", "maxCalls", ServerConfig.Sip.DEFAULT_MAX_CALLS);
    if (maxCalls < 1) {
      problem("sip.maxCalls", "must be at least 1, was " + maxCalls);
    }
    Duration answerTimeout = duration(n, "sip", "answerTimeout",
        ServerConfig.Sip.DEFAULT_ANSWER_TIMEOUT);
    if (answerTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
      problem("sip.answerTimeout", "must be at least 1s, was " + answerTimeout.toMillis() + "ms");
    }
    return new ServerConfig.Sip(text(n, "sip", "bindAddress", "127.0.0.1"),
        port(n, "sip", "port", 5080), text(n, "sip", "realm", "callqueue"), maxCalls,
        answerTimeout);
  }

  private ServerConfig.Http http(JsonNode n) {
    known(n, "http", "bindAddress", "port", "token", "hosts");
    String token = text(n, "http", "token", null);
    if (token != null && !token.matches("[\\x21-\\x7e]{16,256}")) {
      problem("http.token", "must be 16 to 256 printable ASCII characters without spaces (e.g. the"
          + " output of 'openssl rand -hex 24'), was " + token.length() + " characters");
      token = null;
    }
    List<String> hosts = new ArrayList<>();
    forEach(n.path("hosts"), "http.hosts", (h, p) -> {
      if (!h.isTextual() || !h.asText().matches("[A-Za-z0-9]([A-Za-z0-9.-]{0,252})")) {
        problem(p, "must be a host name like callqueue.example.com, was " + quote(h.asText()));
      } else {
        hosts.add(h.asText());
      }
    });
    return new ServerConfig.Http(text(n, "http", "bindAddress", "127.0.0.1"),
        port(n, "http", "port", 8080), token == null ? ServerConfig.Http.newToken() : token,
        token == null, hosts);
  }

  private Map<String, String> accounts(JsonNode n) {
    Map<String, String> out = new LinkedHashMap<>();
    if (n.isMissingNode() || n.isNull()) {
      return out;
    }
    if (!n.isObject()) {
      problem("accounts", "must map each SIP user name to its password");
      return out;
    }
    for (Map.Entry<String, JsonNode> e : n.properties()) {
      if (account("accounts." + e.getKey(), e.getKey(), e.getValue())) {
        out.put(e.getKey(), e.getValue().asText());
      }
    }
    return out;
  }

  /** Whether a user name and password make a usable account; a problem if not. */
  private boolean account(String path, String username, JsonNode password) {
    try {
      new AgentEndpoint.SipAccount(username);
    } catch (IllegalArgumentException ex) {
      problem(path, ex.getMessage());
      return false;
    }
    if (password.isNull() || password.isMissingNode() || password.asText().isEmpty()) {
      problem(path, "password is empty (nothing after the colon); give it as text of at least"
          + " 4 characters");
      return false;
    }
    if (!password.isValueNode() || password.asText().length() < 4) {
      problem(path, "password must be text of at least 4 characters");
      return false;
    }
    return true;
  }

  private List<AgentConfig> agents(JsonNode n, Map<String, String> accounts) {
    List<AgentConfig> out = new ArrayList<>();
    Set<String> ids = new LinkedHashSet<>();
    forEach(n, "agents", (item, path) -> agent(item, path, accounts.keySet(), ids, out));
    return out;
  }

  private void agent(JsonNode item, String path, Set<String> accounts, Set<String> ids,
      List<AgentConfig> out) {
    known(item, path, "id", "sip", "number", "autoActivate", "confirmAnswer");
    String id = text(item, path, "id", null);
    String sip = text(item, path, "sip", null);
    String number = text(item, path, "number", null);
    boolean auto = bool(item, path, "autoActivate", sip != null);
    if (id == null) {
      problem(path + ".id", "is required");
      return;
    }
    if (!ids.add(id)) {
      problem(path + ".id", "agent '" + id + "' is defined twice");
    }
    if ((sip == null) == (number == null)) {
      problem(path, "agent '" + id + "' needs exactly one of 'sip' (an account) or 'number'"
          + " (an external E.164 number)");
      return;
    }
    try {
      AgentEndpoint endpoint = sip != null ? new AgentEndpoint.SipAccount(sip)
          : new AgentEndpoint.ExternalNumber(number);
      if (sip != null && !accounts.contains(sip)) {
        problem(path + ".sip", "account '" + sip + "' is not in 'accounts'");
      }
      if (number != null && auto) {
        problem(path + ".autoActivate", "applies to SIP accounts only, not to external numbers");
      }
      out.add(confirmAnswer(item, path, new AgentConfig(AgentId.of(id), endpoint, auto)));
    } catch (IllegalArgumentException e) {
      problem(path, e.getMessage());
    }
  }

  // ---- answer confirmation (issue 16) ---------------------------------------------------------

  /**
   * An agent's {@code confirmAnswer: true|false} ("press 1 to take this call"); absent, the
   * agent follows each queue's {@code confirmAnswer}.
   */
  private AgentConfig confirmAnswer(JsonNode item, String path, AgentConfig agent) {
    JsonNode v = item.path("confirmAnswer");
    if (v.isMissingNode() || v.isNull()) {
      return agent;
    }
    return agent.withConfirmAnswer(bool(item, path, "confirmAnswer", false));
  }

  /**
   * A queue's default {@code confirmAnswer} for its agents, and {@code confirmTimeout}, how long
   * an agent has to press 1 after the prompt (default 5s, at most 1m; the builder checks it).
   */
  private void confirmAnswer(JsonNode item, String path, QueueConfig.Builder b) {
    ifBool(item, path, "confirmAnswer", b::confirmAnswer);
    ifDuration(item, path, "confirmTimeout", b::confirmTimeout);
  }

  private void queues(JsonNode n, List<AgentConfig> agents, List<QueueConfig> out,
      List<Membership> memberships) {
    Set<String> agentIds = new LinkedHashSet<>();
    agents.forEach(a -> agentIds.add(a.id().value()));
    forEach(n, "queues", (item, path) -> queue(item, path, agentIds, out, memberships));
  }

  private void queue(JsonNode item, String path, Set<String> agentIds, List<QueueConfig> out,
      List<Membership> memberships) {
    Set<String> names = queueNames;
    known(item, path, "name", "strategy", "ringTimeout", "retryDelay", "wrapUpTime", "weight",
        "maxWait", "maxLength", "joinPolicy", "leaveWhenEmpty", "autoPause",
        "serviceLevelThreshold", "announcePosition", "positionFirstAfter", "positionEvery",
        "announceOnImprovement", "announceMinGap", "estimateAnnouncement", "periodicPrompts",
        "periodicEvery", "musicClass", "reportHoldTime", "language", "prompts", "estimator",
        "historyWindow", "voicemailKey", "callbackKey", "callbackKeepsPlace",
        "callbackAttempts", "callbackRetryDelay", "voicemailMaxLength", "members",
        "confirmAnswer", "confirmTimeout");
    String name = text(item, path, "name", null);
    if (name == null) {
      problem(path + ".name", "is required");
      return;
    }
    if (!names.add(name)) {
      problem(path + ".name", "queue '" + name + "' is defined twice");
    }
    QueueConfig.Builder b = QueueConfig.builder(name);
    ifText(item, path, "strategy", v -> {
      if (Strategy.byName(v) == null) {
        List<String> known = new ArrayList<>();
        for (Strategy st : Strategy.values()) {
          known.add(st.id());
        }
        problem(path + ".strategy", "unknown strategy " + quote(v) + " (known: "
            + String.join(", ", known) + ")");
      } else {
        b.strategy(v);
      }
    });
    ifDuration(item, path, "ringTimeout", b::ringTimeout);
    ifDuration(item, path, "retryDelay", b::retryDelay);
    ifDuration(item, path, "wrapUpTime", b::wrapUpTime);
    ifInt(item, path, "weight", b::weight);
    ifDuration(item, path, "maxWait", b::maxWait);
    ifInt(item, path, "maxLength", b::maxLength);
    ifEnum(item, path, "joinPolicy", JoinPolicy.class, b::joinPolicy);
    ifBool(item, path, "leaveWhenEmpty", b::leaveWhenEmpty);
    ifBool(item, path, "autoPause", b::autoPause);
    ifDuration(item, path, "serviceLevelThreshold", b::serviceLevelThreshold);
    ifBool(item, path, "announcePosition", b::announcePosition);
    ifDuration(item, path, "positionFirstAfter", b::positionFirstAfter);
    ifDuration(item, path, "positionEvery", b::positionEvery);
    ifBool(item, path, "announceOnImprovement", b::announceOnImprovement);
    ifDuration(item, path, "announceMinGap", b::announceMinGap);
    ifEnum(item, path, "estimateAnnouncement", EstimateAnnouncement.class,
        b::estimateAnnouncement);
    String language = text(item, path, "language", "en");
    Map<String, String> catalog = catalog(path + ".language", language);
    if (catalog != null) {
      b.language(language);
    }
    if (item.has("periodicPrompts")) {
      List<String> keys = new ArrayList<>();
      forEach(item.get("periodicPrompts"), path + ".periodicPrompts", (k, p) -> {
        if (promptKey(p, k, catalog)) {
          keys.add(k.asText());
        }
      });
      b.periodicPrompts(keys);
    }
    ifDuration(item, path, "periodicEvery", b::periodicEvery);
    ifText(item, path, "musicClass", b::musicClass);
    ifBool(item, path, "reportHoldTime", b::reportHoldTime);
    JsonNode prompts = item.path("prompts");
    if (prompts.isObject()) {
      prompts.properties().forEach(e -> {
        String ppath = path + ".prompts." + e.getKey();
        Path recording = recording(ppath, e.getValue());
        // override-only keys (queue-name) have no default, so only here, not in periodicPrompts
        if ((PromptCatalog.isOverrideOnly(e.getKey())
            || promptKey(ppath, new TextNode(e.getKey()), catalog)) && recording != null) {
          b.promptOverride(e.getKey(), recording);
        }
      });
    } else if (!prompts.isMissingNode()) {
      problem(path + ".prompts", "must map prompt keys to recording files");
    }
    ifText(item, path, "estimator", v -> {
      List<String> known = Estimators.withBuiltIns().names();
      if (!known.contains(v.trim())) {
        problem(path + ".estimator", "unknown estimator " + quote(v) + " (known: "
            + String.join(", ", known) + ")");
      } else {
        b.estimator(v);
      }
    });
    ifDuration(item, path, "historyWindow", b::historyWindow);
    key(item, path, "voicemailKey", b::voicemailKey);
    key(item, path, "callbackKey", b::callbackKey);
    ifBool(item, path, "callbackKeepsPlace", b::callbackKeepsPlace);
    ifInt(item, path, "callbackAttempts", b::callbackAttempts);
    ifDuration(item, path, "callbackRetryDelay", b::callbackRetryDelay);
    ifDuration(item, path, "voicemailMaxLength", b::voicemailMaxLength);
    confirmAnswer(item, path, b);
    try {
      out.add(b.build());
    } catch (ConfigException e) {
      e.problems().forEach(p -> problem(path, p));
    }
    forEach(item.path("members"), path + ".members", (m, mpath) -> {
      known(m, mpath, "agent", "priority");
      String agent = text(m, mpath, "agent", null);
      int priority = integer(m, mpath, "priority", 0);
      if (agent == null) {
        problem(mpath + ".agent", "is required");
      } else if (!agentIds.contains(agent)) {
        problem(mpath + ".agent", "no agent '" + agent + "' (known: "
            + String.join(", ", agentIds) + ")");
      } else {
        try {
          memberships.add(new Membership(QueueId.of(name), AgentId.of(agent), priority));
        } catch (IllegalArgumentException e) {
          problem(mpath, e.getMessage());
        }
      }
    });
  }

  private Map<String, Scenario> scenarios(JsonNode n) {
    Map<String, Scenario> out = new LinkedHashMap<>();
    forEach(n, "scenarios", (item, path) -> {
      known(item, path, "number", "start", "steps");
      String number = text(item, path, "number", null);
      if (number == null || !NUMBER.matcher(number).matches()) {
        problem(path + ".number", "must be the called number (digits, *, #, +), was "
            + quote(number));
        return;
      }
      if (out.containsKey(number)) {
        problem(path + ".number", "number " + number + " has two scenarios");
      }
      Map<String, Scenario.Step> steps = new LinkedHashMap<>();
      List<String[]> refs = new ArrayList<>();
      forEach(item.path("steps"), path + ".steps", (s, spath) -> {
        Scenario.Step step = step(s, spath, queueNames, refs);
        if (step != null && steps.put(step.id(), step) != null) {
          problem(spath + ".id", "step id '" + step.id() + "' is used twice");
        }
      });
      if (steps.isEmpty()) {
        problem(path + ".steps", "a scenario needs at least one step");
        return;
      }
      String start = text(item, path, "start", steps.keySet().iterator().next());
      if (!steps.containsKey(start)) {
        problem(path + ".start", "no step '" + start + "'");
      }
      for (String[] ref : refs) {
        if (ref[1] != null && !steps.containsKey(ref[1])) {
          problem(ref[0], "no step '" + ref[1] + "' (steps: " + String.join(", ", steps.keySet())
              + ")");
        }
      }
      out.put(number, new Scenario(number, start, steps));
    });
    return out;
  }

  private Scenario.Step step(JsonNode s, String path, Set<String> queueNames,
      List<String[]> refs) {
    String id = text(s, path, "id", null);
    if (id == null) {
      problem(path + ".id", "is required");
      return null;
    }
    String next = text(s, path, "next", null);
    if (s.has("play")) {
      known(s, path, "id", "play", "next");
      String prompt = text(s, path, "play", null);
      checkPrompt(path + ".play", prompt);
      refs.add(new String[] {path + ".next", next});
      return new Scenario.Play(id, prompt, next);
    }
    if (s.has("menu")) {
      known(s, path, "id", "menu", "choices", "timeout", "otherwise");
      String prompt = text(s, path, "menu", null);
      checkPrompt(path + ".menu", prompt);
      Map<Character, String> choices = new LinkedHashMap<>();
      JsonNode c = s.path("choices");
      if (!c.isObject() || c.size() == 0) {
        problem(path + ".choices", "must map keys (0-9, *, #) to step ids");
      } else {
        c.properties().forEach(e -> {
          if (!e.getKey().matches("[0-9*#]")) {
            problem(path + ".choices." + e.getKey(), "a key must be one of 0-9, * or #");
          } else {
            choices.put(e.getKey().charAt(0), e.getValue().asText());
            refs.add(new String[] {path + ".choices." + e.getKey(), e.getValue().asText()});
          }
        });
      }
      Duration timeout = duration(s, path, "timeout", Duration.ofSeconds(5));
      String otherwise = text(s, path, "otherwise", null);
      refs.add(new String[] {path + ".otherwise", otherwise});
      return new Scenario.Menu(id, prompt, choices, timeout, otherwise);
    }
    if (s.has("queue")) {
      known(s, path, "id", "queue", "otherwise");
      String queue = text(s, path, "queue", null);
      if (!queueNames.contains(queue)) {
        problem(path + ".queue", "no queue '" + queue + "' (queues: "
            + String.join(", ", queueNames) + ")");
      }
      String otherwise = text(s, path, "otherwise", null);
      refs.add(new String[] {path + ".otherwise", otherwise});
      return new Scenario.Queue(id, queue, otherwise);
    }
    if (s.has("voicemail")) {
      known(s, path, "id", "voicemail");
      String queue = text(s, path, "voicemail", null);
      if (!queueNames.contains(queue)) {
        problem(path + ".voicemail", "no queue '" + queue + "' to leave the voicemail for");
      }
      return new Scenario.Voicemail(id, queue);
    }
    if (s.has("hangup")) {
      known(s, path, "id", "hangup");
      return new Scenario.HangUp(id);
    }
    problem(path, "a step needs one of: play, menu, queue, voicemail, hangup");
    return null;
  }

  /** The prompt catalog of a queue's language, or {@code null} (a problem) when it has none. */
  private Map<String, String> catalog(String path, String language) {
    try {
      return PromptCatalog.forLanguage(language);
    } catch (IllegalArgumentException e) {
      problem(path, "no prompts in language " + quote(language) + " (languages: "
          + String.join(", ", PromptCatalog.languages()) + ")");
      return null;
    }
  }

  /** Whether a node names a prompt key of the catalog; a problem (with a hint) when not. */
  private boolean promptKey(String path, JsonNode key, Map<String, String> catalog) {
    if (!key.isTextual() || key.asText().isBlank()) {
      problem(path, "must be a prompt key like queue-position, was " + quote(
          key.isNull() ? null : key.asText()));
      return false;
    }
    if (catalog == null || catalog.containsKey(key.asText())) {
      return true;
    }
    String hint = closest(key.asText(), catalog.keySet().toArray(String[]::new));
    problem(path, "unknown prompt key " + quote(key.asText())
        + (hint == null ? "" : " (did you mean '" + hint + "'?)"));
    return false;
  }

  /**
   * A recording file, relative to the config file's folder, that the media layer can play
   * (decoded here once, as playback will); {@code null} with a problem otherwise.
   */
  private Path recording(String path, JsonNode value) {
    if (!value.isTextual() || value.asText().isBlank()) {
      problem(path, "must name a recording file (WAV), was " + quote(
          value.isNull() ? null : value.asText()));
      return null;
    }
    Path f = base.resolve(value.asText());
    if (!Files.isRegularFile(f) || !Files.isReadable(f)) {
      problem(path, "file " + f + " does not exist or is not readable");
      return null;
    }
    return playable(path, f) ? f : null;
  }

  /** Whether the media layer can play a file (decoded as playback does); a problem if not. */
  private boolean playable(String path, Path f) {
    try {
      PromptLibrary.checkPlayable(f);
      return true;
    } catch (IOException e) {
      problem(path, "file " + f + " is not a recording the server can play (a WAV file: PCM,"
          + " \u03bc-law or A-law): " + e.getMessage());
      return false;
    }
  }

  /**
   * Every WAV file of a prompt folder ({@code <language>/<key>.wav}) must be in a language with
   * prompts, be named by a prompt key (a misspelt name would leave the default playing, unnoticed)
   * and be playable.
   */
  private void checkPromptFolder(Path dir) {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir, 4)) {
      files = walk.filter(f -> f.getFileName().toString().endsWith(".wav")
          && Files.isRegularFile(f)).sorted().toList();
    } catch (IOException | UncheckedIOException e) {
      problem("media.prompts", "cannot read folder " + dir + ": " + e.getMessage());
      return;
    }
    Set<String> languagesSeen = new LinkedHashSet<>();
    for (Path f : files) {
      Path rel = dir.relativize(f);
      if (rel.getNameCount() >= 2 && !languagesSeen.add(rel.getName(0).toString())
          && !PromptCatalog.languages().contains(rel.getName(0).toString())) {
        continue; // the folder's language is reported once
      }
      if (rel.getNameCount() < 2) {
        problem("media.prompts", "file " + f + " is not in a language folder ("
            + String.join(", ", PromptCatalog.languages()) + ")");
        continue;
      }
      Map<String, String> catalog = catalog("media.prompts", rel.getName(0).toString());
      String name = rel.subpath(1, rel.getNameCount()).toString().replace('\\', '/');
      String key = name.substring(0, name.length() - ".wav".length());
      if (catalog != null && !catalog.containsKey(key)) {
        String hint = closest(key, catalog.keySet().toArray(String[]::new));
        problem("media.prompts", "file " + f + " is named by no prompt key ('" + key + "'"
            + (hint == null ? "" : "; did you mean '" + hint + ".wav'?") + ")");
      } else if (catalog != null) {
        playable("media.prompts", f);
      }
    }
  }

  private void checkPrompt(String path, String key) {
    if (key == null || !PromptCatalog.forLanguage("en").containsKey(key)) {
      problem(path, "unknown prompt " + quote(key) + "; IVR prompts are keys like ivr-welcome,"
          + " queue-no-agent");
    }
  }

  private List<ServerConfig.Trunk> trunks(JsonNode n, Map<String, Scenario> scenarios) {
    List<ServerConfig.Trunk> out = new ArrayList<>();
    forEach(n, "trunks", (item, path) -> {
      known(item, path, "name", "allowFrom", "numbers");
      String name = text(item, path, "name", "trunk" + out.size());
      List<String> from = new ArrayList<>();
      forEach(item.path("allowFrom"), path + ".allowFrom", (a, p) -> {
        String ip = a.asText();
        if (!ip.matches("\\d{1,3}(\\.\\d{1,3}){3}") && !ip.contains(":")) {
          problem(p, "must be an IP address, was " + quote(ip));
        } else {
          from.add(ip);
        }
      });
      List<String> numbers = new ArrayList<>();
      forEach(item.path("numbers"), path + ".numbers", (a, p) -> {
        if (!scenarios.containsKey(a.asText())) {
          problem(p, "number " + a.asText() + " has no scenario");
        }
        numbers.add(a.asText());
      });
      if (item.path("allowFrom").size() == 0) {
        problem(path + ".allowFrom", "needs at least one source address");
      }
      out.add(new ServerConfig.Trunk(name, from, numbers));
    });
    return out;
  }

  private ServerConfig.Outbound outbound(JsonNode n, List<AgentConfig> agents) {
    boolean needed = agents.stream()
        .anyMatch(a -> a.endpoint() instanceof AgentEndpoint.ExternalNumber);
    if (n.isMissingNode() || n.isNull()) {
      if (needed) {
        problem("outbound", "is required: some agents are external numbers, which are rung"
            + " through an outbound gateway");
      }
      return null;
    }
    known(n, "outbound", "gateway", "username", "password", "callerId");
    String gw = text(n, "outbound", "gateway", null);
    if (gw == null || !gw.startsWith("sip:")) {
      problem("outbound.gateway", "must be a SIP URI like sip:gateway.example:5060, was "
          + quote(gw));
    }
    String username = text(n, "outbound", "username", null);
    String password = text(n, "outbound", "password", null);
    if ((username == null) != (password == null)) {
      problem(username == null ? "outbound.username" : "outbound.password",
          "is needed too: the gateway's digest challenge is answered with username and password");
    } else if (username != null && (username.isBlank() || username.contains("\""))) {
      problem("outbound.username", "must be non-blank text without quotes, was "
          + quote(username));
    } else if (password != null && password.isEmpty()) {
      problem("outbound.password", "must not be empty");
    }
    String callerId = text(n, "outbound", "callerId", null);
    if (callerId != null && !SipConfig.isSipUser(callerId)) {
      problem("outbound.callerId", "must be a number or SIP user name like +48221234567, was "
          + quote(callerId));
    }
    return new ServerConfig.Outbound(gw, username, password, callerId);
  }

  private ServerConfig.Storage storage(JsonNode n) {
    known(n, "storage", "jdbcUrl", "queueLog");
    String url = text(n, "storage", "jdbcUrl", "jdbc:h2:file:./data/callqueue");
    if (!url.equals("memory") && !url.startsWith("jdbc:")) {
      problem("storage.jdbcUrl", "must be a JDBC URL (jdbc:h2:file:..., jdbc:postgresql://...)"
          + " or 'memory', was " + quote(url));
    }
    String log = text(n, "storage", "queueLog", null);
    return new ServerConfig.Storage(url, log == null ? null : base.resolve(log));
  }

  private ServerConfig.Media media(JsonNode n) {
    known(n, "media", "prompts", "music", "rtpPorts");
    String prompts = text(n, "media", "prompts", null);
    String music = text(n, "media", "music", null);
    Path promptDir = prompts == null ? null : base.resolve(prompts);
    Path musicDir = music == null ? null : base.resolve(music);
    if (promptDir != null && !Files.isDirectory(promptDir)) {
      problem("media.prompts", "folder " + promptDir + " does not exist");
    } else if (promptDir != null) {
      checkPromptFolder(promptDir);
    }
    if (musicDir != null && !Files.isDirectory(musicDir)) {
      problem("media.music", "folder " + musicDir + " does not exist");
    }
    String ports = text(n, "media", "rtpPorts", "20000-20999");
    Matcher m = PORT_RANGE.matcher(ports);
    int min = 20000;
    int max = 20999;
    if (!m.matches()) {
      problem("media.rtpPorts", "must be a range like 20000-20999, was " + quote(ports));
    } else {
      min = Integer.parseInt(m.group(1));
      max = Integer.parseInt(m.group(2));
      if (min < 1024 || max > 65535 || max - min < 3) {
        problem("media.rtpPorts", "must lie within 1024-65535 and hold at least 4 ports, was "
            + ports);
      }
    }
    return new ServerConfig.Media(promptDir, musicDir, min, max);
  }

  private ServerConfig.Panel panel(JsonNode n) {
    known(n, "panel", "adminPasswordHash", "adminPassword", "sessionTimeout", "stateFile");
    ServerConfig.Panel dflt = ServerConfig.Panel.defaults(file);
    if (n.has("adminPassword")) {
      problem("panel.adminPassword", "a plain password is not kept in the configuration: put its"
          + " hash in panel.adminPasswordHash (java -jar callqueue-server.jar --hash-password"
          + " prints one), or leave both out and one is made at first start");
    }
    String hash = text(n, "panel", "adminPasswordHash", null);
    if (hash != null && !hash.matches(ServerConfig.Panel.HASH_FORMAT)) {
      problem("panel.adminPasswordHash", "must be a hash as --hash-password prints it"
          + " (pbkdf2-sha512:<iterations>:<salt>:<hash>), not a password");
      hash = null;
    }
    Duration timeout = duration(n, "panel", "sessionTimeout", dflt.sessionTimeout());
    if (timeout.compareTo(Duration.ofMinutes(1)) < 0
        || timeout.compareTo(Duration.ofDays(7)) > 0) {
      problem("panel.sessionTimeout", "must be between 1m and 168h, was " + timeout.toMillis()
          + "ms");
    }
    String state = text(n, "panel", "stateFile", null);
    return new ServerConfig.Panel(hash, timeout,
        state == null ? dflt.stateFile() : base.resolve(state));
  }

  // ---- field readers ----------------------------------------------------------------------------

  private void problem(String path, String message) {
    problems.add(origin + (path.isEmpty() ? "" : path + ": ") + message);
  }

  private void known(JsonNode n, String path, String... fields) {
    if (!n.isObject()) {
      if (!n.isMissingNode() && !n.isNull()) {
        problem(path, "must be a mapping of fields");
      }
      return;
    }
    Set<String> allowed = Set.of(fields);
    n.fieldNames().forEachRemaining(f -> {
      if (!allowed.contains(f)) {
        String hint = closest(f, fields);
        problem(path.isEmpty() ? f : path + "." + f, "unknown field"
            + (hint == null ? "" : " (did you mean '" + hint + "'?)"));
      }
    });
  }

  private interface ItemVisitor {
    void visit(JsonNode item, String path);
  }

  private void forEach(JsonNode n, String path, ItemVisitor visitor) {
    if (n.isMissingNode() || n.isNull()) {
      return;
    }
    if (!n.isArray()) {
      problem(path, "must be a list");
      return;
    }
    for (int i = 0; i < n.size(); i++) {
      visitor.visit(n.get(i), path + "[" + i + "]");
    }
  }

  private String text(JsonNode n, String path, String field, String dflt) {
    JsonNode v = n.path(field);
    if (v.isMissingNode() || v.isNull()) {
      return dflt;
    }
    if (!v.isValueNode()) {
      problem(path + "." + field, "must be a single value");
      return dflt;
    }
    return v.asText();
  }

  private int integer(JsonNode n, String path, String field, int dflt) {
    Integer v = wholeNumber(n, path, field);
    return v == null ? dflt : v;
  }

  /** The field as an int; null when it is absent, or not a whole number (then a problem). */
  private Integer wholeNumber(JsonNode n, String path, String field) {
    JsonNode v = n.path(field);
    if (v.isMissingNode() || v.isNull()) {
      return null;
    }
    if (!v.canConvertToInt() || !v.isIntegralNumber()) {
      problem(path + "." + field, "must be a whole number, was " + quote(v.asText()));
      return null;
    }
    return v.asInt();
  }

  private int port(JsonNode n, String path, String field, int dflt) {
    int p = integer(n, path, field, dflt);
    if (p < 1 || p > 65535) {
      problem(path + "." + field, "must be a port 1-65535, was " + p);
    }
    return p;
  }

  private boolean bool(JsonNode n, String path, String field, boolean dflt) {
    JsonNode v = n.path(field);
    if (v.isMissingNode() || v.isNull()) {
      return dflt;
    }
    if (!v.isBoolean()) {
      problem(path + "." + field, "must be true or false, was " + quote(v.asText()));
      return dflt;
    }
    return v.asBoolean();
  }

  private Duration duration(JsonNode n, String path, String field, Duration dflt) {
    JsonNode v = n.path(field);
    if (v.isMissingNode() || v.isNull()) {
      return dflt;
    }
    Duration d = parseDuration(v.asText());
    if (d == null) {
      problem(path + "." + field, "must be a duration like 15s, 500ms, 2m or 1h (at most "
          + MAX_DURATION.toHours() + "h), was " + quote(v.asText()));
      return dflt;
    }
    return d;
  }

  /**
   * Parses {@code 500ms}, {@code 15s}, {@code 2m}, {@code 1h}; {@code null} when malformed or
   * longer than {@link #MAX_DURATION} either way (so no caller meets an overflow).
   */
  public static Duration parseDuration(String text) {
    Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      return null;
    }
    long v = Long.parseLong(m.group(1));
    try {
      Duration d = switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(v);
        case "s" -> Duration.ofSeconds(v);
        case "m" -> Duration.ofMinutes(v);
        default -> Duration.ofHours(v);
      };
      return d.abs().compareTo(MAX_DURATION) > 0 ? null : d;
    } catch (ArithmeticException e) {
      return null;
    }
  }

  private void ifText(JsonNode n, String path, String field, Consumer<String> set) {
    String v = text(n, path, field, null);
    if (v != null) {
      set.accept(v);
    }
  }

  /** Sets the field when it is given and a whole number (a bad value is one problem, not two). */
  private void ifInt(JsonNode n, String path, String field, Consumer<Integer> set) {
    Integer v = wholeNumber(n, path, field);
    if (v != null) {
      set.accept(v);
    }
  }

  private void ifBool(JsonNode n, String path, String field, Consumer<Boolean> set) {
    if (n.has(field) && !n.get(field).isNull()) {
      set.accept(bool(n, path, field, false));
    }
  }

  private void ifDuration(JsonNode n, String path, String field, Consumer<Duration> set) {
    if (n.has(field) && !n.get(field).isNull()) {
      Duration d = duration(n, path, field, null);
      if (d != null) {
        set.accept(d);
      }
    }
  }

  private <E extends Enum<E>> void ifEnum(JsonNode n, String path, String field, Class<E> type,
      Consumer<E> set) {
    String v = text(n, path, field, null);
    if (v == null) {
      return;
    }
    for (E e : type.getEnumConstants()) {
      if (e.name().equalsIgnoreCase(v.replace('-', '_'))) {
        set.accept(e);
        return;
      }
    }
    List<String> names = new ArrayList<>();
    for (E e : type.getEnumConstants()) {
      names.add(e.name());
    }
    problem(path + "." + field, "must be one of " + String.join(", ", names) + ", was "
        + quote(v));
  }

  private void key(JsonNode n, String path, String field, Consumer<Character> set) {
    if (!n.has(field)) {
      return;
    }
    JsonNode v = n.get(field);
    if (v.isNull() || v.asText().equals("none") || v.asText().equals("off")) {
      set.accept(null);
      return;
    }
    String t = v.asText();
    if (t.length() != 1) {
      problem(path + "." + field, "must be one key (0-9, * or #) or 'none', was " + quote(t));
      return;
    }
    set.accept(t.charAt(0));
  }

  private static String quote(String s) {
    return s == null ? "nothing" : "'" + s + "'";
  }

  /** The allowed field nearest to a misspelt one (edit distance ≤ 3), or {@code null}. */
  private static String closest(String given, String[] allowed) {
    String best = null;
    int bestDistance = 4;
    for (String a : allowed) {
      int d = distance(given.toLowerCase(Locale.ROOT), a.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        bestDistance = d;
        best = a;
      }
    }
    return best;
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
