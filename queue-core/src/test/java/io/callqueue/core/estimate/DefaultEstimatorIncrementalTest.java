package io.callqueue.core.estimate;

import static org.assertj.core.api.Assertions.assertThat;

import io.callqueue.spi.EstimateInput;
import io.callqueue.spi.WaitTimeEstimator;
import java.time.Duration;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The default estimator's incremental state (issue 14 item 4: per-agent cursors into the talk
 * samples, the Poisson part without scratch arrays) changes its cost, not its answers: on seeded
 * random inputs it agrees with the same model computed afresh at every step
 * ({@link Estimators#DEFAULT_RECOMPUTING}) within 1e-9 relative.
 */
class DefaultEstimatorIncrementalTest {
  private final WaitTimeEstimator incremental = new DefaultEstimator();
  private final WaitTimeEstimator recomputing =
      new DefaultEstimator(DefaultEstimator.PRIOR_SAMPLES, DefaultEstimator.Version.CURRENT, true);

  @Test
  void names() {
    assertThat(recomputing.name()).isEqualTo(Estimators.DEFAULT_RECOMPUTING);
    assertThat(incremental.name()).isEqualTo(Estimators.DEFAULT);
  }

  @Test
  void sameEstimatesOnSeededRandomInputs() {
    SplittableRandom r = new SplittableRandom(14_4L);
    int compared = 0;
    for (int draw = 0; draw < 400; draw++) {
      QueueHistory h = new QueueHistory(Duration.ofHours(1), 10_000);
      double mean = 30 + r.nextDouble(600);
      double sigma = 0.2 + r.nextDouble(1.2);
      double mu = Math.log(mean) - sigma * sigma / 2;
      int samples = r.nextInt(4) == 0 ? r.nextInt(1, 20) : r.nextInt(20, 3000);
      boolean constant = r.nextInt(6) == 0;
      long wrapMs = r.nextBoolean() ? 0 : r.nextLong(60_000);
      double[] talk = new double[samples];
      for (int i = 0; i < samples; i++) {
        talk[i] = constant ? mean : Math.exp(mu + sigma * r.nextGaussian());
        h.onCompleted(Inputs.NOW, Duration.ofMillis(Math.round(talk[i] * 1000)),
            Duration.ofMillis(wrapMs));
        if (r.nextInt(8) == 0) {
          h.onAbandoned(Inputs.NOW, Duration.ofSeconds(r.nextInt(1, 600)));
        }
      }
      int agents = r.nextInt(1, 61);
      Inputs in = Inputs.caller().serving(agents).history(h)
          .position(r.nextInt(1, 3 * agents + 10));
      int wrapping = r.nextInt(4) == 0 ? r.nextInt(agents + 1) : 0;
      for (int a = 0; a < agents; a++) {
        if (a < wrapping) {
          in.wrapping(r.nextDouble(wrapMs / 1000.0 + 1));
        } else {
          // elapsed talk near, below and beyond the samples
          in.talking(r.nextDouble(1.5 * talk[r.nextInt(samples)] + 1));
        }
      }
      if (r.nextInt(5) == 0) {
        in.heavier(r.nextInt(agents + 1)).heavierLoad(r.nextDouble(agents));
      }
      EstimateInput input = in.build();
      Optional<Duration> a = incremental.estimate(input);
      Optional<Duration> b = recomputing.estimate(input);
      assertThat(a.isPresent()).as("draw %d", draw).isEqualTo(b.isPresent());
      if (a.isPresent()) {
        double x = Seconds.of(a.get());
        double y = Seconds.of(b.get());
        assertThat(Math.abs(x - y)).as("draw %d: %s vs %s s", draw, x, y)
            .isLessThanOrEqualTo(1e-9 * Math.abs(y) + 2e-9);
        if (y > 0) {
          compared++;
        }
      }
    }
    assertThat(compared).isGreaterThan(300);
  }
}
