package io.callqueue.testkit.sim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a simulated caller does while in the queue: how long they wait before hanging up
 * (patience), which keys they press when, and how long a voicemail they leave. Times count from
 * the moment the call is placed; patience and key presses apply only while the caller waits (not
 * once connected). Immutable; the methods return a copy.
 *
 * <pre>{@code
 * CallerBehaviour.hangUpAfter(Duration.ofSeconds(90)).pressKey('1', Duration.ofSeconds(30))
 * }</pre>
 */
public final class CallerBehaviour {
  /** The voicemail length unless one is set. */
  public static final Duration DEFAULT_VOICEMAIL = Duration.ofSeconds(8);

  private final Duration patience;
  private final List<KeyPress> keys;
  private final Duration voicemailLength;

  private CallerBehaviour(Duration patience, List<KeyPress> keys, Duration voicemailLength) {
    this.patience = patience;
    this.keys = List.copyOf(keys);
    this.voicemailLength = voicemailLength;
  }

  /** Waits as long as it takes, presses nothing. */
  public static CallerBehaviour patient() {
    return new CallerBehaviour(null, List.of(), DEFAULT_VOICEMAIL);
  }

  /** Hangs up after {@code patience} unless connected (or gone) by then. */
  public static CallerBehaviour hangUpAfter(Duration patience) {
    return patient().withPatience(patience);
  }

  /** The same caller with this patience. */
  public CallerBehaviour withPatience(Duration patience) {
    if (patience.isNegative()) {
      throw new IllegalArgumentException("patience must not be negative, was " + patience);
    }
    return new CallerBehaviour(patience, keys, voicemailLength);
  }

  /** The same caller, also pressing {@code digit} {@code after} the call is placed. */
  public CallerBehaviour pressKey(char digit, Duration after) {
    checkDigit(digit);
    if (after.isNegative()) {
      throw new IllegalArgumentException("a key press time must not be negative, was " + after);
    }
    List<KeyPress> k = new ArrayList<>(keys);
    k.add(new KeyPress(after, digit));
    return new CallerBehaviour(patience, k, voicemailLength);
  }

  /** The same caller, speaking for {@code length} when recording a voicemail. */
  public CallerBehaviour voicemailLength(Duration length) {
    if (length.isNegative()) {
      throw new IllegalArgumentException("a voicemail length must not be negative, was " + length);
    }
    return new CallerBehaviour(patience, keys, length);
  }

  /** How long the caller waits before hanging up; empty: forever. */
  public Optional<Duration> patience() {
    return Optional.ofNullable(patience);
  }

  /** The keys pressed, in the order added. */
  public List<KeyPress> keyPresses() {
    return keys;
  }

  /** How long a voicemail the caller speaks (the engine's limit may cut it). */
  public Duration voicemailLength() {
    return voicemailLength;
  }

  static void checkDigit(char digit) {
    if (!(digit >= '0' && digit <= '9') && digit != '*' && digit != '#') {
      throw new IllegalArgumentException("a key must be 0-9, * or #, was '" + digit + "'");
    }
  }

  @Override
  public String toString() {
    return "caller[patience=" + (patience == null ? "forever" : patience.toMillis() + "ms")
        + ", keys=" + keys + ", voicemail=" + voicemailLength.toMillis() + "ms]";
  }

  /**
   * One key press.
   *
   * @param after time since the call was placed
   * @param digit the key
   */
  public record KeyPress(Duration after, char digit) {}
}
