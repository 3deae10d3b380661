package io.callqueue.examples.server.panel;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * Signed-in sessions, by a random 256-bit id (the cookie's value), each with its own CSRF token
 * of the same strength. A session ends after {@code timeout} without a request (Caffeine's
 * expire-after-access, on an injected {@link Ticker}), {@link #MAX_LIFETIME} after sign-in
 * however busy (expire-after-write: a stolen cookie does not live forever), or when signed
 * out. At most
 * {@value #MAX_SESSIONS} are kept (the least recently used goes first). Thread-safe.
 */
final class Sessions {
  static final int MAX_SESSIONS = 10_000;
  static final Duration MAX_LIFETIME = Duration.ofHours(12);
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Who is signed in. */
  enum Role { ADMIN, AGENT }

  /**
   * One signed-in user.
   *
   * @param id the cookie's value
   * @param csrf the token every change request must carry
   * @param role administrator or agent
   * @param user {@code admin}, or the agent's SIP account
   */
  record Session(String id, String csrf, Role role, String user) {
    /** Does not show the id or the token. */
    @Override
    public String toString() {
      return "Session[" + role + " " + user + "]";
    }
  }

  private final Cache<String, Session> sessions;

  Sessions(Duration timeout, Ticker ticker) {
    this.sessions = Caffeine.newBuilder().expireAfterAccess(timeout)
        .expireAfterWrite(MAX_LIFETIME).maximumSize(MAX_SESSIONS).ticker(ticker)
        .executor(Runnable::run).build();
  }

  /** A new session for a user who has just proved who they are. */
  Session open(Role role, String user) {
    Session s = new Session(random(), random(), role, user);
    sessions.put(s.id(), s);
    return s;
  }

  /** The live session of that id (and it is touched), or empty. */
  Optional<Session> find(String id) {
    return id == null ? Optional.empty() : Optional.ofNullable(sessions.getIfPresent(id));
  }

  void close(String id) {
    if (id != null) {
      sessions.invalidate(id);
    }
  }

  /** Ends every session of a user (their password changed). */
  void closeAll(Role role, String user) {
    sessions.asMap().values().removeIf(s -> s.role() == role && s.user().equals(user));
  }

  static String random() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
