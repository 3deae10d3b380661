package io.callqueue.core.estimate;

import io.callqueue.spi.EstimateInput;
import io.callqueue.spi.RecentHistory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Builds {@link EstimateInput}s for tests: one caller at position 1, nothing else, by default. */
final class Inputs {
  static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");

  private Duration waited = Duration.ZERO;
  private int position = 1;
  private int heavier;
  private int serving;
  private int available;
  private final List<Duration> talk = new ArrayList<>();
  private final List<Duration> wrap = new ArrayList<>();
  private Duration headOfLine = Duration.ZERO;
  private double heavierLoad;
  private RecentHistory history = RecentHistory.empty();

  static Inputs caller() {
    return new Inputs();
  }

  Inputs waited(long seconds) {
    waited = Duration.ofSeconds(seconds);
    return this;
  }

  Inputs position(int p) {
    position = p;
    return this;
  }

  Inputs heavier(int n) {
    heavier = n;
    return this;
  }

  /** Sets the agents serving; those not idle, talking or in wrap-up are otherwise engaged. */
  Inputs serving(int s) {
    serving = s;
    return this;
  }

  Inputs idle(int n) {
    available = n;
    return this;
  }

  /** Adds an agent on a call that has lasted {@code seconds}. */
  Inputs talking(double seconds) {
    talk.add(Duration.ofMillis(Math.round(seconds * 1000)));
    return this;
  }

  /** Adds an agent with {@code seconds} of wrap-up left. */
  Inputs wrapping(double seconds) {
    wrap.add(Duration.ofMillis(Math.round(seconds * 1000)));
    return this;
  }

  Inputs headOfLine(long seconds) {
    headOfLine = Duration.ofSeconds(seconds);
    return this;
  }

  Inputs heavierLoad(double erlangs) {
    heavierLoad = erlangs;
    return this;
  }

  Inputs history(RecentHistory h) {
    history = h;
    return this;
  }

  EstimateInput build() {
    return new EstimateInput(NOW, waited, position, heavier, serving, available, talk, wrap,
        headOfLine, history, heavierLoad);
  }
}
