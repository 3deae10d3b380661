package io.callqueue.adapter.sip.signalling;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sip.header.WWWAuthenticateHeader;

/**
 * HTTP digest authentication for SIP (RFC 3261 §22, RFC 2617; MD5): the server side for our
 * registrar and INVITE admission, and {@link #answer} for the client side (our INVITEs challenged
 * by an outbound gateway).
 *
 * <p>Design: nonces are stateless, {@code issuedMillis.random.mac} with an HMAC-SHA256 under a
 * per-server random key, so a flood of challenges costs no memory; a nonce is stale when its age
 * passes the lifetime or its MAC does not verify (e.g. issued before a restart). The response is
 * checked first: {@code STALE} is only said to a client that knows the password (RFC 2617
 * §3.2.1), so it may retry without prompting; a wrong response is {@code FAILED}.
 *
 * <p>Replay protection: only qop {@code auth} is accepted (the RFC 2069 form without qop has no
 * nonce count, so a captured header could be replayed for the nonce's whole lifetime: it is
 * {@code FAILED}). The nonce count must grow per nonce; a count not above the last one seen is a
 * replay, answered {@code STALE} (a fresh challenge). Counts are kept only for nonces that
 * authenticated, in a Caffeine cache that drops them a nonce lifetime after their last use (the
 * nonce is stale by then) and holds at most {@value #MAX_TRACKED_NONCES}: should that bound ever
 * evict a count that is still needed, every nonce issued up to the evicted one's issue time is
 * then refused as stale, so eviction can cost a client a fresh challenge but never let a replay
 * through. Cost: two MD5s, one HMAC and one cache lookup per check.
 *
 * <p>Not thread-safe: confined to the signalling thread.
 */
final class DigestAuth {

  enum Verdict {
    OK,
    STALE,
    FAILED
  }

  /** The parameters of an Authorization header, as sent (null where absent). */
  record Credentials(
      String username,
      String realm,
      String nonce,
      String uri,
      String response,
      String algorithm,
      String cnonce,
      String nc,
      String qop,
      String opaque) {}

  /** Bound of the nonce-count cache (about 20 MB at most). */
  static final int MAX_TRACKED_NONCES = 100_000;

  private final String realm;
  private final long lifetimeMillis;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final byte[] key = new byte[32];
  private final String opaque;
  private final Cache<String, Long> lastNonceCount;
  /** Issue time of the newest nonce whose count was evicted for size (none: Long.MIN_VALUE). */
  private long evictedUpTo = Long.MIN_VALUE;
  /** One initialised HMAC per thread: {@code Mac.getInstance} is a provider search each time. */
  private final ThreadLocal<Mac> hmac = ThreadLocal.withInitial(this::newMac);

  DigestAuth(String realm, Duration nonceLifetime, Clock clock) {
    this(realm, nonceLifetime, clock, MAX_TRACKED_NONCES);
  }

  DigestAuth(String realm, Duration nonceLifetime, Clock clock, int maxTrackedNonces) {
    this.realm = realm;
    this.lifetimeMillis = nonceLifetime.toMillis();
    this.clock = clock;
    random.nextBytes(key);
    byte[] opaqueBytes = new byte[8];
    random.nextBytes(opaqueBytes);
    this.opaque = HexFormat.of().formatHex(opaqueBytes);
    this.lastNonceCount = Caffeine.newBuilder()
        .expireAfterWrite(nonceLifetime)
        .maximumSize(maxTrackedNonces)
        .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
        .executor(Runnable::run) // maintenance and the listener stay on the signalling thread
        .<String, Long>evictionListener((nonce, count, cause) -> {
          if (cause == RemovalCause.SIZE && nonce != null) {
            evictedUpTo = Math.max(evictedUpTo, issued(nonce));
          }
        })
        .build();
  }

  String realm() {
    return realm;
  }

  String opaque() {
    return opaque;
  }

  /** A fresh nonce for a challenge. */
  String newNonce() {
    byte[] salt = new byte[8];
    random.nextBytes(salt);
    String body = Long.toHexString(clock.millis()) + "." + HexFormat.of().formatHex(salt);
    return body + "." + mac(body);
  }

  /** The value of a WWW-Authenticate header challenging with a fresh nonce. */
  String challenge(boolean stale) {
    return "Digest realm=\"" + realm + "\", nonce=\"" + newNonce() + "\", opaque=\"" + opaque
        + "\", algorithm=MD5, qop=\"auth\"" + (stale ? ", stale=TRUE" : "");
  }

