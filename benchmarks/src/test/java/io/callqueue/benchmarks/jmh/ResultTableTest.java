package io.callqueue.benchmarks.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultTableTest {
  private static final String HEADER = "\"Benchmark\",\"Mode\",\"Threads\",\"Samples\",\"Score\","
      + "\"Score Error (99.9%)\",\"Unit\",\"Param: agents\",\"Param: queues\",\"Param: router\","
      + "\"Param: strategy\"";
  private static final String B = "\"io.callqueue.benchmarks.jmh.DispatchBenchmark.callArrives";

  @Test
  void engineAndScanRows_becomeOneLineWithTheRatioAndBytesPerOp() {
    List<String> csv = List.of(HEADER,
        B + "\",\"thrpt\",1,5,200000.0,NaN,\"ops/s\",1000,100,engine,ringall",
        B + ":gc.alloc.rate.norm\",\"thrpt\",1,5,2100.4,NaN,\"B/op\",1000,100,engine,ringall",
        B + ":gc.count\",\"thrpt\",1,5,3.0,NaN,\"counts\",1000,100,engine,ringall",
        B + "\",\"thrpt\",1,5,50000.0,NaN,\"ops/s\",1000,100,scan,ringall",
        B + ":gc.alloc.rate.norm\",\"thrpt\",1,5,0.01,NaN,\"B/op\",1000,100,scan,ringall");
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    ResultTable.print(ResultTable.parse(csv), new PrintStream(buf, true, StandardCharsets.UTF_8));
    assertThat(buf.toString(StandardCharsets.UTF_8)).contains(
        "| callArrives | ringall | 1000 | 100 | 200,000 | 50,000 | 4.00× | 2,100 | 0 |");
  }
}
