package dev.icmpj.exporter;

/**
 * The buckets of {@code icmpj_rtt_seconds}: classic ones from 50 µs to 10 s (1, 2.5, 5 per decade), and the
 * index arithmetic of native (exponential) buckets, whose bucket {@code i} at schema {@code s} holds values in
 * {@code (2^((i-1)/2^s), 2^(i/2^s)]}.
 *
 * <p>Stateless and thread-safe.
 */
final class RttBuckets {
    /** Upper bounds in seconds; the last is +Inf. */
    static final double[] CLASSIC = {
        0.00005,
        0.0001,
        0.00025,
        0.0005,
        0.001,
        0.0025,
        0.005,
        0.01,
        0.025,
        0.05,
        0.1,
        0.25,
        0.5,
        1,
        2.5,
        5,
        10,
        Double.POSITIVE_INFINITY
    };

    /** Upper bounds in seconds of the send lag histogram; the last is +Inf. */
    static final double[] LAG = {
        0.000001,
        0.00001,
        0.00005,
        0.0001,
        0.00025,
        0.0005,
        0.001,
        0.0025,
        0.005,
        0.01,
        0.1,
        1,
        Double.POSITIVE_INFINITY
    };

    /** Values at or below this are counted in the zero bucket (Prometheus' default threshold). */
    static final double ZERO_THRESHOLD = Math.scalb(1.0, -128);

    private RttBuckets() {}

    /** The classic bucket of a value: the first whose upper bound is at least the value. */
    static int classic(double[] bounds, double seconds) {
        int lo = 0;
        int hi = bounds.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (bounds[mid] >= seconds) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /** The native bucket index of a positive value above the zero threshold. */
    static int nativeIndex(double seconds, int schema) {
        double scale = Math.scalb(1.0, schema);
        int index = (int) Math.ceil(Math.log(seconds) / Math.log(2) * scale);
        // the logarithm may be off by one ulp at a boundary: settle on the exact bucket
        while (upperBound(index - 1, schema) >= seconds) {
            index--;
        }
        while (upperBound(index, schema) < seconds) {
            index++;
        }
        return index;
    }

    /** The upper bound of native bucket {@code index}. */
    static double upperBound(int index, int schema) {
        return Math.pow(2, index / Math.scalb(1.0, schema));
    }
}
