package io.callqueue.adapter.sip.signalling;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressRangeTest {

  @ParameterizedTest(name = "{0} contains {1}: {2}")
  @CsvSource({
    "127.0.0.1, 127.0.0.1, true",
    "127.0.0.1, 127.0.0.2, false",
    "10.0.0.0/8, 10.200.3.4, true",
    "10.0.0.0/8, 11.0.0.1, false",
    "192.168.1.0/25, 192.168.1.127, true",
    "192.168.1.0/25, 192.168.1.128, false",
    "0.0.0.0/0, 203.0.113.9, true",
    "2001:db8::/32, 2001:db8:1::5, true",
    "2001:db8::/32, 2001:db9::5, false",
    "10.0.0.0/8, ::1, false"
  })
  void contains_comparesPrefixBits(String range, String address, boolean expected)
      throws Exception {
    assertThat(AddressRange.parse(range).contains(InetAddress.getByName(address)))
        .isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"pbx.example.com", "10.0.0.0/33", "999.1.1.1", "10.0.0.0/x", "", "1.2.3"})
  void problem_rejectsNamesBadPrefixesAndBadLiterals(String text) {
    assertThat(AddressRange.problem(text)).isNotNull().contains(text.isEmpty() ? "''" : text);
  }
}
