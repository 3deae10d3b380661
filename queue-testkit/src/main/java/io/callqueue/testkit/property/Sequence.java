package io.callqueue.testkit.property;

/**
 * What a {@link SequenceBody} gets for one run: its seed, its generator, the most steps it may
 * take and the log its steps go to.
 */
public final class Sequence {
  private final long seed;
  private final int index;
  private final int maxSteps;
  private final Gen gen;
  private final Steps steps = new Steps();

  Sequence(long seed, int index, int maxSteps) {
    this.seed = seed;
    this.index = index;
    this.maxSteps = maxSteps;
    this.gen = new Gen(seed);
  }

  /** The seed of this sequence; {@code -Dcallqueue.seed=<seed>} replays it. */
  public long seed() {
    return seed;
  }

  /** Which sequence of the run this is, from 0. */
  public int index() {
    return index;
  }

  /** The most steps the body should take (fewer when the harness minimizes a failure). */
  public int maxSteps() {
    return maxSteps;
  }

  /** The seeded generator; the only source of randomness the body should use. */
  public Gen gen() {
    return gen;
  }

  /** The step log. */
  public Steps steps() {
    return steps;
  }

  /** Records one step. */
  public void step(String description) {
    steps.record(description);
  }

  /** Records one step, formatted in the root locale. */
  public void step(String format, Object... args) {
    steps.record(format, args);
  }

  /** Adds a line of context that is not a step. */
  public void note(String text) {
    steps.note(text);
  }
}
