package io.callqueue.core.estimate;

import io.callqueue.api.QueueId;
import java.util.List;
import java.util.Objects;

/**
 * A read-only snapshot of how accurate one queue's announced estimates have been so far, overall
 * and per position band (see {@link LiveAccuracy}). Errors are {@code estimate - actual} remaining
 * wait, in seconds.
 *
 * @param queue the queue
 * @param all every scored announcement in the queue
 * @param bands one entry per position band, in {@link LiveAccuracy#BANDS} order (empty bands
 *     included, with {@code n == 0})
 */
public record QueueAccuracy(QueueId queue, Band all, List<Band> bands) {

  public QueueAccuracy {
    Objects.requireNonNull(queue, "queue");
    Objects.requireNonNull(all, "all");
    bands = List.copyOf(bands);
  }

  /**
   * The figures of one position band.
   *
   * @param label the band's name, e.g. {@code "1"}, {@code "2-3"}, {@code ">10"}
   * @param n the announcements scored (their callers were answered in this queue)
   * @param rmseSeconds root mean squared error; NaN when {@code n == 0}
   * @param maeSeconds mean absolute error; NaN when {@code n == 0}
   * @param biasSeconds mean error, positive when the estimates were too long; NaN when
   *     {@code n == 0}
   * @param censored the announcements left out because their caller left unanswered (or from
   *     another queue): the wait that would have followed is unknown
   * @param censoredExceeded of {@code censored}, those whose caller had already waited longer than
   *     announced when leaving: underestimates whatever the wait would have been
   */
  public record Band(String label, long n, double rmseSeconds, double maeSeconds,
      double biasSeconds, long censored, long censoredExceeded) {}
}
