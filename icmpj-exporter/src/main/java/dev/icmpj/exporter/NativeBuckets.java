package dev.icmpj.exporter;

import java.util.Arrays;

/**
 * One target's native histogram buckets: counts over the contiguous range of bucket indexes seen so far, so
 * a target whose round trips stay within a factor of two costs a few longs. When the range grows past
 * {@link #MAX_SPAN} buckets the schema is lowered (pairs of buckets merged), as Prometheus' clients do.
 *
 * <p>Not thread-safe: written by the probe loop's thread; read under the {@link TargetTable}'s seqlock.
 */
final class NativeBuckets {
    static final int INITIAL_SCHEMA = 3;
    static final int MAX_SPAN = 80;

    int schema = INITIAL_SCHEMA;
    /** The index of {@code counts[0]}. */
    int offset;

    long[] counts = new long[0];
    long zeroCount;

    void observe(double seconds) {
        if (seconds <= RttBuckets.ZERO_THRESHOLD) {
            zeroCount++;
            return;
        }
        int index = RttBuckets.nativeIndex(seconds, schema);
        if (counts.length == 0) {
            offset = index;
            counts = new long[1];
        } else if (index < offset || index >= offset + counts.length) {
            int lo = Math.min(offset, index);
            int hi = Math.max(offset + counts.length - 1, index);
            if (hi - lo + 1 > MAX_SPAN) {
                reduce();
                observe(seconds);
                return;
            }
            long[] grown = new long[hi - lo + 1];
            System.arraycopy(counts, 0, grown, offset - lo, counts.length);
            counts = grown;
            offset = lo;
        }
        counts[index - offset]++;
    }

    /** Halves the resolution: bucket i of schema s-1 is buckets 2i-1 and 2i of schema s. */
    private void reduce() {
        int lo = Math.floorDiv(offset + 1, 2);
        int hi = Math.floorDiv(offset + counts.length, 2);
        long[] merged = new long[hi - lo + 1];
        for (int i = 0; i < counts.length; i++) {
            int index = offset + i;
            merged[Math.floorDiv(index + 1, 2) - lo] += counts[i];
        }
        schema--;
        offset = lo;
        counts = merged;
    }

    /** The indexes of the non-empty buckets. */
    int[] indexes() {
        int n = 0;
        for (long c : counts) {
            if (c != 0) {
                n++;
            }
        }
        int[] out = new int[n];
        int k = 0;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] != 0) {
                out[k++] = offset + i;
            }
        }
        return out;
    }

    /** The counts of the non-empty buckets, in the order of {@link #indexes()}. */
    long[] nonEmptyCounts() {
        return Arrays.stream(counts).filter(c -> c != 0).toArray();
    }
}
