package dev.icmpj;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** A multiping's compact result read back: what it kept as floats comes out as the decimals they were. */
class MultipingResultTest {

    @Test
    void rtts_keptAsFloats_readBackAsTheDecimalsMeasured() {
        MultipingResult result = new MultipingResult(
                Targets.of("127.0.0.1"),
                2,
                new int[] {2},
                new int[] {1},
                new int[] {0},
                new int[] {0},
                new byte[] {64},
                new float[] {0.158702f, Float.NaN},
                Map.of(),
                Map.of());

        // widening the float's bits would give 0.15870200097560883, which --json printed
        assertThat(result.rtt(0, 0)).isEqualTo(0.158702);
        assertThat(result.rtt(0, 1)).isNaN();
        assertThat(result.get(0).rtts()).containsExactly(0.158702);
        assertThat(result.get(0).packetsReceived()).isEqualTo(1);
    }
}
