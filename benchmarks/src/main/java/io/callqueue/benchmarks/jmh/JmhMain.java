package io.callqueue.benchmarks.jmh;

/**
 * {@code java -jar callqueue-benchmarks.jar jmh [JMH options]}: JMH's own command line over the
 * benchmarks in this jar, e.g. {@code jmh DispatchBenchmark -p agents=1000 -f 1 -prof gc}.
 */
public final class JmhMain {
  private JmhMain() {}

  public static void main(String[] args) throws Exception {
    org.openjdk.jmh.Main.main(args);
  }
}
