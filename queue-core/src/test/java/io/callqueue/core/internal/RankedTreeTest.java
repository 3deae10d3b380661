package io.callqueue.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RankedTreeTest {

  /** A key of the reference model. */
  record Key(long k1, long k2, long k3) {}

  private static final Comparator<Key> ORDER = Comparator.comparingLong(Key::k1)
      .thenComparingLong(Key::k2).thenComparingLong(Key::k3);

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void randomAddsAndRemoves_matchTreeMapInOrderRankAndMembership(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    RankedTree<String> tree = new RankedTree<>();
    TreeMap<Key, String> model = new TreeMap<>(ORDER);
    int range = 5 + rnd.nextInt(200);
    for (int step = 0; step < 4000; step++) {
      Key k = new Key(rnd.nextInt(range) - range / 2, rnd.nextInt(3), rnd.nextInt(3));
      String v = "v" + step;
      if (rnd.nextInt(3) > 0) {
        assertThat(tree.add(k.k1(), k.k2(), k.k3(), v)).isEqualTo(!model.containsKey(k));
        model.putIfAbsent(k, v);
      } else {
        assertThat(tree.remove(k.k1(), k.k2(), k.k3())).isEqualTo(model.remove(k));
      }
      tree.verify();
      assertThat(tree.size()).isEqualTo(model.size());
      assertThat(tree.get(k.k1(), k.k2(), k.k3())).isEqualTo(model.get(k));
      assertThat(tree.rank(k.k1(), k.k2(), k.k3())).isEqualTo(model.headMap(k).size());
      if (step % 97 == 0) {
        assertThat(tree.toList()).containsExactlyElementsOf(model.values());
        List<String> iterated = new ArrayList<>();
        tree.iterator().forEachRemaining(iterated::add);
        assertThat(iterated).containsExactlyElementsOf(model.values());
        assertThat(tree.first()).isEqualTo(model.isEmpty() ? null : model.firstEntry().getValue());
        assertThat(tree.last()).isEqualTo(model.isEmpty() ? null : model.lastEntry().getValue());
      }
    }
  }

  @Test
  void firstMatching_returnsFirstInKeyOrderThatPasses() {
    RankedTree<Integer> tree = new RankedTree<>();
    for (int i = 99; i >= 0; i--) {
      tree.add(i, 0, 0, i);
    }
    assertThat(tree.firstMatching((v, m) -> v % m == 0 && v > 0, 7)).isEqualTo(7);
    assertThat(tree.firstMatching((v, m) -> v > m, 1000)).isNull();
  }

  @ParameterizedTest
  @ValueSource(longs = {-1, 0, 10, 41, 42, 98, 99, 500})
  void firstMatchingAbove_considersOnlyGreaterKeys(long bound) {
    RankedTree<Integer> tree = new RankedTree<>();
    Map<Integer, Integer> model = new TreeMap<>();
    for (int i = 0; i < 100; i += 2) {
      tree.add(i, 0, 0, i);
      model.put(i, i);
    }
    Integer expected = model.keySet().stream().filter(v -> v > bound && v % 3 == 0).findFirst()
        .orElse(null);
    assertThat(tree.firstMatchingAbove(bound, 0, 0, (v, m) -> v % m == 0, 3)).isEqualTo(expected);
  }

  @Test
  void ascendingInserts_stayBalanced_rankIsLogarithmicDescent() {
    RankedTree<Integer> tree = new RankedTree<>();
    for (int i = 0; i < 100_000; i++) {
      tree.add(i, 0, 0, i);
    }
    tree.verify();
    assertThat(tree.rank(54_321, 0, 0)).isEqualTo(54_321);
    assertThat(tree.rank(54_321, 0, 1)).isEqualTo(54_322);
    assertThat(tree.first()).isZero();
    assertThat(tree.last()).isEqualTo(99_999);
  }

  @Test
  void clear_thenReuse_behavesAsNew() {
    RankedTree<Integer> tree = new RankedTree<>();
    for (int i = 0; i < 50; i++) {
      tree.add(i % 7, i, 0, i);
    }
    for (int i = 0; i < 50; i += 3) {
      tree.remove(i % 7, i, 0);
    }
    tree.clear();
    assertThat(tree.isEmpty()).isTrue();
    assertThat(tree.first()).isNull();
    tree.add(5, 0, 0, 5);
    tree.add(1, 0, 0, 1);
    tree.verify();
    assertThat(tree.toList()).containsExactly(1, 5);
    assertThat(tree.rank(5, 0, 0)).isEqualTo(1);
  }
}
