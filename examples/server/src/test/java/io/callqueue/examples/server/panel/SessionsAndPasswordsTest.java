package io.callqueue.examples.server.panel;

import static org.assertj.core.api.Assertions.assertThat;

import io.callqueue.examples.server.panel.Sessions.Role;
import io.callqueue.examples.server.panel.Sessions.Session;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Sessions' expiry, the throttle's lock and password hashes, on a hand-moved clock. */
class SessionsAndPasswordsTest {
  private final AtomicLong nanos = new AtomicLong();

  private void advance(Duration d) {
    nanos.addAndGet(d.toNanos());
  }

  @Test
  void aSession_endsAfterItsIdleTime_butEachRequestExtendsIt() {
    Sessions sessions = new Sessions(Duration.ofMinutes(30), nanos::get);
    Session s = sessions.open(Role.ADMIN, "admin");
    advance(Duration.ofMinutes(29));
    assertThat(sessions.find(s.id())).contains(s);
    advance(Duration.ofMinutes(29));
    assertThat(sessions.find(s.id())).contains(s);
    advance(Duration.ofMinutes(31));
    assertThat(sessions.find(s.id())).isEmpty();
    assertThat(sessions.find(null)).isEmpty();
  }

  @Test
  void aBusySession_stillEndsTwelveHoursAfterSignIn() {
    Sessions sessions = new Sessions(Duration.ofMinutes(30), nanos::get);
    Session s = sessions.open(Role.ADMIN, "admin");
    for (int i = 0; i < 24; i++) {
      advance(Duration.ofMinutes(29));
      assertThat(sessions.find(s.id())).as("after %d requests", i + 1).contains(s);
    }
    advance(Duration.ofMinutes(29)); // 12h05m after sign-in
    assertThat(sessions.find(s.id())).isEmpty();
  }

  @Test
  void sessionIdsAndCsrfTokens_areRandom256BitValues_andNotInToString() {
    Sessions sessions = new Sessions(Duration.ofMinutes(30), nanos::get);
    Session a = sessions.open(Role.AGENT, "agent1");
    Session b = sessions.open(Role.AGENT, "agent1");
    assertThat(a.id()).hasSize(43).isNotEqualTo(b.id()).isNotEqualTo(a.csrf());
    assertThat(a.toString()).doesNotContain(a.id()).doesNotContain(a.csrf());
    sessions.closeAll(Role.AGENT, "agent1");
    assertThat(sessions.find(a.id())).isEmpty();
    assertThat(sessions.find(b.id())).isEmpty();
  }

  @Test
  void theThrottle_locksAPairAfterFiveFailures_forFifteenMinutesAfterTheLast() {
    Throttle t = new Throttle(nanos::get);
    for (int i = 0; i < Throttle.MAX_FAILURES; i++) {
      assertThat(t.allowed("admin", "10.0.0.1")).isTrue();
      t.failed("admin", "10.0.0.1");
    }
    assertThat(t.allowed("admin", "10.0.0.1")).isFalse();
    assertThat(t.allowed("admin", "10.0.0.2")).isTrue();
    assertThat(t.allowed("agent1", "10.0.0.1")).isTrue();
    advance(Duration.ofMinutes(14));
    assertThat(t.allowed("admin", "10.0.0.1")).isFalse();
    advance(Duration.ofMinutes(2));
    assertThat(t.allowed("admin", "10.0.0.1")).isTrue();
  }

  @Test
  void aPasswordHash_verifiesOnlyItsPassword_andIsSaltedEachTime() {
    String h = PasswordHash.hash("secret password", 1000);
    assertThat(h).startsWith("pbkdf2-sha512:1000:").doesNotContain("secret");
    assertThat(PasswordHash.verify("secret password", h)).isTrue();
    assertThat(PasswordHash.verify("secret passwore", h)).isFalse();
    assertThat(PasswordHash.hash("secret password", 1000)).isNotEqualTo(h);
    assertThat(PasswordHash.verify("secret password", "secret password")).isFalse();
    assertThat(PasswordHash.verify("x", null)).isFalse();
    assertThat(PasswordHash.hash("x")).startsWith("pbkdf2-sha512:"
        + PasswordHash.DEFAULT_ITERATIONS + ":");
  }

  @Test
  void userInputInTheLog_cannotForgeALine() {
    assertThat(Panel.loggable("admin\n12:00:00 INFO Panel - panel: admin signed in"))
        .doesNotContain("\n").startsWith("admin?12:00");
    assertThat(Panel.loggable("x".repeat(500))).hasSize(65);
  }

  @Test
  void markupIsEscapedInTextAndAttributes() {
    assertThat(Html.esc("<a href=\"x\" onclick='y'>&</a>"))
        .isEqualTo("&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
    assertThat(Html.esc(null)).isEmpty();
  }

  @Test
  void theLanguage_isTheCookies_elseTheBrowsers_elseEnglish() {
    assertThat(Messages.choose(null, "pl,en;q=0.5").language()).isEqualTo("pl");
    assertThat(Messages.choose("en", "pl,en;q=0.5").language()).isEqualTo("en");
    assertThat(Messages.choose(null, "fr-FR").language()).isEqualTo("en");
    assertThat(Messages.choose("xx", ";;;garbage").language()).isEqualTo("en");
    assertThat(Messages.of("pl").t("queue.title", "<b>")).isEqualTo("Kolejka <b>");
  }

  @Test
  void everyEnglishWord_hasAPolishOne() {
    java.util.ResourceBundle en = java.util.ResourceBundle.getBundle("panel.messages",
        java.util.Locale.ENGLISH, java.util.ResourceBundle.Control.getNoFallbackControl(
            java.util.ResourceBundle.Control.FORMAT_PROPERTIES));
    java.util.ResourceBundle pl = java.util.ResourceBundle.getBundle("panel.messages",
        java.util.Locale.forLanguageTag("pl"), java.util.ResourceBundle.Control
            .getNoFallbackControl(java.util.ResourceBundle.Control.FORMAT_PROPERTIES));
    assertThat(pl.keySet()).containsExactlyInAnyOrderElementsOf(en.keySet());
    for (QueueForm.Field f : QueueForm.FIELDS) {
      assertThat(en.containsKey("field." + f.name())).as(f.name()).isTrue();
    }
  }
}
