package io.callqueue.examples.demo;

/**
 * The demo's command line: {@code --seed N}, {@code --minutes N}, {@code --verbose}, {@code --help}
 * (each option also as {@code --name=value}).
 *
 * @param seed the seed of every random draw (arrivals, talk times, answers)
 * @param minutes how long calls keep arriving; the demo then runs until every call is over
 * @param verbose whether every engine event is printed, not only the important ones
 * @param help whether only the usage was asked for
 */
record DemoOptions(long seed, int minutes, boolean verbose, boolean help) {
  static final long DEFAULT_SEED = 20260105L;
  static final int DEFAULT_MINUTES = 50;
  /** The scripted rushes happen at 08:12 and 08:25, so a shorter morning would miss them. */
  static final int MIN_MINUTES = 30;
  static final int MAX_MINUTES = 240;

  static final String USAGE = String.join("\n",
      "usage: DemoMain [--seed N] [--minutes N] [--verbose] [--help]",
      "  --seed N      seed of the simulation's random draws (default " + DEFAULT_SEED + ");",
      "                the same seed prints the same morning",
      "  --minutes N   how long calls arrive, " + MIN_MINUTES + ".." + MAX_MINUTES
          + " (default " + DEFAULT_MINUTES + "); the demo then runs",
      "                until every call is over",
      "  --verbose     print every engine event, not only the important ones",
      "  --help        print this help");

  /** The defaults: the fixed seed, a 50-minute morning, important events only. */
  static DemoOptions defaults() {
    return new DemoOptions(DEFAULT_SEED, DEFAULT_MINUTES, false, false);
  }

  /**
   * Parses the arguments.
   *
   * @throws UsageException naming the first bad argument
   */
  static DemoOptions parse(String... args) {
    long seed = DEFAULT_SEED;
    int minutes = DEFAULT_MINUTES;
    boolean verbose = false;
    boolean help = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String name = arg;
      String value = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        name = arg.substring(0, eq);
        value = arg.substring(eq + 1);
      }
      switch (name) {
        case "--seed", "--minutes" -> {
          if (value == null) {
            if (i + 1 >= args.length) {
              throw new UsageException(name + " needs a number");
            }
            value = args[++i];
          }
          if (name.equals("--seed")) {
            seed = parseLong(name, value);
          } else {
            long m = parseLong(name, value);
            if (m < MIN_MINUTES || m > MAX_MINUTES) {
              throw new UsageException("--minutes must be " + MIN_MINUTES + ".." + MAX_MINUTES
                  + ", was " + value);
            }
            minutes = (int) m;
          }
        }
        case "--verbose", "-v" -> {
          noValue(name, value);
          verbose = true;
        }
        case "--help", "-h" -> {
          noValue(name, value);
          help = true;
        }
        default -> throw new UsageException(arg.startsWith("-")
            ? "unknown option '" + arg + "'" : "unexpected argument '" + arg + "'");
      }
    }
    return new DemoOptions(seed, minutes, verbose, help);
  }

  private static long parseLong(String option, String value) {
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new UsageException(option + " needs a whole number, was '" + value + "'");
    }
  }

  private static void noValue(String option, String value) {
    if (value != null) {
      throw new UsageException(option + " takes no value, was given '" + value + "'");
    }
  }

  /** A bad command line; the message is one line for the user. */
  static final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }
}
