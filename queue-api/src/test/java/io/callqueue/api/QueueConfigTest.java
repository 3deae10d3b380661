package io.callqueue.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Queue configuration: documented defaults and up-front validation naming field and value. */
class QueueConfigTest {

  private static QueueConfig.Builder support() {
    return QueueConfig.builder("support");
  }

  private static ConfigException problemsOf(QueueConfig.Builder b) {
    return catchThrowableOfType(ConfigException.class, b::build);
  }

  @Test
  void defaults_areAsDocumented() {
    QueueConfig c = support().build();

    assertThat(c.id()).isEqualTo(QueueId.of("support"));
    assertThat(c.strategy()).isEqualTo("ringall");
    assertThat(c.ringTimeout()).isEqualTo(Duration.ofSeconds(15));
    assertThat(c.retryDelay()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.wrapUpTime()).isEqualTo(Duration.ZERO);
    assertThat(c.weight()).isZero();
    assertThat(c.serviceLevelThreshold()).isEqualTo(Duration.ofSeconds(20));
    assertThat(c.joinPolicy()).isEqualTo(JoinPolicy.REQUIRE_ACTIVE_AGENT);
    assertThat(c.maxWait()).isEmpty();
    assertThat(c.maxLength()).isEmpty();
    assertThat(c.leaveWhenEmpty()).isFalse();
    assertThat(c.autoPause()).isFalse();
    assertThat(c.announcePosition()).isTrue();
    assertThat(c.positionFirstAfter()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.positionEvery()).isEqualTo(Duration.ofSeconds(45));
    assertThat(c.announceOnImprovement()).isTrue();
    assertThat(c.announceMinGap()).isEqualTo(Duration.ofSeconds(15));
    assertThat(c.estimateAnnouncement()).isEqualTo(EstimateAnnouncement.ONCE);
    assertThat(c.periodicPrompts()).isEmpty();
    assertThat(c.periodicEvery()).isEqualTo(Duration.ofSeconds(60));
    assertThat(c.musicClass()).isEqualTo("default");
    assertThat(c.reportHoldTime()).isFalse();
    assertThat(c.language()).isEqualTo("en");
    assertThat(c.promptOverrides()).isEmpty();
    assertThat(c.estimator()).isEqualTo("default");
    assertThat(c.historyWindow()).isEqualTo(Duration.ofHours(1));
    assertThat(c.voicemailKey()).contains('0');
    assertThat(c.callbackKey()).contains('1');
    assertThat(c.callbackKeepsPlace()).isFalse();
    assertThat(c.callbackAttempts()).isEqualTo(3);
    assertThat(c.callbackRetryDelay()).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void build_reportsEveryProblemAtOnce_eachNamingQueueFieldAndValue() {
    ConfigException e = problemsOf(support()
        .ringTimeout(Duration.ofSeconds(-5))
        .retryDelay(Duration.ofSeconds(-1))
        .weight(-3)
        .maxLength(0)
        .voicemailKey('x'));

    assertThat(e.problems()).containsExactly(
        "queue 'support': ringTimeout must be > 0, was -5s",
        "queue 'support': retryDelay must be >= 0, was -1s",
        "queue 'support': weight must be 0..1000000, was -3",
        "queue 'support': maxLength must be >= 1 (or unset for no limit), was 0",
        "queue 'support': voicemailKey must be one of 0-9, * or #, was 'x'");
    assertThat(e.getMessage()).startsWith("5 configuration problems:\n"
        + "  - queue 'support': ringTimeout must be > 0, was -5s\n"
        + "  - queue 'support': retryDelay must be >= 0, was -1s\n");
  }

  @Test
  void build_oneProblem_messageIsThatSentence() {
    ConfigException e = problemsOf(support().ringTimeout(Duration.ofSeconds(-5)));

    assertThat(e).hasMessage("queue 'support': ringTimeout must be > 0, was -5s");
    assertThat(e.problems()).hasSize(1);
  }

  static Stream<Arguments> oneBadField() {
    String who = "queue 'support': ";
    return Stream.of(
        bad(b -> b.ringTimeout(Duration.ZERO), who + "ringTimeout must be > 0, was 0s"),
        bad(b -> b.ringTimeout(Duration.ofMillis(-1500)),
            who + "ringTimeout must be > 0, was -1500ms"),
        bad(b -> b.ringTimeout(Duration.ofMinutes(11)),
            who + "ringTimeout must be at most 600s, was 660s"),
        bad(b -> b.ringTimeout(null), who + "ringTimeout must be set"),
        bad(b -> b.retryDelay(Duration.ofMillis(-1)), who + "retryDelay must be >= 0, was -1ms"),
        bad(b -> b.wrapUpTime(Duration.ofSeconds(-2)), who + "wrapUpTime must be >= 0, was -2s"),
        bad(b -> b.wrapUpTime(Duration.ofHours(2)),
            who + "wrapUpTime must be at most 3600s, was 7200s"),
        bad(b -> b.weight(1_000_001), who + "weight must be 0..1000000, was 1000001"),
        bad(b -> b.maxWait(Duration.ZERO), who + "maxWait must be > 0, was 0s"),
        bad(b -> b.joinPolicy(null), who + "joinPolicy must be set"),
        bad(b -> b.serviceLevelThreshold(Duration.ZERO),
            who + "serviceLevelThreshold must be > 0, was 0s"),
        bad(b -> b.positionEvery(Duration.ofSeconds(-45)),
            who + "positionEvery must be > 0, was -45s"),
        bad(b -> b.strategy(" "), who + "strategy must be set (one of ringall, linear, leastrecent,"
            + " fewestcalls, leasttalktime, random, rrmemory or a registered one)"),
        bad(b -> b.musicClass("jazz club"),
            who + "musicClass must be a name of letters, digits, '_' or '-', was 'jazz club'"),
        bad(b -> b.language("English"),
            who + "language must be a language tag like 'en' or 'pl', was 'English'"),
        bad(b -> b.periodicPrompts(List.of("Bad Key")),
            who + "periodicPrompts holds an invalid prompt key 'Bad Key'"),
        bad(b -> b.promptOverride("queue-position", null),
            who + "promptOverrides['queue-position'] has no file"),
        bad(b -> b.estimator(""), who + "estimator must be set (e.g. 'default')"),
        bad(b -> b.callbackKey('A'), who + "callbackKey must be one of 0-9, * or #, was 'A'"),
        bad(b -> b.voicemailKey('1'),
            who + "voicemailKey and callbackKey must differ, both are '1'"),
        bad(b -> b.callbackKey(null).callbackKeepsPlace(true),
            who + "callbackKeepsPlace needs a callbackKey"),
        bad(b -> b.callbackAttempts(0), who + "callbackAttempts must be 1..10, was 0"),
        bad(b -> b.callbackAttempts(11), who + "callbackAttempts must be 1..10, was 11"),
        bad(b -> b.callbackRetryDelay(Duration.ZERO),
            who + "callbackRetryDelay must be > 0, was 0s"),
        bad(b -> b.callbackRetryDelay(null), who + "callbackRetryDelay must be set"),
        bad(b -> b.callbackRetryDelay(Duration.ofHours(25)),
            who + "callbackRetryDelay must be at most 86400s, was 90000s"));
  }

  private static Arguments bad(UnaryOperator<QueueConfig.Builder> change, String problem) {
    return Arguments.of(problem, change);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("oneBadField")
  void build_badField_isReportedWithFieldAndValue(String problem,
      UnaryOperator<QueueConfig.Builder> change) {
    assertThat(problemsOf(change.apply(support())).problems()).containsExactly(problem);
  }

  @Test
  void build_badName_isReportedWithTheName() {
    assertThat(problemsOf(QueueConfig.builder("sales team")).problems()).containsExactly(
        "queue 'sales team': name must be 1-64 letters, digits, '_' or '-' (starting with a letter"
            + " or digit), was 'sales team'");
    assertThat(problemsOf(QueueConfig.builder("")).problems())
        .containsExactly("queue: name must not be empty");
    String tooLong = "q".repeat(65);
    assertThat(problemsOf(QueueConfig.builder(tooLong)).problems()).containsExactly(
        "queue '" + tooLong + "': name must be 1-64 letters, digits, '_' or '-' (starting with a"
            + " letter or digit), was '" + tooLong + "'");
  }

  @Test
  void build_boundaryValues_areAccepted() {
    QueueConfig c = QueueConfig.builder("q".repeat(64))
        .retryDelay(Duration.ZERO)
        .wrapUpTime(QueueConfig.MAX_WRAP_UP)
        .ringTimeout(QueueConfig.MAX_RING_TIMEOUT)
        .weight(QueueConfig.MAX_WEIGHT)
        .maxLength(1)
        .maxWait(Duration.ofMillis(1))
        .voicemailKey(null)
        .callbackKey(null)
        .callbackAttempts(QueueConfig.MAX_CALLBACK_ATTEMPTS)
        .callbackRetryDelay(QueueConfig.MAX_CALLBACK_RETRY_DELAY)
        .build();

    assertThat(c.voicemailKey()).isEmpty();
    assertThat(c.callbackKey()).isEmpty();
    assertThat(c.maxLength()).hasValue(1);
  }

  @Test
  void strategy_byEnum_storesItsId_andANameIsTrimmed() {
    assertThat(support().strategy(Strategy.LEAST_RECENT).build().strategy())
        .isEqualTo("leastrecent");
    assertThat(support().strategy(" linear ").build().strategy()).isEqualTo("linear");
  }

  @Test
  void toBuilder_roundTripsEveryField() {
    QueueConfig c = support().strategy(Strategy.ROUND_ROBIN).ringTimeout(Duration.ofSeconds(20))
        .retryDelay(Duration.ofSeconds(2)).wrapUpTime(Duration.ofSeconds(30)).weight(7)
        .maxWait(Duration.ofMinutes(5)).maxLength(10).joinPolicy(JoinPolicy.ALWAYS)
        .leaveWhenEmpty(true).autoPause(true).language("pl").callbackKeepsPlace(true)
        .callbackAttempts(1).callbackRetryDelay(Duration.ofSeconds(90)).build();

    QueueConfig copy = c.toBuilder().build();

    assertThat(copy).isEqualTo(c).hasSameHashCodeAs(c);
    assertThat(copy.toBuilder().weight(8).build()).isNotEqualTo(c);
    assertThat(copy.callbackAttempts()).isEqualTo(1);
    assertThat(copy.callbackRetryDelay()).isEqualTo(Duration.ofSeconds(90));
  }

  @Test
  void build_doesNotReadRecordings_aMissingFileIsLeftToWhoeverResolvesIt() {
    Path missing = Path.of("/nonexistent/position.wav");

    QueueConfig c = support().promptOverride("queue-position", missing).build();

    assertThat(c.promptOverrides()).containsEntry("queue-position", missing);
  }

  @Test
  void equals_comparesValues_notTheirPrintedForm() {
    // both print "promptOverrides={a=/x, b=/y}"
    QueueConfig one = support().promptOverride("a", Path.of("/x, b=/y")).build();
    QueueConfig two = support().promptOverride("a", Path.of("/x"))
        .promptOverride("b", Path.of("/y")).build();

    assertThat(one).hasToString(two.toString());
    assertThat(one).isNotEqualTo(two);
  }

  static Stream<Arguments> everyField() {
    return Stream.of(
        field("strategy", b -> b.strategy(Strategy.LINEAR)),
        field("ringTimeout", b -> b.ringTimeout(Duration.ofSeconds(16))),
        field("retryDelay", b -> b.retryDelay(Duration.ofSeconds(6))),
        field("wrapUpTime", b -> b.wrapUpTime(Duration.ofSeconds(1))),
        field("weight", b -> b.weight(1)),
        field("maxWait", b -> b.maxWait(Duration.ofMinutes(1))),
        field("maxLength", b -> b.maxLength(3)),
        field("joinPolicy", b -> b.joinPolicy(JoinPolicy.ALWAYS)),
        field("leaveWhenEmpty", b -> b.leaveWhenEmpty(true)),
        field("autoPause", b -> b.autoPause(true)),
        field("serviceLevelThreshold", b -> b.serviceLevelThreshold(Duration.ofSeconds(30))),
        field("announcePosition", b -> b.announcePosition(false)),
        field("positionFirstAfter", b -> b.positionFirstAfter(Duration.ofSeconds(11))),
        field("positionEvery", b -> b.positionEvery(Duration.ofSeconds(46))),
        field("announceOnImprovement", b -> b.announceOnImprovement(false)),
        field("announceMinGap", b -> b.announceMinGap(Duration.ofSeconds(16))),
        field("estimateAnnouncement", b -> b.estimateAnnouncement(EstimateAnnouncement.OFF)),
        field("periodicPrompts", b -> b.periodicPrompts(List.of("queue-thankyou"))),
        field("periodicEvery", b -> b.periodicEvery(Duration.ofSeconds(61))),
        field("musicClass", b -> b.musicClass("jazz")),
        field("reportHoldTime", b -> b.reportHoldTime(true)),
        field("language", b -> b.language("pl")),
        field("promptOverrides", b -> b.promptOverride("queue-position", Path.of("p.wav"))),
        field("estimator", b -> b.estimator("erlang-c")),
        field("historyWindow", b -> b.historyWindow(Duration.ofHours(2))),
        field("voicemailKey", b -> b.voicemailKey('9')),
        field("callbackKey", b -> b.callbackKey('8')),
        field("callbackKeepsPlace", b -> b.callbackKeepsPlace(true)),
        field("voicemailMaxLength", b -> b.voicemailMaxLength(Duration.ofMinutes(3))));
  }

  private static Arguments field(String name, UnaryOperator<QueueConfig.Builder> change) {
    return Arguments.of(name, change);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyField")
  void equals_everyFieldCounts(String field, UnaryOperator<QueueConfig.Builder> change) {
    QueueConfig base = support().build();
    QueueConfig changed = change.apply(support()).build();

    assertThat(changed).isNotEqualTo(base);
    assertThat(change.apply(support()).build()).isEqualTo(changed).hasSameHashCodeAs(changed);
  }

  @Test
  void durationFormat_wholeSecondsOrMilliseconds() {
    assertThat(QueueConfig.fmt(Duration.ofSeconds(15))).isEqualTo("15s");
    assertThat(QueueConfig.fmt(Duration.ofMillis(1500))).isEqualTo("1500ms");
    assertThat(QueueConfig.fmt(Duration.ofSeconds(-5))).isEqualTo("-5s");
    assertThatThrownBy(() -> QueueConfig.fmt(null)).isInstanceOf(NullPointerException.class);
  }

  // ---- answer confirmation (issue 16) ----------------------------------------------------------

  @Test
  void confirmAnswer_offByDefault_with5sTimeout_andKeptByToBuilderAndEquals() {
    QueueConfig c = support().build();
    assertThat(c.confirmAnswer()).isFalse();
    assertThat(c.confirmTimeout()).isEqualTo(Duration.ofSeconds(5));

    QueueConfig on = support().confirmAnswer(true).confirmTimeout(Duration.ofSeconds(8)).build();
    assertThat(on.toBuilder().build()).isEqualTo(on);
    assertThat(on).isNotEqualTo(c);
    assertThat(on.toString()).contains("confirmAnswer=true", "confirmTimeout=PT8S");
  }

  @Test
  void confirmTimeout_badValues_nameTheFieldAndValue() {
    assertThat(problemsOf(support().confirmTimeout(Duration.ZERO)).problems())
        .containsExactly("queue 'support': confirmTimeout must be > 0, was 0s");
    assertThat(problemsOf(support().confirmTimeout(Duration.ofSeconds(61))).problems())
        .containsExactly("queue 'support': confirmTimeout must be at most 60s, was 61s");
    assertThat(problemsOf(support().confirmTimeout(null)).problems())
        .containsExactly("queue 'support': confirmTimeout must be set");
  }

  @Test
  void agentConfirmAnswer_queueDefaultUnlessTheAgentSaysOtherwise() {
    QueueConfig on = support().confirmAnswer(true).build();
    QueueConfig off = support().build();
    AgentConfig inherit = AgentConfig.external("m", "+48600100200");
    assertThat(inherit.confirmAnswer()).isEqualTo(AgentConfig.ConfirmAnswer.QUEUE_DEFAULT);
    assertThat(inherit.confirmsAnswerIn(on)).isTrue();
    assertThat(inherit.confirmsAnswerIn(off)).isFalse();
    assertThat(inherit.withConfirmAnswer(true).confirmsAnswerIn(off)).isTrue();
    assertThat(inherit.withConfirmAnswer(false).confirmsAnswerIn(on)).isFalse();
    assertThatThrownBy(() -> inherit.withConfirmAnswer((AgentConfig.ConfirmAnswer) null))
        .hasMessage("agent 'm': confirmAnswer must not be null (QUEUE_DEFAULT, ALWAYS or NEVER)");
  }
}
