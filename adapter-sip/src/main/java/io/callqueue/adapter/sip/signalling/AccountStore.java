package io.callqueue.adapter.sip.signalling;

import java.util.Map;
import java.util.Optional;

/**
 * The SIP accounts that may register and place calls, and their passwords (for digest
 * authentication). Called on the signalling thread for every authenticated request, and on the
 * engine's thread when a caller asks to be called back ({@code SipCallQueue.canCallBack}: is the
 * caller one of our accounts?): it must be safe to call from several threads and answer from
 * memory, never from a slow store.
 */
@FunctionalInterface
public interface AccountStore {

  /** The account's password, or empty when there is no such account. */
  Optional<String> password(String username);

  /** A fixed set of accounts: username to password. */
  static AccountStore of(Map<String, String> passwords) {
    Map<String, String> copy = Map.copyOf(passwords);
    return username -> Optional.ofNullable(username == null ? null : copy.get(username));
  }
}
