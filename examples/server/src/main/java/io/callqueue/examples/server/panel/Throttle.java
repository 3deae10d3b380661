package io.callqueue.examples.server.panel;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;

/**
 * Wrong passwords per user name and client address: after {@value #MAX_FAILURES} failures every
 * sign-in of that pair is refused, right password or not, until {@link #LOCK} has passed since
 * the last failure (Caffeine's expire-after-write on an injected {@link Ticker}). A success
 * clears the count. Thread-safe.
 */
final class Throttle {
  static final int MAX_FAILURES = 5;
  static final Duration LOCK = Duration.ofMinutes(15);

  private final Cache<String, Integer> failures;

  Throttle(Ticker ticker) {
    this.failures = Caffeine.newBuilder().expireAfterWrite(LOCK).maximumSize(100_000)
        .ticker(ticker).executor(Runnable::run).build();
  }

  /** Whether the pair may try a password now. */
  boolean allowed(String user, String address) {
    Integer n = failures.getIfPresent(key(user, address));
    return n == null || n < MAX_FAILURES;
  }

  void failed(String user, String address) {
    failures.asMap().merge(key(user, address), 1, Integer::sum);
  }

  void succeeded(String user, String address) {
    failures.invalidate(key(user, address));
  }

  private static String key(String user, String address) {
    return user + "\u0000" + address;
  }
}
