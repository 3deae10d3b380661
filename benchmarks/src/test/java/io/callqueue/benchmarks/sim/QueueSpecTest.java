package io.callqueue.benchmarks.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QueueSpecTest {

  @Test
  void parse_readsEveryKey() {
    QueueSpec q = QueueSpec.parse("--queue", "support,weight=1,share=0.7,agents=7-10+1-6@1,"
        + "handle=lognormal:300s:200s,patience=exp:120s,wrap-up=10s");
    assertThat(q.name()).isEqualTo("support");
    assertThat(q.weight()).isEqualTo(1);
    assertThat(q.share()).isEqualTo(0.7);
    assertThat(q.members()).containsExactly(new QueueSpec.MemberRange(7, 10, 0),
        new QueueSpec.MemberRange(1, 6, 1));
    assertThat(q.handleTime()).contains(Distribution.lognormal(300, 200));
    assertThat(q.patience()).contains(Optional.of(Distribution.exponential(120)));
    assertThat(q.wrapUp()).contains(Duration.ofSeconds(10));
    assertThat(q).hasToString("support,weight=1,share=0.7,agents=7-10+1-6@1,"
        + "handle=lognormal:300s:200s,patience=exp:120s,wrap-up=10s");
  }

  @ParameterizedTest
  @CsvSource({"1, 1", "6, 1", "7, 0", "10, 0", "11, -1"})
  void priorityOf_firstRangeNamingTheAgent(int agent, int priority) {
    QueueSpec q = QueueSpec.parse("--queue", "support,agents=7-10+1-6@1");
    assertThat(q.priorityOf(agent)).isEqualTo(priority);
  }

  @Test
  void noAgents_meansEveryAgentAtPriorityZero_andPatienceNoneIsInfinite() {
    QueueSpec q = QueueSpec.parse("--queue", "sales,patience=none");
    assertThat(q.members()).isEmpty();
    assertThat(q.priorityOf(99)).isZero();
    assertThat(q.patience()).contains(Optional.empty());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "weight=2 | must start with the queue's name",
      "sales,colour=red | unknown key 'colour'",
      "sales,weight | expected key=value",
      "sales,weight=heavy | expected a whole number",
      "sales,share=0 | must be > 0",
      "sales,agents=5-2 | 1 <= from <= to",
      "sales,agents=1-3@1001 | priority 0..1000",
  })
  void parse_badSpec_saysWhy(String text, String problem) {
    assertThatThrownBy(() -> QueueSpec.parse("--queue", text))
        .isInstanceOf(UsageException.class).hasMessageContaining(problem);
  }

  @Test
  void scenario_rejectsMembersBeyondTheAgents_andBadQueueNames() {
    assertThatThrownBy(() -> Scenario.builder().agents(5)
        .queues(List.of(QueueSpec.parse("--queue", "sales,agents=1-8"),
            QueueSpec.named("bad name")))
        .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("agent 8 does not exist")
        .hasMessageContaining("queue 'bad name': name must be");
  }
}
