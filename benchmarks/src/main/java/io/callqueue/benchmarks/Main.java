package io.callqueue.benchmarks;

import io.callqueue.benchmarks.sim.SimulateCommand;
import io.callqueue.benchmarks.sim.SpaceCommand;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;

/**
 * The entry point of {@code callqueue-benchmarks.jar}: {@code simulate [flags]} runs the
 * simulator ({@link SimulateCommand}); {@code space [flags]} the random scenario space of the
 * accuracy suite ({@link SpaceCommand}); {@code jmh [JMH args]} runs the JMH benchmarks; any other
 * first argument is handed to JMH unchanged, as a plain JMH uber-jar would take it.
 *
 * <p>JMH hook: the JMH side provides {@value #JMH_MAIN} with a {@code public static void
 * main(String[])}; it is looked up by name so the simulator builds without it. Without it,
 * {@code jmh} is an error (exit 2).
 */
public final class Main {
  /** The class that runs JMH, when the build includes it. */
  static final String JMH_MAIN = "io.callqueue.benchmarks.jmh.JmhMain";

  private static final String USAGE = """
      usage: java -jar callqueue-benchmarks.jar simulate [flags]   (simulate --help for the flags)
             java -jar callqueue-benchmarks.jar space [flags]      (random scenario space, space --help)
             java -jar callqueue-benchmarks.jar jmh [JMH options]
      """;

  private Main() {}

  public static void main(String[] args) throws Exception {
    int code = run(args, System.out, System.err);
    if (code != 0) {
      System.exit(code);
    }
  }

  /** Runs a command; returns the exit code. */
  static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
    List<String> rest = Arrays.asList(args).subList(Math.min(1, args.length), args.length);
    String command = args.length == 0 ? "" : args[0];
    switch (command) {
      case "simulate" -> {
        return SimulateCommand.run(rest, out, err);
      }
      case "space" -> {
        return SpaceCommand.run(rest, out, err);
      }
      case "help", "--help", "-h" -> {
        out.print(USAGE);
        return 0;
      }
      case "jmh" -> {
        return jmh(rest.toArray(new String[0]), err);
      }
      case "" -> {
        err.println("error: no command");
        err.print(USAGE);
        return 2;
      }
      default -> {
        return jmh(args, err);
      }
    }
  }

  private static int jmh(String[] args, PrintStream err) throws Exception {
    Method main;
    try {
      main = Class.forName(JMH_MAIN).getMethod("main", String[].class);
    } catch (ClassNotFoundException | NoSuchMethodException e) {
      err.println("error: unknown command '" + String.join(" ", args)
          + "' (JMH benchmarks are not part of this build)");
      err.print(USAGE);
      return 2;
    }
    try {
      main.invoke(null, (Object) args);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof Exception cause) {
        throw cause;
      }
      throw e;
    }
    return 0;
  }
}
