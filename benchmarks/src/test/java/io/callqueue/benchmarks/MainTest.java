package io.callqueue.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MainTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) throws Exception {
    return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void simulate_runsTheSimulator() throws Exception {
    assertThat(run("simulate", "--calls", "500", "--json")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"offered\": 500");
  }

  @Test
  void noCommand_isAnErrorWithUsage() throws Exception {
    assertThat(run()).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("error: no command")
        .contains("usage:");
  }

  @Test
  void help_printsUsage() throws Exception {
    assertThat(run("--help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("simulate [flags]");
  }
}
