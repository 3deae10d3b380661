package io.callqueue.core.estimate;

import io.callqueue.spi.WaitTimeEstimator;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The wait-time estimators queues can name in {@link io.callqueue.api.QueueConfig#estimator()}:
 * the four built in ({@value #DEFAULT}, {@value #ASTERISK_EMA}, {@value #QUEUE_LENGTH},
 * {@value #ERLANG_A}) and any a user registers.
 *
 * <p>Threading: register while setting up, before the registry is shared; lookups are then
 * read-only and safe from any thread (methods are synchronized to keep that simple).
 */
public final class Estimators {
  /** Our estimator, using each agent's state; see the design note on its class. */
  public static final String DEFAULT = "default";
  /**
   * The default estimator as it was before the random scenario space (2026-11-26), kept for the
   * accuracy suite's before-and-after comparison; not in {@link #withBuiltIns()}.
   */
  public static final String DEFAULT_PREVIOUS = "default-previous";
  /**
   * The default estimator computed as before its cost was cut (issue 14 item 4): the same
   * answers, kept for the JMH benchmark's before-and-after; not in {@link #withBuiltIns()}.
   */
  public static final String DEFAULT_RECOMPUTING = "default-recomputing";
  /** Asterisk app_queue's announced hold time (moving average minus time waited). */
  public static final String ASTERISK_EMA = "asterisk-ema";
  /** Ibrahim and Whitt's queue-length estimator QL: {@code (n+1) / (s μ)}. */
  public static final String QUEUE_LENGTH = "queue-length";
  /** Ibrahim and Whitt's QL with abandonment: {@code Σ_{k=0..n} 1 / (s μ + k θ)}. */
  public static final String ERLANG_A = "erlang-a";

  private final Map<String, WaitTimeEstimator> byName = new LinkedHashMap<>();

  private Estimators() {}

  /** A registry holding the four built-in estimators. */
  public static Estimators withBuiltIns() {
    Estimators e = new Estimators();
    e.register(new DefaultEstimator());
    e.register(new AsteriskEmaEstimator());
    e.register(new QueueLengthEstimator());
    e.register(new ErlangAEstimator());
    return e;
  }

  /**
   * The built-in estimators plus {@value #DEFAULT_PREVIOUS}, the previous version of the default,
   * for comparing the two on the same callers (the accuracy suite), and
   * {@value #DEFAULT_RECOMPUTING}, the default computed as before its cost was cut (the JMH
   * benchmark).
   */
  public static Estimators withBuiltInsAndPrevious() {
    return withBuiltIns()
        .register(new DefaultEstimator(DefaultEstimator.PRIOR_SAMPLES,
            DefaultEstimator.Version.PREVIOUS))
        .register(new DefaultEstimator(DefaultEstimator.PRIOR_SAMPLES,
            DefaultEstimator.Version.CURRENT, true));
  }

  /**
   * Adds an estimator under its {@link WaitTimeEstimator#name()}.
   *
   * @return this registry
   * @throws IllegalArgumentException when the name is blank, has surrounding spaces or is taken
   */
  public synchronized Estimators register(WaitTimeEstimator estimator) {
    Objects.requireNonNull(estimator, "estimator");
    String name = estimator.name();
    if (name == null || name.isBlank() || !name.equals(name.trim())) {
      throw new IllegalArgumentException(
          "estimator name must be non-blank without surrounding spaces, was '" + name + "'");
    }
    if (byName.containsKey(name)) {
      throw new IllegalArgumentException("an estimator named '" + name + "' is already registered");
    }
    byName.put(name, estimator);
    return this;
  }

  /**
   * The estimator of this name.
   *
   * @throws IllegalArgumentException when none has it; the message lists the known names
   */
  public synchronized WaitTimeEstimator get(String name) {
    WaitTimeEstimator e = name == null ? null : byName.get(name.trim());
    if (e == null) {
      throw new IllegalArgumentException("unknown estimator '" + name + "'; known: "
          + String.join(", ", byName.keySet()));
    }
    return e;
  }

  /** Whether an estimator of this name is registered. */
  public synchronized boolean contains(String name) {
    return name != null && byName.containsKey(name.trim());
  }

  /** The registered names, in registration order. */
  public synchronized List<String> names() {
    return Collections.unmodifiableList(new ArrayList<>(byName.keySet()));
  }

  @Override
  public synchronized String toString() {
    return "Estimators" + byName.keySet();
  }
}
