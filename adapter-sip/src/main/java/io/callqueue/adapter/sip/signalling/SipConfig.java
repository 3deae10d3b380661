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
    if (!isSipUser(callbackCallerId)) {
      problems.add("sip: callbackCallerId must be a SIP URI user part (1-64 letters, digits or"
          + " -_.!~*'()&=+$,;?/, no '#' unless escaped as %23; e.g. +48221234567), was "
          + quoted(callbackCallerId));
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

    public Builder offerCheck(Predicate<String> value) {
      offerCheck = value;
      return this;
    }

    public SipConfig build() {
      return new SipConfig(bindAddress, port, "udp", realm, accounts, trunks, gatewayUri,
          gatewayCredentials, callbackCallerId, nonceLifetime, minExpires, maxExpires, defaultExpires, maxCalls,
          answerTimeout, offerCheck);
    }
  }
}
