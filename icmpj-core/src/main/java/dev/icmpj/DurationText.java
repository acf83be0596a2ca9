package dev.icmpj;

import java.math.BigDecimal;
import java.time.Duration;

/** Durations as people read them in messages: seconds with the fraction they have ({@code -1 s}, {@code 0.2 s}). */
final class DurationText {
    private DurationText() {}

    /**
     * Formats a duration in seconds.
     *
     * @param duration the duration
     * @return e.g. {@code 1 s}, {@code -1 s}, {@code 0.0005 s}
     */
    static String of(Duration duration) {
        BigDecimal seconds = BigDecimal.valueOf(duration.getSeconds())
                .add(BigDecimal.valueOf(duration.getNano(), 9))
                .stripTrailingZeros();
        return (seconds.signum() == 0 ? "0" : seconds.toPlainString()) + " s";
    }
}
