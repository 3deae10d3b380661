package io.callqueue.adapter.sip.signalling;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.ListIterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import javax.sip.ServerTransaction;
import javax.sip.header.ContactHeader;
import javax.sip.header.ExpiresHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registrar (RFC 3261 §10.3) with digest authentication: bindings per account, each with an
 * expiry timer on the signalling thread. Unknown accounts get 403 at once (so account existence is
 * observable, as it is for INVITE admission); a known account is challenged, and wrong credentials
 * get 403 without a second challenge. A registration shorter than the minimum gets 423, a longer
 * one is cut to the maximum. Only account-level edges reach the {@link RegistrationListener}.
 *
 * <p>Confined to the signalling thread, except {@link #snapshot()}, a read-only view in which each
 * account's bindings are republished as an immutable list when they change (O(bindings of that
 * account) per change: a copy of every account per REGISTER would make registering n agents
 * O(n²)).
 */
final class Registrar {
  private static final Logger log = LoggerFactory.getLogger(Registrar.class);

  private static final class Entry {
    SipBinding binding;
    ScheduledFuture<?> timer;
  }

  private final SignallingCore core;
  private final RegistrationListener listener;
  /** username → contact URI → entry, in registration order (the newest last). */
  private final Map<String, LinkedHashMap<String, Entry>> accounts = new HashMap<>();
  private final Map<String, List<SipBinding>> published = new ConcurrentHashMap<>();
  private final Map<String, List<SipBinding>> snapshot = Collections.unmodifiableMap(published);

  Registrar(SignallingCore core, RegistrationListener listener) {
    this.core = core;
    this.listener = listener;
  }

  Map<String, List<SipBinding>> snapshot() {
    return snapshot;
  }

  Optional<SipBinding> newestBinding(String username) {
    LinkedHashMap<String, Entry> entries = accounts.get(username);
    if (entries == null || entries.isEmpty()) {
      return Optional.empty();
    }
    SipBinding newest = null;
    for (Entry entry : entries.values()) {
      newest = entry.binding;
    }
    return Optional.ofNullable(newest);
  }

  void onRegister(ServerTransaction st, Request request, InetAddress source) {
    ToHeader to = (ToHeader) request.getHeader(ToHeader.NAME);
    String username = SignallingCore.userOf(to.getAddress());
    if (username == null) {
      core.respond(st, Response.BAD_REQUEST, null, null);
      return;
    }
    if (core.throttle.isBlocked(source)) {
      core.refuseBlocked(st);
      return;
    }
    if (core.config.accounts().password(username).isEmpty()) {
      log.info("REGISTER for unknown account '{}' refused", username);
      core.refuse(st, source, "REGISTER for unknown account '" + username + "'");
      return;
    }
    DigestAuth.Credentials credentials = core.credentials(request);
    if (credentials == null) {
      core.challenge(st);
      return;
    }
    String fromUser =
        SignallingCore.userOf(((FromHeader) request.getHeader(FromHeader.NAME)).getAddress());
    if (!username.equals(credentials.username()) || !username.equals(fromUser)) {
      log.info("REGISTER for '{}' refused: authenticates as '{}', From user '{}' (all three must"
          + " be the account)", username, credentials.username(), fromUser);
      core.refuse(st, source, "REGISTER for '" + username + "' as another account");
      return;
    }
    switch (core.verify(credentials, request)) {
      case STALE -> {
        core.challengeStale(st);
        return;
      }
      case FAILED -> {
        log.info("REGISTER for '{}' refused: wrong credentials", username);
        core.refuse(st, source, "REGISTER digest for '" + username + "'");
        return;
      }
      case OK -> { }
    }
    List<ContactHeader> contacts = new ArrayList<>();
    for (ListIterator<?> it = request.getHeaders(ContactHeader.NAME); it.hasNext(); ) {
      contacts.add((ContactHeader) it.next());
    }
    ExpiresHeader expiresHeader = request.getExpires();
    int headerExpires = expiresHeader == null ? -1 : expiresHeader.getExpires();
    if (contacts.stream().anyMatch(ContactHeader::isWildCard)) {
      if (contacts.size() != 1 || headerExpires != 0) {
        core.respond(st, Response.BAD_REQUEST, null, null);
        return;
      }
      removeAll(username);
      reply(st, username);
      return;
    }
    long min = core.config.minExpires().toSeconds();
    long max = core.config.maxExpires().toSeconds();
    List<Map.Entry<String, Long>> changes = new ArrayList<>();
    for (ContactHeader contact : contacts) {
      long seconds = contact.getExpires() >= 0 ? contact.getExpires()
          : headerExpires >= 0 ? headerExpires : core.config.defaultExpires().toSeconds();
      if (seconds > 0 && seconds < min) {
        core.respond(st, Response.INTERVAL_TOO_BRIEF, null,
            r -> r.addHeader(core.headers.createMinExpiresHeader((int) min)));
        return;
      }
      String uri = contact.getAddress().getURI().toString();
      changes.add(Map.entry(uri, Math.min(seconds, max)));
    }
    boolean wasRegistered = isRegistered(username);
    SipBinding first = null;
    for (Map.Entry<String, Long> change : changes) {
      if (change.getValue() == 0) {
        remove(username, change.getKey());
      } else {
        SipBinding binding = upsert(username, change.getKey(), change.getValue());
        first = first == null ? binding : first;
      }
    }
    publish(username);
    reply(st, username);
    boolean isRegistered = isRegistered(username);
    if (!wasRegistered && isRegistered) {
      SipBinding binding = first;
      log.info("account '{}' registered at {}", username, binding.contact());
      core.deliver(() -> listener.registered(binding));
    } else if (wasRegistered && !isRegistered) {
      log.info("account '{}' unregistered", username);
      core.deliver(() -> listener.unregistered(username, RegistrationListener.Reason.UNREGISTERED));
    }
  }

