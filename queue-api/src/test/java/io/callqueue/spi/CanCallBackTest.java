package io.callqueue.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CanCallBackTest {
  /** A port whose only behaviour is TelephonyPort's default methods. */
  private static final TelephonyPort PORT = (TelephonyPort) Proxy.newProxyInstance(
      TelephonyPort.class.getClassLoader(), new Class<?>[] {TelephonyPort.class},
      (proxy, method, args) -> InvocationHandler.invokeDefault(proxy, method, args));

  @ParameterizedTest
  @ValueSource(strings = {"+48612504000", "+12", "0612504000", "1001", "alice", "alice.smith",
      "john_doe-2", "a%20b"})
  void canCallBack_e164OrSipUser_isDialable(String number) {
    assertThat(PORT.canCallBack(number)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "\t", "anonymous", "Anonymous", "UNKNOWN", "restricted",
      "private", "unavailable", "withheld", "+", "-", "+48 61 250", "alice@example.com",
      "12#34", "a%2", "sip:alice", "<1001>"})
  void canCallBack_blankWithheldOrNoDialableShape_isRefused(String number) {
    assertThat(PORT.canCallBack(number)).isFalse();
  }

  @Test
  void canCallBack_null_isRefused() {
    assertThat(PORT.canCallBack(null)).isFalse();
  }

  @Test
  void canCallBack_tooLongForAUserPart_isRefused() {
    assertThat(PORT.canCallBack("a".repeat(64))).isTrue();
    assertThat(PORT.canCallBack("a".repeat(65))).isFalse();
  }
}
