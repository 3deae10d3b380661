package io.callqueue.core;

import static io.callqueue.core.EngineFixture.a;
import static io.callqueue.core.EngineFixture.c;
import static io.callqueue.core.Steps.autoAgent;
import static io.callqueue.core.Steps.changes;
import static io.callqueue.core.Steps.queue;
import static io.callqueue.core.Steps.ringEnds;
import static org.assertj.core.api.Assertions.assertThat;

import io.callqueue.api.AgentConfig;
import io.callqueue.api.AgentEndpoint;
import io.callqueue.api.AgentState;
import io.callqueue.api.NotQueuedReason;
import io.callqueue.api.OfferResult;
import io.callqueue.api.Strategy;
import io.callqueue.testkit.PortCommand;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Capability 6: SIP agents with auto-activation follow their registration. */
class AutoActivationTest {

  /** Queue {@code q} (linear) with auto-activating SIP agent {@code alice}, not registered. */
  private static EngineFixture withAlice() {
    EngineFixture f = new EngineFixture().queue(queue("q", Strategy.LINEAR).build());
    autoAgent(f, "alice");
    f.member("q", "alice", 0);
    return f;
  }

  private static void register(EngineFixture f, String user) {
    f.engine.sipRegistered(user);
    f.verify();
  }

  private static void unregister(EngineFixture f, String user) {
    f.engine.sipUnregistered(user);
    f.verify();
  }

  @Test
  void registration_makesAutoAgentAvailable() {
    EngineFixture f = withAlice();
    assertThat(f.state("alice")).isEqualTo(AgentState.LOGGED_OUT);

    register(f, "alice");

    assertThat(f.state("alice")).isEqualTo(AgentState.AVAILABLE);
    assertThat(f.snapshot().agent(a("alice")).registered()).isTrue();
    assertThat(changes(f, "alice"))
        .containsExactly("LOGGED_OUT>AVAILABLE:auto-activated: SIP account registered");
  }

  @Test
  void registeredAutoAgent_isRungForAnArrivingCall_withoutAnyLogin() {
    EngineFixture f = withAlice();
    register(f, "alice");

    OfferResult r = f.offer("c1", "q");

    assertThat(r.joined()).isTrue();
    assertThat(f.ringing("c1")).containsExactly(a("alice"));
  }

  @Test
  void registration_ofAgentWithAutoActivationOff_leavesItLoggedOut() {
    EngineFixture f = new EngineFixture().queue(queue("q", Strategy.LINEAR).build());
    f.agent("bob").member("q", "bob", 0); // SIP account "bob", autoActivate false

    register(f, "bob");

    assertThat(f.state("bob")).isEqualTo(AgentState.LOGGED_OUT);
    assertThat(f.snapshot().agent(a("bob")).registered()).isTrue();
    assertThat(f.offer("c1", "q"))
        .isEqualTo(new OfferResult.NotQueued(NotQueuedReason.NO_ACTIVE_AGENT));
  }

  @Test
  void registration_ofAnotherAccount_doesNotActivate() {
    EngineFixture f = withAlice();

    register(f, "alice2");

    assertThat(f.state("alice")).isEqualTo(AgentState.LOGGED_OUT);
  }

  @Test
  void registeredBeforeTheAgentWasAdded_agentIsActiveOnAdd() {
    EngineFixture f = new EngineFixture().queue(queue("q", Strategy.LINEAR).build());
    register(f, "alice");

    autoAgent(f, "alice");
    f.member("q", "alice", 0);

    assertThat(f.state("alice")).isEqualTo(AgentState.AVAILABLE);
    f.offer("c1", "q");
    assertThat(f.ringing("c1")).containsExactly(a("alice"));
  }

  @Test
  void unregistration_logsTheAgentOut() {
    EngineFixture f = withAlice();
    register(f, "alice");

    unregister(f, "alice");

    assertThat(f.state("alice")).isEqualTo(AgentState.LOGGED_OUT);
    assertThat(f.snapshot().agent(a("alice")).registered()).isFalse();
    assertThat(changes(f, "alice")).last()
        .isEqualTo("AVAILABLE>LOGGED_OUT:SIP account unregistered");
    assertThat(f.offer("c1", "q"))
        .isEqualTo(new OfferResult.NotQueued(NotQueuedReason.NO_ACTIVE_AGENT));
  }

