package dev.icmpj.exporter;

import java.util.Arrays;

/**
 * The last hour of each target of a {@link TargetTable} chunk, minute by minute, for the landing page's smoke
 * graphs: per minute the requests decided, those lost (or answered by an ICMP error), and seven quantiles of
 * the round trips (min, 10%, 25%, median, 75%, 90%, max). Round trips are kept as one byte each on a
 * logarithmic scale (10 µs to 23 s, 6% steps), so a target costs about 780 bytes plus its current minute's
 * samples, at most {@link Shape#samplesPerMinute()} of them (a uniform sample beyond that).
 *
 * <p>Not thread-safe: written by the probe loop's thread; the page reads it without a lock and may see a
 * minute half rolled over, which only draws that minute wrong once.
 */
final class SmokeHistory {
    static final int MINUTES = 60;
    static final int QUANTILES = 7;
    static final double[] QUANTILE_RANKS = {0, 0.10, 0.25, 0.50, 0.75, 0.90, 1};
    private static final double FLOOR_SECONDS = 10e-6;
    private static final double STEPS_PER_DOUBLING = 12;

    /**
     * How many samples a minute a target keeps.
     *
     * @param samplesPerMinute 1..255
     */
    record Shape(int samplesPerMinute) {
        /** Enough for every reply of a target probed {@code count} times per {@code intervalMillis}, at most 64. */
        static Shape of(long intervalMillis, int count) {
            long perMinute = (60_000 + intervalMillis - 1) / Math.max(1, intervalMillis) * count;
            return new Shape(Math.clamp(perMinute, 1, 64));
        }
    }

    private final int perMinute;
    /** The minute (since the epoch) being collected, per slot; 0 before the first sample. */
    private final long[] currentMinute;

    private final byte[] samples;
    private final short[] sampled;
    private final int[] seen;
    private final int[] decided;
    private final int[] lostNow;
    private final int[] random;
    /**
     * Per slot and minute of the hour: the minute it holds (since the epoch, modulo 65,536: a slot is rewritten
     * every hour a target is probed, so an older minute never passes for a recent one), decided, lost,
     * quantiles.
     */
    private final char[] minuteOf;

    private final char[] decidedHistory;
    private final char[] lostHistory;
    private final byte[] quantiles;

    SmokeHistory(Shape shape, int slots) {
        perMinute = shape.samplesPerMinute();
        currentMinute = new long[slots];
        samples = new byte[slots * perMinute];
        sampled = new short[slots];
        seen = new int[slots];
        decided = new int[slots];
        lostNow = new int[slots];
        random = new int[slots];
        minuteOf = new char[slots * MINUTES];
        decidedHistory = new char[slots * MINUTES];
        lostHistory = new char[slots * MINUTES];
        quantiles = new byte[slots * MINUTES * QUANTILES];
    }

    void clear(int i) {
        currentMinute[i] = 0;
        sampled[i] = 0;
        seen[i] = 0;
        decided[i] = 0;
        lostNow[i] = 0;
        random[i] = 0x9E3779B9 ^ i;
        Arrays.fill(minuteOf, i * MINUTES, (i + 1) * MINUTES, (char) 0);
        Arrays.fill(decidedHistory, i * MINUTES, (i + 1) * MINUTES, (char) 0);
    }

    void reply(int i, double rttSeconds, long nowMillis) {
        roll(i, nowMillis / 60_000);
        decided[i]++;
        int n = seen[i]++;
        byte b = encode(rttSeconds);
        if (n < perMinute) {
            samples[i * perMinute + n] = b;
            sampled[i]++;
        } else {
            // reservoir sampling: each of the minute's replies is kept with the same chance
            int x = random[i];
            x ^= x << 13;
            x ^= x >>> 17;
            x ^= x << 5;
            random[i] = x;
            int k = Integer.remainderUnsigned(x, n + 1);
            if (k < perMinute) {
                samples[i * perMinute + k] = b;
            }
        }
    }

    void loss(int i, long nowMillis) {
        roll(i, nowMillis / 60_000);
        decided[i]++;
        lostNow[i]++;
    }

    /** Stores the minute being collected into the hour when the clock has moved past it. */
    private void roll(int i, long minute) {
        long current = currentMinute[i];
        if (current == minute) {
            return;
        }
        if (current != 0 && decided[i] > 0) {
            int at = i * MINUTES + (int) (current % MINUTES);
            minuteOf[at] = (char) current;
            decidedHistory[at] = (char) Math.min(decided[i], Character.MAX_VALUE);
            lostHistory[at] = (char) Math.min(lostNow[i], Character.MAX_VALUE);
            int n = sampled[i];
            int from = i * perMinute;
            Arrays.sort(samples, from, from + n);
            for (int q = 0; q < QUANTILES; q++) {
                quantiles[at * QUANTILES + q] =
                        n == 0 ? 0 : samples[from + (int) Math.round(QUANTILE_RANKS[q] * (n - 1))];
            }
        }
        currentMinute[i] = minute;
        sampled[i] = 0;
        seen[i] = 0;
        decided[i] = 0;
        lostNow[i] = 0;
    }

    /** One minute of a target's history, decoded. */
    record Minute(long minute, int decided, int lost, double[] quantileSeconds) {}

    /**
     * Returns a target's minutes within the hour before {@code nowMillis}, oldest first; the minute being
     * collected is the last, with its quantiles from the samples so far.
     */
    Minute[] hour(int i, long nowMillis) {
        long now = nowMillis / 60_000;
        Minute[] out = new Minute[MINUTES];
        int k = 0;
        for (long m = now - MINUTES + 1; m <= now; m++) {
            if (m == currentMinute[i] && decided[i] > 0) {
                int n = sampled[i];
                byte[] copy = Arrays.copyOfRange(samples, i * perMinute, i * perMinute + n);
                Arrays.sort(copy);
                double[] q = new double[QUANTILES];
                for (int j = 0; j < QUANTILES; j++) {
                    q[j] = n == 0 ? Double.NaN : decode(copy[(int) Math.round(QUANTILE_RANKS[j] * (n - 1))]);
                }
                out[k++] = new Minute(m, decided[i], lostNow[i], q);
                continue;
            }
            int at = i * MINUTES + (int) (m % MINUTES);
            if (minuteOf[at] == (char) m && decidedHistory[at] > 0) {
                double[] q = new double[QUANTILES];
                boolean any = decidedHistory[at] > lostHistory[at];
                for (int j = 0; j < QUANTILES; j++) {
                    q[j] = any ? decode(quantiles[at * QUANTILES + j]) : Double.NaN;
                }
                out[k++] = new Minute(m, decidedHistory[at], lostHistory[at], q);
            }
        }
        return Arrays.copyOf(out, k);
    }

    /** A round trip as one byte, order-preserving as a signed byte (the scale's 1..255 shifted by -128). */
    static byte encode(double seconds) {
        double steps =
                seconds <= FLOOR_SECONDS ? 0 : STEPS_PER_DOUBLING * Math.log(seconds / FLOOR_SECONDS) / Math.log(2);
        int b = 1 + (int) Math.min(254, Math.round(steps));
        return (byte) (b - 128);
    }

    /** The round trip a byte stands for, in seconds. */
    static double decode(byte b) {
        int scale = b + 128;
        return FLOOR_SECONDS * Math.pow(2, (scale - 1) / STEPS_PER_DOUBLING);
    }
}