  private boolean isRegistered(String username) {
    LinkedHashMap<String, Entry> entries = accounts.get(username);
    return entries != null && !entries.isEmpty();
  }

  private SipBinding upsert(String username, String contact, long seconds) {
    LinkedHashMap<String, Entry> entries =
        accounts.computeIfAbsent(username, u -> new LinkedHashMap<>());
    Entry entry = entries.remove(contact);
    if (entry == null) {
      entry = new Entry();
    } else if (entry.timer != null) {
      entry.timer.cancel(false);
    }
    Instant expiresAt = core.clock.instant().plusSeconds(seconds);
    entry.binding = new SipBinding(username, contact, expiresAt);
    entries.put(contact, entry); // re-inserted: now the newest
    Entry scheduled = entry;
    entry.timer = core.schedule(() -> expire(username, contact, scheduled),
        Duration.ofSeconds(seconds));
    return entry.binding;
  }

  private void remove(String username, String contact) {
    LinkedHashMap<String, Entry> entries = accounts.get(username);
    Entry entry = entries == null ? null : entries.remove(contact);
    if (entry != null && entry.timer != null) {
      entry.timer.cancel(false);
    }
    if (entries != null && entries.isEmpty()) {
      accounts.remove(username);
    }
  }

  private void removeAll(String username) {
    boolean was = isRegistered(username);
    LinkedHashMap<String, Entry> entries = accounts.remove(username);
    if (entries != null) {
      entries.values().forEach(e -> e.timer.cancel(false));
    }
    publish(username);
    if (was) {
      log.info("account '{}' unregistered (all contacts)", username);
      core.deliver(() -> listener.unregistered(username, RegistrationListener.Reason.UNREGISTERED));
    }
  }

  private void expire(String username, String contact, Entry expected) {
    LinkedHashMap<String, Entry> entries = accounts.get(username);
    if (entries == null || entries.get(contact) != expected) {
      return; // refreshed or removed meanwhile
    }
    remove(username, contact);
    publish(username);
    if (!isRegistered(username)) {
      log.info("account '{}' registration expired", username);
      core.deliver(() -> listener.unregistered(username, RegistrationListener.Reason.EXPIRED));
    }
  }

  /** 200 OK listing every current binding of the account with its remaining seconds. */
  private void reply(ServerTransaction st, String username) {
    LinkedHashMap<String, Entry> entries = accounts.getOrDefault(username, new LinkedHashMap<>());
    Instant now = core.clock.instant();
    core.respond(st, Response.OK, null, response -> {
      for (Entry entry : entries.values()) {
        ContactHeader header =
            core.headers.createContactHeader(core.addresses.createAddress(entry.binding.contact()));
        header.setExpires((int) Math.max(0,
            Duration.between(now, entry.binding.expiresAt()).toSeconds()));
        response.addHeader(header);
      }
      response.addHeader(core.headers.createDateHeader(Calendar.getInstance()));
    });
  }

  private void publish(String username) {
    LinkedHashMap<String, Entry> entries = accounts.get(username);
    if (entries == null || entries.isEmpty()) {
      published.remove(username);
    } else {
      List<SipBinding> bindings = new ArrayList<>(entries.size());
      entries.values().forEach(e -> bindings.add(e.binding));
      published.put(username, List.copyOf(bindings));
    }
  }

  /** At server stop: no timers may outlive the loop. */
  void stop() {
    accounts.values().forEach(entries -> entries.values().forEach(e -> e.timer.cancel(false)));
    accounts.clear();
    published.clear();
  }
}
