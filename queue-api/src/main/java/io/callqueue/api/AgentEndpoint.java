package io.callqueue.api;

import java.util.regex.Pattern;

/**
 * Where an agent's phone is reached (capability 4): a SIP account registered with the PBX, or an
 * external number dialled through a trunk.
 */
public sealed interface AgentEndpoint {

  /**
   * A SIP account of the PBX. Its registration state drives auto-activation (capability 6).
   *
   * @param username the account's user name, as in its REGISTER
   */
  record SipAccount(String username) implements AgentEndpoint {
    /**
     * RFC 3261 §25.1 {@code user = 1*( unreserved / escaped / user-unreserved )}: letters,
     * digits, the marks {@code -_.!~*'()}, the user-unreserved {@code &=+$,;?/}, and {@code %}
     * only as the start of an escape {@code %XX}. Not {@code #}, {@code @}, {@code :} or spaces
     * unescaped.
     */
    private static final Pattern USER =
        Pattern.compile("(?:[A-Za-z0-9\\-_.!~*'()&=+$,;?/]|%[0-9A-Fa-f]{2})+");
    private static final int MAX_USER_LENGTH = 64;

    public SipAccount {
      if (!isSipUser(username)) {
        throw new IllegalArgumentException(
            "SIP account username must be a SIP URI user part (1-64 letters, digits or"
                + " -_.!~*'()&=+$,;?/ or %XX escapes), was "
                + (username == null ? "null" : "'" + username + "'"));
      }
    }

    /**
     * The one rule for the user part of a SIP URI in callqueue (an account's username, a caller
     * ID placed in From): RFC 3261's {@code user} grammar, 1-64 characters. So {@code +48221234567},
     * {@code agent.1} and {@code 100%23} pass; {@code 100#}, {@code a b} and {@code 50%} do not.
     *
     * @param value a candidate user part, may be null
     * @return whether it may stand unescaped as the user of a SIP URI
     */
    public static boolean isSipUser(String value) {
      return value != null && !value.isEmpty() && value.length() <= MAX_USER_LENGTH
          && USER.matcher(value).matches();
    }

    @Override
    public String toString() {
      return "sip:" + username;
    }
  }

  /**
   * An external phone number, in E.164 form: {@code +} then 2-15 digits, the first not 0.
   *
   * @param e164 the number, e.g. {@code +48612504000}
   */
  record ExternalNumber(String e164) implements AgentEndpoint {
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{1,14}");

    public ExternalNumber {
      if (e164 == null || !E164.matcher(e164).matches()) {
        throw new IllegalArgumentException(
            "external number must be E.164: '+' then 2-15 digits, the first not 0 (e.g."
                + " +48612504000), was "
                + (e164 == null ? "null" : "'" + e164 + "'"));
      }
    }

    @Override
    public String toString() {
      return "tel:" + e164;
    }
  }
}
