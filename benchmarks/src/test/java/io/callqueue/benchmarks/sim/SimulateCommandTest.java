package io.callqueue.benchmarks.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SimulateCommandTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String line) {
    return SimulateCommand.run(Arrays.asList(line.trim().split("\\s+")),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void issueExample_parsesToTheScenario() {
    Scenario s = SimulateCommand.parse(List.of("--agents", "10", "--arrivals-per-hour", "180",
        "--handle-time", "exp:180s", "--patience", "none", "--strategy", "RING_ALL", "--calls",
        "200000", "--seed", "1", "--json")).scenario();
    assertThat(s.agents()).isEqualTo(10);
    assertThat(s.arrivals().meanPerHour()).isEqualTo(180);
    assertThat(s.handleTime()).isEqualTo(Distribution.exponential(180));
    assertThat(s.patience()).isEmpty();
    assertThat(s.strategy()).isEqualTo("ringall");
    assertThat(s.calls()).isEqualTo(200_000);
    assertThat(s.seed()).isEqualTo(1);
    assertThat(s.estimators()).isEqualTo(Scenario.ALL_ESTIMATORS);
  }

  @Test
  void everyFlag_reachesTheScenario() {
    Scenario s = SimulateCommand.parse(List.of("--agents=6", "--rate-profile",
        "0-4h:120,4h-8h:240", "--handle-time", "lognormal:200s:100s", "--patience",
        "exp:90s", "--wrap-up", "15s", "--strategy", "leastrecent", "--estimators",
        "default,erlang-a", "--ring-delay", "exp:5s", "--no-answer-probability", "0.1",
        "--ring-timeout", "20s", "--retry-delay", "3s", "--queue", "a,weight=2,agents=1-3",
        "--queue", "b,agents=4-6+1-3@1", "--duration", "8h", "--warm-up", "100",
        "--service-level", "30s", "--estimate-every", "45s", "--history-window", "2h",
        "--seed", "9")).scenario();
    assertThat(s.agents()).isEqualTo(6);
    assertThat(s.arrivals().segments()).hasSize(2);
    assertThat(s.handleTime()).isEqualTo(Distribution.lognormal(200, 100));
    assertThat(s.patience()).contains(Distribution.exponential(90));
    assertThat(s.wrapUp()).isEqualTo(Duration.ofSeconds(15));
    assertThat(s.strategy()).isEqualTo("leastrecent");
    assertThat(s.estimators()).containsExactly("default", "erlang-a");
    assertThat(s.ringDelay()).isEqualTo(Distribution.exponential(5));
    assertThat(s.noAnswerProbability()).isEqualTo(0.1);
    assertThat(s.ringTimeout()).isEqualTo(Duration.ofSeconds(20));
    assertThat(s.retryDelay()).isEqualTo(Duration.ofSeconds(3));
    assertThat(s.queues()).extracting(QueueSpec::name).containsExactly("a", "b");
    assertThat(s.duration()).contains(Duration.ofHours(8));
    assertThat(s.warmUpCalls()).isEqualTo(100);
    assertThat(s.serviceLevelThreshold()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.estimateEvery()).isEqualTo(Optional.of(Duration.ofSeconds(45)));
    assertThat(s.historyWindow()).isEqualTo(Duration.ofHours(2));
    assertThat(s.seed()).isEqualTo(9);
  }

  @Test
  void json_holdsEveryRequiredKey_timesInSeconds() {
    assertThat(run("--agents 3 --arrivals-per-hour 50 --patience exp:60s --calls 3000 --json"))
        .isZero();
    String json = out.toString(StandardCharsets.UTF_8).trim();
    assertThat(json).startsWith("{").endsWith("}");
    for (String key : List.of("offered", "answered", "abandoned", "probabilityOfWait",
        "meanWaitSeconds", "averageSpeedOfAnswerSeconds", "serviceLevel", "abandonmentRate",
        "occupancy", "estimators", "waitPercentilesSeconds", "estimatorsByPosition",
        "simulatedCallsPerWallSecond")) {
      assertThat(json).contains("\"" + key + "\": ");
    }
    for (String estimator : Scenario.ALL_ESTIMATORS) {
      assertThat(json).contains("\"" + estimator + "\": {\n      \"rmse\": ");
    }
    assertThat(json).contains("\"meanRelativeError\": ", "\"mae\": ", "\"offered\": 3000");
    assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void withoutJson_printsAReadableSummary() {
    assertThat(run("--calls 1000")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("offered 1000")
        .contains("P(wait > 0)").contains("calls per wall second");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--agents x | --agents: expected a whole number, was 'x'",
      "--bogus 1 | unknown flag --bogus",
      "--handle-time gamma:3s | --handle-time: expected exp:MEAN",
      "--patience exp:-1s | --patience: a duration must be finite and >= 0",
      "--calls 10 --duration 1h | give --calls or --duration, not both",
      "--arrivals-per-hour 100 --rate-profile 0-1h:100 | not both",
      "--strategy fastest | unknown strategy 'fastest'",
      "--estimators default,psychic | unknown estimator 'psychic'",
      "--agents | --agents needs a value",
      "--queue sales,agents=1-20 | agent 20 does not exist",
      "--no-answer-probability 1 | no-answer probability must be in [0, 1)",
      "--arrivals-per-hour 0 | --arrivals-per-hour must be > 0",
      "stray | unexpected argument 'stray'",
  })
  void badFlag_printsOneLineError_thenUsage_exit2(String line, String message) {
    assertThat(run(line)).isEqualTo(2);
    String[] lines = err.toString(StandardCharsets.UTF_8).split("\n");
    assertThat(lines[0]).startsWith("error: ").contains(message);
    assertThat(lines[1]).startsWith("usage: simulate");
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void help_printsUsage_exit0() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("usage: simulate");
  }
}