  @Test
  void unregistration_whileRinging_cancelsTheLeg_andTheCallerRingsTheNextAgent() {
    EngineFixture f = withAlice();
    f.agent("bob").member("q", "bob", 0).login("bob");
    register(f, "alice");
    f.offer("c1", "q");
    assertThat(f.ringing("c1")).containsExactly(a("alice"));

    unregister(f, "alice");

    assertThat(f.port.commands(PortCommand.CancelRing.class))
        .containsExactly(new PortCommand.CancelRing(c("c1"), a("alice")));
    assertThat(ringEnds(f, "c1")).containsExactly("alice:CANCELLED");
    assertThat(f.state("alice")).isEqualTo(AgentState.LOGGED_OUT);
    assertThat(f.ringing("c1")).containsExactly(a("bob"));
  }

  @Test
  void unregistration_onACall_logsOutOnlyAfterTheCall_skippingWrapUp() {
    EngineFixture f = new EngineFixture()
        .queue(queue("q", Strategy.LINEAR).wrapUpTime(Duration.ofSeconds(30)).build());
    autoAgent(f, "alice");
    f.member("q", "alice", 0);
    register(f, "alice");
    f.offer("c1", "q");
    f.answer("c1", "alice");

    unregister(f, "alice");
    assertThat(f.state("alice")).isEqualTo(AgentState.ON_CALL);
    f.advance(20);
    f.end("c1");

    assertThat(f.state("alice")).isEqualTo(AgentState.LOGGED_OUT);
  }

  @Test
  void explicitLogout_suppressesAutoActivation_whenACallArrives() {
    EngineFixture f = withAlice();
    register(f, "alice");
    f.join(f.engine.logout(a("alice")));

    OfferResult r = f.offer("c1", "q");

    assertThat(r).isEqualTo(new OfferResult.NotQueued(NotQueuedReason.NO_ACTIVE_AGENT));
    assertThat(f.state("alice")).isEqualTo(AgentState.LOGGED_OUT);
  }

  @Test
  void explicitLogout_isLiftedByANewRegistration() {
    EngineFixture f = withAlice();
    register(f, "alice");
    f.join(f.engine.logout(a("alice")));

    register(f, "alice");

    assertThat(f.state("alice")).isEqualTo(AgentState.AVAILABLE);
  }

  @Test
  void explicitLogout_isLiftedByLogin_andAutoActivationWorksAgainAfterwards() {
    EngineFixture f = withAlice();
    register(f, "alice");
    f.join(f.engine.logout(a("alice")));

    f.login("alice");
    assertThat(f.state("alice")).isEqualTo(AgentState.AVAILABLE);
    unregister(f, "alice");
    assertThat(f.state("alice")).isEqualTo(AgentState.LOGGED_OUT);
    register(f, "alice");

    assertThat(f.state("alice")).isEqualTo(AgentState.AVAILABLE);
  }

  @Test
  void externalNumberAgent_isUnaffectedByRegistrations() {
    EngineFixture f = new EngineFixture().queue(queue("q", Strategy.LINEAR).build());
    f.join(f.engine.addAgent(new AgentConfig(a("ext"),
        new AgentEndpoint.ExternalNumber("+48612504000"), true)));
    f.member("q", "ext", 0);

    register(f, "ext");
    register(f, "+48612504000");
    assertThat(f.state("ext")).isEqualTo(AgentState.LOGGED_OUT);
    assertThat(f.snapshot().agent(a("ext")).registered()).isFalse();

    f.login("ext");
    unregister(f, "ext");
    unregister(f, "+48612504000");
    assertThat(f.state("ext")).isEqualTo(AgentState.AVAILABLE);
  }

  @Test
  void manuallyLoggedInAgentWithAutoActivationOff_staysAvailableOnUnregistration() {
    EngineFixture f = new EngineFixture().queue(queue("q", Strategy.LINEAR).build());
    f.agent("bob").member("q", "bob", 0).login("bob");
    register(f, "bob");

    unregister(f, "bob");

    assertThat(f.state("bob")).isEqualTo(AgentState.AVAILABLE);
  }

  @Test
  void updateAgent_turningAutoActivationOnWhileRegistered_activatesTheAgent() {
    EngineFixture f = new EngineFixture().queue(queue("q", Strategy.LINEAR).build());
    f.agent("bob").member("q", "bob", 0);
    register(f, "bob");

    f.join(f.engine.updateAgent(AgentConfig.sip("bob", "bob")));

    assertThat(f.state("bob")).isEqualTo(AgentState.AVAILABLE);
  }
}
