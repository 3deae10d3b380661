package io.callqueue.examples.server.panel;

/**
 * Escaping for the panel's server-rendered HTML: every value that did not come from this code
 * goes through {@link #esc} (text and quoted attribute values alike).
 */
final class Html {
  private Html() {}

  /** {@code s} with {@code & < > " '} as character references; {@code null} as empty. */
  static String esc(Object s) {
    if (s == null) {
      return "";
    }
    String text = s.toString();
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** A path segment for a URL in an attribute: the id syntax allows no characters that need it. */
  static String seg(String s) {
    return esc(java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8)
        .replace("+", "%20"));
  }
}
