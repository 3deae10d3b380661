package io.callqueue.adapter.sip.signalling;

import java.time.Instant;
import java.util.Objects;

/**
 * One registered contact of an account: where its phone is reached, until when.
 *
 * @param username the account
 * @param contact the Contact URI from the REGISTER, e.g. {@code sip:agent1@192.0.2.7:5062}
 * @param expiresAt when the binding lapses unless refreshed
 */
public record SipBinding(String username, String contact, Instant expiresAt) {
  public SipBinding {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(contact, "contact");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }
}
