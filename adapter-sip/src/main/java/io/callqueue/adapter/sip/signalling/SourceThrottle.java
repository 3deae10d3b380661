package io.callqueue.adapter.sip.signalling;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.net.InetAddress;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses sources that keep failing to authenticate (password guessing, account scanning,
 * replayed or forged credentials): after {@link SipConfig.FailureLimit#failures()} failures from
 * one IP address, each within {@link SipConfig.FailureLimit#window()} of the previous one, the
 * address is refused at once for {@link SipConfig.FailureLimit#blockFor()}, without its
 * credentials being looked at; one WARN line says so when the block starts. Trunk calls are not
 * affected (they are admitted by address, not by password).
 *
 * <p>Two Caffeine caches keyed by address, on the server's clock: failure counts that expire a
 * window after the last failure, and blocks that expire after the block time. Both are bounded
 * ({@value #MAX_SOURCES} addresses): under a flood from more addresses than that the oldest
 * counts are dropped, which only delays a block. Confined to the signalling thread.
 */
final class SourceThrottle {
  private static final Logger log = LoggerFactory.getLogger(SourceThrottle.class);
  static final int MAX_SOURCES = 100_000;

  private final SipConfig.FailureLimit limit;
  private final Cache<InetAddress, Integer> failures;
  private final Cache<InetAddress, Boolean> blocked;

  SourceThrottle(SipConfig.FailureLimit limit, Clock clock) {
    this.limit = limit;
    this.failures = cache(clock).expireAfterWrite(limit.window()).build();
    this.blocked = cache(clock).expireAfterWrite(limit.blockFor()).build();
  }

  private static Caffeine<Object, Object> cache(Clock clock) {
    return Caffeine.newBuilder()
        .maximumSize(MAX_SOURCES)
        .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
        .executor(Runnable::run);
  }

  /** Whether requests needing authentication from {@code source} are refused now. */
  boolean isBlocked(InetAddress source) {
    return source != null && blocked.getIfPresent(source) != null;
  }

  /** Counts one failed authentication from {@code source}; blocks it at the limit. */
  void failed(InetAddress source, String what) {
    if (source == null) {
      return;
    }
    int count = failures.asMap().merge(source, 1, Integer::sum);
    if (count >= limit.failures()) {
      failures.invalidate(source);
      blocked.put(source, Boolean.TRUE);
      log.warn("SIP source {} refused for {} after {} failed authentications (last: {})",
          source.getHostAddress(), limit.blockFor(), count, what);
    }
  }
}
