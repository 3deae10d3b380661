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
 */
public record AsteriskConfig(URI ariUri, String user, String password, String app, String trunk) {
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
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("Asterisk adapter configuration: "
          + String.join("; ", problems));
    }
  }

  /** Application {@code callqueue}, no trunk. */
  public static AsteriskConfig of(URI ariUri, String user, String password) {
    return new AsteriskConfig(ariUri, user, password, "callqueue", "");
  }

  private static String quoted(String value) {
    return value == null ? "null" : "'" + value + "'";
  }
}
