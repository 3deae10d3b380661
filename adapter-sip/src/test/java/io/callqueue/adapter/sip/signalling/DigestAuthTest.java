package io.callqueue.adapter.sip.signalling;

import static org.assertj.core.api.Assertions.assertThat;

import io.callqueue.adapter.sip.signalling.DigestAuth.Credentials;
import io.callqueue.adapter.sip.signalling.DigestAuth.Verdict;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class DigestAuthTest {
  private static final String REALM = "callqueue.test";
  private static final String URI = "sip:127.0.0.1:5080";

  /** A clock the test moves by hand. */
  private static final class MovableClock extends Clock {
    private Instant now = Instant.parse("2026-01-01T10:00:00Z");

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private final MovableClock clock = new MovableClock();
  private final DigestAuth auth = new DigestAuth(REALM, Duration.ofMinutes(5), clock);

  /** What a client computes for qop=auth. */
  private static Credentials answer(String user, String password, String nonce, String nc,
      String method, String opaque) {
    String ha1 = DigestAuth.md5(user + ":" + REALM + ":" + password);
    String ha2 = DigestAuth.md5(method + ":" + URI);
    String response = DigestAuth.md5(ha1 + ":" + nonce + ":" + nc + ":cnonce1:auth:" + ha2);
    return new Credentials(user, REALM, nonce, URI, response, "MD5", "cnonce1", nc, "auth", opaque);
  }

  @Test
  void rfc2617Example_rightResponseButForeignNonce_isStaleNotFailed() {
    DigestAuth rfc = new DigestAuth("testrealm@host.com", Duration.ofMinutes(5), clock);
    Credentials example = new Credentials("Mufasa", "testrealm@host.com",
        "dcd98b7102dd2f0e8b11d0f600bfb0c093", "/dir/index.html",
        "6629fae49393a05397450978507c4ef1", null, "0a4f113b", "00000001", "auth", null);

    // The response matches RFC 2617 section 3.5; the nonce was not issued by this server.
    assertThat(rfc.verify(example, "GET", "Circle Of Life")).isEqualTo(Verdict.STALE);
    assertThat(rfc.verify(example, "GET", "Circle of Life")).isEqualTo(Verdict.FAILED);
  }

  @Test
  void freshNonce_rightPassword_isOk() {
    String nonce = auth.newNonce();

    assertThat(auth.verify(answer("agent1", "secret1", nonce, "00000001", "REGISTER",
        auth.opaque()), "REGISTER", "secret1")).isEqualTo(Verdict.OK);
  }

  @Test
  void freshNonce_wrongPassword_failsAndIsNeverStale() {
    String nonce = auth.newNonce();
    clock.advance(Duration.ofHours(1));

    assertThat(auth.verify(answer("agent1", "guess", nonce, "00000001", "REGISTER", null),
        "REGISTER", "secret1")).isEqualTo(Verdict.FAILED);
  }

  @Test
  void nonceOlderThanLifetime_isStale() {
    String nonce = auth.newNonce();
    clock.advance(Duration.ofMinutes(5).plusSeconds(1));

    assertThat(auth.verify(answer("agent1", "secret1", nonce, "00000001", "REGISTER", null),
        "REGISTER", "secret1")).isEqualTo(Verdict.STALE);
  }

  @Test
  void nonceCount_mustGrow_replayIsStale() {
    String nonce = auth.newNonce();
    Credentials first = answer("agent1", "secret1", nonce, "00000001", "INVITE", null);
    Credentials second = answer("agent1", "secret1", nonce, "00000002", "INVITE", null);

    assertThat(auth.verify(first, "INVITE", "secret1")).isEqualTo(Verdict.OK);
    assertThat(auth.verify(first, "INVITE", "secret1")).isEqualTo(Verdict.STALE);
    assertThat(auth.verify(second, "INVITE", "secret1")).isEqualTo(Verdict.OK);
  }

  @Test
  void tamperedNonce_isStale() {
    String nonce = auth.newNonce();
    String forged = Long.toHexString(clock.millis() + 60_000) + nonce.substring(nonce.indexOf('.'));

    assertThat(auth.verify(answer("agent1", "secret1", forged, "00000001", "REGISTER", null),
        "REGISTER", "secret1")).isEqualTo(Verdict.STALE);
  }

  @Test
  void withoutQop_rfc2069ResponseIsAccepted() {
    String nonce = auth.newNonce();
    String ha1 = DigestAuth.md5("agent1:" + REALM + ":secret1");
    String ha2 = DigestAuth.md5("REGISTER:" + URI);
    Credentials legacy = new Credentials("agent1", REALM, nonce, URI,
        DigestAuth.md5(ha1 + ":" + nonce + ":" + ha2), null, null, null, null, null);

    assertThat(auth.verify(legacy, "REGISTER", "secret1")).isEqualTo(Verdict.OK);
  }

  @Test
  void otherRealmAlgorithmOrQop_fails() {
    String nonce = auth.newNonce();
    Credentials good = answer("agent1", "secret1", nonce, "00000001", "REGISTER", null);

    assertThat(auth.verify(new Credentials("agent1", "elsewhere", nonce, URI, good.response(),
        "MD5", "cnonce1", "00000001", "auth", null), "REGISTER", "secret1"))
        .isEqualTo(Verdict.FAILED);
    assertThat(auth.verify(new Credentials("agent1", REALM, nonce, URI, good.response(),
        "SHA-256", "cnonce1", "00000001", "auth", null), "REGISTER", "secret1"))
        .isEqualTo(Verdict.FAILED);
    assertThat(auth.verify(new Credentials("agent1", REALM, nonce, URI, good.response(),
        "MD5", "cnonce1", "00000001", "auth-int", null), "REGISTER", "secret1"))
        .isEqualTo(Verdict.FAILED);
  }

  @Test
  void challenge_offersMd5AuthAndMarksStale() {
    assertThat(auth.challenge(false)).startsWith("Digest realm=\"callqueue.test\", nonce=\"")
        .contains("algorithm=MD5", "qop=\"auth\"").doesNotContain("stale");
    assertThat(auth.challenge(true)).endsWith(", stale=TRUE");
  }
}
