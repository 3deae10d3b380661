package io.callqueue.core.announce;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/** Checks and joins shared by the sayers. */
final class Speech {
  /** The key of the conjunction before the last part of a list ("and", Polish "i"). */
  static final String AND = "and";

  private Speech() {}

  static int checkNumber(String what, int n, int min) {
    if (n < min || n > Sayer.MAX_NUMBER) {
      throw new IllegalArgumentException(
          what + " must be " + min + ".." + Sayer.MAX_NUMBER + " to be said, was " + n);
    }
    return n;
  }

  /** The key said for a telephone key, shared by all languages: {@code digits/N}, star, hash. */
  static String keyOf(char key) {
    if (key >= '0' && key <= '9') {
      return "digits/" + key;
    }
    if (key == '*') {
      return "digits/star";
    }
    if (key == '#') {
      return "digits/hash";
    }
    throw new IllegalArgumentException("a telephone key is 0-9, * or #, was '" + key + "'");
  }

  /**
   * Hours, minutes and seconds as quantities, zero parts left out, "and" before the last one;
   * "zero seconds" when all are zero.
   */
  static List<String> duration(int hours, int minutes, int seconds,
      BiFunction<Integer, Sayer.Unit, List<String>> quantity) {
    checkNumber("hours", hours, 0);
    checkNumber("minutes", minutes, 0);
    checkNumber("seconds", seconds, 0);
    List<List<String>> parts = new ArrayList<>(3);
    if (hours > 0) {
      parts.add(quantity.apply(hours, Sayer.Unit.HOUR));
    }
    if (minutes > 0) {
      parts.add(quantity.apply(minutes, Sayer.Unit.MINUTE));
    }
    if (seconds > 0 || parts.isEmpty()) {
      parts.add(quantity.apply(seconds, Sayer.Unit.SECOND));
    }
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < parts.size(); i++) {
      if (i > 0 && i == parts.size() - 1) {
        keys.add(AND);
      }
      keys.addAll(parts.get(i));
    }
    return List.copyOf(keys);
  }
}
