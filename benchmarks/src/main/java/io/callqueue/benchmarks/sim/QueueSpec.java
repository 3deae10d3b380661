package io.callqueue.benchmarks.sim;

import io.callqueue.api.Membership;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One simulated queue: its name, weight (capability 18), share of the arriving calls, members
 * (agent numbers with a membership priority, capability 5) and optional overrides of the
 * scenario's handle time, patience and wrap-up.
 *
 * <p>Command line ({@code --queue}, repeatable):
 * {@code NAME[,weight=W][,share=X][,agents=A-B[@P]+C[@P]...][,handle=DIST][,patience=DIST|none][,wrap-up=DUR]},
 * e.g. {@code support,weight=1,share=0.7,agents=7-10+1-6@1}: agents 7 to 10 at priority 0 and
 * agents 1 to 6 at priority 1 (tried only when no better one is free). Agents are numbered from 1;
 * without {@code agents} every agent is a member at priority 0; without {@code share} the queues
 * share the calls equally (shares are normalised to sum to 1).
 *
 * @param name the queue's name
 * @param weight its weight, 0 by default
 * @param share its share of the calls, or NaN for an equal share
 * @param members the member ranges; empty for every agent at priority 0
 * @param handleTime this queue's handle time, if not the scenario's
 * @param patience this queue's patience (empty inner optional: infinite), if not the scenario's
 * @param wrapUp this queue's wrap-up, if not the scenario's
 */
