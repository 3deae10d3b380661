package io.callqueue.adapter.sip.signalling;

import io.callqueue.api.AgentEndpoint;
import io.callqueue.api.ConfigException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Configuration of a {@link SipServer}. Validated up front: every problem is reported at once in
 * one {@link ConfigException}. Build it with {@link #builder(String, int)}.
 *
 * @param bindAddress the IP literal to listen on and to advertise in Via and Contact (not a
 *     wildcard address)
 * @param port the UDP port
 * @param transport {@code udp} (the only one supported for now)
 * @param realm the digest realm
 * @param accounts SIP accounts that may register and call in with digest authentication
 * @param trunks sources admitted without authentication, per dialled number
 * @param gatewayUri where INVITEs to external numbers go, e.g. {@code sip:gw.example.net:5060};
 *     {@code null} when there is none (external numbers are then unreachable)
 * @param gatewayCredentials the digest account that answers the gateway's 401/407 challenge to
 *     an INVITE, or {@code null} when the gateway admits us without authentication
 * @param callbackCallerId the From user of the calls the server places to customers for callbacks
 *     (agents' external numbers are shown the waiting caller's number instead)
 * @param nonceLifetime how long a digest nonce is accepted before it is stale
 * @param minExpires shortest registration accepted (shorter gets 423 Interval Too Brief)
 * @param maxExpires longest registration granted (longer is cut to this)
 * @param defaultExpires registration length when the REGISTER names none
 * @param maxCalls concurrent incoming calls; more are answered 503 Service Unavailable
 * @param answerTimeout an admitted incoming call that is neither answered nor rejected within this
 *     time is refused with 480 Temporarily Unavailable, so no caller is left ringing forever
 * @param timerT1 RFC 3261's T1, the round-trip estimate: an answered incoming call whose ACK has
 *     not come 64·T1 after our 200 is hung up with a BYE (default 500 ms: 32 s; 10 ms to 5 s).
 *     The 200 is retransmitted until then by JAIN-SIP at its built-in T1 of 500 ms, doubling to
 *     4 s (the RI has no setting for it)
 * @param authFailures how many failed authentications one source address may make before it is
 *     refused for a while (default 10, each within 1 min of the previous, refused for 5 min)
 * @param offerCheck decides whether an SDP offer is acceptable; an unacceptable one is answered
 *     488 Not Acceptable Here (the media layer supplies it; offers without SDP are not checked)
 */
public record SipConfig(
    String bindAddress,
    int port,
    String transport,
    String realm,
    AccountStore accounts,
    List<Trunk> trunks,
    String gatewayUri,
    Credentials gatewayCredentials,
    String callbackCallerId,
    Duration nonceLifetime,
    Duration minExpires,
    Duration maxExpires,
    Duration defaultExpires,
    int maxCalls,
    Duration answerTimeout,
    Duration timerT1,
    FailureLimit authFailures,
    Predicate<String> offerCheck) {

  private static final Pattern REALM = Pattern.compile("[A-Za-z0-9.\\-_:@ ]{1,64}");
  /**
   * Whether {@code value} can stand as the user part of a SIP URI, e.g. {@code +48221234567}: the
   * one rule ({@link AgentEndpoint.SipAccount#isSipUser}, RFC 3261's {@code user}, so no
   * unescaped {@code #}) that config validation and the dialer both apply.
   */
  public static boolean isSipUser(String value) {
    return AgentEndpoint.SipAccount.isSipUser(value);
  }

  /**
   * A digest account at the outbound gateway. {@link #toString()} does not show the password.
   *
   * @param username the digest user name (often the trunk's account or number)
   * @param password its password
   */
  public record Credentials(String username, String password) {
    public Credentials {
      List<String> problems = new ArrayList<>();
      if (username == null || username.isBlank() || username.contains("\"")) {
        problems.add("sip: gateway username must be non-blank text without quotes, was "
            + quoted(username));
      }
      if (password == null || password.isEmpty()) {
        problems.add("sip: gateway password must not be empty");
      }
      if (!problems.isEmpty()) {
        throw new ConfigException(problems);
      }
    }

    @Override
    public String toString() {
      return "Credentials[username=" + username + ", password=***]";
    }
  }

  /**
   * The throttle of failing sources: after {@code failures} failed authentications from one IP
   * address, each within {@code window} of the previous one, every REGISTER and authenticated
   * INVITE from it is answered 403 for {@code blockFor}.
   *
   * @param failures failures that start a block (at least 1)
   * @param window the longest gap between two failures that still counts them together
   * @param blockFor how long the address is refused
   */
  public record FailureLimit(int failures, Duration window, Duration blockFor) {
    public FailureLimit {
      List<String> problems = new ArrayList<>();
      if (failures < 1) {
        problems.add("sip: authFailures.failures must be > 0, was " + failures);
      }
      positive(problems, "authFailures.window", window);
      positive(problems, "authFailures.blockFor", blockFor);
      if (!problems.isEmpty()) {
        throw new ConfigException(problems);
      }
    }
  }

  public SipConfig {
    List<String> problems = new ArrayList<>();
    if (bindAddress == null || AddressRange.problem(bindAddress) != null
        || bindAddress.contains("/")) {
      problems.add("sip: bindAddress must be an IP address, was " + quoted(bindAddress));
    } else if (bindAddress.equals("0.0.0.0") || bindAddress.equals("::")) {
      problems.add("sip: bindAddress must be a concrete address (it is advertised in Via and"
          + " Contact), was " + quoted(bindAddress));
    }
    if (port < 1 || port > 65535) {
      problems.add("sip: port must be 1-65535, was " + port);
    }
    if (!"udp".equals(transport)) {
      problems.add("sip: transport must be 'udp', was " + quoted(transport));
    }
    if (realm == null || !REALM.matcher(realm).matches()) {
      problems.add(
          "sip: realm must be 1-64 letters, digits, spaces or .-_:@, was " + quoted(realm));
    }
    if (accounts == null) {
      problems.add("sip: accounts must not be null");
    }
    if (trunks == null || trunks.contains(null)) {
      problems.add("sip: trunks must be a list without nulls, was " + trunks);
    } else {
      Set<String> names = new HashSet<>();
      for (Trunk trunk : trunks) {
        if (!names.add(trunk.name())) {
          problems.add("sip: trunk names must be unique, '" + trunk.name() + "' repeats");
        }
      }
    }
    if (gatewayUri != null && !gatewayUri.matches("sips?:[^\\s@]+")) {
      problems.add("sip: gatewayUri must be a SIP URI without a user, e.g. sip:gw.example.net:5060,"
          + " was " + quoted(gatewayUri));
    }
    if (gatewayCredentials != null && gatewayUri == null) {
      problems.add("sip: gateway credentials need a gatewayUri to be used with");
    }
    positive(problems, "nonceLifetime", nonceLifetime);
    positive(problems, "minExpires", minExpires);
    positive(problems, "maxExpires", maxExpires);
    positive(problems, "defaultExpires", defaultExpires);
    if (minExpires != null && maxExpires != null && defaultExpires != null) {
      if (minExpires.compareTo(maxExpires) > 0) {
        problems.add("sip: minExpires must not exceed maxExpires, was " + minExpires + " > "
            + maxExpires);
      }
      if (defaultExpires.compareTo(minExpires) < 0 || defaultExpires.compareTo(maxExpires) > 0) {
        problems.add("sip: defaultExpires must lie within minExpires..maxExpires, was "
            + defaultExpires);
      }
    }
    if (maxCalls < 1) {
      problems.add("sip: maxCalls must be > 0, was " + maxCalls);
    }
    positive(problems, "answerTimeout", answerTimeout);
    if (timerT1 == null || timerT1.compareTo(Duration.ofMillis(10)) < 0
        || timerT1.compareTo(Duration.ofSeconds(5)) > 0) {
      problems.add("sip: timerT1 must be 10ms-5s, was " + timerT1);
    }
    if (!isSipUser(callbackCallerId)) {
      problems.add("sip: callbackCallerId must be a SIP URI user part (1-64 letters, digits or"
          + " -_.!~*'()&=+$,;?/, no '#' unless escaped as %23; e.g. +48221234567), was "
          + quoted(callbackCallerId));
    }
    if (authFailures == null) {
      problems.add("sip: authFailures must not be null");
    }
    if (offerCheck == null) {
      problems.add("sip: offerCheck must not be null");
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    trunks = List.copyOf(trunks);
  }

  /** A builder with defaults: realm {@code callqueue}, no accounts, no trunks, no gateway. */
  public static Builder builder(String bindAddress, int port) {
    return new Builder(bindAddress, port);
  }

  private static void positive(List<String> problems, String field, Duration value) {
    if (value == null || value.isNegative() || value.isZero() || value.toSeconds() < 1) {
      problems.add("sip: " + field + " must be at least 1s, was " + value);
    }
  }

  private static String quoted(String value) {
    return value == null ? "null" : "'" + value + "'";
  }

  /** Builds a {@link SipConfig}; every setter returns this builder. */
  public static final class Builder {
    private final String bindAddress;
    private final int port;
    private String realm = "callqueue";
    private AccountStore accounts = AccountStore.of(Map.of());
    private final List<Trunk> trunks = new ArrayList<>();
    private String gatewayUri;
    private Credentials gatewayCredentials;
    private String callbackCallerId = "callback";
    private Duration nonceLifetime = Duration.ofMinutes(5);
    private Duration minExpires = Duration.ofSeconds(60);
    private Duration maxExpires = Duration.ofHours(1);
    private Duration defaultExpires = Duration.ofHours(1);
    private int maxCalls = 100;
    private Duration answerTimeout = Duration.ofSeconds(30);
    private Duration timerT1 = Duration.ofMillis(500);
    private FailureLimit authFailures =
        new FailureLimit(10, Duration.ofMinutes(1), Duration.ofMinutes(5));
    private Predicate<String> offerCheck = sdp -> true;

    private Builder(String bindAddress, int port) {
      this.bindAddress = bindAddress;
      this.port = port;
    }

    public Builder realm(String value) {
      realm = value;
      return this;
    }

    public Builder accounts(AccountStore value) {
      accounts = value;
      return this;
    }

    /** Fixed accounts: username to password. */
    public Builder accounts(Map<String, String> passwords) {
      accounts = AccountStore.of(passwords);
      return this;
    }

    public Builder trunk(Trunk trunk) {
      trunks.add(Objects.requireNonNull(trunk, "trunk"));
      return this;
    }

    public Builder gatewayUri(String value) {
      gatewayUri = value;
      return this;
    }

    /** The digest account for the gateway's challenges ({@code null}: none). */
    public Builder gatewayCredentials(Credentials value) {
      gatewayCredentials = value;
      return this;
    }

    public Builder nonceLifetime(Duration value) {
      nonceLifetime = value;
      return this;
    }

    /** Shortest, longest and default registration lengths. */
    public Builder expires(Duration min, Duration max, Duration byDefault) {
      minExpires = min;
      maxExpires = max;
      defaultExpires = byDefault;
      return this;
    }

    public Builder maxCalls(int value) {
      maxCalls = value;
      return this;
    }

    /** The From user of callbacks to customers (default {@code callback}). */
    public Builder callbackCallerId(String value) {
      callbackCallerId = value;
      return this;
    }

    /** How long an incoming call may go unanswered before 480 (default 30 s). */
    public Builder answerTimeout(Duration value) {
      answerTimeout = value;
      return this;
    }

    /** RFC 3261's T1 (default 500 ms): the 2xx retransmission base; 64·T1 waits for an ACK. */
    public Builder timerT1(Duration value) {
      timerT1 = value;
      return this;
    }

    /** The throttle of sources failing to authenticate (default 10 within 1 min: 5 min). */
    public Builder authFailures(FailureLimit value) {
      authFailures = value;
      return this;
    }

    public Builder offerCheck(Predicate<String> value) {
      offerCheck = value;
      return this;
    }

    public SipConfig build() {
      return new SipConfig(bindAddress, port, "udp", realm, accounts, trunks, gatewayUri,
          gatewayCredentials, callbackCallerId, nonceLifetime, minExpires, maxExpires,
          defaultExpires, maxCalls, answerTimeout, timerT1, authFailures, offerCheck);
    }
  }
}
