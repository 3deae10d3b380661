package io.callqueue.adapter.asterisk;

import io.callqueue.api.QueueEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** What the wire tests share: polling for a condition in real time, reading SIPp marker files. */
final class WireChecks {
  private WireChecks() {}

  /** Polls {@code condition} every 50 ms; fails after {@code wait} with {@code context}. */
  static void await(Duration wait, String what, BooleanSupplier condition,
      Supplier<String> context) {
    long deadline = System.nanoTime() + wait.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what + "; " + context.get());
      }
      AsteriskInstance.pause(Duration.ofMillis(50));
    }
  }

  /** The first caller who left the queue, if one has. */
  static Optional<QueueEvent.CallerLeft> firstLeft(Collection<QueueEvent> events) {
    return events.stream().filter(QueueEvent.CallerLeft.class::isInstance)
        .map(QueueEvent.CallerLeft.class::cast).findFirst();
  }

  /** A file's text (a SIPp scenario's markers). */
  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
