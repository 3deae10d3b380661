package io.callqueue.testkit.property;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatefulPropertyTest {
  private final Map<String, String> props = new HashMap<>();

  private StatefulProperty property(String name) {
    return StatefulProperty.named(name).properties(props::get);
  }

  /** Draws a digit per step; fails at the end when a 7 was drawn (so every prefix matters). */
  private static void noSevens(Sequence seq) {
    boolean seven = false;
    for (int i = 0; i < seq.maxSteps(); i++) {
      int v = seq.gen().intIn(0, 9);
      seq.step("draw %d", v);
      seven |= v == 7;
    }
    assertThat(seven).as("a 7 was drawn").isFalse();
  }

  private static String seedIn(AssertionError e) {
    String m = e.getMessage();
    int at = m.indexOf("-Dcallqueue.seed=") + "-Dcallqueue.seed=".length();
    int end = m.indexOf(' ', at);
    return end < 0 ? m.substring(at).trim() : m.substring(at, end).trim();
  }

  private static List<String> stepLines(AssertionError e) {
    List<String> out = new ArrayList<>();
    for (String line : e.getMessage().split("\n")) {
      if (line.matches("\\s+\\d+\\. .*")) {
        out.add(line.trim());
      }
    }
    return out;
  }

  @Test
  void passingProperty_runsEverySequenceWithItsDerivedSeed() {
    List<Long> seeds = new ArrayList<>();
    property("passes").sequences(25).maxSteps(3).baseSeed(7).check(seq -> seeds.add(seq.seed()));

    assertThat(seeds).hasSize(25).doesNotHaveDuplicates();
    for (int i = 0; i < 25; i++) {
      assertThat(seeds.get(i)).isEqualTo(StatefulProperty.seedOf(7, i));
    }
  }

  @Test
  void failingProperty_reportsNameSeedStepsAndReplayFlag() {
    AssertionError e = catchThrowableOfType(AssertionError.class,
        () -> property("no sevens").sequences(50).maxSteps(30).minimize(false)
            .check(StatefulPropertyTest::noSevens));

    assertThat(e.getMessage())
        .startsWith("Property 'no sevens' failed on sequence ")
        .contains("a 7 was drawn")
        .contains("Steps (30):")
        .contains("   1. draw ")
        .contains("Replay just this case with: -Dcallqueue.seed=");
    long seed = Long.parseLong(seedIn(e));
    assertThat(e.getMessage()).contains("(seed " + seed + ")");
    assertThat(e.getCause()).isInstanceOf(AssertionError.class);
    assertThat(stepLines(e)).hasSize(30);
  }

  @Test
  void replayingTheReportedSeed_runsOnlyThatSequenceWithTheSameSteps() {
    AssertionError first = catchThrowableOfType(AssertionError.class,
        () -> property("no sevens").sequences(50).maxSteps(30).minimize(false)
            .check(StatefulPropertyTest::noSevens));
    props.put(StatefulProperty.SEED_PROPERTY, seedIn(first));
    List<Long> runs = new ArrayList<>();

    AssertionError replay = catchThrowableOfType(AssertionError.class,
        () -> property("no sevens").sequences(50).maxSteps(30).minimize(false).check(seq -> {
          runs.add(seq.seed());
          noSevens(seq);
        }));

    assertThat(runs).containsExactly(Long.parseLong(seedIn(first)));
    assertThat(stepLines(replay)).isEqualTo(stepLines(first));
  }

  @Test
  void sequencesProperty_overridesTheCount() {
    props.put(StatefulProperty.SEQUENCES_PROPERTY, "3");
    int[] runs = {0};

    property("count").sequences(100).check(seq -> runs[0]++);

    assertThat(runs[0]).isEqualTo(3);
  }

  @Test
  void stepsProperty_overridesMaxSteps() {
    props.put(StatefulProperty.STEPS_PROPERTY, "4");
    List<Integer> budgets = new ArrayList<>();

    property("steps").sequences(2).maxSteps(50).check(seq -> budgets.add(seq.maxSteps()));

    assertThat(budgets).containsExactly(4, 4);
  }

  @Test
  void failureFoundLate_isCutToTheShortestFailingPrefix() {
    AssertionError e = catchThrowableOfType(AssertionError.class,
        () -> property("no sevens").sequences(50).maxSteps(40)
            .check(StatefulPropertyTest::noSevens));

    List<String> steps = stepLines(e);
    assertThat(steps).isNotEmpty();
    assertThat(steps.get(steps.size() - 1)).endsWith("draw 7");
    assertThat(steps.subList(0, steps.size() - 1)).noneMatch(s -> s.endsWith("draw 7"));
    assertThat(e.getMessage())
        .contains("Cut to the shortest failing prefix: maxSteps " + steps.size() + " instead of 40"
            + " (the first failure came after 40 recorded steps).")
        .contains("-Dcallqueue.steps=" + steps.size());
  }

  @Test
  void minimizedCase_replaysWithTheReportedSeedAndSteps() {
    AssertionError e = catchThrowableOfType(AssertionError.class,
        () -> property("no sevens").sequences(50).maxSteps(40)
            .check(StatefulPropertyTest::noSevens));
    props.put(StatefulProperty.SEED_PROPERTY, seedIn(e));
    props.put(StatefulProperty.STEPS_PROPERTY, String.valueOf(stepLines(e).size()));
    props.put(StatefulProperty.MINIMIZE_PROPERTY, "false");

    AssertionError replay = catchThrowableOfType(AssertionError.class,
        () -> property("no sevens").sequences(50).maxSteps(40)
            .check(StatefulPropertyTest::noSevens));

    assertThat(stepLines(replay)).isEqualTo(stepLines(e));
  }

  @Test
  void failureInsideTheLoop_isReportedWithTheStepsUpToIt() {
    AssertionError e = catchThrowableOfType(AssertionError.class,
        () -> property("fails at step 5").sequences(1).maxSteps(20).check(seq -> {
          for (int i = 1; i <= seq.maxSteps(); i++) {
            seq.step("step %d", i);
            if (i == 5) {
              throw new IllegalStateException("broken at 5");
            }
          }
        }));

    assertThat(stepLines(e)).containsExactly("1. step 1", "2. step 2", "3. step 3", "4. step 4",
        "5. step 5");
    assertThat(e.getMessage()).contains("java.lang.IllegalStateException: broken at 5");
    assertThat(e.getCause()).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void notes_appearInTheLogWithoutNumbers() {
    AssertionError e = catchThrowableOfType(AssertionError.class,
        () -> property("notes").sequences(1).maxSteps(1).check(seq -> {
          seq.note("queue q1 with 2 agents");
          seq.step("offer c1");
          throw new AssertionError("lost c1");
        }));

    assertThat(e.getMessage()).contains("        queue q1 with 2 agents\n     1. offer c1");
  }

  @Test
  void hexSeed_isAccepted() {
    props.put(StatefulProperty.SEED_PROPERTY, "0xff");
    List<Long> seeds = new ArrayList<>();

    property("hex").check(seq -> seeds.add(seq.seed()));

    assertThat(seeds).containsExactly(255L);
  }

  @Test
  void invalidSetting_namesThePropertyAndValue() {
    props.put(StatefulProperty.SEQUENCES_PROPERTY, "many");

    assertThatThrownBy(() -> property("bad").check(seq -> {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("-Dcallqueue.sequences must be a whole number, was 'many'");
  }

  @Test
  void sameSeed_drawsTheSameValues() {
    Gen a = new Gen(99);
    Gen b = new Gen(99);
    for (int i = 0; i < 100; i++) {
      assertThat(a.intIn(-5, 5)).isEqualTo(b.intIn(-5, 5));
    }
  }

  @Test
  void staticRun_checksLikeTheBuilder() {
    List<Integer> seen = new ArrayList<>();

    StatefulProperty.run("static", 4, 2, 1L, seq -> seen.add(seq.index()));

    assertThat(seen).hasSizeBetween(1, 4); // a -Dcallqueue.* setting of the build may shrink it
  }
}
