package io.callqueue.adapter.sip.signalling;

import static org.assertj.core.api.Assertions.assertThat;

import io.callqueue.api.RingFailure;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RingFailuresTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "486, BUSY",
    "600, BUSY",
    "603, REJECTED",
    "408, NO_ANSWER",
    "480, NO_ANSWER",
    "487, NO_ANSWER",
    "404, UNREACHABLE",
    "604, UNREACHABLE",
    "500, UNREACHABLE",
    "503, UNREACHABLE",
    "488, UNREACHABLE",
    "403, UNREACHABLE"
  })
  void forStatus_mapsSipFailureToRingFailure(int status, RingFailure expected) {
    assertThat(RingFailures.forStatus(status)).isEqualTo(expected);
  }
}
