package io.callqueue.adapter.sip;

/**
 * SIPp scenario parts for phones asked "press 1 to take this call" (issue 16), filled into the
 * {@code @KEY@} slot of the {@code confirm_phone.xml} and {@code conf_agent_confirm.xml}
 * templates. The templates capture the dialog's From ({@code $server}) and To ({@code $phone})
 * from the ACK and record the route ({@code rrs}), so the phone can send an in-dialog INFO.
 */
final class ConfirmKeys {
  private ConfirmKeys() {}

  /** Nothing: the phone (a voicemail) never presses a key. */
  static final String SILENT = "";

  /** An INFO ({@code application/dtmf-relay}, {@code Signal=digit}) {@code afterMs} after the ACK. */
  static String info(char digit, int afterMs) {
    return "<pause milliseconds=\"" + afterMs + "\"/>\n"
        + "  <send retrans=\"500\"><![CDATA[\n\n"
        + "      INFO [next_url] SIP/2.0\n"
        + "      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=z9hG4bK-info-[call_id]\n"
        + "      From: [$phone]\n"
        + "      To: [$server]\n"
        + "      Call-ID: [call_id]\n"
        + "      CSeq: 1 INFO\n"
        + "      Contact: <sip:phone@[local_ip]:[local_port]>\n"
        + "      Max-Forwards: 70\n"
        + "      Content-Type: application/dtmf-relay\n"
        + "      Content-Length: [len]\n\n"
        + "      Signal=" + digit + "\n"
        + "      Duration=160\n\n"
        + "    ]]></send>\n"
        + "  <recv response=\"200\"/>";
  }
}
