package io.callqueue.benchmarks.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TopologyTest {

  @Test
  void everyAgent_isInThreeDistinctQueues_listedInMembershipOrder() {
    Topology t = new Topology(500, 20, 1);
    for (int a = 0; a < t.agents; a++) {
      assertThat(Arrays.stream(t.agentQueues[a]).distinct().count()).isEqualTo(3);
      for (int k = 0; k < 3; k++) {
        assertThat(t.members[t.agentQueues[a][k]]).contains(a);
      }
    }
    for (int[] members : t.members) {
      assertThat(members).isSorted();
    }
    assertThat(Arrays.stream(t.members).mapToInt(m -> m.length).sum()).isEqualTo(1_500);
  }

  @Test
  void sameSizesAndSeed_giveTheSameTopology() {
    Topology a = new Topology(300, 30, 42);
    Topology b = new Topology(300, 30, 42);
    assertThat(a.agentQueues).isDeepEqualTo(b.agentQueues);
    assertThat(a.agentTiers).isDeepEqualTo(b.agentTiers);
    assertThat(a.weight).isEqualTo(b.weight);
    assertThat(a.paused).isEqualTo(b.paused);
  }

  @Test
  void waiting_isRoundsOverTheStaffedQueues() {
    Topology t = new Topology(10, 100, 3);
    Topology.Waiting w = t.waiting(2, 3);
    assertThat(w.queue()).hasSize(2 * t.staffed.length);
    assertThat(Arrays.copyOf(w.queue(), t.staffed.length)).isEqualTo(t.staffed);
  }
}
