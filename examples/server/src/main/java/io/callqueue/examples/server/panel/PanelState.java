package io.callqueue.examples.server.panel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.callqueue.adapter.sip.ivr.Scenario;
import io.callqueue.api.AgentConfig;
import io.callqueue.api.AgentEndpoint;
import io.callqueue.api.AgentId;
import io.callqueue.api.CallQueue;
import io.callqueue.api.CallQueueException;
import io.callqueue.api.ConfigException;
import io.callqueue.api.EngineSnapshot;
import io.callqueue.api.Membership;
import io.callqueue.api.QueueConfig;
import io.callqueue.examples.server.config.ConfigLoader;
import io.callqueue.examples.server.config.ServerConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The queues, agents, memberships and SIP accounts as they are now, changed through the engine's
 * run-time API and kept in the panel's state file.
 *
 * <p>Every change is checked by {@link ConfigLoader}'s own readers (so the panel's messages are
 * the configuration's), written to a temporary file beside the state file, applied to the engine
 * (which keeps waiting callers where they are), and only then moved over the state file
 * atomically; a change the engine refuses leaves the file, the engine and this object as they
 * were. Changes are serialized (one at a time); readers get copies.
 *
 * <p>Which wins at start ({@link #overlay}): once the state file holds {@code queues} (it does
 * after the first change made in the panel), its accounts, agents and queues replace the
 * configuration's; before that the configuration's are used. The administrator password hash of
 * the configuration ({@code panel.adminPasswordHash}) wins over the one the state file keeps.
 */
public final class PanelState {
  private static final Logger log = LoggerFactory.getLogger(PanelState.class);
  private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).build());
  private static final Duration ENGINE_TIMEOUT = Duration.ofSeconds(10);
  private static final String HEADER = "# The operator's panel keeps here what was changed in it"
      + " (callqueue server).\n# Once this file holds 'queues', its accounts, agents and queues"
      + " win over the\n# configuration's; delete it to start again from the configuration.\n";

  private final CallQueue engine;
  private final Accounts accounts;
  private final ServerConfig config;
  private final Path stateFile;
  private final Map<String, QueueConfig> queues = new LinkedHashMap<>();
  private final Map<String, AgentConfig> agents = new LinkedHashMap<>();
  private final List<Membership> memberships = new ArrayList<>();
  /** The configuration's {@code panel.adminPasswordHash}: when set, it is the password. */
  private final String configuredHash;
  /** The panel's own hash (made at first start or changed in the panel), kept in the file. */
  private String stateHash;
  private String generatedPassword;

  /**
   * The state of a server whose engine already holds {@code config}'s queues, agents and
   * memberships (see {@link #overlay}). The administrator password is the configuration's
   * {@code panel.adminPasswordHash} when set, else the state file's; without either, one is made
   * for a random password, kept in the state file and offered once by
   * {@link #generatedAdminPassword()}.
   *
   * @throws ConfigException when the state file cannot be read or written
   */
  public PanelState(ServerConfig config, CallQueue engine, Accounts accounts) {
    this.engine = engine;
    this.accounts = accounts;
    this.config = config;
    this.stateFile = config.panel().stateFile();
    config.queues().forEach(q -> queues.put(q.id().value(), q));
    config.agents().forEach(a -> agents.put(a.id().value(), a));
    memberships.addAll(config.memberships());
    accounts.replaceAll(config.accounts());
    configuredHash = config.panel().adminPasswordHash();
    stateHash = hashInStateFile(stateFile);
    if (configuredHash == null && stateHash == null) {
      generatedPassword = PasswordHash.newPassword();
      stateHash = PasswordHash.hash(generatedPassword);
      try {
        write(managed(), snapshotQueues(), snapshotAgents(), List.copyOf(memberships),
            accounts.snapshot());
      } catch (IOException e) {
        throw new ConfigException(stateFile + ": cannot keep the administrator password made at"
            + " first start: " + e.getMessage());
      }
      log.warn("no administrator password was configured: one was made for the panel and its"
          + " hash kept in {}; it is printed once in the banner", stateFile);
    }
  }

  /** The administrator password hash the state file keeps, or {@code null}. */
  private static String hashInStateFile(Path f) {
    if (!Files.exists(f)) {
      return null;
    }
    try {
      JsonNode root = YAML.readTree(Files.readString(f));
      String hash = root == null ? null : root.path("panel").path("adminPasswordHash")
          .asText(null);
      if (hash != null && !hash.matches(ServerConfig.Panel.HASH_FORMAT)) {
        throw new ConfigException(f + ": panel.adminPasswordHash: must be a hash as"
            + " --hash-password prints it; delete the line to have one made at the next start");
      }
      return hash;
    } catch (IOException e) {
      throw new ConfigException(f + ": cannot read the panel's state: " + e.getMessage());
    }
  }

  /**
   * {@code config} with the state file's accounts, agents and queues when it holds them (the
   * administrator password hash is read by the constructor). A state file that cannot be read
   * or names a queue a scenario needs no more is a {@link ConfigException} naming it.
   */
  public static ServerConfig overlay(ServerConfig config) {
    Path f = config.panel().stateFile();
    if (!Files.exists(f)) {
      return config;
    }
    ServerConfig state = ConfigLoader.load(f);
    boolean managed;
    try {
      JsonNode root = YAML.readTree(Files.readString(f));
      managed = root != null && root.has("queues");
    } catch (IOException e) {
      throw new ConfigException(f + ": cannot read the panel's state: " + e.getMessage());
    }
    ServerConfig.Panel panel = config.panel();
    if (!managed) {
      return new ServerConfig(config.source(), config.sip(), config.http(), config.accounts(),
          config.trunks(), config.outbound(), config.agents(), config.queues(),
          config.memberships(), config.scenarios(), config.storage(), config.media(), panel);
    }
    Set<String> names = new LinkedHashSet<>();
    state.queues().forEach(q -> names.add(q.id().value()));
    List<String> problems = new ArrayList<>();
    for (Scenario s : config.scenarios().values()) {
      for (Scenario.Step step : s.steps().values()) {
        String queue = step instanceof Scenario.Queue q ? q.queue()
            : step instanceof Scenario.Voicemail v ? v.queue() : null;
        if (queue != null && !names.contains(queue)) {
          problems.add(f + ": queues: the scenario of number " + s.number() + " in "
              + config.source() + " sends callers to queue '" + queue + "', which the panel's"
              + " state no longer has (queues: " + String.join(", ", names) + ")");
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new ServerConfig(config.source(), config.sip(), config.http(), state.accounts(),
        config.trunks(), config.outbound(), state.agents(), state.queues(), state.memberships(),
        config.scenarios(), config.storage(), config.media(), panel);
  }

  /** The password made at this first start, to be printed once; empty otherwise. */
  public Optional<String> generatedAdminPassword() {
    return Optional.ofNullable(generatedPassword);
  }

  /** The state file. */
  public Path stateFile() {
    return stateFile;
  }

  /** Whether {@code password} is the administrator's. */
  boolean isAdminPassword(String password) {
    String hash;
    synchronized (this) {
      hash = configuredHash != null ? configuredHash : stateHash;
    }
    return PasswordHash.verify(password, hash);
  }

  /** The shortest administrator password the panel accepts. */
  static final int MIN_ADMIN_PASSWORD = 12;

  /**
   * Changes the administrator password the panel keeps; refused while the configuration sets
   * {@code panel.adminPasswordHash} (it would win at the next start).
   *
   * @throws ConfigException naming the reason; nothing changed
   */
  void changeAdminPassword(String current, String replacement) {
    if (configuredHash != null) {
      throw new ConfigException("the administrator password is set in the configuration"
          + " (panel.adminPasswordHash): change it there (--hash-password prints a new hash)");
    }
    if (!isAdminPassword(current)) {
      throw new ConfigException("the current password is wrong");
    }
    if (replacement == null || replacement.length() < MIN_ADMIN_PASSWORD) {
      throw new ConfigException("the new password must be at least " + MIN_ADMIN_PASSWORD
          + " characters");
    }
    String hash = PasswordHash.hash(replacement);
    synchronized (this) {
      String old = stateHash;
      stateHash = hash;
      try {
        write(managed(), snapshotQueues(), snapshotAgents(), List.copyOf(memberships),
            accounts.snapshot());
      } catch (IOException e) {
        stateHash = old;
        throw new ConfigException(stateFile + ": cannot keep the new password: "
            + e.getMessage() + "; the old one stays");
      }
      generatedPassword = null;
    }
    log.info("panel: the administrator password was changed");
  }

  /** The SIP accounts. */
  Accounts accounts() {
    return accounts;
  }

  /** Whether external-number agents can be rung (an outbound gateway is configured). */
  boolean hasGateway() {
    return config.outbound() != null;
  }

  /** The queues now, in the order they were added. */
  public synchronized List<QueueConfig> queues() {
    return snapshotQueues();
  }

  /** The queue of that name, or empty. */
  synchronized Optional<QueueConfig> queue(String name) {
    return Optional.ofNullable(queues.get(name));
  }

  /** The agents now. */
  synchronized List<AgentConfig> agents() {
    return snapshotAgents();
  }

  synchronized Optional<AgentConfig> agent(String id) {
    return Optional.ofNullable(agents.get(id));
  }

  /** The memberships now. */
  synchronized List<Membership> memberships() {
    return List.copyOf(memberships);
  }

  /** The agents whose phone is this SIP account (the ones its user may run). */
  synchronized List<AgentConfig> agentsOfAccount(String username) {
    return agents.values().stream().filter(a -> a.endpoint() instanceof AgentEndpoint.SipAccount s
        && s.username().equals(username)).toList();
  }

  private List<QueueConfig> snapshotQueues() {
    return List.copyOf(queues.values());
  }

  private List<AgentConfig> snapshotAgents() {
    return List.copyOf(agents.values());
  }

  // ---- changes ------------------------------------------------------------------------------

  /**
   * Creates ({@code existing == null}) or changes a queue from its YAML form (the fields of one
   * item of {@code queues:}, {@code members} included), with the configuration's messages.
   *
   * @throws ConfigException listing every problem; nothing changed
   */
  synchronized QueueConfig saveQueue(String existing, ObjectNode node) {
    String name = node.path("name").asText(null);
    if (existing == null && name != null && queues.containsKey(name)) {
      throw new ConfigException("queue '" + name + "' already exists");
    }
    if (existing != null && !existing.equals(name)) {
      throw new ConfigException("queue '" + existing + "': a queue cannot be renamed");
    }
    List<Membership> members = new ArrayList<>();
    QueueConfig q = ConfigLoader.readQueue(stateFile, name == null ? "queue" : name, node,
        agents.keySet(), members);
    List<Membership> others = memberships.stream()
        .filter(m -> !m.queue().equals(q.id())).toList();
    List<Membership> old = memberships.stream().filter(m -> m.queue().equals(q.id())).toList();
    Map<String, QueueConfig> newQueues = new LinkedHashMap<>(queues);
    newQueues.put(q.id().value(), q);
    List<Membership> newMemberships = new ArrayList<>(others);
    newMemberships.addAll(members);
    commit(List.copyOf(newQueues.values()), snapshotAgents(), newMemberships,
        accounts.snapshot(), () -> {
          await(existing == null ? engine.addQueue(q) : engine.updateQueue(q));
          for (Membership m : members) {
            Optional<Membership> was = old.stream()
                .filter(o -> o.agent().equals(m.agent())).findFirst();
            if (was.isEmpty()) {
              await(engine.addMembership(m));
            } else if (was.get().priority() != m.priority()) {
              await(engine.updateMembership(m));
            }
          }
          for (Membership o : old) {
            if (members.stream().noneMatch(m -> m.agent().equals(o.agent()))) {
              await(engine.removeMembership(o.queue(), o.agent()));
            }
          }
        }, () -> {
          queues.put(q.id().value(), q);
          memberships.clear();
          memberships.addAll(newMemberships);
        });
    log.info("panel: queue {} {}", q.id().value(), existing == null ? "added" : "changed");
    return q;
  }

  /**
   * Creates ({@code existing == null}) or changes an agent from its YAML form ({@code id},
   * {@code sip} or {@code number}, {@code autoActivate}); with a {@code password}, the SIP
   * account is created or its password changed as well.
   *
   * @throws ConfigException listing every problem; nothing changed
   */
  synchronized AgentConfig saveAgent(String existing, ObjectNode node, String password) {
    String id = node.path("id").asText(null);
    if (existing == null && id != null && agents.containsKey(id)) {
      throw new ConfigException("agent '" + id + "' already exists");
    }
    if (existing != null && !existing.equals(id)) {
      throw new ConfigException("agent '" + existing + "': an agent cannot be renamed");
    }
    Map<String, String> newAccounts = new LinkedHashMap<>(accounts.snapshot());
    String sip = node.path("sip").isValueNode() ? node.path("sip").asText() : null;
    if (password != null && !password.isEmpty()) {
      if (sip == null) {
        throw new ConfigException("agent '" + id + "': a password is for a SIP account; an"
            + " external number has none");
      }
      ConfigLoader.checkAccount(sip, TextNode.valueOf(password));
      newAccounts.put(sip, password);
    }
    AgentConfig a = ConfigLoader.readAgent(id == null ? "agent" : id, node, newAccounts.keySet());
    if (a.endpoint() instanceof AgentEndpoint.ExternalNumber && config.outbound() == null) {
      throw new ConfigException("outbound: is required: some agents are external numbers, which"
          + " are rung through an outbound gateway");
    }
    Map<String, AgentConfig> newAgents = new LinkedHashMap<>(agents);
    newAgents.put(a.id().value(), a);
    commit(snapshotQueues(), List.copyOf(newAgents.values()), List.copyOf(memberships),
        newAccounts, () -> await(existing == null ? engine.addAgent(a) : engine.updateAgent(a)),
        () -> {
          agents.put(a.id().value(), a);
          accounts.replaceAll(newAccounts);
        });
    log.info("panel: agent {} {}", a.id().value(), existing == null ? "added" : "changed");
    return a;
  }

  /**
   * Removes a queue and its memberships. Refused while callers wait in it (removing it would
   * send them away) or while a scenario of the configuration sends callers to it.
   *
   * @throws ConfigException naming the reason; nothing changed
   */
  synchronized void removeQueue(String name) {
    QueueConfig q = queues.get(name);
    if (q == null) {
      throw new ConfigException("there is no queue '" + name + "'");
    }
    for (Scenario s : config.scenarios().values()) {
      for (Scenario.Step step : s.steps().values()) {
        if (step instanceof Scenario.Queue sq && sq.queue().equals(name)
            || step instanceof Scenario.Voicemail v && v.queue().equals(name)) {
          throw new ConfigException("queue '" + name + "' is used by the scenario of number "
              + s.number() + " in " + config.source() + ": change the scenario first");
        }
      }
    }
    EngineSnapshot.QueueSnapshot live = engine.snapshot().toCompletableFuture().join().queues()
        .get(q.id());
    int waiting = live == null ? 0 : live.waiting().size();
    if (waiting > 0) {
      throw new ConfigException("queue '" + name + "' has " + waiting + " caller(s) waiting:"
          + " remove it when it is empty (set maxLength to 1 meanwhile to let fewer in)");
    }
    Map<String, QueueConfig> newQueues = new LinkedHashMap<>(queues);
    newQueues.remove(name);
    List<Membership> newMemberships = memberships.stream()
        .filter(m -> !m.queue().equals(q.id())).toList();
    commit(List.copyOf(newQueues.values()), snapshotAgents(), newMemberships,
        accounts.snapshot(), () -> await(engine.removeQueue(q.id())), () -> {
          queues.remove(name);
          memberships.clear();
          memberships.addAll(newMemberships);
        });
    log.info("panel: queue {} removed", name);
  }

  /**
   * Removes an agent and its memberships (an agent on a call finishes it first; its SIP account
   * stays).
   *
   * @throws ConfigException naming the reason; nothing changed
   */
  synchronized void removeAgent(String id) {
    AgentConfig a = agents.get(id);
    if (a == null) {
      throw new ConfigException("there is no agent '" + id + "'");
    }
    Map<String, AgentConfig> newAgents = new LinkedHashMap<>(agents);
    newAgents.remove(id);
    List<Membership> newMemberships = memberships.stream()
        .filter(m -> !m.agent().equals(a.id())).toList();
    commit(snapshotQueues(), List.copyOf(newAgents.values()), newMemberships,
        accounts.snapshot(), () -> await(engine.removeAgent(a.id())), () -> {
          agents.remove(id);
          memberships.clear();
          memberships.addAll(newMemberships);
        });
    log.info("panel: agent {} removed", id);
  }

  /** Logs an agent in or out, pauses or unpauses it (run-time state; not kept in the file). */
  void agentAction(String id, String action) {
    if (agent(id).isEmpty()) {
      throw new ConfigException("there is no agent '" + id + "'");
    }
    AgentId agent = AgentId.of(id);
    switch (action) {
      case "login" -> await(engine.login(agent));
      case "logout" -> await(engine.logout(agent));
      case "pause" -> await(engine.pause(agent, "panel"));
      case "unpause" -> await(engine.unpause(agent));
      default -> throw new ConfigException("unknown action '" + action + "'");
    }
  }

  /** The queue's YAML form as {@link #saveQueue} reads it, members included. */
  synchronized ObjectNode queueNode(QueueConfig q) {
    return queueNode(q, memberships);
  }

  // ---- the file -----------------------------------------------------------------------------

  private interface EngineChange {
    void apply();
  }

  /**
   * Writes the prospective state to a temporary file, applies the change to the engine,
   * {@code remember}s it here (so this object follows the engine even if the file cannot be
   * replaced), then moves the file into place; the temporary file is deleted when the engine
   * refuses.
   */
  private void commit(List<QueueConfig> q, List<AgentConfig> a, List<Membership> m,
      Map<String, String> acc, EngineChange change, Runnable remember) {
    Path temp;
    try {
      temp = writeTemp(true, q, a, m, acc);
    } catch (IOException e) {
      throw new ConfigException(stateFile + ": cannot write the panel's state: " + e.getMessage()
          + "; nothing was changed");
    }
    try {
      change.apply();
      remember.run();
      move(temp);
    } catch (IOException e) {
      log.error("the change is in effect but {} could not be replaced: {}", stateFile,
          e.getMessage());
      throw new ConfigException(stateFile + ": the change is in effect but could not be kept: "
          + e.getMessage());
    } finally {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException e) {
        log.warn("cannot delete {}: {}", temp, e.getMessage());
      }
    }
  }

  private boolean managed() {
    if (!Files.exists(stateFile)) {
      return false;
    }
    try {
      JsonNode root = YAML.readTree(Files.readString(stateFile));
      return root != null && root.has("queues");
    } catch (IOException e) {
      return false;
    }
  }

  private void write(boolean managed, List<QueueConfig> q, List<AgentConfig> a,
      List<Membership> m, Map<String, String> acc) throws IOException {
    Path temp = writeTemp(managed, q, a, m, acc);
    try {
      move(temp);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private Path writeTemp(boolean managed, List<QueueConfig> q, List<AgentConfig> a,
      List<Membership> m, Map<String, String> acc) throws IOException {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    if (stateHash != null) {
      root.putObject("panel").put("adminPasswordHash", stateHash);
    }
    if (managed) {
      ObjectNode accountsNode = root.putObject("accounts");
      acc.entrySet().stream().sorted(Map.Entry.comparingByKey())
          .forEach(e -> accountsNode.put(e.getKey(), e.getValue()));
      ArrayNode agentsNode = root.putArray("agents");
      for (AgentConfig agent : a) {
        agentsNode.add(agentNode(agent));
      }
      ArrayNode queuesNode = root.putArray("queues");
      for (QueueConfig queue : q) {
        queuesNode.add(queueNode(queue, m));
      }
    }
    Path dir = stateFile.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path temp = Files.createTempFile(dir, stateFile.getFileName().toString(), ".tmp");
    try {
      Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      log.debug("no POSIX permissions here; {} keeps the folder's", temp);
    }
    Files.writeString(temp, HEADER + YAML.writeValueAsString(root), StandardCharsets.UTF_8);
    return temp;
  }

  private void move(Path temp) throws IOException {
    try {
      Files.move(temp, stateFile, StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("the file system cannot replace " + stateFile + " atomically", e);
    }
  }

  static ObjectNode agentNode(AgentConfig a) {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("id", a.id().value());
    if (a.endpoint() instanceof AgentEndpoint.SipAccount s) {
      n.put("sip", s.username());
    } else if (a.endpoint() instanceof AgentEndpoint.ExternalNumber e) {
      n.put("number", e.e164());
    }
    n.put("autoActivate", a.autoActivate());
    if (a.confirmAnswer() != AgentConfig.ConfirmAnswer.QUEUE_DEFAULT) {
      n.put("confirmAnswer", a.confirmAnswer() == AgentConfig.ConfirmAnswer.ALWAYS);
    }
    return n;
  }

  /** Every setting of a queue in the configuration's YAML form, and its members. */
  private ObjectNode queueNode(QueueConfig q, List<Membership> m) {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("name", q.id().value());
    n.put("strategy", q.strategy());
    n.put("ringTimeout", duration(q.ringTimeout()));
    n.put("retryDelay", duration(q.retryDelay()));
    n.put("wrapUpTime", duration(q.wrapUpTime()));
    n.put("weight", q.weight());
    q.maxWait().ifPresent(d -> n.put("maxWait", duration(d)));
    q.maxLength().ifPresent(l -> n.put("maxLength", l));
    n.put("joinPolicy", q.joinPolicy().name());
    n.put("leaveWhenEmpty", q.leaveWhenEmpty());
    n.put("autoPause", q.autoPause());
    n.put("serviceLevelThreshold", duration(q.serviceLevelThreshold()));
    n.put("announcePosition", q.announcePosition());
    n.put("positionFirstAfter", duration(q.positionFirstAfter()));
    n.put("positionEvery", duration(q.positionEvery()));
    n.put("announceOnImprovement", q.announceOnImprovement());
    n.put("announceMinGap", duration(q.announceMinGap()));
    n.put("estimateAnnouncement", q.estimateAnnouncement().name());
    ArrayNode periodic = n.putArray("periodicPrompts");
    q.periodicPrompts().forEach(periodic::add);
    n.put("periodicEvery", duration(q.periodicEvery()));
    n.put("musicClass", q.musicClass());
    n.put("reportHoldTime", q.reportHoldTime());
    n.put("language", q.language());
    if (!q.promptOverrides().isEmpty()) {
      ObjectNode prompts = n.putObject("prompts");
      q.promptOverrides().forEach((key, file) -> prompts.put(key, relative(file)));
    }
    n.put("estimator", q.estimator());
    n.put("historyWindow", duration(q.historyWindow()));
    n.put("voicemailKey", q.voicemailKey().map(String::valueOf).orElse("none"));
    n.put("callbackKey", q.callbackKey().map(String::valueOf).orElse("none"));
    n.put("callbackKeepsPlace", q.callbackKeepsPlace());
    n.put("callbackAttempts", q.callbackAttempts());
    n.put("callbackRetryDelay", duration(q.callbackRetryDelay()));
    n.put("voicemailMaxLength", duration(q.voicemailMaxLength()));
    n.put("confirmAnswer", q.confirmAnswer());
    n.put("confirmTimeout", duration(q.confirmTimeout()));
    ArrayNode members = n.putArray("members");
    m.stream().filter(x -> x.queue().equals(q.id())).forEach(x -> members.addObject()
        .put("agent", x.agent().value()).put("priority", x.priority()));
    return n;
  }

  /** A recording's path relative to the state file's folder when it lies below it. */
  private String relative(Path file) {
    Path dir = stateFile.toAbsolutePath().getParent();
    Path abs = file.toAbsolutePath().normalize();
    return abs.startsWith(dir) ? dir.relativize(abs).toString().replace('\\', '/')
        : abs.toString();
  }

  /** A duration as the configuration writes it: {@code 15s}, {@code 500ms}, {@code 2m}. */
  static String duration(Duration d) {
    long ms = d.toMillis();
    if (ms % 1000 != 0) {
      return ms + "ms";
    }
    long s = ms / 1000;
    if (s != 0 && s % 3600 == 0) {
      return s / 3600 + "h";
    }
    if (s != 0 && s % 60 == 0) {
      return s / 60 + "m";
    }
    return s + "s";
  }

  private static void await(CompletionStage<Void> stage) {
    try {
      stage.toCompletableFuture().get(ENGINE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof ConfigException c) {
        throw c;
      }
      if (e.getCause() instanceof CallQueueException c) {
        throw new ConfigException(c.getMessage());
      }
      if (e.getCause() instanceof IllegalArgumentException c) {
        throw new ConfigException(c.getMessage());
      }
      throw new IllegalStateException("the engine failed the change", e.getCause());
    } catch (TimeoutException e) {
      throw new ConfigException("the engine did not answer within "
          + ENGINE_TIMEOUT.toSeconds() + "s; try again");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConfigException("interrupted");
    }
  }
}