  Verdict verify(Credentials c, String method, String password) {
    if (c.username() == null || c.nonce() == null || c.uri() == null || c.response() == null
        || !realm.equals(c.realm())) {
      return Verdict.FAILED;
    }
    if (c.algorithm() != null && !c.algorithm().equalsIgnoreCase("MD5")) {
      return Verdict.FAILED;
    }
    if (c.opaque() != null && !c.opaque().equals(opaque)) {
      return Verdict.STALE;
    }
    if (c.qop() == null || !c.qop().equalsIgnoreCase("auth") || c.cnonce() == null
        || c.nc() == null || !c.nc().matches("[0-9A-Fa-f]{8}")) {
      return Verdict.FAILED; // the RFC 2069 form (no qop) or auth-int: no replay protection
    }
    long count = Long.parseLong(c.nc(), 16);
    String expected = response(c.username(), realm, password, method, c.uri(), c.nonce(), c.nc(),
        c.cnonce(), c.qop());
    if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
        c.response().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII))) {
      return Verdict.FAILED;
    }
    if (!fresh(c.nonce())) {
      return Verdict.STALE;
    }
    Long last = lastNonceCount.getIfPresent(c.nonce());
    if (last == null ? issued(c.nonce()) <= evictedUpTo : count <= last) {
      return Verdict.STALE; // a replay (or a count this cache could no longer vouch for)
    }
    lastNonceCount.put(c.nonce(), count);
    return Verdict.OK;
  }

  private boolean fresh(String nonce) {
    int lastDot = nonce.lastIndexOf('.');
    int firstDot = nonce.indexOf('.');
    if (firstDot <= 0 || lastDot == firstDot) {
      return false;
    }
    String body = nonce.substring(0, lastDot);
    byte[] given = nonce.substring(lastDot + 1).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(mac(body).getBytes(StandardCharsets.US_ASCII), given)) {
      return false;
    }
    long age = clock.millis() - issued(nonce);
    return age >= 0 && age <= lifetimeMillis;
  }

  /** The issue time of a nonce, or Long.MAX_VALUE when it has none (never fresh then). */
  private static long issued(String nonce) {
    int dot = nonce.indexOf('.');
    try {
      return dot <= 0 ? Long.MAX_VALUE : Long.parseLong(nonce.substring(0, dot), 16);
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }

  private String mac(String body) {
    byte[] full = hmac.get().doFinal(body.getBytes(StandardCharsets.US_ASCII));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(full, 16));
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    }
  }

  /**
   * The request digest of RFC 2617 §3.2.2.1 (MD5): with {@code qop} ({@code auth}), or the RFC 2069
   * form when {@code qop} is null ({@code nc} and {@code cnonce} are then unused).
   */
  static String response(String username, String realm, String password, String method,
      String uri, String nonce, String nc, String cnonce, String qop) {
    String ha1 = md5(username + ":" + realm + ":" + password);
    String ha2 = md5(method + ":" + uri);
    return qop == null
        ? md5(ha1 + ":" + nonce + ":" + ha2)
        : md5(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":" + qop + ":" + ha2);
  }

  /**
   * The client side: the value of an {@code Authorization} (or {@code Proxy-Authorization}) header
   * answering {@code challenge}, a {@code WWW-Authenticate} (or {@code Proxy-Authenticate}) header.
   * With qop {@code auth} offered it is used with nonce count 1 (each challenge is answered once)
   * and a fresh client nonce; without qop the RFC 2069 form is sent. Empty when the challenge
   * cannot be answered: not Digest, an algorithm other than MD5, no nonce, or a qop list without
   * {@code auth} (e.g. {@code auth-int} only).
   */
  static Optional<String> answer(WWWAuthenticateHeader challenge, String username,
      String password, String method, String uri, String cnonce) {
    String algorithm = challenge.getAlgorithm();
    if (!"Digest".equalsIgnoreCase(challenge.getScheme()) || challenge.getNonce() == null
        || (algorithm != null && !algorithm.equalsIgnoreCase("MD5"))) {
      return Optional.empty();
    }
    String realm = challenge.getRealm() == null ? "" : challenge.getRealm();
    String offered = challenge.getQop();
    String qop = null;
    if (offered != null && !offered.isBlank()) {
      for (String option : offered.split(",")) {
        if (option.trim().equalsIgnoreCase("auth")) {
          qop = "auth";
        }
      }
      if (qop == null) {
        return Optional.empty();
      }
    }
    String nc = "00000001";
    String digest = response(username, realm, password, method, uri, challenge.getNonce(), nc,
        cnonce, qop);
    StringBuilder value = new StringBuilder("Digest username=\"").append(username)
        .append("\", realm=\"").append(realm)
        .append("\", nonce=\"").append(challenge.getNonce())
        .append("\", uri=\"").append(uri)
        .append("\", response=\"").append(digest)
        .append("\", algorithm=MD5");
    if (qop != null) {
      value.append(", cnonce=\"").append(cnonce).append("\", nc=").append(nc)
          .append(", qop=").append(qop);
    }
    if (challenge.getOpaque() != null) {
      value.append(", opaque=\"").append(challenge.getOpaque()).append('"');
    }
    return Optional.of(value.toString());
  }

  static String md5(String text) {
    try {
      MessageDigest md5 = MessageDigest.getInstance("MD5");
      return HexFormat.of().formatHex(md5.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is missing from this JVM", e);
    }
  }
}
