package io.callqueue.examples.server.config;

import io.callqueue.adapter.sip.ivr.Scenario;
import io.callqueue.api.AgentConfig;
import io.callqueue.api.Membership;
import io.callqueue.api.QueueConfig;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The whole configuration of a standalone callqueue server.
 *
 * @param source the file it was read from
 * @param sip where SIP listens and the digest realm
 * @param http where the JSON statistics endpoint listens
 * @param accounts SIP accounts (agents' phones) by user name, with their passwords
 * @param trunks where incoming calls may come from, and the numbers they may call
 * @param outbound the gateway external-number agents are rung through, or {@code null}
 * @param agents the agents
 * @param queues the queues
 * @param memberships agents in queues
 * @param scenarios IVR scenarios by the number they answer
 * @param storage where call records go
 * @param media prompt and music directories, RTP ports
 * @param panel the operator's web panel: administrator password, sessions, state file
 */
public record ServerConfig(Path source, Sip sip, Http http, Map<String, String> accounts,
    List<Trunk> trunks, Outbound outbound, List<AgentConfig> agents, List<QueueConfig> queues,
    List<Membership> memberships, Map<String, Scenario> scenarios, Storage storage, Media media,
    Panel panel) {

  /** Without a {@code panel:} block: the panel's defaults beside {@code source}. */
  public ServerConfig(Path source, Sip sip, Http http, Map<String, String> accounts,
      List<Trunk> trunks, Outbound outbound, List<AgentConfig> agents, List<QueueConfig> queues,
      List<Membership> memberships, Map<String, Scenario> scenarios, Storage storage,
      Media media) {
    this(source, sip, http, accounts, trunks, outbound, agents, queues, memberships, scenarios,
        storage, media, Panel.defaults(source));
  }

  /**
   * The operator's web panel.
   *
   * @param adminPasswordHash the administrator's password hash ({@code pbkdf2-sha512:...}, see
   *     {@code PasswordHash}), or {@code null}: then the state file's, or one made at first start
   * @param sessionTimeout how long a signed-in session lasts without a request
   * @param stateFile where the panel keeps what is changed in it (queues, agents, accounts, the
   *     administrator password made at first start), in the configuration's YAML schema
   */
  public record Panel(String adminPasswordHash, Duration sessionTimeout, Path stateFile) {
    /** The default of {@code sessionTimeout}. */
    public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofMinutes(30);
    /** The shape of a password hash: {@code pbkdf2-sha512:<iterations>:<salt>:<hash>}. */
    public static final String HASH_FORMAT =
        "pbkdf2-sha512:[0-9]{4,9}:[A-Za-z0-9+/]{16,}={0,2}:[A-Za-z0-9+/]{32,}={0,2}";

    /** No password hash, the default timeout, {@code data/panel-state.yaml} beside the config. */
    public static Panel defaults(Path source) {
      Path parent = source.toAbsolutePath().getParent();
      return new Panel(null, DEFAULT_SESSION_TIMEOUT,
          (parent == null ? Path.of(".") : parent).resolve("data").resolve("panel-state.yaml"));
    }

    /** Does not show the hash. */
    @Override
    public String toString() {
      return "Panel[adminPasswordHash=" + (adminPasswordHash == null ? null : "***")
          + ", sessionTimeout=" + sessionTimeout + ", stateFile=" + stateFile + "]";
    }
  }

  /**
   * SIP listening address, UDP port, digest realm, how many incoming calls may be in progress at
   * once (more are answered 503 Service Unavailable), and how long an incoming call may stay
   * unanswered before it is refused with 480.
   */
  public record Sip(String bindAddress, int port, String realm, int maxCalls,
      Duration answerTimeout) {

    /** The default of {@code maxCalls}. */
    public static final int DEFAULT_MAX_CALLS = 500;
    /** The default of {@code answerTimeout}. */
    public static final Duration DEFAULT_ANSWER_TIMEOUT = Duration.ofSeconds(30);

    /** With the default {@code maxCalls} and {@code answerTimeout}. */
    public Sip(String bindAddress, int port, String realm) {
      this(bindAddress, port, realm, DEFAULT_MAX_CALLS, DEFAULT_ANSWER_TIMEOUT);
    }
  }

  /**
   * The JSON HTTP endpoint.
   *
   * @param bindAddress the address it listens on
   * @param port the TCP port (0: any free one)
   * @param token the bearer token every request must carry
   * @param tokenGenerated whether the token was made for this run (none was configured), so the
   *     banner prints it
   * @param hosts host names a request's {@code Host} may name besides IP addresses and
   *     {@code localhost} (a guard against DNS rebinding)
   */
  public record Http(String bindAddress, int port, String token, boolean tokenGenerated,
      List<String> hosts) {

    /** Checks and copies. */
    public Http {
      if (token == null || token.isEmpty()) {
        throw new IllegalArgumentException("http: token must not be empty");
      }
      hosts = List.copyOf(hosts);
    }

    /** With a token made for this run and no extra host names. */
    public Http(String bindAddress, int port) {
      this(bindAddress, port, newToken(), true, List.of());
    }

    /** A random token (192 bits, URL-safe Base64). */
    public static String newToken() {
      byte[] bytes = new byte[24];
      RANDOM.nextBytes(bytes);
      return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Does not show the token. */
    @Override
    public String toString() {
      return "Http[bindAddress=" + bindAddress + ", port=" + port + ", token=***"
          + ", tokenGenerated=" + tokenGenerated + ", hosts=" + hosts + "]";
    }
  }

  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * A trunk incoming calls may arrive on.
   *
   * @param name a name for logs
   * @param allowFrom source IP addresses accepted
   * @param numbers called numbers accepted (each must have a scenario)
   */
  public record Trunk(String name, List<String> allowFrom, List<String> numbers) {}

  /**
   * The gateway that reaches external numbers.
   *
   * @param gateway a SIP URI, e.g. {@code sip:gateway.example:5060}
   * @param username digest user name, or {@code null}
   * @param password digest password, or {@code null}
   * @param callerId the number customers see when a callback reaches them, or {@code null}
   */
  public record Outbound(String gateway, String username, String password, String callerId) {

    /** Without a caller ID of its own (callbacks then show {@code callback}). */
    public Outbound(String gateway, String username, String password) {
      this(gateway, username, password, null);
    }

    /** Does not show the password. */
    @Override
    public String toString() {
      return "Outbound[gateway=" + gateway + ", username=" + username + ", password="
          + (password == null ? null : "***") + ", callerId=" + callerId + "]";
    }
  }

  /**
   * Call records.
   *
   * @param jdbcUrl JDBC URL, e.g. {@code jdbc:h2:file:./data/calls}; {@code memory} for none
   * @param queueLog a file for Asterisk-compatible {@code queue_log} lines, or {@code null}
   */
  public record Storage(String jdbcUrl, Path queueLog) {}

  /**
   * Media.
   *
   * @param promptDirectory default prompts ({@code <dir>/<language>/<key>.wav}), or {@code null}
   *     for the built-in ones
   * @param musicDirectory music-on-hold classes ({@code <dir>/<class>/*.wav}), or {@code null}
   *     for the built-in loop
   * @param rtpPortMin the lowest RTP port
   * @param rtpPortMax the highest RTP port
   */
  public record Media(Path promptDirectory, Path musicDirectory, int rtpPortMin,
      int rtpPortMax) {}
}
