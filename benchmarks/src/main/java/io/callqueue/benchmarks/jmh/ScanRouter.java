package io.callqueue.benchmarks.jmh;

import io.callqueue.api.Strategy;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The baseline: routing decisions made the way Asterisk's app_queue makes them, by scanning, on
 * data laid out as app_queue lays it out. Written for this benchmark from the documented
 * behaviour of app_queue ({@code calc_metric}, {@code is_our_turn}, {@code compare_weight},
 * {@code num_available_members}, {@code insert_entry}); no code is taken from it.
 *
 * <h2>Data</h2>
 * A container of all queues, walked in order; per queue an array of members in membership order,
 * a hash of the members by interface name (app_queue's {@code ao2} members container) and a
 * singly linked list of waiting callers ordered by caller priority then arrival, kept by walking
 * the list on insert and remove. Agent counters (calls, last call, talk time) are per agent, as
 * the engine keeps them, rather than per membership as app_queue does.
 *
 * <h2>Decisions</h2>
 * <ul>
 *   <li><b>Is it the caller's turn</b> ({@code is_our_turn}, autofill on): count the available
 *       members by walking all members of the queue, count the callers ahead by walking the list;
 *       its turn when fewer are ahead than members available.
 *   <li><b>Which member</b> ({@code try_calling}, {@code ring_one}): walk every member of the
 *       queue computing a metric of {@code penalty × 1,000,000 + strategy metric} (ring-all 0,
 *       linear the position, rrmemory the position after the one rung last or position + member
 *       count before it, random a draw below 1,000, fewestcalls the calls, leastrecent
 *       {@code 1,000,000 − time since the last call} and 0 for none, leasttalktime the talk time;
 *       the strategy metric is clamped below 1,000,000 so the penalty stays the leading term, and
 *       equal metrics fall back to the engine's tie-breaks, so that both routers pick the same
 *       agent). Ring the available member of least metric, or for ring-all every available member
 *       of the least metric; each member about to ring first passes {@code compare_weight}.
 *   <li><b>Weights</b> ({@code compare_weight}): walk every other queue; where it has callers,
 *       look the member up in its hash, and when that queue is heavier and has at least as many
 *       callers as available members (another walk of its members), leave the member to it.
 *   <li><b>A freed agent</b>: app_queue has no such event: every waiting caller re-checks its
 *       turn once a second. One operation here counts only the checks that can succeed, and so
 *       favours the scan: walk the queues, and for each that has callers and holds the agent (hash
 *       look-up) check its head caller's turn; the best head by (queue weight, caller priority,
 *       arrival), as the engine ranks them, then tries its members as above.
 * </ul>
 * Unlike app_queue, nothing is allocated per decision (app_queue allocates a call attempt per
 * member per try) and no dialled-interface list is walked, which again favours the scan.
 *
 * <p>Cost per decision: O(members of the queue) for the metric walk and each turn check, plus
 * O(queues) for each {@code compare_weight} (plus a member walk per heavier sharing queue with
 * callers), plus O(callers ahead) for list upkeep; the engine's indexed match is O(log n).
 */
final class ScanRouter implements Router {
  private static final long PENALTY = 1_000_000L;
  private static final long NEVER = Long.MIN_VALUE;

  private enum Status { AVAILABLE, PAUSED, RINGING, ON_CALL }

  private static final class ScanAgent {
    final int index;
    final String iface;
    Status status = Status.AVAILABLE;
    int calls;
    long lastCall = NEVER;
    long talk;
    long answeredAt;

    ScanAgent(int index) {
      this.index = index;
      this.iface = "SIP/" + Topology.agentName(index);
    }
  }

  private static final class ScanMember {
    final ScanAgent agent;
    final int tier;
    final int pos;
    boolean skipped;

    ScanMember(ScanAgent agent, int tier, int pos) {
      this.agent = agent;
      this.tier = tier;
      this.pos = pos;
    }
  }

  private static final class ScanCaller {
    final int slot;
    int queue;
    int priority;
    long seq;
    ScanCaller next;

    ScanCaller(int slot) {
      this.slot = slot;
    }
  }

  private static final class ScanQueue {
    final int index;
    final int weight;
    final ScanMember[] members;
    final Map<String, ScanMember> byIface;
    /** Per tier: the position of the member rung last (rrmemory), -1 for none. */
    final long[] lastRung = new long[Topology.TIERS];
    ScanCaller head;
    int count;

    ScanQueue(int index, int weight, ScanMember[] members) {
      this.index = index;
      this.weight = weight;
      this.members = members;
      this.byIface = new HashMap<>(Math.max(4, members.length * 2));
      for (ScanMember m : members) {
        byIface.put(m.agent.iface, m);
      }
      java.util.Arrays.fill(lastRung, -1);
    }
  }

  private final Strategy strategy;
  private final ScanQueue[] queues;
  private final ScanAgent[] agents;
  private final ScanCaller[] slots;
  private final int[] callOf;
  private final SplittableRandom random;
  /** Members rung by the current decision. */
  private final ScanMember[] rung;
  private int rungCount;
  private final ScanMember[] skippedBuf;
  private int skippedCount;
  private long now;
  private long nextSeq;

