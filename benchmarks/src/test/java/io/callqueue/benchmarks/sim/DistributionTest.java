package io.callqueue.benchmarks.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DistributionTest {

  @ParameterizedTest
  @CsvSource({
      "exp:180s, 180, exp:180s",
      "exp:3m, 180, exp:180s",
      "exp:180, 180, exp:180s",
      "lognormal:180s:90s, 180, lognormal:180s:90s",
      "const:0s, 0, const:0s",
      "const:2.5s, 2.5, const:2.5s",
      "const:500ms, 0.5, const:0.5s",
  })
  void parse_readsKindAndDurations(String text, double mean, String written) {
    Distribution d = Distribution.parse("--handle-time", text);
    assertThat(d.mean()).isEqualTo(mean);
    assertThat(d).hasToString(written);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "gamma:3s | expected exp:MEAN",
      "exp | expected 1 value",
      "exp:0s | must be > 0",
      "exp:-5s | must be finite and >= 0",
      "lognormal:180s | expected 2 values",
      "exp:soon | expected a duration",
      "trace: | trace needs a file",
  })
  void parse_badText_namesTheFlagAndTheProblem(String text, String problem) {
    assertThatThrownBy(() -> Distribution.parse("--handle-time", text))
        .isInstanceOf(UsageException.class)
        .hasMessageStartingWith("--handle-time")
        .hasMessageContaining(problem);
  }

  @Test
  void exponential_sampleMeanAndSd_matchTheMean() {
    double[] m = moments(Distribution.exponential(180).sampler(new SplittableRandom(7)), 200_000);
    // standard error of the mean 180/√200000 = 0.40 s; 4 SE
    assertThat(m[0]).isCloseTo(180, within(1.6));
    assertThat(m[1]).isCloseTo(180, within(3.0));
  }

  @Test
  void lognormal_sampleMeanAndSd_matchTheParameters() {
    double[] m = moments(Distribution.lognormal(180, 120).sampler(new SplittableRandom(7)),
        200_000);
    // standard error of the mean 120/√200000 = 0.27 s; 4 SE. The sd converges slower (heavy tail)
    assertThat(m[0]).isCloseTo(180, within(1.1));
    assertThat(m[1]).isCloseTo(120, within(3.0));
  }

  @Test
  void constant_drawsNothingAndReturnsItsValue() {
    SplittableRandom r = new SplittableRandom(1);
    DoubleSupplier s = Distribution.constant(3).sampler(r);
    assertThat(s.getAsDouble()).isEqualTo(3);
    assertThat(r.nextLong()).isEqualTo(new SplittableRandom(1).nextLong());
  }

  @Test
  void trace_replaysItsValuesInOrder_thenFromTheStart(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("handle.txt");
    Files.writeString(f, "# seconds\n120\n\n60.5\n300\n");
    Distribution d = Distribution.parse("--handle-time", "trace:" + f);
    assertThat(d.mean()).isCloseTo(160.1667, within(1e-3));
    DoubleSupplier s = d.sampler(new SplittableRandom(1));
    assertThat(new double[] {s.getAsDouble(), s.getAsDouble(), s.getAsDouble(), s.getAsDouble()})
        .containsExactly(120, 60.5, 300, 120);
  }

  @Test
  void trace_withABadLine_namesTheFileAndLine(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("bad.txt");
    Files.writeString(f, "120\nabc\n");
    assertThatThrownBy(() -> Distribution.parse("--handle-time", "trace:" + f))
        .isInstanceOf(UsageException.class).hasMessageContaining("'abc'");
  }

  private static double[] moments(DoubleSupplier s, int n) {
    double sum = 0;
    double sq = 0;
    for (int i = 0; i < n; i++) {
      double x = s.getAsDouble();
      sum += x;
      sq += x * x;
    }
    double mean = sum / n;
    return new double[] {mean, Math.sqrt(sq / n - mean * mean)};
  }
}
