package io.callqueue.core.announce;

import java.util.ArrayList;
import java.util.List;

/**
 * English (American style, no "and" inside numbers: "one hundred fifteen").
 *
 * <p>Design note: a number is split into thousands, hundreds and the rest below one hundred; each
 * group is said with the keys {@code digits/0}..{@code digits/19}, the tens {@code digits/20}..
 * {@code digits/90} and the words {@code digits/hundred}, {@code digits/thousand} — 30 number
 * keys cover 0..9999, as in Asterisk's English {@code say} module. A position is said as a cardinal
 * ("number two"); a quantity takes the singular only for exactly one.
 */
final class EnglishSayer implements Sayer {
  static final String LANGUAGE = "en";

  @Override
  public String language() {
    return LANGUAGE;
  }

  @Override
  public List<String> number(int n) {
    Speech.checkNumber("a number", n, 0);
    if (n == 0) {
      return List.of("digits/0");
    }
    List<String> keys = new ArrayList<>();
    int thousands = n / 1000;
    int hundreds = n / 100 % 10;
    int rest = n % 100;
    if (thousands > 0) {
      keys.add("digits/" + thousands);
      keys.add("digits/thousand");
    }
    if (hundreds > 0) {
      keys.add("digits/" + hundreds);
      keys.add("digits/hundred");
    }
    if (rest > 0 && rest < 20) {
      keys.add("digits/" + rest);
    } else if (rest >= 20) {
      keys.add("digits/" + rest / 10 * 10);
      if (rest % 10 > 0) {
        keys.add("digits/" + rest % 10);
      }
    }
    return List.copyOf(keys);
  }

  @Override
  public List<String> position(int position) {
    Speech.checkNumber("a position", position, 1);
    List<String> keys = new ArrayList<>();
    keys.add("queue-position");
    keys.addAll(number(position));
    keys.add("queue-position-end");
    return List.copyOf(keys);
  }

  @Override
  public List<String> quantity(int count, Unit unit) {
    Speech.checkNumber("a count", count, 0);
    String noun = switch (unit) {
      case SECOND -> count == 1 ? "second" : "seconds";
      case MINUTE -> count == 1 ? "minute" : "minutes";
      case HOUR -> count == 1 ? "hour" : "hours";
    };
    List<String> keys = new ArrayList<>(number(count));
    keys.add(noun);
    return List.copyOf(keys);
  }

  @Override
  public String toString() {
    return "Sayer[en]";
  }
}
