package io.callqueue.spi;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** The default rule of {@link TelephonyPort#canCallBack}: what shape of number can be dialled. */
final class CallbackNumbers {
  /** E.164: {@code +}, then 2-15 digits, the first not 0 (as {@code AgentEndpoint.ExternalNumber}). */
  private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{1,14}");
  /** A SIP user part (RFC 3261 unreserved and user-unreserved characters, %HH escapes). */
  private static final Pattern SIP_USER =
      Pattern.compile("(?=.*[A-Za-z0-9])(?:[A-Za-z0-9._!~*'()&=+$,;?/-]|%[0-9A-Fa-f]{2}){1,64}");
  /** What PBXs present as the caller's number when it is withheld. */
  private static final Set<String> WITHHELD =
      Set.of("anonymous", "unknown", "restricted", "private", "unavailable", "withheld");

  private CallbackNumbers() {}

  static boolean dialable(String number) {
    if (number == null || number.isBlank()) {
      return false;
    }
    if (E164.matcher(number).matches()) {
      return true;
    }
    return SIP_USER.matcher(number).matches()
        && !WITHHELD.contains(number.toLowerCase(Locale.ROOT));
  }
}
