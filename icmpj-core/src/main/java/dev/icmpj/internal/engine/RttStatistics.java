package dev.icmpj.internal.engine;

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

    /** Computes the statistics of samples in the order they were taken (jitter depends on it). */
    public static RttStatistics of(List<Double> rtts) {
        int n = rtts.size();
        if (n == 0) {
            return new RttStatistics(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double[] values = new double[n];
        double sum = 0;
        double jitterSum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            double rtt = rtts.get(i);
            values[i] = rtt;
            sum += rtt;
            min = Math.min(min, rtt);
            max = Math.max(max, rtt);
            if (i > 0) {
                jitterSum += Math.abs(rtt - values[i - 1]);
            }
        }
        double avg = sum / n;
        double stddev = Double.NaN;
        double jitter = Double.NaN;
        if (n >= 2) {
            double squares = 0;
            for (double rtt : values) {
                squares += (rtt - avg) * (rtt - avg);
            }
            stddev = Math.sqrt(squares / (n - 1));
            jitter = jitterSum / (n - 1);
        }
        // a selection, not a sort: a flood's million samples would take a sort about 85 ms
        double upperMiddle = select(values, n / 2);
        double median = upperMiddle;
        if (n % 2 == 0) {
            double lowerMiddle = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < n / 2; i++) {
                lowerMiddle = Math.max(lowerMiddle, values[i]);
            }
            median = (lowerMiddle + upperMiddle) / 2;
        }
        return new RttStatistics(min, avg, max, median, stddev, jitter);
    }

    /**
     * Returns the k-th smallest value (from 0), leaving it at {@code values[k]} with none larger before it and
     * none smaller after it (Hoare's selection, a median-of-three pivot; linear on average). Reorders values.
     */
    static double select(double[] values, int k) {
        int low = 0;
        int high = values.length - 1;
        while (low < high) {
            double a = values[low];
            double b = values[(low + high) >>> 1];
            double c = values[high];
            double pivot = Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
            int i = low;
            int j = high;
            while (i <= j) {
                while (values[i] < pivot) {
                    i++;
                }
                while (values[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    double swap = values[i];
                    values[i++] = values[j];
                    values[j--] = swap;
                }
            }
            if (k <= j) {
                high = j;
            } else if (k >= i) {
                low = i;
            } else {
                return values[k];
            }
        }
        return values[k];
    }

    /**
     * Returns a percentile of a series, interpolated linearly between the two nearest ranks (numpy's default,
     * pyminiping's): the 0th is the smallest sample, the 100th the largest, the 50th the median.
     *
     * @param rtts the samples
     * @param percent 0..100
     * @return the percentile, NaN without samples
     */
    public static double percentile(List<Double> rtts, double percent) {
        if (!(percent >= 0 && percent <= 100)) {
            throw new IllegalArgumentException("percent is " + percent + "; it must be between 0 and 100");
        }
        int n = rtts.size();
        if (n == 0) {
            return Double.NaN;
        }
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = rtts.get(i);
        }
        double rank = percent / 100 * (n - 1);
        int below = (int) Math.floor(rank);
        double low = select(values, below);
        if (below == n - 1) {
            return low;
        }
        // select left every value after index below at least as large: the next rank is their minimum
        double high = Double.POSITIVE_INFINITY;
        for (int i = below + 1; i < n; i++) {
            high = Math.min(high, values[i]);
        }
        return low + (rank - below) * (high - low);
    }

    /**
     * Statistics kept as the samples come, in constant memory: everything {@link #of} gives but the median,
     * which needs every sample (it stays NaN). The deviation is Welford's, so a long series loses no precision.
     *
     * <p>Not thread-safe.
     */
    public static final class Running {
        private long count;
        /** The plain sum beside Welford's mean: the average is sum / count, bit for bit as {@link #of} gives it. */
        private double sum;

        private double mean;
        private double squares;
        private double min = Double.POSITIVE_INFINITY;
        private double max = Double.NEGATIVE_INFINITY;
        private double jitterSum;
        private double last;

        /** Adds the next sample. */
        public void add(double rtt) {
            if (count > 0) {
                jitterSum += Math.abs(rtt - last);
            }
            last = rtt;
            count++;
            sum += rtt;
            double delta = rtt - mean;
            mean += delta / count;
            squares += delta * (rtt - mean);
            min = Math.min(min, rtt);
            max = Math.max(max, rtt);
        }

        /** The number of samples added. */
        public long count() {
            return count;
        }

        /** The statistics of the samples so far; the median is NaN. */
        public RttStatistics statistics() {
            if (count == 0) {
                return new RttStatistics(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
            }
            double stddev = count >= 2 ? Math.sqrt(squares / (count - 1)) : Double.NaN;
            double jitter = count >= 2 ? jitterSum / (count - 1) : Double.NaN;
            return new RttStatistics(min, sum / count, max, Double.NaN, stddev, jitter);
        }
    }
}
