package io.callqueue.examples.server.panel;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The SIP accounts (user name to password) as they are now: the configuration's at start, then
 * whatever the panel adds or changes. The SIP registrar asks {@link #password} on every
 * authenticated request (pass {@code accounts::password} as adapter-sip's {@code AccountStore}),
 * so an account added in the panel may register at once. Thread-safe; answers from memory.
 */
public final class Accounts {
  private final Map<String, String> passwords = new ConcurrentHashMap<>();

  /** No accounts yet. */
  public Accounts() {}

  /** These accounts. */
  public Accounts(Map<String, String> initial) {
    passwords.putAll(initial);
  }

  /** The account's password, or empty. */
  public Optional<String> password(String username) {
    return username == null ? Optional.empty() : Optional.ofNullable(passwords.get(username));
  }

  /** The user names, sorted. */
  public Set<String> names() {
    return new TreeSet<>(passwords.keySet());
  }

  /** A copy of every account. */
  public Map<String, String> snapshot() {
    return Map.copyOf(passwords);
  }

  /** Replaces every account with these. */
  public void replaceAll(Map<String, String> accounts) {
    passwords.keySet().retainAll(accounts.keySet());
    passwords.putAll(accounts);
  }
}
