package io.callqueue.benchmarks.sim;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Map;

/**
 * A minimal JSON writer for the simulator's output: objects of numbers, strings, booleans and
 * nested objects, indented two spaces. Numbers are written with at most 7 significant digits;
 * NaN and infinities become {@code null}.
 */
final class Json {
  private final StringBuilder out = new StringBuilder();
  private int depth;
  private boolean first = true;

  /** Writes {@code map} (values: Number, String, Boolean, Map, null) as one JSON object. */
  static String write(Map<String, ?> map) {
    Json j = new Json();
    j.object(map);
    return j.out.toString();
  }

  private void object(Map<?, ?> map) {
    out.append('{');
    depth++;
    first = true;
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (!first) {
        out.append(',');
      }
      first = false;
      newline();
      string(String.valueOf(e.getKey()));
      out.append(": ");
      value(e.getValue());
    }
    depth--;
    if (!map.isEmpty()) {
      newline();
    }
    out.append('}');
    first = false;
  }

  private void value(Object v) {
    if (v == null) {
      out.append("null");
    } else if (v instanceof Map<?, ?> m) {
      object(m);
    } else if (v instanceof Double d) {
      number(d);
    } else if (v instanceof Float f) {
      number(f.doubleValue());
    } else if (v instanceof Number n) {
      out.append(n.longValue());
    } else if (v instanceof Boolean b) {
      out.append(b.booleanValue());
    } else {
      string(v.toString());
    }
  }

  private void number(double d) {
    if (!Double.isFinite(d)) {
      out.append("null");
    } else if (d == Math.rint(d) && Math.abs(d) < 1e15) {
      out.append((long) d);
    } else {
      out.append(new BigDecimal(d).round(new MathContext(7)).stripTrailingZeros().toPlainString());
    }
  }

  private void string(String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  private void newline() {
    out.append('\n');
    for (int i = 0; i < depth; i++) {
      out.append("  ");
    }
  }
}
