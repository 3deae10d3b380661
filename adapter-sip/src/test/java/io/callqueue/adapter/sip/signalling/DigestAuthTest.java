package io.callqueue.adapter.sip.signalling;

import static org.assertj.core.api.Assertions.assertThat;

import gov.nist.javax.sip.header.HeaderFactoryImpl;
import io.callqueue.adapter.sip.signalling.DigestAuth.Credentials;
import io.callqueue.adapter.sip.signalling.DigestAuth.Verdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.WWWAuthenticateHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DigestAuthTest {
  private static final String REALM = "callqueue.test";
  private static final String URI = "sip:127.0.0.1:5080";

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
  void manyAgentsRegistering_countsOutliveNoNonceButRefuseReplaysWhileItIsFresh() {
    // More nonces than the sweep threshold, the first half issued 4 minutes before the rest.
    List<Credentials> early = new ArrayList<>();
    for (int i = 0; i < 1500; i++) {
      early.add(answer("agent" + i, "pw", auth.newNonce(), "00000001", "REGISTER", null));
    }
    early.forEach(c -> assertThat(auth.verify(c, "REGISTER", "pw")).isEqualTo(Verdict.OK));
    clock.advance(Duration.ofMinutes(4));
    List<Credentials> late = new ArrayList<>();
    for (int i = 0; i < 1500; i++) {
      late.add(answer("agent" + i, "pw", auth.newNonce(), "00000001", "REGISTER", null));
    }
    late.forEach(c -> assertThat(auth.verify(c, "REGISTER", "pw")).isEqualTo(Verdict.OK));
    clock.advance(Duration.ofMinutes(2)); // the early nonces have expired, the late ones not
    for (int i = 0; i < 3000; i++) { // more verifications: the early counts expire meanwhile
      assertThat(auth.verify(answer("x" + i, "pw", auth.newNonce(), "00000001", "REGISTER", null),
          "REGISTER", "pw")).isEqualTo(Verdict.OK);
    }

    // A late nonce's count is still kept: replaying it is still refused.
    assertThat(auth.verify(late.get(0), "REGISTER", "pw")).isEqualTo(Verdict.STALE);
    // An early one is refused as expired.
    assertThat(auth.verify(early.get(0), "REGISTER", "pw")).isEqualTo(Verdict.STALE);
  }

  @Test
  void tamperedNonce_isStale() {
    String nonce = auth.newNonce();
    String forged = Long.toHexString(clock.millis() + 60_000) + nonce.substring(nonce.indexOf('.'));

    assertThat(auth.verify(answer("agent1", "secret1", forged, "00000001", "REGISTER", null),
        "REGISTER", "secret1")).isEqualTo(Verdict.STALE);
  }

  @Test
  void withoutQop_rfc2069ResponseIsRefused_itCannotBeToldFromItsReplay() {
    String nonce = auth.newNonce();
    String ha1 = DigestAuth.md5("agent1:" + REALM + ":secret1");
    String ha2 = DigestAuth.md5("REGISTER:" + URI);
    Credentials legacy = new Credentials("agent1", REALM, nonce, URI,
        DigestAuth.md5(ha1 + ":" + nonce + ":" + ha2), null, null, null, null, null);

    assertThat(auth.verify(legacy, "REGISTER", "secret1")).isEqualTo(Verdict.FAILED);
  }

  @Test
  void countsEvictedBeyondTheBound_neverLetAReplayThrough() {
    DigestAuth small = new DigestAuth(REALM, Duration.ofMinutes(5), clock, 10);
    List<Credentials> used = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      used.add(answer("agent" + i, "pw", small.newNonce(), "00000001", "REGISTER", null));
      clock.advance(Duration.ofMillis(1));
    }
    used.forEach(c -> assertThat(small.verify(c, "REGISTER", "pw")).isEqualTo(Verdict.OK));

    // At most 10 counts are kept; every replay is refused, tracked or not.
    used.forEach(c -> assertThat(small.verify(c, "REGISTER", "pw")).isEqualTo(Verdict.STALE));
    // A nonce issued after the evictions still works.
    assertThat(small.verify(answer("late", "pw", small.newNonce(), "00000001", "REGISTER", null),
        "REGISTER", "pw")).isEqualTo(Verdict.OK);
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

  private static WWWAuthenticateHeader challengeHeader(String value) throws Exception {
    return (WWWAuthenticateHeader) new HeaderFactoryImpl().createHeader("WWW-Authenticate", value);
  }

  private static Credentials parsed(String authorization) throws Exception {
    AuthorizationHeader h =
        (AuthorizationHeader) new HeaderFactoryImpl().createHeader("Authorization", authorization);
    return new Credentials(h.getParameter("username"), h.getParameter("realm"),
        h.getParameter("nonce"), h.getParameter("uri"), h.getParameter("response"),
        h.getParameter("algorithm"), h.getParameter("cnonce"), h.getParameter("nc"),
        h.getParameter("qop"), h.getParameter("opaque"));
  }

  @Test
  void clientAnswer_rfc2617Example_computesTheRfcsResponse() throws Exception {
    WWWAuthenticateHeader challenge = challengeHeader("Digest realm=\"testrealm@host.com\","
        + " qop=\"auth,auth-int\", nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\","
        + " opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"");

    String answer = DigestAuth.answer(challenge, "Mufasa", "Circle Of Life", "GET",
        "/dir/index.html", "0a4f113b").orElseThrow();

    assertThat(answer).contains("response=\"6629fae49393a05397450978507c4ef1\"", "qop=auth",
        "nc=00000001", "cnonce=\"0a4f113b\"", "opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"");
  }

  @ParameterizedTest(name = "stale challenge: {0}")
  @ValueSource(booleans = {false, true})
  void clientAnswer_toOurOwnChallenge_isVerifiedOk(boolean stale) throws Exception {
    String answer = DigestAuth.answer(challengeHeader(auth.challenge(stale)), "agent1", "secret1",
        "INVITE", URI, "c0ffee").orElseThrow();

    assertThat(auth.verify(parsed(answer), "INVITE", "secret1")).isEqualTo(Verdict.OK);
    assertThat(auth.verify(parsed(answer), "INVITE", "secret2")).isEqualTo(Verdict.FAILED);
  }

  @Test
  void clientAnswer_withoutQop_usesTheRfc2069Form() throws Exception {
    String nonce = auth.newNonce();
    String answer = DigestAuth.answer(challengeHeader("Digest realm=\"" + REALM + "\", nonce=\""
        + nonce + "\""), "agent1", "secret1", "INVITE", URI, "c0ffee").orElseThrow();

    assertThat(answer).doesNotContain("qop", "cnonce", "nc=");
    String ha1 = DigestAuth.md5("agent1:" + REALM + ":secret1");
    String ha2 = DigestAuth.md5("INVITE:" + URI);
    assertThat(parsed(answer).response()).isEqualTo(DigestAuth.md5(ha1 + ":" + nonce + ":" + ha2));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
    "Digest realm=\"r\", nonce=\"n\", algorithm=SHA-256",
    "Digest realm=\"r\", nonce=\"n\", qop=\"auth-int\"",
    "Digest realm=\"r\"",
    "Basic realm=\"r\""
  })
  void clientAnswer_challengeWeCannotAnswer_isEmpty(String challenge) throws Exception {
    assertThat(DigestAuth.answer(challengeHeader(challenge), "u", "p", "INVITE", URI, "c"))
        .isEmpty();
  }
}