public record QueueSpec(String name, int weight, double share, List<MemberRange> members,
    Optional<Distribution> handleTime, Optional<Optional<Distribution>> patience,
    Optional<Duration> wrapUp) {

  /**
   * Agents {@code from..to} (numbered from 1, inclusive) as members of this priority.
   *
   * @param from the first agent
   * @param to the last agent
   * @param priority the membership priority, lower is better
   */
  public record MemberRange(int from, int to, int priority) {
    public MemberRange {
      if (from < 1 || to < from || priority < 0 || priority > Membership.MAX_PRIORITY) {
        throw new IllegalArgumentException("agent range needs 1 <= from <= to and priority 0.."
            + Membership.MAX_PRIORITY + ", was " + from + "-" + to + "@" + priority);
      }
    }
  }

  public QueueSpec {
    Objects.requireNonNull(name, "name");
    members = List.copyOf(members);
    Objects.requireNonNull(handleTime, "handleTime");
    Objects.requireNonNull(patience, "patience");
    Objects.requireNonNull(wrapUp, "wrapUp");
  }

  /** A queue of this name with every agent, weight 0, an equal share and no overrides. */
  public static QueueSpec named(String name) {
    return new QueueSpec(name, 0, Double.NaN, List.of(), Optional.empty(), Optional.empty(),
        Optional.empty());
  }

  /** This queue with another weight. */
  public QueueSpec withWeight(int w) {
    return new QueueSpec(name, w, share, members, handleTime, patience, wrapUp);
  }

  /** This queue with another share of the calls. */
  public QueueSpec withShare(double s) {
    return new QueueSpec(name, weight, s, members, handleTime, patience, wrapUp);
  }

  /** This queue with these members. */
  public QueueSpec withMembers(List<MemberRange> m) {
    return new QueueSpec(name, weight, share, m, handleTime, patience, wrapUp);
  }

  /** This queue with its own handle time. */
  public QueueSpec withHandleTime(Distribution d) {
    return new QueueSpec(name, weight, share, members, Optional.of(d), patience, wrapUp);
  }

  /** This queue with its own patience (empty: infinite). */
  public QueueSpec withPatience(Optional<Distribution> p) {
    return new QueueSpec(name, weight, share, members, handleTime, Optional.of(p), wrapUp);
  }

  /** This queue with its own wrap-up. */
  public QueueSpec withWrapUp(Duration d) {
    return new QueueSpec(name, weight, share, members, handleTime, patience, Optional.of(d));
  }

  /**
   * The membership priority of agent {@code n} (from 1) in this queue, or -1 when it is not a
   * member. The first range naming the agent counts.
   */
  public int priorityOf(int n) {
    if (members.isEmpty()) {
      return 0;
    }
    for (MemberRange r : members) {
      if (n >= r.from() && n <= r.to()) {
        return r.priority();
      }
    }
    return -1;
  }

  /** Parses the command-line form (see the class comment). */
  public static QueueSpec parse(String what, String text) {
    if (text == null || text.isBlank()) {
      throw new UsageException(what + ": expected NAME[,weight=W][,share=X][,agents=A-B[@P]+...]");
    }
    String[] parts = text.split(",");
    QueueSpec q = named(parts[0].trim());
    if (q.name().isEmpty() || q.name().contains("=")) {
      throw new UsageException(what + ": the queue spec must start with the queue's name, was '"
          + text + "'");
    }
    String who = what + " " + q.name();
    for (int i = 1; i < parts.length; i++) {
      String p = parts[i].trim();
      int eq = p.indexOf('=');
      if (eq < 0) {
        throw new UsageException(who + ": expected key=value, was '" + p + "'");
      }
      String key = p.substring(0, eq).trim().toLowerCase(Locale.ROOT);
      String value = p.substring(eq + 1).trim();
      switch (key) {
        case "weight" -> q = q.withWeight(parseInt(who + " weight", value));
        case "share" -> {
          double s;
          try {
            s = Double.parseDouble(value);
          } catch (NumberFormatException e) {
            throw new UsageException(who + " share: expected a number, was '" + value + "'");
          }
          if (!(s > 0) || !Double.isFinite(s)) {
            throw new UsageException(who + " share: must be > 0, was '" + value + "'");
          }
          q = q.withShare(s);
        }
        case "agents" -> q = q.withMembers(parseMembers(who + " agents", value));
        case "handle", "handle-time" -> q = q.withHandleTime(Distribution.parse(who + " handle",
            value));
        case "patience" -> q = q.withPatience(parsePatience(who + " patience", value));
        case "wrap-up", "wrapup" -> q = q.withWrapUp(Durations.parse(who + " wrap-up", value));
        default -> throw new UsageException(who + ": unknown key '" + key + "' (known: weight,"
            + " share, agents, handle, patience, wrap-up)");
      }
    }
    return q;
  }

  /** {@code none} (infinite patience) or a distribution. */
  static Optional<Distribution> parsePatience(String what, String value) {
    String v = value == null ? "" : value.trim();
    if (v.equalsIgnoreCase("none") || v.equalsIgnoreCase("infinite")) {
      return Optional.empty();
    }
    return Optional.of(Distribution.parse(what, v));
  }

  private static List<MemberRange> parseMembers(String what, String value) {
    List<MemberRange> out = new ArrayList<>();
    for (String r : value.split("\\+")) {
      String range = r.trim();
      int priority = 0;
      int at = range.indexOf('@');
      if (at >= 0) {
        priority = parseInt(what, range.substring(at + 1));
        range = range.substring(0, at);
      }
      int dash = range.indexOf('-');
      int from = parseInt(what, dash < 0 ? range : range.substring(0, dash));
      int to = dash < 0 ? from : parseInt(what, range.substring(dash + 1));
      try {
        out.add(new MemberRange(from, to, priority));
      } catch (IllegalArgumentException e) {
        throw new UsageException(what + ": " + e.getMessage());
      }
    }
    return out;
  }

  private static int parseInt(String what, String value) {
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new UsageException(what + ": expected a whole number, was '" + value + "'");
    }
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder(name);
    if (weight != 0) {
      b.append(",weight=").append(weight);
    }
    if (!Double.isNaN(share)) {
      b.append(",share=").append(share);
    }
    if (!members.isEmpty()) {
      b.append(",agents=");
      for (int i = 0; i < members.size(); i++) {
        MemberRange r = members.get(i);
        b.append(i == 0 ? "" : "+").append(r.from());
        if (r.to() != r.from()) {
          b.append('-').append(r.to());
        }
        if (r.priority() != 0) {
          b.append('@').append(r.priority());
        }
      }
    }
    handleTime.ifPresent(d -> b.append(",handle=").append(d));
    patience.ifPresent(p -> b.append(",patience=").append(p.map(Object::toString).orElse("none")));
    wrapUp.ifPresent(d -> b.append(",wrap-up=").append(Durations.format(d)));
    return b.toString();
  }
}
