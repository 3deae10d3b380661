package io.callqueue.core.estimate;

import io.callqueue.api.CallOutcome;
import io.callqueue.api.EstimateErrorSums;
import io.callqueue.api.QueueEvent;
import io.callqueue.api.QueueEventListener;
import io.callqueue.api.QueueId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live, self-measured accuracy of the engine's announced wait estimates: listens to the engine's
 * events and keeps, per queue and per position band ({@link #BANDS}: 1, 2-3, 4-10, &gt;10, by the
 * position announced with the estimate), running sums from which the root mean squared error, mean
 * absolute error and bias of the announced estimates against the remaining wait that followed are
 * read at any time ({@link #snapshot()}).
 *
 * <p>Every {@link QueueEvent.WaitEstimated} is one announcement; its error, {@code estimate -
 * actual}, is known when the same caller's {@link QueueEvent.CallerLeft} says
 * {@link CallOutcome#ANSWERED} in the same queue: the actual remaining wait is from the
 * announcement to that instant.
 *
 * <p><b>Censored callers.</b> A caller who abandons, times out, leaves by key (voicemail,
 * callback), is moved or leaves from another queue had a wait that is only known to be at least
 * as long as it stayed (right-censored). Its announcements are <em>left out</em> of the RMSE, MAE
 * and bias (scoring them against the shorter wait would reward underestimates) and counted in
 * {@code censored} instead; those whose caller had already waited longer than announced are also
 * counted in {@code censoredExceeded} — each of them an underestimate whatever the wait would have
 * been, so a large share there says the published figures flatter the estimator.
 *
 * <p>Persistence: {@link #sums()} gives the running sums as {@link EstimateErrorSums} for a
 * {@link io.callqueue.spi.CallRecordStore} to keep (queue-core's {@code CallRecorder} saves them
 * with its heartbeat), and {@link #restore} adds a previous run's at start, so the figures count
 * since the store first kept them rather than since this start.
 *
 * <p>Memory is bounded by the callers still waiting: one entry per waiting caller who heard an
 * estimate, released when the caller leaves, plus fixed sums per queue and band. Threading:
 * events arrive on the engine's thread; the methods are synchronized, so the snapshot may be read
 * from another thread (e.g. an HTTP one).
 */
public final class LiveAccuracy implements QueueEventListener {
  /** The position bands' labels, in order. */
  public static final List<String> BANDS = List.of("1", "2-3", "4-10", ">10");
  private static final Logger LOG = LoggerFactory.getLogger(LiveAccuracy.class);

  private final Map<QueueId, Sums[]> sums = new TreeMap<>(
      (a, b) -> a.value().compareTo(b.value()));
  private final Scoring scoring = new Scoring();

  @Override
  public synchronized void onEvent(QueueEvent event) {
    event.accept(scoring);
  }

  /** The band index of an announced position (positions below 1 count as 1). */
  static int band(int position) {
    if (position <= 1) {
      return 0;
    }
    if (position <= 3) {
      return 1;
    }
    return position <= 10 ? 2 : 3;
  }

  /** Files every announcement under its queue and band: scored when answered, else censored. */
  private final class Scoring extends AnnouncementPairing {
    @Override
    void paired(QueueEvent.WaitEstimated e, QueueEvent.CallerLeft left, Duration waited,
        boolean answered) {
      Sums s = sums.computeIfAbsent(e.queue(), q -> newBands())[band(e.position())];
      if (answered) {
        s.add(Seconds.of(e.estimate()) - Seconds.of(waited));
      } else {
        s.censored++;
        if (waited.compareTo(e.estimate()) > 0) {
          s.censoredExceeded++;
        }
      }
    }
  }

  private static Sums[] newBands() {
    Sums[] bands = new Sums[BANDS.size()];
    for (int i = 0; i < bands.length; i++) {
      bands[i] = new Sums();
    }
    return bands;
  }

  /** Every queue that has a scored or censored announcement, by queue name. */
  public synchronized Map<QueueId, QueueAccuracy> snapshot() {
    Map<QueueId, QueueAccuracy> out = new LinkedHashMap<>();
    sums.forEach((queue, bands) -> {
      Sums all = new Sums();
      List<QueueAccuracy.Band> perBand = new ArrayList<>(bands.length);
      for (int i = 0; i < bands.length; i++) {
        all.merge(bands[i]);
        perBand.add(bands[i].band(BANDS.get(i)));
      }
      out.put(queue, new QueueAccuracy(queue, all.band("all"), perBand));
    });
    return out;
  }

  /** The running sums of every queue and band that has a scored or censored announcement. */
  public synchronized List<EstimateErrorSums> sums() {
    List<EstimateErrorSums> out = new ArrayList<>();
    sums.forEach((queue, bands) -> {
      for (int i = 0; i < bands.length; i++) {
        Sums b = bands[i];
        if (b.n > 0 || b.censored > 0) {
          out.add(new EstimateErrorSums(queue, BANDS.get(i), b.n, b.squared, b.absolute,
              b.signed, b.censored, b.censoredExceeded));
        }
      }
    });
    return out;
  }

  /**
   * Adds saved sums (a previous run's {@link #sums()}) to these; sums of a band this class does
   * not know are logged and left out.
   */
  public synchronized void restore(Collection<EstimateErrorSums> saved) {
    for (EstimateErrorSums e : saved) {
      int band = BANDS.indexOf(e.band());
      if (band < 0) {
        LOG.warn("saved estimate accuracy of queue {} has an unknown position band '{}'; left"
            + " out", e.queue(), e.band());
        continue;
      }
      sums.computeIfAbsent(e.queue(), q -> newBands())[band].merge(new Sums(e.n(), e.squared(),
          e.absolute(), e.signed(), e.censored(), e.censoredExceeded()));
    }
  }

  /** Callers still waiting who heard an estimate (the only per-caller memory kept). */
  public synchronized int pendingCount() {
    return scoring.pendingCount();
  }

  /** Running sums of one band's errors. */
  private static final class Sums {
    private long n;
    private double squared;
    private double absolute;
    private double signed;
    private long censored;
    private long censoredExceeded;

    Sums() {}

    Sums(long n, double squared, double absolute, double signed, long censored,
        long censoredExceeded) {
      this.n = n;
      this.squared = squared;
      this.absolute = absolute;
      this.signed = signed;
      this.censored = censored;
      this.censoredExceeded = censoredExceeded;
    }

    void add(double error) {
      n++;
      squared += error * error;
      absolute += Math.abs(error);
      signed += error;
    }

    void merge(Sums o) {
      n += o.n;
      squared += o.squared;
      absolute += o.absolute;
      signed += o.signed;
      censored += o.censored;
      censoredExceeded += o.censoredExceeded;
    }

    QueueAccuracy.Band band(String label) {
      return n == 0
          ? new QueueAccuracy.Band(label, 0, Double.NaN, Double.NaN, Double.NaN, censored,
              censoredExceeded)
          : new QueueAccuracy.Band(label, n, Math.sqrt(squared / n), absolute / n, signed / n,
              censored, censoredExceeded);
    }
  }

  @Override
  public synchronized String toString() {
    return "LiveAccuracy" + snapshot().values();
  }
}
