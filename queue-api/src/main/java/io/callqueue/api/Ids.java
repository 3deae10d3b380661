package io.callqueue.api;

import java.util.regex.Pattern;

/** Validation shared by the identifier records. */
final class Ids {
  private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@+:\\-]{0,127}");

  private Ids() {}

  static String check(String kind, String value) {
    if (value == null) {
      throw new IllegalArgumentException(kind + " must not be null");
    }
    if (!ALLOWED.matcher(value).matches()) {
      throw new IllegalArgumentException(
          kind + " must be 1-128 characters of letters, digits and . _ @ + : - (starting with a"
              + " letter or digit), was '" + value + "'");
    }
    return value;
  }
}
