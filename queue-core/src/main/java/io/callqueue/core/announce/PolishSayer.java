package io.callqueue.core.announce;

import java.util.ArrayList;
import java.util.List;

/**
 * Polish: cardinals with the noun's gender and plural form, and positions as ordinals in the
 * feminine locative ("na pozycji drugiej", since {@code pozycja} is feminine).
 *
 * <p>Design note, following the rules of Polish grammar as given by the PWN language guide:
 * <ul>
 *   <li>Noun after a cardinal: exactly 1 takes the singular nominative ({@code minuta}); a number
 *       ending in 2, 3 or 4, except 12, 13 and 14, the plural nominative ({@code minuty}: 2, 3, 4,
 *       22, 102, 1024); all others, 0 included, the plural genitive ({@code minut}: 5, 11, 12, 21,
 *       25, 101). Thousands follow the same rule ({@code tysiąc}, {@code dwa tysiące},
 *       {@code pięć tysięcy}); one thousand is said without "one".
 *   <li>Gender: {@code minuta}, {@code sekunda} and {@code godzina} are feminine, so 1 alone is
 *       {@code jedna} ({@code digits/1f}) and a final 2 is {@code dwie} ({@code digits/2f}:
 *       {@code dwadzieścia dwie minuty}); in a compound a final 1 stays {@code jeden}
 *       ({@code dwadzieścia jeden minut}), and the thousands multiplier stays masculine.
 *   <li>Compound ordinals inflect only their last two parts, tens and units
 *       ({@code dwudziestej pierwszej}); hundreds and thousands before them stay cardinal
 *       ({@code sto dwudziestej pierwszej}, {@code tysiąc dziewięćset dziewięćdziesiątej
 *       dziewiątej}). A number whose last non-zero part is the hundreds or thousands makes that part
 *       the ordinal ({@code setnej}, {@code dwa tysiące setnej}, {@code dwutysięcznej}).
 * </ul>
 * Cost: a handful of divisions; 0..9999 need 42 cardinal keys, 45 ordinal keys and 9 unit nouns.
 */
final class PolishSayer implements Sayer {
  static final String LANGUAGE = "pl";

  /** The plural form a noun takes after a number. */
  enum Form {
    ONE,
    FEW,
    MANY
  }

  @Override
  public String language() {
    return LANGUAGE;
  }

  /** The form of a noun counted by {@code n} (see the class note). */
  static Form form(int n) {
    if (n == 1) {
      return Form.ONE;
    }
    int units = n % 10;
    int tens = n % 100;
    if (units >= 2 && units <= 4 && (tens < 12 || tens > 14)) {
      return Form.FEW;
    }
    return Form.MANY;
  }

  @Override
  public List<String> number(int n) {
    Speech.checkNumber("a number", n, 0);
    return cardinal(n, false);
  }

  private static List<String> cardinal(int n, boolean feminine) {
    if (n == 0) {
      return List.of("digits/0");
    }
    if (n == 1 && feminine) {
      return List.of("digits/1f");
    }
    List<String> keys = new ArrayList<>();
    addThousandsAndHundreds(keys, n);
    int rest = n % 100;
    if (rest > 0 && rest < 20) {
      keys.add(rest == 2 && feminine ? "digits/2f" : "digits/" + rest);
    } else if (rest >= 20) {
      keys.add("digits/" + rest / 10 * 10);
      int units = rest % 10;
      if (units > 0) {
        keys.add(units == 2 && feminine ? "digits/2f" : "digits/" + units);
      }
    }
    return keys;
  }

  /** The cardinal thousands and hundreds of {@code n} (also the stem of compound ordinals). */
  private static void addThousandsAndHundreds(List<String> keys, int n) {
    int thousands = n / 1000;
    int hundreds = n / 100 % 10;
    if (thousands == 1) {
      keys.add("digits/thousand");
    } else if (thousands > 1) {
      keys.add("digits/" + thousands);
      keys.add(form(thousands) == Form.FEW ? "digits/thousands" : "digits/thousands-many");
    }
    if (hundreds > 0) {
      keys.add("digits/" + hundreds * 100);
    }
  }

  @Override
  public List<String> position(int position) {
    Speech.checkNumber("a position", position, 1);
    List<String> keys = new ArrayList<>();
    keys.add("queue-position");
    int rest = position % 100;
    if (rest > 0) {
      addThousandsAndHundreds(keys, position);
      if (rest < 20) {
        keys.add("ordinal/" + rest);
      } else {
        keys.add("ordinal/" + rest / 10 * 10);
        if (rest % 10 > 0) {
          keys.add("ordinal/" + rest % 10);
        }
      }
    } else if (position % 1000 > 0) {
      addThousandsAndHundreds(keys, position / 1000 * 1000);
      keys.add("ordinal/" + position % 1000);
    } else {
      keys.add("ordinal/" + position);
    }
    return List.copyOf(keys);
  }

  @Override
  public List<String> quantity(int count, Unit unit) {
    Speech.checkNumber("a count", count, 0);
    String stem = switch (unit) {
      case SECOND -> "second";
      case MINUTE -> "minute";
      case HOUR -> "hour";
    };
    String noun = switch (form(count)) {
      case ONE -> stem;
      case FEW -> stem + "s";
      case MANY -> stem + "s-many";
    };
    // sekunda, minuta and godzina are all feminine
    List<String> keys = new ArrayList<>(cardinal(count, true));
    keys.add(noun);
    return List.copyOf(keys);
  }

  @Override
  public String toString() {
    return "Sayer[pl]";
  }
}
