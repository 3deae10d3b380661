package io.callqueue.benchmarks.jmh;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A pre-generated call centre, identical for every router so that they decide on the same input:
 * {@code queues} queues with mixed weights, {@code agents} agents each a member of three distinct
 * queues with a mixed membership priority (tier 0, 1 or 2), a seeded caller-priority draw, and
 * which agents are paused in the call-arrival scenario. Everything comes from one seeded {@link
 * SplittableRandom}, so a topology is reproducible from its sizes.
 *
 * <p>Membership order inside a queue is the order in which memberships are added: agent by agent,
 * in index order (both routers add them in that order).
 */
final class Topology {
  /** Queues each agent belongs to. */
  static final int QUEUES_PER_AGENT = 3;
  /** Queue weights are drawn from these (capability 18): a third of the queues share each one. */
  static final int[] WEIGHTS = {0, 5, 10};
  /** Membership priority tiers (lower is better). */
  static final int TIERS = 3;
  /** Caller priorities (higher is served first). */
  static final int CALLER_PRIORITIES = 3;

  final int agents;
  final int queues;
  final int[] weight;
  /** agentQueues[a][k]: the k-th queue of agent a. */
  final int[][] agentQueues;
  /** agentTiers[a][k]: agent a's membership priority in its k-th queue. */
  final int[][] agentTiers;
  /** members[q]: the agents of queue q in membership order. */
  final int[][] members;
  /** memberTiers[q][i]: the tier of members[q][i]. */
  final int[][] memberTiers;
  /** In the call-arrival scenario: agent a is paused (half of them), the rest available. */
  final boolean[] paused;
  /** Queues with at least one member. */
  final int[] staffed;
  /** Queues with at least one member that is not paused. */
  final int[] staffedUnpaused;

  Topology(int agents, int queues, long seed) {
    if (agents < 1 || queues < QUEUES_PER_AGENT) {
      throw new IllegalArgumentException(
          "need at least 1 agent and " + QUEUES_PER_AGENT + " queues, was " + agents + " / "
              + queues);
    }
    this.agents = agents;
    this.queues = queues;
    SplittableRandom rnd = new SplittableRandom(seed);
    weight = new int[queues];
    for (int q = 0; q < queues; q++) {
      weight[q] = WEIGHTS[rnd.nextInt(WEIGHTS.length)];
    }
    agentQueues = new int[agents][QUEUES_PER_AGENT];
    agentTiers = new int[agents][QUEUES_PER_AGENT];
    paused = new boolean[agents];
    List<List<int[]>> byQueue = new ArrayList<>(queues);
    for (int q = 0; q < queues; q++) {
      byQueue.add(new ArrayList<>());
    }
    for (int a = 0; a < agents; a++) {
      for (int k = 0; k < QUEUES_PER_AGENT; k++) {
        int q;
        do {
          q = rnd.nextInt(queues);
        } while (contains(agentQueues[a], k, q));
        agentQueues[a][k] = q;
        agentTiers[a][k] = rnd.nextInt(TIERS);
        byQueue.get(q).add(new int[] {a, agentTiers[a][k]});
      }
      paused[a] = rnd.nextBoolean();
    }
    members = new int[queues][];
    memberTiers = new int[queues][];
    int nStaffed = 0;
    int nUnpaused = 0;
    boolean[] unpausedQueue = new boolean[queues];
    for (int q = 0; q < queues; q++) {
      List<int[]> list = byQueue.get(q);
      members[q] = new int[list.size()];
      memberTiers[q] = new int[list.size()];
      for (int i = 0; i < list.size(); i++) {
        members[q][i] = list.get(i)[0];
        memberTiers[q][i] = list.get(i)[1];
        unpausedQueue[q] |= !paused[members[q][i]];
      }
      nStaffed += list.isEmpty() ? 0 : 1;
      nUnpaused += unpausedQueue[q] ? 1 : 0;
    }
    staffed = new int[nStaffed];
    staffedUnpaused = new int[nUnpaused];
    for (int q = 0, i = 0, j = 0; q < queues; q++) {
      if (members[q].length > 0) {
        staffed[i++] = q;
      }
      if (unpausedQueue[q]) {
        staffedUnpaused[j++] = q;
      }
    }
  }

  private static boolean contains(int[] a, int n, int v) {
    for (int i = 0; i < n; i++) {
      if (a[i] == v) {
        return true;
      }
    }
    return false;
  }

  /**
   * The callers waiting in scenario {@code BUSY_AGENTS}, in arrival order: {@code perQueue} rounds
   * over the staffed queues, each caller with a seeded priority. Slot {@code agents + i} is the
   * i-th of them (slots below {@code agents} are the calls the agents are on).
   */
  Waiting waiting(int perQueue, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L);
    int n = perQueue * staffed.length;
    int[] queue = new int[n];
    int[] priority = new int[n];
    for (int r = 0, i = 0; r < perQueue; r++) {
      for (int q : staffed) {
        queue[i] = q;
        priority[i] = rnd.nextInt(CALLER_PRIORITIES);
        i++;
      }
    }
    return new Waiting(queue, priority);
  }

  /** Waiting callers by arrival: the queue and the caller priority of each. */
  record Waiting(int[] queue, int[] priority) {
    static final Waiting NONE = new Waiting(new int[0], new int[0]);
  }

  static String queueName(int q) {
    return "q" + q;
  }

  static String agentName(int a) {
    return "a" + a;
  }

  static String callName(int slot) {
    return "c" + slot;
  }
}
