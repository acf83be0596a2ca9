package dev.icmpj;

import java.time.Duration;

/** Durations as nanoseconds for deadline arithmetic, saturated where they do not fit. Stateless, thread-safe. */
final class Nanos {
    /** Far enough ahead to never come, with room left for adding to a ticker reading. */
    static final long FOREVER = Long.MAX_VALUE / 4;

    private Nanos() {}

    /**
     * Returns a duration in nanoseconds.
     *
     * @param duration the duration, zero or more
     * @return its nanoseconds, at most {@link #FOREVER}
     */
    static long saturated(Duration duration) {
        try {
            return Math.min(duration.toNanos(), FOREVER);
        } catch (ArithmeticException e) {
            return FOREVER;
        }
    }
}
