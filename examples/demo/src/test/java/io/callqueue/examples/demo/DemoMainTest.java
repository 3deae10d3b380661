package io.callqueue.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DemoMainTest {
  private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
  private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
  private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

  private String out() {
    return outBytes.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return errBytes.toString(StandardCharsets.UTF_8);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--bogus              | demo: unknown option '--bogus'",
      "extra                | demo: unexpected argument 'extra'",
      "--seed               | demo: --seed needs a number",
      "--seed x             | demo: --seed needs a whole number, was 'x'",
      "--minutes 10         | demo: --minutes must be 30..240, was 10",
      "--minutes=999        | demo: --minutes must be 30..240, was 999",
      "--verbose=yes        | demo: --verbose takes no value, was given 'yes'"})
  void badArguments_printOneLineErrorAndUsage_exitCode2(String args, String error) {
    int code = DemoMain.run(args.trim().split(" +"), out, err);
    assertThat(code).isEqualTo(2);
    assertThat(err()).startsWith(error + "\n" + "usage: DemoMain").doesNotContain("Exception");
    assertThat(out()).isEmpty();
  }

  @Test
  void help_printsUsageOnly_exitCode0() {
    assertThat(DemoMain.run(new String[] {"--help"}, out, err)).isZero();
    assertThat(out()).contains("usage: DemoMain").contains("--seed N").doesNotContain("08:00");
    assertThat(err()).isEmpty();
  }

  @Test
  void optionsInBothForms_areParsed() {
    assertThat(DemoOptions.parse("--seed", "7", "--minutes=45", "-v"))
        .isEqualTo(new DemoOptions(7, 45, true, false));
    assertThat(DemoOptions.parse()).isEqualTo(DemoOptions.defaults());
  }

  @Test
  void seedAndMinutes_reachTheRun() {
    assertThat(DemoMain.run(new String[] {"--seed", "3", "--minutes", "30"}, out, err)).isZero();
    assertThat(out()).startsWith("callqueue demo: a morning at a small call centre in virtual time"
        + " (seed 3, calls arrive for 30 minutes)");
    assertThat(err()).isEmpty();
  }
}
