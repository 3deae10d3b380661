package io.callqueue.examples.demo;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Runs the demo from the command line: a simulated morning of a small call centre in virtual time,
 * printed as it happens, then the statistics. See {@link DemoScenario} for the morning and
 * {@link DemoOptions#USAGE} for the options. Exit code 0, or 2 for a bad command line.
 *
 * <pre>{@code mvn -B -q -pl examples/demo -am -DskipTests package exec:java -Dexec.args="--seed 7"}</pre>
 */
public final class DemoMain {
  private DemoMain() {}

  public static void main(String[] args) {
    // UTF-8 whatever the platform's default: the Polish announcements have diacritics
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
    int code = run(args, out, err);
    out.flush();
    err.flush();
    if (code != 0) {
      System.exit(code);
    }
  }

  /**
   * Parses the arguments and runs the demo, printing to {@code out}; a bad command line prints one
   * line and the usage to {@code err}.
   *
   * @return the process exit code: 0, or 2 for a bad command line
   */
  static int run(String[] args, PrintStream out, PrintStream err) {
    DemoOptions options;
    try {
      options = DemoOptions.parse(args);
    } catch (DemoOptions.UsageException e) {
      // one write: under exec:java the stream is Maven's console, shared with Maven's thread
      err.print("demo: " + e.getMessage() + "\n" + DemoOptions.USAGE + "\n");
      err.flush();
      return 2;
    }
    if (options.help()) {
      out.println("Runs the callqueue engine with simulated callers and agents in virtual time and"
          + " prints what happens.");
      out.println(DemoOptions.USAGE);
      return 0;
    }
    run(options, out);
    return 0;
  }

  /** Runs the demo with these options, printing to {@code out}. */
  static DemoResult run(DemoOptions options, PrintStream out) {
    return new DemoScenario(options).run(out);
  }
}
