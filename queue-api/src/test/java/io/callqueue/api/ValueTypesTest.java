package io.callqueue.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Validation of identifiers, endpoints, agents, memberships and offers. */
class ValueTypesTest {

  // ---- identifiers ------------------------------------------------------------------------------

  static Stream<Arguments> idKinds() {
    return Stream.of(
        Arguments.of("queue id", (Function<String, Object>) QueueId::of),
        Arguments.of("agent id", (Function<String, Object>) AgentId::of),
        Arguments.of("call id", (Function<String, Object>) CallId::of));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("idKinds")
  void ids_acceptLettersDigitsAndPunctuation_upTo128(String kind, Function<String, Object> of) {
    assertThat(of.apply("support")).hasToString("support");
    assertThat(of.apply("A1.b_c@d+e:f-g")).hasToString("A1.b_c@d+e:f-g");
    assertThat(of.apply("x".repeat(128))).hasToString("x".repeat(128));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("idKinds")
  void ids_invalid_messageNamesKindAndValue(String kind, Function<String, Object> of) {
    for (String bad : List.of("", "-x", ".x", "has space", "x".repeat(129), "zażółć", "a/b")) {
      assertThatThrownBy(() -> of.apply(bad)).as("'%s'", bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(kind + " must be 1-128 characters of letters, digits and . _ @ + : -"
              + " (starting with a letter or digit), was '" + bad + "'");
    }
    assertThatThrownBy(() -> of.apply(null)).hasMessage(kind + " must not be null");
  }

  @Test
  void ids_orderByValue() {
    assertThat(List.of(AgentId.of("b"), AgentId.of("a")).stream().sorted().toList())
        .containsExactly(AgentId.of("a"), AgentId.of("b"));
  }

  // ---- endpoints --------------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(strings = {"+48612504000", "+12", "+123456789012345"})
  void externalNumber_validE164_isAccepted(String number) {
    assertThat(new AgentEndpoint.ExternalNumber(number)).hasToString("tel:" + number);
  }

  @ParameterizedTest
  @ValueSource(strings = {"48612504000", "+0123456", "+1", "+1234567890123456", "+48 612 504 000",
      "+48-612-504-000", "", "tel:+48612504000"})
  void externalNumber_notE164_isRejectedWithAnExampleAndTheValue(String number) {
    assertThatThrownBy(() -> new AgentEndpoint.ExternalNumber(number))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("external number must be E.164: '+' then 2-15 digits, the first not 0 (e.g."
            + " +48612504000), was '" + number + "'");
  }

  @Test
  void externalNumber_null_isRejected() {
    assertThatThrownBy(() -> new AgentEndpoint.ExternalNumber(null))
        .hasMessageEndingWith("was null");
  }

  @Test
  void sipAccount_validUser_isAccepted() {
    assertThat(new AgentEndpoint.SipAccount("alice.01")).hasToString("sip:alice.01");
    assertThat(new AgentEndpoint.SipAccount("u".repeat(64)).username()).hasSize(64);
  }

  @Test
  void sipAccount_escapedCharacter_isAccepted() {
    assertThat(new AgentEndpoint.SipAccount("desk%231").username()).isEqualTo("desk%231");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "has space", "alice@pbx", "a<b>", "desk#1", "50%", "%4"})
  void sipAccount_invalidUser_isRejectedWithTheValue(String user) {
    assertThatThrownBy(() -> new AgentEndpoint.SipAccount(user))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("SIP account username must be a SIP URI user part (1-64 letters, digits or"
            + " -_.!~*'()&=+$,;?/ or %XX escapes), was '" + user + "'");
  }

  @Test
  void sipAccount_longerThan64_isRejected() {
    assertThatThrownBy(() -> new AgentEndpoint.SipAccount("u".repeat(65)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // ---- agents, memberships, offers ------------------------------------------------------------

  @Test
  void agentConfig_factories_sipAutoActivates_externalDoesNot() {
    assertThat(AgentConfig.sip("alice", "alice").autoActivate()).isTrue();
    assertThat(AgentConfig.external("bob", "+48612504000").autoActivate()).isFalse();
    assertThat(AgentConfig.external("bob", "+48612504000").endpoint())
        .isEqualTo(new AgentEndpoint.ExternalNumber("+48612504000"));
  }

  @Test
  void agentConfig_missingFields_areNamed() {
    assertThatThrownBy(() -> new AgentConfig(null, new AgentEndpoint.SipAccount("a"), true))
        .hasMessage("agent id must not be null");
    assertThatThrownBy(() -> new AgentConfig(AgentId.of("alice"), null, true))
        .hasMessage("agent 'alice': endpoint must not be null");
  }

  @Test
  void membership_priority_mustBe0To1000_namingAgentAndQueue() {
    QueueId q = QueueId.of("support");
    AgentId a = AgentId.of("alice");
    assertThat(new Membership(q, a, 0).priority()).isZero();
    assertThat(new Membership(q, a, Membership.MAX_PRIORITY).priority()).isEqualTo(1000);
    assertThat(Membership.of(q, a).priority()).isZero();
    assertThatThrownBy(() -> new Membership(q, a, -1))
        .hasMessage("membership of agent 'alice' in queue 'support': priority must be 0..1000,"
            + " was -1");
    assertThatThrownBy(() -> new Membership(q, a, 1001)).hasMessageEndingWith("was 1001");
  }

  @Test
  void callOffer_nullCallerNumberBecomesEmpty_defaultPriorityZero() {
    CallOffer o = CallOffer.of(CallId.of("c1"), QueueId.of("q"), null);

    assertThat(o.callerNumber()).isEmpty();
    assertThat(o.priority()).isZero();
    assertThatThrownBy(() -> CallOffer.of(null, QueueId.of("q"), "1"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void offerResult_joinedOnlyForJoined() {
    assertThat(new OfferResult.Joined(1).joined()).isTrue();
    assertThat(new OfferResult.NotQueued(NotQueuedReason.FULL).joined()).isFalse();
  }

  @Test
  void configException_listsProblems_oneIsTheMessage_manyAreCounted() {
    assertThat(new ConfigException("queue 'q': x")).hasMessage("queue 'q': x");
    ConfigException two = new ConfigException(List.of("p1", "p2"));
    assertThat(two).hasMessage("2 configuration problems:\n  - p1\n  - p2");
    assertThat(two.problems()).containsExactly("p1", "p2");
    assertThatThrownBy(() -> two.problems().add("p3"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @ParameterizedTest
  @EnumSource(RingFailure.class)
  void ringResult_ofFailure_hasTheSameName(RingFailure failure) {
    assertThat(QueueEvent.RingResult.of(failure).name()).isEqualTo(failure.name());
  }
}
