package io.callqueue.adapter.sip.signalling;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SourceThrottleTest {
  private final MovableClock clock = new MovableClock();
  private final SourceThrottle throttle = new SourceThrottle(
      new SipConfig.FailureLimit(3, Duration.ofMinutes(1), Duration.ofMinutes(5)), clock);
  private final InetAddress guesser = InetAddress.getLoopbackAddress();
  private final InetAddress neighbour = InetAddress.getByAddress(new byte[] {10, 0, 0, 7});

  SourceThrottleTest() throws Exception {}

  @Test
  void thirdFailureWithinTheWindow_blocksThatSourceOnly_untilTheBlockEnds() {
    throttle.failed(guesser, "test");
    throttle.failed(guesser, "test");
    assertThat(throttle.isBlocked(guesser)).isFalse();

    throttle.failed(guesser, "test");
    assertThat(throttle.isBlocked(guesser)).isTrue();
    assertThat(throttle.isBlocked(neighbour)).isFalse();

    clock.advance(Duration.ofMinutes(5).minusSeconds(1));
    assertThat(throttle.isBlocked(guesser)).isTrue();
    clock.advance(Duration.ofSeconds(2));
    assertThat(throttle.isBlocked(guesser)).as("released").isFalse();
    throttle.failed(guesser, "test");
    assertThat(throttle.isBlocked(guesser)).as("counting starts over").isFalse();
  }

  @Test
  void failuresFurtherApartThanTheWindow_neverBlock() {
    for (int i = 0; i < 10; i++) {
      throttle.failed(guesser, "test");
      clock.advance(Duration.ofMinutes(1).plusSeconds(1));
    }
    assertThat(throttle.isBlocked(guesser)).isFalse();
  }

  @Test
  void failuresCloserThanTheWindow_addUpEvenPastOneWindowInTotal() {
    for (int i = 0; i < 3; i++) {
      throttle.failed(guesser, "test");
      clock.advance(Duration.ofSeconds(50));
    }
    assertThat(throttle.isBlocked(guesser)).isTrue();
  }
}