  ScanRouter(Topology t, String strategyName, Scenario scenario, int waitingPerQueue, long seed) {
    strategy = Strategy.byName(strategyName);
    if (strategy == null) {
      throw new IllegalArgumentException("unknown strategy '" + strategyName + "'");
    }
    random = new SplittableRandom(seed);
    agents = new ScanAgent[t.agents];
    for (int a = 0; a < t.agents; a++) {
      agents[a] = new ScanAgent(a);
    }
    queues = new ScanQueue[t.queues];
    int maxMembers = 1;
    for (int q = 0; q < t.queues; q++) {
      ScanMember[] ms = new ScanMember[t.members[q].length];
      for (int i = 0; i < ms.length; i++) {
        ms[i] = new ScanMember(agents[t.members[q][i]], t.memberTiers[q][i], i);
      }
      queues[q] = new ScanQueue(q, t.weight[q], ms);
      maxMembers = Math.max(maxMembers, ms.length);
    }
    rung = new ScanMember[maxMembers];
    skippedBuf = new ScanMember[maxMembers];
    Topology.Waiting waiting = scenario == Scenario.BUSY_AGENTS
        ? t.waiting(waitingPerQueue, seed) : Topology.Waiting.NONE;
    slots = new ScanCaller[Math.max(1, t.agents + waiting.queue().length)];
    for (int s = 0; s < slots.length; s++) {
      slots[s] = new ScanCaller(s);
    }
    callOf = new int[t.agents];
    if (scenario == Scenario.BUSY_AGENTS) {
      for (int a = 0; a < t.agents; a++) {
        ScanCaller c = slots[a];
        c.queue = t.agentQueues[a][0];
        c.seq = nextSeq++;
        agents[a].status = Status.ON_CALL;
        agents[a].calls = 1;
        agents[a].answeredAt = now;
        callOf[a] = a;
      }
      for (int i = 0; i < waiting.queue().length; i++) {
        ScanCaller c = slots[t.agents + i];
        c.queue = waiting.queue()[i];
        c.priority = waiting.priority()[i];
        c.seq = nextSeq++;
        insert(queues[c.queue], c);
      }
    } else {
      for (int a = 0; a < t.agents; a++) {
        agents[a].status = t.paused[a] ? Status.PAUSED : Status.AVAILABLE;
      }
    }
  }

  @Override
  public int agentFree(int agent) {
    ScanAgent a = agents[agent];
    ScanCaller ended = slots[callOf[agent]];
    a.talk += now - a.answeredAt;
    a.lastCall = now;
    a.status = Status.AVAILABLE;
    // the polls that can succeed: head callers of the queues holding the agent
    ScanCaller best = null;
    for (ScanQueue q : queues) {
      if (q.head == null || q.byIface.get(a.iface) == null || !isOurTurn(q, q.head)) {
        continue;
      }
      if (best == null || servedBefore(q.head, best)) {
        best = q.head;
      }
    }
    if (best == null) {
      throw new IllegalStateException("no caller can use agent " + agent);
    }
    ScanQueue bq = queues[best.queue];
    if (tryCalling(bq) == 0 || rung[0].agent != a) {
      throw new IllegalStateException("the freed agent " + agent + " was not rung");
    }
    // the agent answers: the caller leaves the queue
    remove(bq, best);
    a.status = Status.ON_CALL;
    a.calls++;
    a.answeredAt = now;
    callOf[agent] = best.slot;
    // a new caller like the one served arrives and checks its turn (nobody is free)
    ended.queue = best.queue;
    ended.priority = best.priority;
    ended.seq = nextSeq++;
    insert(bq, ended);
    if (isOurTurn(bq, ended)) {
      throw new IllegalStateException("an agent is free in the busy scenario");
    }
    now++;
    return best.slot;
  }

  @Override
  public int callArrives(int queue, int priority) {
    ScanCaller c = slots[0];
    c.queue = queue;
    c.priority = priority;
    c.seq = nextSeq++;
    ScanQueue q = queues[queue];
    insert(q, c);
    int n = isOurTurn(q, c) ? tryCalling(q) : 0;
    if (n == 0) {
      remove(q, c);
      return -1;
    }
    ScanAgent first = rung[0].agent;
    for (int i = 1; i < n; i++) {
      rung[i].agent.status = Status.AVAILABLE;
    }
    remove(q, c);
    first.status = Status.ON_CALL;
    first.calls++;
    first.answeredAt = now;
    now++;
    first.talk += now - first.answeredAt;
    first.lastCall = now;
    first.status = Status.AVAILABLE;
    return first.index;
  }

