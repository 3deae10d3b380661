package io.callqueue.testkit.property;

/**
 * One run of a stateful property: makes up to {@link Sequence#maxSteps()} steps with
 * {@link Sequence#gen()}, describes each with {@link Sequence#step}, and throws (an
 * {@link AssertionError} or any exception) when an invariant breaks.
 *
 * <p>For replay and prefix minimization to work the body must be deterministic given the
 * sequence: all randomness from {@link Sequence#gen()}, no wall-clock time, no shared state
 * between runs. {@code maxSteps} bounds the body's loop; describe every iteration as a step
 * where you can, so the step log and the step budget line up.
 */
@FunctionalInterface
public interface SequenceBody {
  void run(Sequence sequence) throws Exception;
}
