package io.callqueue.benchmarks.jmh;

import io.callqueue.core.estimate.Estimators;
import io.callqueue.core.estimate.QueueHistory;
import io.callqueue.spi.EstimateInput;
import io.callqueue.spi.WaitTimeEstimator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of one wait-time estimate (issue 14 item 4), in µs: {@code agents} agents serving one
 * queue, all on calls with elapsed talk drawn from the history's own calls, a caller at position
 * {@code agents / 2 + 5}, a history of 2 048 lognormal talk times (mean 180 s, CV 1) with 10 s of
 * wrap-up and some abandonment.
 *
 * <ul>
 *   <li>{@link #unchangedHistory}: the same history between estimates (announcements repeated to
 *       the callers of a queue in which no call ended meanwhile);
 *   <li>{@link #changingHistory}: a call completes before each estimate, as in the simulator,
 *       where the history changes between most estimates (the op includes recording that call).
 * </ul>
 * Each op takes the next of 256 pre-drawn inputs (the agents' elapsed talk differs). Compare
 * estimators with {@code -p estimator=default,default-recomputing,default-previous} (the same
 * model computed as before the cost was cut; the model before the random scenario space).
 *
 * <pre>{@code
 * java -jar benchmarks/target/callqueue-benchmarks.jar jmh EstimateBenchmark -p agents=10,30
 * }</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class EstimateBenchmark {
  static final int INPUTS = 256;
  static final Instant T0 = Instant.parse("2026-12-08T08:00:00Z");

  @Param({"10", "30"})
  int agents;
  @Param({Estimators.DEFAULT, Estimators.DEFAULT_RECOMPUTING})
  String estimator;

  WaitTimeEstimator e;
  QueueHistory history;
  EstimateInput[] inputs;
  long[] talkMillis;
  int next;
  Instant now;

  @Setup
  public void setUp() {
    e = Estimators.withBuiltInsAndPrevious().get(estimator);
    SplittableRandom r = new SplittableRandom(20_261_208L);
    double sigma = Math.sqrt(Math.log(2));
    double mu = Math.log(180) - sigma * sigma / 2;
    talkMillis = new long[4096];
    for (int i = 0; i < talkMillis.length; i++) {
      talkMillis[i] = Math.round(1000 * Math.exp(mu + sigma * r.nextGaussian()));
    }
    history = new QueueHistory(Duration.ofHours(1));
    now = T0;
    for (int i = 0; i < 2048; i++) {
      now = now.plusMillis(180_000 / agents);
      history.onAnswered(now, Duration.ofSeconds(30));
      history.onCompleted(now, Duration.ofMillis(talkMillis[i]), Duration.ofSeconds(10));
      if (i % 10 == 0) {
        history.onAbandoned(now, Duration.ofSeconds(60));
      }
    }
    history.advanceTo(now);
    inputs = new EstimateInput[INPUTS];
    for (int i = 0; i < INPUTS; i++) {
      List<Duration> talking = new ArrayList<>();
      for (int a = 0; a < agents; a++) {
        talking.add(Duration.ofMillis(r.nextLong(talkMillis[r.nextInt(2048)] + 1)));
      }
      inputs[i] = new EstimateInput(now, Duration.ZERO, agents / 2 + 5, 0, agents, 0, talking,
          List.of(), Duration.ofSeconds(40), history);
    }
  }

  @Benchmark
  public Optional<Duration> unchangedHistory() {
    EstimateInput in = inputs[next++ & (INPUTS - 1)];
    return e.estimate(in);
  }

  @Benchmark
  public Optional<Duration> changingHistory() {
    int i = next++;
    history.onCompleted(now, Duration.ofMillis(talkMillis[i & 4095]), Duration.ofSeconds(10));
    return e.estimate(inputs[i & (INPUTS - 1)]);
  }
}
