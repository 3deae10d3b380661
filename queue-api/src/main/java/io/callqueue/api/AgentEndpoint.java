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
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9._!~*'()&=+$,;?/%-]{1,64}");

    public SipAccount {
      if (username == null || !USER.matcher(username).matches()) {
        throw new IllegalArgumentException(
            "SIP account username must be 1-64 SIP user characters, was "
                + (username == null ? "null" : "'" + username + "'"));
      }
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
