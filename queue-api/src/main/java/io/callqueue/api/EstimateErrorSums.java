package io.callqueue.api;

/**
 * The running sums of the announced wait estimates' errors in one queue and position band, as
 * queue-core's live accuracy keeps them ({@code LiveAccuracy}) and a
 * {@link io.callqueue.spi.CallRecordStore} persists them, so the figures continue over restarts.
 * Errors are {@code estimate - actual} remaining wait, in seconds; RMSE, MAE and bias are
 * {@code sqrt(squared / n)}, {@code absolute / n} and {@code signed / n}.
 *
 * @param queue the queue
 * @param band the position band's label (e.g. {@code "1"}, {@code "2-3"}, {@code ">10"})
 * @param n the announcements scored (their callers were answered in this queue)
 * @param squared the sum of the squared errors (seconds squared)
 * @param absolute the sum of the absolute errors (seconds)
 * @param signed the sum of the errors (seconds; positive when the estimates were too long)
 * @param censored the announcements left out because their caller left unanswered
 * @param censoredExceeded of {@code censored}, those whose caller had already waited longer than
 *     announced
 */
public record EstimateErrorSums(QueueId queue, String band, long n, double squared,
    double absolute, double signed, long censored, long censoredExceeded) {

  public EstimateErrorSums {
    if (queue == null || band == null || band.isBlank()) {
      throw new IllegalArgumentException("estimate error sums need a queue and a band, were "
          + queue + ", " + band);
    }
    if (n < 0 || censored < 0 || censoredExceeded < 0 || censoredExceeded > censored) {
      throw new IllegalArgumentException("queue '" + queue + "' band " + band + ": counts must be"
          + " >= 0 with censoredExceeded <= censored, were n=" + n + ", censored=" + censored
          + ", censoredExceeded=" + censoredExceeded);
    }
    if (!(squared >= 0) || !(absolute >= 0) || !Double.isFinite(squared)
        || !Double.isFinite(absolute) || !Double.isFinite(signed)) {
      throw new IllegalArgumentException("queue '" + queue + "' band " + band + ": error sums"
          + " must be finite, squared and absolute >= 0, were " + squared + ", " + absolute + ", "
          + signed);
    }
  }
}
