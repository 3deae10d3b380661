package io.callqueue.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.callqueue.api.CallId;
import io.callqueue.api.CallOutcome;
import io.callqueue.api.QueueEvent;
import io.callqueue.core.records.StatisticsTable;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DemoScenarioTest {
  private static Run defaultRun;

  /** One demo run: what it returned and what it printed. */
  record Run(DemoResult result, String text) {}

  static Run run(DemoOptions options) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    DemoResult result = DemoMain.run(options, out);
    out.flush();
    return new Run(result, bytes.toString(StandardCharsets.UTF_8));
  }

  static Run seeded(long seed) {
    return run(new DemoOptions(seed, DemoOptions.DEFAULT_MINUTES, false, false));
  }

  @BeforeAll
  static void runDefaultMorning() {
    defaultRun = run(DemoOptions.defaults());
  }

  @Test
  void defaultMorning_everyOfferedCallHasExactlyOneOutcome() {
    DemoResult r = defaultRun.result();
    assertThat(r.offered()).isNotEmpty();
    assertThat(r.outcomes().keySet()).containsExactlyInAnyOrderElementsOf(r.offered());
    for (Map.Entry<CallId, List<CallOutcome>> e : r.outcomes().entrySet()) {
      assertThat(e.getValue()).as("outcomes of %s", e.getKey()).hasSize(1);
    }
    assertThat(r.records()).hasSameSizeAs(r.offered());
    assertThat(r.report().allQueues().offered()).isEqualTo(r.offered().size());
  }

  @Test
  void defaultMorning_simulatedTelephonyFindsNoSenselessEngineCommand() {
    assertThat(defaultRun.result().anomalies()).isEmpty();
  }

  @Test
  void defaultMorning_showsVoicemailCallbackEstimateAndAnnouncements() {
    DemoResult r = defaultRun.result();
    String text = defaultRun.text();
    assertThat(r.count(QueueEvent.VoicemailLeft.class)).isPositive();
    assertThat(text).contains("pressed 0 at position").contains("voicemail from");
    assertThat(r.count(QueueEvent.CallbackRequested.class)).isGreaterThanOrEqualTo(2);
    assertThat(text).contains("callback requested for").contains("handed to the call list")
        .contains("keeping the place in the queue");
    assertThat(r.count(QueueEvent.WaitEstimated.class)).isPositive();
    assertThat(text).contains("estimated wait").contains("Your estimated waiting time is")
        .contains("Przewidywany czas oczekiwania to");
    assertThat(r.count(QueueEvent.PromptPlayed.class)).isPositive();
    assertThat(text).contains("hears \"You are currently number")
        .contains("hears \"Aktualnie znajdujesz się w kolejce na pozycji");
  }

  @Test
  void defaultMorning_keptPlaceCallbackReachesAnAgent() {
    assertThat(defaultRun.result().count(QueueEvent.CallbackStarted.class)).isEqualTo(1);
    assertThat(defaultRun.text()).containsPattern("vip +c\\d+ +\\w+ answers and calls \\+\\d+ back");
  }

  @Test
  void defaultMorning_showsNoAnswerThenNextAgent_abandon_wrapUp_holdTime_andWeight() {
    String text = defaultRun.text();
    assertThat(text).containsPattern("dawid did not answer after 15s -> ringing \\w+");
    assertThat(text).contains(": abandoned");
    assertThat(text).contains("wraps up for 30s");
    assertThat(text).containsPattern("first hears \"The caller has waited [a-z ]+\\.\"");
    assertThat(defaultRun.result().weightNotes()).isPositive();
    assertThat(text).contains("[weight: vip (10) goes before support (0)");
  }

  @Test
  void defaultMorning_endsWithStatisticsTableAndEstimateAccuracy() {
    DemoResult r = defaultRun.result();
    assertThat(defaultRun.text()).contains(StatisticsTable.render(r.report()));
    assertThat(defaultRun.text()).contains("(all queues)").contains("agent   answered");
    assertThat(r.accuracy()).containsKey("default");
    assertThat(defaultRun.text()).containsPattern("\n  default +\\d+ ");
  }

  @Test
  void defaultMorning_keepsToAReadableLength() {
    long lines = defaultRun.text().lines().count();
    assertThat(lines).isEqualTo(defaultRun.result().lines()).isBetween(60L, 160L);
    Duration simulated = Duration.between(defaultRun.result().start(), defaultRun.result().end());
    assertThat(simulated).isBetween(Duration.ofMinutes(45), Duration.ofMinutes(75));
  }

  @Test
  void sameSeed_printsIdenticalOutput() {
    Run again = run(DemoOptions.defaults());
    assertThat(again.text()).isEqualTo(defaultRun.text());
    Run other1 = seeded(7);
    Run other2 = seeded(7);
    assertThat(other1.text()).isEqualTo(other2.text()).isNotEqualTo(defaultRun.text());
  }

  @Test
  void verbose_printsEveryAgentStateChange() {
    Run verbose = run(new DemoOptions(DemoOptions.DEFAULT_SEED, DemoOptions.DEFAULT_MINUTES, true,
        false));
    assertThat(verbose.text()).contains("ON_CALL -> WRAP_UP").contains("WRAP_UP -> AVAILABLE");
    assertThat(defaultRun.text()).doesNotContain("ON_CALL -> WRAP_UP");
    assertThat(verbose.text().lines().count()).isGreaterThan(defaultRun.text().lines().count());
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 42})
  void anySeed_showsEveryScriptedFeature_andOneOutcomePerCall(long seed) {
    Run run = seeded(seed);
    DemoResult r = run.result();
    assertThat(r.anomalies()).isEmpty();
    assertThat(r.outcomes().keySet()).containsExactlyInAnyOrderElementsOf(r.offered());
    assertThat(r.outcomes().values()).allSatisfy(o -> assertThat(o).hasSize(1));
    assertThat(r.count(QueueEvent.VoicemailLeft.class)).as("voicemails").isPositive();
    assertThat(r.count(QueueEvent.CallbackStarted.class)).as("kept-place callbacks").isEqualTo(1);
    assertThat(r.report().allQueues().callback()).as("callbacks").isGreaterThanOrEqualTo(2);
    assertThat(r.report().allQueues().abandoned()).as("abandoned").isPositive();
    assertThat(r.weightNotes()).as("weight notes").isPositive();
    assertThat(run.text()).containsPattern("did not answer after 15s -> ringing \\w+");
  }
}
