package dev.icmpj.exporter;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations written as Prometheus writes them: units {@code y w d h m s ms}, largest first, each at most
 * once, e.g. {@code 250ms}, {@code 1s}, {@code 1m30s}, {@code 0}. A year is 365 days, as in Prometheus.
 *
 * <p>Stateless and thread-safe.
 */
public final class PromDuration {
    private static final Pattern FORMAT = Pattern.compile(
            "(?:(\\d+)y)?(?:(\\d+)w)?(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m(?!s))?(?:(\\d+)s)?(?:(\\d+)ms)?");
    private static final long[] UNIT_MILLIS = {
        365L * 86_400_000, 7L * 86_400_000, 86_400_000, 3_600_000, 60_000, 1_000, 1
    };
    private static final String[] UNIT_NAMES = {"y", "w", "d", "h", "m", "s", "ms"};

    private PromDuration() {}

    /**
     * Parses a duration.
     *
     * @param text e.g. {@code 250ms}, {@code 1m30s} or {@code 0}
     * @return the duration
     * @throws IllegalArgumentException when the text is not a Prometheus duration, saying what one looks like
     */
    public static Duration parse(String text) {
        if (text.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = FORMAT.matcher(text);
        if (text.isEmpty() || !m.matches()) {
            throw new IllegalArgumentException("\"" + text + "\" is not a duration; write e.g. 250ms, 1s, 1m30s");
        }
        long millis = 0;
        for (int unit = 0; unit < UNIT_MILLIS.length; unit++) {
            String digits = m.group(unit + 1);
            if (digits != null) {
                try {
                    millis = Math.addExact(millis, Math.multiplyExact(Long.parseLong(digits), UNIT_MILLIS[unit]));
                } catch (ArithmeticException | NumberFormatException e) {
                    throw new IllegalArgumentException("\"" + text + "\" is too long a duration");
                }
            }
        }
        return Duration.ofMillis(millis);
    }

    /**
     * Writes a duration in the same form, to the millisecond (sub-millisecond parts are dropped).
     *
     * @param duration zero or more
     * @return e.g. {@code 1m30s}; {@code 0s} for zero
     */
    public static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis == 0) {
            return "0s";
        }
        StringBuilder b = new StringBuilder();
        for (int unit = 0; unit < UNIT_MILLIS.length; unit++) {
            long n = millis / UNIT_MILLIS[unit];
            if (n > 0) {
                b.append(n).append(UNIT_NAMES[unit]);
                millis -= n * UNIT_MILLIS[unit];
            }
        }
        return b.toString();
    }
}
