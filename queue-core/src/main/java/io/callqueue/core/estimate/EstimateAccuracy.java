package io.callqueue.core.estimate;

/**
 * How accurate one estimator's announced estimates were, over the answered callers who heard them.
 * Errors are {@code estimate - actual} remaining wait, in seconds.
 *
 * @param estimator the estimator's name
 * @param count the observations
 * @param rmseSeconds root mean squared error
 * @param maeSeconds mean absolute error
 * @param biasSeconds mean error (positive: estimates too long)
 * @param meanActualSeconds mean actual remaining wait
 * @param relativeRmse {@code rmseSeconds / meanActualSeconds} (Ibrahim and Whitt's relative
 *     average squared error, square-rooted); NaN when the mean actual wait is zero
 * @param meanRelativeError the mean of {@code |error| / actual} over the observations whose actual
 *     wait was positive (callers answered at the instant of the announcement are left out of it);
 *     NaN when there are none
 */
public record EstimateAccuracy(String estimator, int count, double rmseSeconds, double maeSeconds,
    double biasSeconds, double meanActualSeconds, double relativeRmse,
    double meanRelativeError) {}
