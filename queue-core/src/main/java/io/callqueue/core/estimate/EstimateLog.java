package io.callqueue.core.estimate;

import io.callqueue.api.CallOutcome;
import io.callqueue.api.QueueEvent;
import io.callqueue.api.QueueEventListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Measures estimate accuracy: listens to the engine's events, pairs each
 * {@link QueueEvent.WaitEstimated} with the same call's later {@link QueueEvent.CallerLeft}, and
 * keeps an {@link EstimateObservation} per announcement and running error sums per estimator
 * (several estimators may announce for the same caller, e.g. in a simulator comparing them).
 *
 * <p>Only callers who were {@link CallOutcome#ANSWERED} count: for a caller who hung up, left for
 * voicemail or callback, or timed out, the wait it would have had is unknown (right-censored), and
 * scoring the estimate against the shorter wait it did have would reward underestimates. Their
 * estimates are counted in {@link #censoredCount()} and dropped. An estimate made in another queue
 * than the one the call left from is censored too.
 *
 * <p>Memory: one entry per waiting caller who heard an estimate, plus every observation unless
 * built with {@link #aggregatesOnly()}. Threading: events arrive on the engine's thread; the
 * methods are synchronized so results may be read from another thread.
 */
public final class EstimateLog implements QueueEventListener {
  private final boolean keepObservations;
  private final List<EstimateObservation> observations = new ArrayList<>();
  private final Map<String, Sums> sums = new TreeMap<>();
  private long censored;
  private final Pairing pairing = new Pairing();

  /** A log that keeps every observation. */
  public EstimateLog() {
    this(true);
  }

  private EstimateLog(boolean keepObservations) {
    this.keepObservations = keepObservations;
  }

  /** A log that keeps only the per-estimator sums (bounded memory for long runs). */
  public static EstimateLog aggregatesOnly() {
    return new EstimateLog(false);
  }

  @Override
  public synchronized void onEvent(QueueEvent event) {
    event.accept(pairing);
  }

  /** Scores every answered announcement; counts the censored ones. */
  private final class Pairing extends AnnouncementPairing {
    @Override
    void paired(QueueEvent.WaitEstimated estimated, QueueEvent.CallerLeft left, Duration waited,
        boolean answered) {
      if (!answered) {
        censored++;
        return;
      }
      EstimateObservation o = new EstimateObservation(left.call(), left.queue(),
          estimated.estimator(), estimated.at(), estimated.estimate(), waited);
      if (keepObservations) {
        observations.add(o);
      }
      sums.computeIfAbsent(o.estimator(), k -> new Sums()).add(o);
    }
  }

  /** Every observation so far, in the order the callers were answered; a copy. */
  public synchronized List<EstimateObservation> observations() {
    return List.copyOf(observations);
  }

  /** Accuracy per estimator name, names in alphabetical order. */
  public synchronized Map<String, EstimateAccuracy> accuracy() {
    Map<String, EstimateAccuracy> out = new LinkedHashMap<>();
    sums.forEach((name, s) -> out.put(name, s.accuracy(name)));
    return out;
  }

  /** Accuracy of one estimator; empty when it has no observation. */
  public synchronized Optional<EstimateAccuracy> accuracy(String estimator) {
    Sums s = sums.get(estimator);
    return s == null ? Optional.empty() : Optional.of(s.accuracy(estimator));
  }

  /** Estimates dropped because the caller was not answered (its actual wait is censored). */
  public synchronized long censoredCount() {
    return censored;
  }

  /** Callers still waiting who heard an estimate. */
  public synchronized int pendingCount() {
    return pairing.pendingCount();
  }

  /** Running sums of one estimator's errors. */
  private static final class Sums {
    private int count;
    private double squared;
    private double absolute;
    private double signed;
    private double actual;
    private int relativeCount;
    private double relative;

    void add(EstimateObservation o) {
      double error = o.errorSeconds();
      double a = Seconds.of(o.actualWait());
      count++;
      squared += error * error;
      absolute += Math.abs(error);
      signed += error;
      actual += a;
      if (a > 0) {
        relativeCount++;
        relative += Math.abs(error) / a;
      }
    }

    EstimateAccuracy accuracy(String name) {
      double rmse = Math.sqrt(squared / count);
      double meanActual = actual / count;
      return new EstimateAccuracy(name, count, rmse, absolute / count, signed / count, meanActual,
          meanActual > 0 ? rmse / meanActual : Double.NaN,
          relativeCount > 0 ? relative / relativeCount : Double.NaN);
    }
  }

  @Override
  public synchronized String toString() {
    return "EstimateLog" + accuracy().values();
  }
}
