package io.callqueue.benchmarks.jmh;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns a JMH CSV result file ({@code -rf csv}) of {@link DispatchBenchmark}, run with
 * {@code -prof gc}, into a Markdown table: per operation and size, ops/s of the engine and of the
 * scan, their ratio (engine ÷ scan: above 1 the engine is faster) and bytes allocated per op.
 *
 * <p>Usage: {@code java -cp ... io.callqueue.benchmarks.jmh.ResultTable results.csv}
 */
public final class ResultTable {
  private ResultTable() {}

  /** One row of the table: one operation at one size and strategy. */
  static final class Row {
    final String op;
    final int agents;
    final int queues;
    final String strategy;
    double engineOps = Double.NaN;
    double scanOps = Double.NaN;
    double engineBytes = Double.NaN;
    double scanBytes = Double.NaN;

    Row(String op, int agents, int queues, String strategy) {
      this.op = op;
      this.agents = agents;
      this.queues = queues;
      this.strategy = strategy;
    }
  }

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: ResultTable <jmh-results.csv>");
      System.exit(2);
    }
    print(parse(Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8)), System.out);
  }

  static List<Row> parse(List<String> lines) {
    if (lines.isEmpty()) {
      return List.of();
    }
    List<String> header = split(lines.get(0));
    int bench = header.indexOf("Benchmark");
    int score = header.indexOf("Score");
    int agents = header.indexOf("Param: agents");
    int queues = header.indexOf("Param: queues");
    int router = header.indexOf("Param: router");
    int strategy = header.indexOf("Param: strategy");
    if (bench < 0 || score < 0 || agents < 0 || queues < 0 || router < 0 || strategy < 0) {
      throw new IllegalArgumentException("not a DispatchBenchmark CSV: header " + header);
    }
    Map<String, Row> rows = new TreeMap<>();
    for (String line : lines.subList(1, lines.size())) {
      if (line.isBlank()) {
        continue;
      }
      List<String> f = split(line);
      String name = f.get(bench);
      String metric = "";
      int colon = name.indexOf(':');
      if (colon >= 0) {
        metric = name.substring(colon + 1);
        name = name.substring(0, colon);
      }
      if (!metric.isEmpty() && !metric.endsWith("gc.alloc.rate.norm")) {
        continue;
      }
      String op = name.substring(name.lastIndexOf('.') + 1);
      Row row = rows.computeIfAbsent(
          op + '|' + f.get(strategy) + '|' + pad(f.get(agents)) + '|' + pad(f.get(queues)),
          k -> new Row(op, Integer.parseInt(f.get(agents)), Integer.parseInt(f.get(queues)),
              f.get(strategy)));
      double v = Double.parseDouble(f.get(score));
      boolean engine = f.get(router).equals("engine");
      if (metric.isEmpty()) {
        if (engine) {
          row.engineOps = v;
        } else {
          row.scanOps = v;
        }
      } else if (engine) {
        row.engineBytes = v;
      } else {
        row.scanBytes = v;
      }
    }
    List<Row> out = new ArrayList<>(rows.values());
    out.sort(Comparator.comparing((Row r) -> r.op).thenComparing(r -> r.strategy)
        .thenComparingInt(r -> r.agents).thenComparingInt(r -> r.queues));
    return out;
  }

  static void print(List<Row> rows, PrintStream out) {
    out.println("| op | strategy | agents | queues | engine ops/s | scan ops/s"
        + " | engine ÷ scan | engine B/op | scan B/op |");
    out.println("|---|---|---:|---:|---:|---:|---:|---:|---:|");
    for (Row r : rows) {
      out.println("| " + r.op + " | " + r.strategy + " | " + r.agents + " | " + r.queues
          + " | " + ops(r.engineOps) + " | " + ops(r.scanOps) + " | "
          + ratio(r.engineOps / r.scanOps) + " | " + bytes(r.engineBytes) + " | "
          + bytes(r.scanBytes) + " |");
    }
  }

  private static String pad(String n) {
    return "%012d".formatted(Long.parseLong(n));
  }

  private static String ops(double v) {
    return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%,.0f", v);
  }

  private static String ratio(double v) {
    return Double.isNaN(v) || Double.isInfinite(v) ? "–"
        : String.format(Locale.ROOT, v >= 10 ? "%.0f×" : "%.2f×", v);
  }

  private static String bytes(double v) {
    return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%,.0f", v);
  }

  /** Splits a JMH CSV line: fields are plain or double-quoted, with no quotes inside. */
  static List<String> split(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char ch = line.charAt(i);
      if (ch == '"') {
        quoted = !quoted;
      } else if (ch == ',' && !quoted) {
        out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(ch);
      }
    }
    out.add(cur.toString());
    return out;
  }
}
