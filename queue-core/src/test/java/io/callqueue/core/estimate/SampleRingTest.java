package io.callqueue.core.estimate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SampleRingTest {

  @Test
  void randomAddsAndEvictions_matchASimpleDeque() {
    Random random = new Random(42);
    int capacity = 37;
    SampleRing ring = new SampleRing(capacity);
    ArrayDeque<long[]> model = new ArrayDeque<>();
    long time = 0;
    for (int step = 0; step < 5_000; step++) {
      time += random.nextInt(3);
      if (random.nextInt(4) > 0) {
        long a = random.nextInt(1000);
        long b = random.nextInt(2);
        ring.add(time, a, b);
        if (model.size() == capacity) {
          model.removeFirst();
        }
        model.addLast(new long[] {time, a, b});
      } else {
        long cutoff = time - random.nextInt(40);
        int dropped = ring.evictUpTo(cutoff);
        int expected = 0;
        while (!model.isEmpty() && model.peekFirst()[0] <= cutoff) {
          model.removeFirst();
          expected++;
        }
        assertThat(dropped).isEqualTo(expected);
      }
      assertThat(ring.size()).isEqualTo(model.size());
      assertThat(ring.sumA()).isEqualTo(model.stream().mapToLong(x -> x[1]).sum());
      assertThat(ring.sumB()).isEqualTo(model.stream().mapToLong(x -> x[2]).sum());
      int i = 0;
      for (long[] x : model) {
        assertThat(ring.a(i++)).isEqualTo(x[1]);
      }
      if (!model.isEmpty()) {
        assertThat(ring.lastA()).isEqualTo(model.peekLast()[1]);
      }
    }
  }
}
