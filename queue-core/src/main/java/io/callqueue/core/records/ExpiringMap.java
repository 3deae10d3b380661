package io.callqueue.core.records;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Per-call state kept after a caller left, waiting for a later event that may never come (the end
 * of a conversation when the process dies, a voicemail when the caller hangs up first). Entries are
 * kept in insertion order; {@link #expire} drops those older than the retention, and a put beyond
 * the cap drops the eldest, so the map cannot grow without bound. Both are O(1) per dropped entry.
 *
 * <p>Event time drives expiry (the {@code since} of each entry and the {@code now} of
 * {@link #expire} are event instants), so no clock or timer is needed. Not thread-safe: used from
 * the engine's event thread only.
 */
final class ExpiringMap<K, V> {
  private final LinkedHashMap<K, Entry<V>> entries = new LinkedHashMap<>();
  private final Duration retention;
  private final int cap;
  private final BiConsumer<K, V> onExpired;
  private final BiConsumer<K, V> onOverflow;

  ExpiringMap(Duration retention, int cap, BiConsumer<K, V> onExpired,
      BiConsumer<K, V> onOverflow) {
    if (retention.isNegative() || cap <= 0) {
      throw new IllegalArgumentException(
          "retention must be >= 0 and cap > 0, were " + retention + ", " + cap);
    }
    this.retention = retention;
    this.cap = cap;
    this.onExpired = onExpired;
    this.onOverflow = onOverflow;
  }

  /** Adds an entry, or replaces the value of a present one (keeping its place and age). */
  void put(K key, V value, Instant since) {
    Entry<V> present = entries.get(key);
    if (present != null) {
      present.value = value;
      return;
    }
    entries.put(key, new Entry<>(value, since));
    if (entries.size() > cap) {
      Iterator<Map.Entry<K, Entry<V>>> it = entries.entrySet().iterator();
      Map.Entry<K, Entry<V>> eldest = it.next();
      it.remove();
      onOverflow.accept(eldest.getKey(), eldest.getValue().value);
    }
  }

  V get(K key) {
    Entry<V> e = entries.get(key);
    return e == null ? null : e.value;
  }

  V remove(K key) {
    Entry<V> e = entries.remove(key);
    return e == null ? null : e.value;
  }

  /** Drops every entry added before {@code now - retention}. */
  void expire(Instant now) {
    Instant limit = now.minus(retention);
    Iterator<Map.Entry<K, Entry<V>>> it = entries.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<K, Entry<V>> e = it.next();
      if (!e.getValue().since.isBefore(limit)) {
        return;
      }
      it.remove();
      onExpired.accept(e.getKey(), e.getValue().value);
    }
  }

  int size() {
    return entries.size();
  }

  private static final class Entry<V> {
    V value;
    final Instant since;

    Entry(V value, Instant since) {
      this.value = value;
      this.since = since;
    }
  }
}
