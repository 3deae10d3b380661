package io.callqueue.benchmarks.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.callqueue.core.estimate.Estimators;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ScenarioSpaceTest {
  private static final List<String> ESTIMATORS = Scenario.ALL_ESTIMATORS;

  private static List<ScenarioSpace.Drawn> draw(long seed, int n) {
    return ScenarioSpace.draw(seed, n, 10_000, ESTIMATORS, Duration.ofSeconds(60));
  }

  @Test
  void sameSeed_sameScenarios_andDrawIDoesNotDependOnHowManyAreDrawn() {
    // (RateProfile has no equals: the scenarios are compared by their full text)
    List<String> a = text(draw(7, 30));
    assertThat(text(draw(7, 30))).isEqualTo(a);
    assertThat(text(draw(7, 5))).isEqualTo(a.subList(0, 5));
    assertThat(text(draw(8, 5))).doesNotContainAnyElementsOf(a);
  }

  private static List<String> text(List<ScenarioSpace.Drawn> drawn) {
    return drawn.stream().map(d -> d.scenario() + " " + d.description()).toList();
  }

  @Test
  void drawsCoverTheSpace() {
    List<ScenarioSpace.Drawn> all = draw(1, 200);
    Set<Integer> queueCounts = new HashSet<>();
    Set<Class<?>> handleKinds = new HashSet<>();
    boolean tiers = false;
    boolean shared = false;
    boolean overloaded = false;
    boolean missedRings = false;
    boolean profile = false;
    boolean noPatience = false;
    for (ScenarioSpace.Drawn d : all) {
      Scenario s = d.scenario();
      assertThat(s.agents()).isBetween(2, 60);
      assertThat(s.queues().size()).isBetween(1, Math.min(4, s.agents()));
      assertThat(d.peakLoad()).isBetween(0.6, 1.3);
      assertThat(d.meanLoad()).isLessThanOrEqualTo(d.peakLoad());
      assertThat(s.estimateEvery()).contains(Duration.ofSeconds(60));
      assertThat(s.warmUpCalls()).isEqualTo(200);
      queueCounts.add(s.queues().size());
      overloaded |= d.peakLoad() > 1;
      missedRings |= s.noAnswerProbability() > 0;
      profile |= !s.arrivals().isConstant();
      for (QueueSpec q : s.queues()) {
        handleKinds.add(s.handleTimeOf(q).getClass());
        noPatience |= s.patienceOf(q).isEmpty();
        for (QueueSpec.MemberRange m : q.members()) {
          tiers |= m.priority() > 0;
        }
      }
      for (int n = 1; n <= s.agents(); n++) {
        int queues = 0;
        for (QueueSpec q : s.queues()) {
          queues += q.priorityOf(n) >= 0 ? 1 : 0;
        }
        shared |= queues > 1;
      }
      if (!s.arrivals().isConstant()) {
        double max = 0;
        double min = Double.MAX_VALUE;
        for (RateProfile.Segment seg : s.arrivals().segments()) {
          max = Math.max(max, seg.perHour());
          min = Math.min(min, seg.perHour());
        }
        assertThat(max / min).isBetween(1.9, 4.1);
      }
    }
    assertThat(queueCounts).containsExactlyInAnyOrder(1, 2, 3, 4);
    assertThat(handleKinds).containsExactlyInAnyOrder(Distribution.Exponential.class,
        Distribution.LogNormal.class, Distribution.Constant.class);
    assertThat(tiers).isTrue();
    assertThat(shared).isTrue();
    assertThat(overloaded).isTrue();
    assertThat(missedRings).isTrue();
    assertThat(profile).isTrue();
    assertThat(noPatience).isTrue();
  }

  @Test
  void aQueueWithoutPatienceIsNeverOverloadedOnAverage() {
    for (ScenarioSpace.Drawn d : draw(3, 200)) {
      Scenario s = d.scenario();
      double[] shares = s.normalisedShares();
      double workPerCall = 0;
      for (int q = 0; q < shares.length; q++) {
        QueueSpec spec = s.queues().get(q);
        workPerCall += shares[q] * (s.handleTimeOf(spec).mean() + s.wrapUpOf(spec).toSeconds());
      }
      double perSecond = s.arrivals().meanPerHour() / 3600;
      for (int q = 0; q < shares.length; q++) {
        QueueSpec spec = s.queues().get(q);
        if (s.patienceOf(spec).isPresent()) {
          continue;
        }
        double offered = perSecond * shares[q]
            * (s.handleTimeOf(spec).mean() + s.wrapUpOf(spec).toSeconds());
        int members = 0;
        for (int n = 1; n <= s.agents(); n++) {
          members += spec.priorityOf(n) >= 0 ? 1 : 0;
        }
        assertThat(offered).as("draw %d, %s", d.index(), spec).isLessThanOrEqualTo(0.96 * members);
      }
      assertThat(workPerCall).isPositive();
    }
  }

  @Test
  void spaceCommand_printsTheDistributionAndEveryScenario() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = SpaceCommand.run(List.of("--scenarios", "3", "--calls", "1500", "--seed", "2"),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(code).isZero();
    assertThat(text).contains("3 scenarios drawn with seed 2", "| default, at joining |",
        "| default, repeated |", "Worst ", "Every scenario");
    for (ScenarioSpace.Drawn d : ScenarioSpace.draw(2, 3, 1500, ESTIMATORS,
        Duration.ofSeconds(60))) {
      assertThat(text).contains("\n| " + d.index());
    }
  }

  @Test
  void spaceCommand_badFlag_saysWhich() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = SpaceCommand.run(List.of("--candidates", "nope"), System.out,
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("--candidates: unknown estimator 'nope'", Estimators.DEFAULT, "usage: space");
  }
}
