package io.callqueue.core.records;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Renders a {@link StatisticsReport} as plain-text tables (for a console or a log): one row per
 * queue plus an "all queues" row, then one row per agent. Durations read {@code m:ss} (or
 * {@code h:mm:ss}), ratios as percentages with one decimal, and "-" where there is nothing to
 * average. Columns are padded to their widest cell; lines end with {@code \n}.
 */
public final class StatisticsTable {
  private static final String[] QUEUE_HEADER = {"queue", "offered", "answered", "abandoned",
      "voicemail", "callback", "unreached", "timeout", "not queued", "left empty", "avg wait",
      "max wait",
      "ASA", "avg talk", "SL", "SL2", "abandon %"};
  private static final String[] AGENT_HEADER = {"agent", "answered", "callbacks", "missed",
      "talk time", "avg talk"};

  private StatisticsTable() {}

  /** Both tables, under a line naming the range. */
  public static String render(StatisticsReport report) {
    return "Calls offered from " + report.from() + " to " + report.to() + "\n\n"
        + queues(report) + "\n" + agents(report);
  }

  /** The queue table: one row per queue, then all queues together. */
  public static String queues(StatisticsReport report) {
    List<String[]> rows = new ArrayList<>();
    rows.add(QUEUE_HEADER);
    for (QueueStats q : report.queues().values()) {
      rows.add(queueRow(q.queue().value(), q));
    }
    rows.add(queueRow("(all queues)", report.allQueues()));
    return table(rows);
  }

  /** The agent table: one row per agent. */
  public static String agents(StatisticsReport report) {
    List<String[]> rows = new ArrayList<>();
    rows.add(AGENT_HEADER);
    for (AgentStats a : report.agents().values()) {
      rows.add(new String[] {a.agent().value(), Integer.toString(a.answered()),
          Integer.toString(a.callbacks()), Integer.toString(a.missedAttempts()),
          duration(a.totalTalk()), duration(a.averageTalk())});
    }
    return table(rows);
  }

  /** {@code m:ss}, or {@code h:mm:ss} from one hour; whole seconds, rounded down. */
  static String duration(Duration d) {
    long s = d.getSeconds();
    if (s >= 3600) {
      return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }
    return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }

  private static String duration(Optional<Duration> d) {
    return d.map(StatisticsTable::duration).orElse("-");
  }

  private static String percent(OptionalDouble r) {
    return r.isPresent() ? String.format(Locale.ROOT, "%.1f%%", r.getAsDouble() * 100) : "-";
  }

  private static String[] queueRow(String name, QueueStats q) {
    return new String[] {name, Integer.toString(q.offered()), Integer.toString(q.answered()),
        Integer.toString(q.abandoned()), Integer.toString(q.voicemail()),
        Integer.toString(q.callback()), Integer.toString(q.unreached()),
        Integer.toString(q.timeout()),
        Integer.toString(q.notQueued()), Integer.toString(q.leftEmpty()),
        duration(q.averageWait()), q.queued() == 0 ? "-" : duration(q.maxWait()),
        duration(q.averageAnswerWait()), duration(q.averageTalk()), percent(q.serviceLevel()),
        percent(q.serviceLevel2()), percent(q.abandonmentRate())};
  }

  private static String table(List<String[]> rows) {
    int columns = rows.get(0).length;
    int[] width = new int[columns];
    for (String[] row : rows) {
      for (int c = 0; c < columns; c++) {
        width[c] = Math.max(width[c], row[c].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (int r = 0; r < rows.size(); r++) {
      line(out, rows.get(r), width);
      if (r == 0) {
        String[] rule = new String[columns];
        for (int c = 0; c < columns; c++) {
          rule[c] = "-".repeat(width[c]);
        }
        line(out, rule, width);
      }
    }
    return out.toString();
  }

  private static void line(StringBuilder out, String[] cells, int[] width) {
    StringBuilder line = new StringBuilder();
    for (int c = 0; c < cells.length; c++) {
      if (c > 0) {
        line.append("  ");
      }
      String pad = " ".repeat(width[c] - cells[c].length());
      line.append(c == 0 ? cells[c] + pad : pad + cells[c]);
    }
    out.append(line.toString().stripTrailing()).append('\n');
  }
}
