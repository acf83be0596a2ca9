package dev.icmpj.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RttStatisticsTest {

    @Test
    void of_noSamples_everythingNaN() {
        RttStatistics s = RttStatistics.of(List.of());
        assertThat(List.of(s.min(), s.avg(), s.max(), s.median(), s.stddev(), s.jitter()))
                .allMatch(d -> d.isNaN());
    }

    @Test
    void of_oneSample_stddevAndJitterNaN() {
        RttStatistics s = RttStatistics.of(List.of(2.5));
        assertThat(s.min()).isEqualTo(2.5);
        assertThat(s.avg()).isEqualTo(2.5);
        assertThat(s.max()).isEqualTo(2.5);
        assertThat(s.median()).isEqualTo(2.5);
        assertThat(s.stddev()).isNaN();
        assertThat(s.jitter()).isNaN();
    }

    @Test
    void of_oddCount_handComputedValues() {
        // 1, 3, 2: mean 2; squares 1 + 1 + 0 = 2, / (3 - 1) = 1, sqrt 1; jitter (|3-1| + |2-3|) / 2 = 1.5
        RttStatistics s = RttStatistics.of(List.of(1.0, 3.0, 2.0));
        assertThat(s.min()).isEqualTo(1.0);
        assertThat(s.max()).isEqualTo(3.0);
        assertThat(s.avg()).isEqualTo(2.0);
        assertThat(s.median()).isEqualTo(2.0);
        assertThat(s.stddev()).isEqualTo(1.0);
        assertThat(s.jitter()).isEqualTo(1.5);
    }

    @Test
    void of_evenCount_medianIsMeanOfMiddleTwo() {
        // 4, 1, 10, 3: sorted 1 3 4 10, median 3.5, mean 4.5;
        // squares 0.25 + 12.25 + 30.25 + 2.25 = 45, / 3 = 15, sqrt 3.8729833...
        // jitter (3 + 9 + 7) / 3 = 6.333...
        RttStatistics s = RttStatistics.of(List.of(4.0, 1.0, 10.0, 3.0));
        assertThat(s.median()).isEqualTo(3.5);
        assertThat(s.avg()).isEqualTo(4.5);
        assertThat(s.stddev()).isCloseTo(Math.sqrt(15), within(1e-12));
        assertThat(s.jitter()).isCloseTo(19.0 / 3, within(1e-12));
        assertThat(s.min()).isEqualTo(1.0);
        assertThat(s.max()).isEqualTo(10.0);
    }

    @Test
    void of_unroundedSubMillisecondValues_keptExactly() {
        RttStatistics s = RttStatistics.of(List.of(0.012345, 0.012355));
        assertThat(s.min()).isEqualTo(0.012345);
        assertThat(s.max()).isEqualTo(0.012355);
        assertThat(s.jitter()).isCloseTo(0.00001, within(1e-15));
    }

    @Test
    void of_manySamples_medianAsASortGivesIt() {
        // the median is selected, not sorted out: check it against a sort on series that stress the selection
        // (duplicates, runs, sorted and reversed input, odd and even counts)
        Random random = new Random(7);
        for (int n = 1; n <= 300; n++) {
            for (int shape = 0; shape < 4; shape++) {
                double[] values = new double[n];
                for (int i = 0; i < n; i++) {
                    values[i] = switch (shape) {
                        case 0 -> random.nextDouble();
                        case 1 -> random.nextInt(3);
                        case 2 -> i;
                        default -> n - i;
                    };
                }
                List<Double> rtts = Arrays.stream(values).boxed().toList();
                double[] sorted = values.clone();
                Arrays.sort(sorted);
                double expected = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
                RttStatistics s = RttStatistics.of(rtts);
                assertThat(s.median()).as("n=%d shape=%d", n, shape).isEqualTo(expected);
                assertThat(s.min()).isEqualTo(sorted[0]);
                assertThat(s.max()).isEqualTo(sorted[n - 1]);
            }
        }
    }

    @Test
    void percentile_manySamples_asNumpyComputesItFromASort() {
        Random random = new Random(7);
        for (int n = 1; n <= 120; n++) {
            List<Double> values = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                values.add((double) random.nextInt(40));
            }
            double[] sorted =
                    values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            for (double p : new double[] {0, 5, 50, 90, 95, 99, 100}) {
                double rank = p / 100 * (n - 1);
                int low = (int) Math.floor(rank);
                double expected =
                        low == n - 1 ? sorted[low] : sorted[low] + (rank - low) * (sorted[low + 1] - sorted[low]);
                assertThat(RttStatistics.percentile(values, p))
                        .as("n=%d p=%s", n, p)
                        .isEqualTo(expected);
            }
        }
    }
}
