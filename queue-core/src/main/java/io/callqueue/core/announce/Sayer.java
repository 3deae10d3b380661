package io.callqueue.core.announce;

import java.util.List;

/**
 * One language's grammar for spoken numbers: turns numbers, queue positions and durations into
 * prompt keys such as {@code digits/20}, {@code digits/1}, {@code minutes}. Each key stands for one
 * recording; {@link PromptCatalog#forLanguage(String)} lists every key a language's sayer can emit,
 * with the text of its default recording.
 *
 * <p>Numbers are said from 0 to {@link #MAX_NUMBER}; larger or negative ones are rejected with an
 * {@link IllegalArgumentException}. Implementations are immutable and thread-safe. Get one with
 * {@link Sayers#forLanguage(String)}.
 */
public interface Sayer {
  /** The largest number any sayer says. */
  int MAX_NUMBER = 9999;

  /** A unit of time a quantity is said in. */
  enum Unit {
    SECOND,
    MINUTE,
    HOUR
  }

  /** The language, e.g. {@code "en"}: the language of the default recordings of the keys. */
  String language();

  /** A cardinal number on its own ("two thousand twenty five"), 0..{@link #MAX_NUMBER}. */
  List<String> number(int n);

  /**
   * The whole clause telling a caller their place, 1..{@link #MAX_NUMBER}: it starts with the key
   * {@code queue-position} and says the position the way the language does after it (English
   * "You are currently number | two | in the queue", Polish "Aktualnie znajdujesz się w kolejce na
   * pozycji | drugiej").
   */
  List<String> position(int position);

  /**
   * A count of a unit with the noun in its grammatical form ("one minute", "two minutes"; Polish
   * "jedna minuta", "dwie minuty", "pięć minut"), 0..{@link #MAX_NUMBER}.
   */
  List<String> quantity(int count, Unit unit);

  /**
   * A duration said in parts, zero parts left out and the last two joined by "and" ("two minutes
   * and ten seconds"); all zero says "zero seconds". Each part 0..{@link #MAX_NUMBER}.
   */
  default List<String> duration(int hours, int minutes, int seconds) {
    return Speech.duration(hours, minutes, seconds, this::quantity);
  }

  /** A telephone key to press: {@code 0}-{@code 9}, {@code *} or {@code #}. */
  default List<String> key(char key) {
    return List.of(Speech.keyOf(key));
  }
}