  /**
   * Rings the member(s) of least metric that are available and not left to a heavier queue;
   * returns how many rang ({@link #rung} holds them in member order).
   */
  private int tryCalling(ScanQueue q) {
    rungCount = 0;
    skippedCount = 0;
    try {
      while (true) {
        ScanMember best = null;
        long bestMetric = Long.MAX_VALUE;
        for (ScanMember m : q.members) {
          long metric = metric(q, m);
          if (m.agent.status != Status.AVAILABLE || m.skipped) {
            continue;
          }
          if (best == null || metric < bestMetric
              || (metric == bestMetric && tieBefore(m.agent, best.agent))) {
            best = m;
            bestMetric = metric;
          }
        }
        if (best == null) {
          return 0;
        }
        if (strategy == Strategy.RING_ALL) {
          for (ScanMember m : q.members) {
            if (m.agent.status == Status.AVAILABLE && !m.skipped && m.tier == best.tier) {
              if (compareWeight(q, m.agent)) {
                skip(m);
              } else {
                rung[rungCount++] = m;
              }
            }
          }
        } else if (compareWeight(q, best.agent)) {
          skip(best);
        } else {
          rung[rungCount++] = best;
          q.lastRung[best.tier] = best.pos;
        }
        if (rungCount > 0) {
          for (int i = 0; i < rungCount; i++) {
            rung[i].agent.status = Status.RINGING;
          }
          return rungCount;
        }
      }
    } finally {
      for (int i = 0; i < skippedCount; i++) {
        skippedBuf[i].skipped = false;
      }
    }
  }

  private void skip(ScanMember m) {
    m.skipped = true;
    skippedBuf[skippedCount++] = m;
  }

  /** Asterisk's metric: penalty × 1,000,000 plus the strategy's metric (clamped below it). */
  private long metric(ScanQueue q, ScanMember m) {
    ScanAgent a = m.agent;
    long s = switch (strategy) {
      case RING_ALL -> 0;
      case LINEAR -> m.pos;
      case ROUND_ROBIN -> m.pos > q.lastRung[m.tier] ? m.pos : m.pos + q.members.length;
      case RANDOM -> random.nextInt(1000);
      case FEWEST_CALLS -> a.calls;
      case LEAST_RECENT -> a.lastCall == NEVER ? 0 : PENALTY - (now - a.lastCall);
      case LEAST_TALK_TIME -> a.talk;
    };
    return m.tier * PENALTY + Math.max(0, Math.min(PENALTY - 1, s));
  }

  /** On equal metrics: the engine's tie-breaks before membership order. */
  private boolean tieBefore(ScanAgent a, ScanAgent b) {
    return switch (strategy) {
      case LEAST_RECENT -> a.lastCall < b.lastCall;
      case FEWEST_CALLS -> a.calls != b.calls ? a.calls < b.calls : a.lastCall < b.lastCall;
      case LEAST_TALK_TIME -> a.talk != b.talk ? a.talk < b.talk : a.calls < b.calls;
      default -> false;
    };
  }

  /** Whether a heavier queue with callers holds this member and has no more free members. */
  private boolean compareWeight(ScanQueue rq, ScanAgent agent) {
    for (ScanQueue q : queues) {
      if (q == rq || q.count == 0 || q.members.length == 0) {
        continue;
      }
      if (q.byIface.get(agent.iface) != null && q.weight > rq.weight
          && q.count >= numAvailable(q)) {
        return true;
      }
    }
    return false;
  }

  private static int numAvailable(ScanQueue q) {
    int n = 0;
    for (ScanMember m : q.members) {
      if (m.agent.status == Status.AVAILABLE) {
        n++;
      }
    }
    return n;
  }

  private static boolean isOurTurn(ScanQueue q, ScanCaller c) {
    int available = numAvailable(q);
    int ahead = 0;
    for (ScanCaller x = q.head; x != null && x != c; x = x.next) {
      ahead++;
    }
    return available > 0 && ahead < available;
  }

  /** The engine's order across queues: heavier queue, then higher priority, then arrival. */
  private boolean servedBefore(ScanCaller a, ScanCaller b) {
    int wa = queues[a.queue].weight;
    int wb = queues[b.queue].weight;
    if (wa != wb) {
      return wa > wb;
    }
    if (a.priority != b.priority) {
      return a.priority > b.priority;
    }
    return a.seq < b.seq;
  }

  /** Inserts behind every caller of the same or higher priority ({@code insert_entry}). */
  private static void insert(ScanQueue q, ScanCaller c) {
    ScanCaller prev = null;
    ScanCaller cur = q.head;
    while (cur != null && cur.priority >= c.priority) {
      prev = cur;
      cur = cur.next;
    }
    c.next = cur;
    if (prev == null) {
      q.head = c;
    } else {
      prev.next = c;
    }
    q.count++;
  }

  private static void remove(ScanQueue q, ScanCaller c) {
    ScanCaller prev = null;
    ScanCaller cur = q.head;
    while (cur != null && cur != c) {
      prev = cur;
      cur = cur.next;
    }
    if (cur == null) {
      throw new IllegalStateException("caller " + c.slot + " is not in queue " + q.index);
    }
    if (prev == null) {
      q.head = c.next;
    } else {
      prev.next = c.next;
    }
    c.next = null;
    q.count--;
  }
}
