package io.callqueue.adapter.asterisk;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the adapter finds Asterisk's ARI and how it dials agents. Checked up front: every problem
 * is reported at once, naming the field and the bad value.
 *
 * @param ariUri Asterisk's HTTP server, {@code http://host:port} ({@code http.conf}); ARI is under
 *     {@code /ari}
 * @param user an {@code ari.conf} user
 * @param password its password
 * @param app the Stasis application name the dialplan names (usually {@code callqueue})
 * @param trunk the PJSIP endpoint through which external agent numbers are dialled
 *     ({@code PJSIP/<e164>@<trunk>}), or empty when agents are PJSIP accounts only
 * @param callbackDial how a called-back customer is dialled (capability 15): an ARI endpoint
 *     with {@code {number}} where the customer's number goes, e.g.
 *     {@code PJSIP/{number}@trunk} or {@code Local/{number}@from-callqueue}; empty: no callbacks
 *     (the engine then refuses the callback key)
 * @param ringInUse whether an agent whose PJSIP endpoint already has a channel that is not one
 *     of ours (a call outside the queue) is rung anyway; {@code false} (the default, as
 *     app_queue's {@code ringinuse=no}) reports such an agent busy without ringing
 */
public record AsteriskConfig(URI ariUri, String user, String password, String app, String trunk,
    String callbackDial, boolean ringInUse) {
  /** Where the customer's number goes in {@link #callbackDial}. */
  public static final String NUMBER = "{number}";

  public AsteriskConfig {
    List<String> problems = new ArrayList<>();
    if (ariUri == null || ariUri.getHost() == null
        || !("http".equals(ariUri.getScheme()) || "https".equals(ariUri.getScheme()))) {
      problems.add("ariUri must be http://host:port or https://host:port, was " + ariUri);
    }
    if (user == null || user.isBlank()) {
      problems.add("user must name an ari.conf user, was " + quoted(user));
    }
    if (password == null || password.isEmpty()) {
      problems.add("password must not be empty");
    }
    if (app == null || !app.matches("[A-Za-z0-9_.-]+")) {
      problems.add("app must be a Stasis application name (letters, digits, _ . -), was "
          + quoted(app));
    }
    trunk = trunk == null ? "" : trunk;
    if (!trunk.isEmpty() && !trunk.matches("[A-Za-z0-9_.-]+")) {
      problems.add("trunk must be a PJSIP endpoint name, was " + quoted(trunk));
    }
    callbackDial = callbackDial == null ? "" : callbackDial.trim();
    if (!callbackDial.isEmpty() && (!callbackDial.matches("[A-Za-z]+/\\S+")
        || !callbackDial.contains(NUMBER) || callbackDial.contains(","))) {
      problems.add("callbackDial must be an ARI endpoint with " + NUMBER + " in it (e.g. PJSIP/"
          + NUMBER + "@trunk), was " + quoted(callbackDial));
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("Asterisk adapter configuration: "
          + String.join("; ", problems));
    }
  }

  /** No callbacks, agents in use not rung (the first increment's five fields). */
  public AsteriskConfig(URI ariUri, String user, String password, String app, String trunk) {
    this(ariUri, user, password, app, trunk, "", false);
  }

  /** Application {@code callqueue}, no trunk, no callbacks. */
  public static AsteriskConfig of(URI ariUri, String user, String password) {
    return new AsteriskConfig(ariUri, user, password, "callqueue", "");
  }

  /** This configuration with callbacks dialled through {@code template} (see {@link #callbackDial}). */
  public AsteriskConfig withCallbackDial(String template) {
    return new AsteriskConfig(ariUri, user, password, app, trunk, template, ringInUse);
  }

  /** This configuration with agents' trunk {@code trunk} (see {@link #trunk}). */
  public AsteriskConfig withTrunk(String trunk) {
    return new AsteriskConfig(ariUri, user, password, app, trunk, callbackDial, ringInUse);
  }

  /** This configuration with agents in use rung or not (see {@link #ringInUse}). */
  public AsteriskConfig withRingInUse(boolean ring) {
    return new AsteriskConfig(ariUri, user, password, app, trunk, callbackDial, ring);
  }

  /** The endpoint that dials {@code number} back. */
  String callbackEndpoint(String number) {
    return callbackDial.replace(NUMBER, number);
  }

  private static String quoted(String value) {
    return value == null ? "null" : "'" + value + "'";
  }
}
