package io.callqueue.core.records;

import static io.callqueue.core.records.Fixtures.t;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class StatisticsTableTest {
  final StatisticsReport report =
      CallStatisticsTest.STATS.report(CallStatisticsTest.day(), t(0), t(3600));

  @Test
  void agentTable_alignsColumns_andShowsDashWithoutTalk() {
    assertThat(StatisticsTable.agents(report)).isEqualTo(""
        + "agent  answered  callbacks  missed  talk time  avg talk\n"
        + "-----  --------  ---------  ------  ---------  --------\n"
        + "alice         2          1       0       2:10      1:05\n"
        + "bob           2          0       2       4:20      2:10\n"
        + "carol         0          0       0       0:00         -\n");
  }

  @Test
  void queueTable_hasARowPerQueueAndATotal() {
    String table = StatisticsTable.queues(report);

    assertThat(table.lines()).hasSize(5);
    assertThat(table.lines().skip(2).findFirst().orElseThrow()).isEqualTo(
        "sales              10         3          2          1         1          0        1"
            + "           1           1      0:58      5:00  0:18      2:30   66.7%  60.0%"
            + "      20.0%");
    assertThat(table).contains("(all queues)").contains("75.0%");
  }

  @Test
  void render_namesTheRange() {
    assertThat(StatisticsTable.render(report))
        .startsWith("Calls offered from 2026-01-05T08:00:00Z to 2026-01-05T09:00:00Z\n\n");
  }

  @ParameterizedTest
  @CsvSource({"0, 0:00", "59, 0:59", "61, 1:01", "3599, 59:59", "3600, 1:00:00", "3725, 1:02:05"})
  void duration_minutesSeconds_orHoursFromOneHour(long seconds, String text) {
    assertThat(StatisticsTable.duration(Duration.ofSeconds(seconds))).isEqualTo(text);
  }
}
