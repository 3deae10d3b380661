package io.callqueue.adapter.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The fuzzer's case generation: the same cases for a seed, all kinds covered, open defects out. */
class SipFuzzerTest {
  private static List<String> describe(long seed, int batch) {
    return SipFuzzer.batch(seed, batch, 40).stream().map(c -> c.kind + "#" + c.seed).toList();
  }

  private static List<SipFuzzer.Case> manyCases() {
    return IntStream.range(0, 50).boxed()
        .flatMap(b -> SipFuzzer.batch(12345L, b, 40).stream()).toList();
  }

  @Test
  void aSeed_givesTheSameCasesEveryTime_andAnotherSeedOthers() {
    assertThat(describe(7, 3)).isEqualTo(describe(7, 3));
    assertThat(describe(7, 3)).isNotEqualTo(describe(8, 3));
    assertThat(describe(7, 3)).isNotEqualTo(describe(7, 4));
  }

  @Test
  void manyBatches_coverEveryBaseMutationAndDialogWhoseDefectIsNotOpen() {
    List<SipFuzzer.Case> cases = manyCases();
    Set<SipFuzzer.Mutation> mutations = EnumSet.noneOf(SipFuzzer.Mutation.class);
    Set<SipFuzzer.Base> bases = EnumSet.noneOf(SipFuzzer.Base.class);
    Set<SipFuzzer.Dialog> dialogs = EnumSet.noneOf(SipFuzzer.Dialog.class);
    for (SipFuzzer.Case c : cases) {
      if (c.dialog != null) {
        dialogs.add(c.dialog);
      } else {
        mutations.add(c.mutation);
        bases.add(c.base);
      }
    }
    assertThat(mutations).containsExactlyInAnyOrder(SipFuzzer.Mutation.values());
    assertThat(bases).containsExactlyInAnyOrder(SipFuzzer.Base.values());
    for (SipFuzzer.Dialog d : SipFuzzer.Dialog.values()) {
      if (d.exposes == null || d.exposes.checked()) {
        assertThat(dialogs).contains(d);
      } else {
        assertThat(dialogs).as("%s exposes %s, which is open", d, d.exposes).doesNotContain(d);
      }
    }
  }
}
