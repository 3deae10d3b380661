package io.callqueue.benchmarks.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Issue 16's scenario moves the figures the way RESULTS.md says, on a short run. */
class ConfirmAnswerScenarioTest {

  private static ConfirmAnswerScenario.Outcome run(double voicemailShare, boolean confirm) {
    return ConfirmAnswerScenario.run(new ConfirmAnswerScenario.Setup(6, 50, voicemailShare, 2,
        confirm, 3));
  }

  @Test
  void withVoicemails_confirmationKeepsCallersFromVoicemailBoxes_andRaisesTheRealServiceLevel() {
    ConfirmAnswerScenario.Outcome without = run(0.25, false);
    ConfirmAnswerScenario.Outcome with = run(0.25, true);

    assertThat(with.offered()).isEqualTo(without.offered()).isGreaterThan(50);
    assertThat(without.bridgedToVoicemail()).isGreaterThan(without.offered() / 4);
    assertThat(with.bridgedToVoicemail()).isZero();
    assertThat(with.unconfirmedRings()).isPositive();
    assertThat(with.personServiceLevel()).isGreaterThan(without.personServiceLevel() + 0.3);
    // the engine's own figure hides the voicemails when nothing is confirmed
    assertThat(without.engineServiceLevel()).isGreaterThan(without.personServiceLevel() + 0.3);
    assertThat(with.engineServiceLevel()).isEqualTo(with.personServiceLevel());
  }

  @Test
  void withoutVoicemails_confirmationCostsOnlyThePromptAndTheKey() {
    ConfirmAnswerScenario.Outcome without = run(0, false);
    ConfirmAnswerScenario.Outcome with = run(0, true);

    assertThat(with.unconfirmedRings()).isZero();
    assertThat(with.bridgedToVoicemail()).isZero();
    assertThat(without.bridgedToVoicemail()).isZero();
    assertThat(with.personServiceLevel())
        .isBetween(without.personServiceLevel() - 0.06, without.personServiceLevel());
    // the phones' draws follow the rings, so the two runs' abandonment differs by noise only
    assertThat(with.abandonment())
        .isBetween(without.abandonment() - 0.05, without.abandonment() + 0.05);
  }
}
