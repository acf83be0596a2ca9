package dev.icmpj.internal.engine;

import java.util.Arrays;
import java.util.List;

/**
 * Statistics over round-trip times, in milliseconds: pure arithmetic, no rounding. A value that needs more
 * samples than there are is {@link Double#NaN}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param min the smallest, NaN without samples
 * @param avg the mean, NaN without samples
 * @param max the largest, NaN without samples
 * @param median the middle value (mean of the middle two for an even count), NaN without samples
 * @param stddev the sample standard deviation (divides by n - 1), NaN with fewer than two samples
 * @param jitter the mean absolute difference of consecutive samples, NaN with fewer than two samples
 */
public record RttStatistics(double min, double avg, double max, double median, double stddev, double jitter) {

    /**
     * Computes the statistics of a series.
     *
     * @param rtts the samples, in the order they were taken (jitter depends on it)
     * @return the statistics
     */
    public static RttStatistics of(List<Double> rtts) {
        int n = rtts.size();
        if (n == 0) {
            return new RttStatistics(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double[] sorted = new double[n];
        double sum = 0;
        double jitterSum = 0;
        for (int i = 0; i < n; i++) {
            double rtt = rtts.get(i);
            sorted[i] = rtt;
            sum += rtt;
            if (i > 0) {
                jitterSum += Math.abs(rtt - rtts.get(i - 1));
            }
        }
        Arrays.sort(sorted);
        double avg = sum / n;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        double stddev = Double.NaN;
        double jitter = Double.NaN;
        if (n >= 2) {
            double squares = 0;
            for (double rtt : sorted) {
                squares += (rtt - avg) * (rtt - avg);
            }
            stddev = Math.sqrt(squares / (n - 1));
            jitter = jitterSum / (n - 1);
        }
        return new RttStatistics(sorted[0], avg, sorted[n - 1], median, stddev, jitter);
    }
}
