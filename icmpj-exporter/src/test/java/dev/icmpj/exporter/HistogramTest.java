package dev.icmpj.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The RTT buckets: classic bucket choice, native index arithmetic and resolution reduction. */
@Timeout(10)
class HistogramTest {
    @Test
    void classic_firstBoundAtOrAboveTheValue() {
        assertThat(RttBuckets.CLASSIC[0]).isEqualTo(50e-6);
        assertThat(RttBuckets.classic(RttBuckets.CLASSIC, 10e-6)).isZero();
        assertThat(RttBuckets.classic(RttBuckets.CLASSIC, 50e-6)).isZero();
        assertThat(RttBuckets.classic(RttBuckets.CLASSIC, 50.1e-6)).isEqualTo(1);
        assertThat(RttBuckets.classic(RttBuckets.CLASSIC, 0.02)).isEqualTo(8);
        assertThat(RttBuckets.classic(RttBuckets.CLASSIC, 11)).isEqualTo(RttBuckets.CLASSIC.length - 1);
    }

    @Test
    void nativeIndex_valueWithinItsBucket() {
        SplittableRandom r = new SplittableRandom(42);
        for (int schema = -4; schema <= 8; schema++) {
            for (int i = 0; i < 2000; i++) {
                double v = Math.exp(r.nextDouble(Math.log(1e-6), Math.log(100)));
                int index = RttBuckets.nativeIndex(v, schema);
                assertThat(RttBuckets.upperBound(index, schema)).isGreaterThanOrEqualTo(v);
                assertThat(RttBuckets.upperBound(index - 1, schema)).isLessThan(v);
            }
        }
        // exact powers of two are upper bounds: 1 s is the top of bucket 0
        assertThat(RttBuckets.nativeIndex(1.0, 3)).isZero();
        assertThat(RttBuckets.nativeIndex(0.5, 3)).isEqualTo(-8);
    }

    @Test
    void nativeBuckets_wideSpread_reducesSchemaKeepingCounts() {
        NativeBuckets n = new NativeBuckets();
        SplittableRandom r = new SplittableRandom(7);
        double[] values = new double[5000];
        for (int i = 0; i < values.length; i++) {
            values[i] = Math.exp(r.nextDouble(Math.log(20e-6), Math.log(5)));
            n.observe(values[i]);
        }
        assertThat(n.schema).isLessThan(NativeBuckets.INITIAL_SCHEMA);
        assertThat(n.counts.length).isLessThanOrEqualTo(NativeBuckets.MAX_SPAN);
        assertThat(java.util.Arrays.stream(n.counts).sum()).isEqualTo(values.length);
        // every value is counted in the bucket its index says, at the final schema
        long[] expected = new long[n.counts.length];
        for (double v : values) {
            expected[RttBuckets.nativeIndex(v, n.schema) - n.offset]++;
        }
        assertThat(n.counts).containsExactly(expected);
    }

    @Test
    void smokeEncoding_monotonicAndWithinSixPercent() {
        double previous = 0;
        for (double v = 10e-6; v < 20; v *= 1.01) {
            byte b = SmokeHistory.encode(v);
            double back = SmokeHistory.decode(b);
            assertThat(Math.abs(back / v - 1)).isLessThan(0.03);
            assertThat(back).isGreaterThanOrEqualTo(previous);
            previous = back;
        }
        assertThat(SmokeHistory.encode(1e-9)).isLessThan(SmokeHistory.encode(1e-3));
    }

    @Test
    void smokeHistory_minutesQuantilesAndLoss() {
        SmokeHistory h = new SmokeHistory(SmokeHistory.Shape.of(1000, 1), 2);
        h.clear(1);
        long t0 = Rig.START;
        // minute 0: 60 replies 1..60 ms; minute 1: 30 replies of 5 ms and 30 losses
        for (int i = 0; i < 60; i++) {
            h.reply(1, (i + 1) / 1000.0, t0 + i * 1000L);
        }
        for (int i = 0; i < 60; i++) {
            if (i % 2 == 0) {
                h.reply(1, 0.005, t0 + 60_000 + i * 1000L);
            } else {
                h.loss(1, t0 + 60_000 + i * 1000L);
            }
        }
        SmokeHistory.Minute[] hour = h.hour(1, t0 + 119_000);
        assertThat(hour).hasSize(2);
        assertThat(hour[0].decided()).isEqualTo(60);
        assertThat(hour[0].lost()).isZero();
        assertThat(hour[0].quantileSeconds()[0]).isCloseTo(0.001, org.assertj.core.data.Percentage.withPercentage(3));
        assertThat(hour[0].quantileSeconds()[3]).isCloseTo(0.031, org.assertj.core.data.Percentage.withPercentage(4));
        assertThat(hour[0].quantileSeconds()[6]).isCloseTo(0.060, org.assertj.core.data.Percentage.withPercentage(3));
        assertThat(hour[1].decided()).isEqualTo(60);
        assertThat(hour[1].lost()).isEqualTo(30);
        assertThat(hour[1].quantileSeconds()[3]).isCloseTo(0.005, org.assertj.core.data.Percentage.withPercentage(3));
        // an hour later the first minutes are gone
        assertThat(h.hour(1, t0 + 61 * 60_000L)).isEmpty();
    }
}
