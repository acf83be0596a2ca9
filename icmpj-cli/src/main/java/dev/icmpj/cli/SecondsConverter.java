package dev.icmpj.cli;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Converts an option value in seconds, with a fraction as iputils accepts it ({@code 0.2},
 * {@code 1}, {@code .01}), to a {@link Duration} rounded to the nanosecond.
 *
 * <p>Only the syntax is checked here; the range (no negative interval, a positive timeout, ...) is the
 * options builder's to check, so the CLI and the library reject the same values with the same words.
 *
 * <p>Stateless and thread-safe.
 */
public final class SecondsConverter implements ITypeConverter<Duration> {
    private static final BigDecimal NANOS_PER_SECOND = BigDecimal.valueOf(1_000_000_000L);
    /** Longer text is no practical number of seconds, and bounds the cost of exponents like 1e999999999. */
    private static final int MAX_LENGTH = 32;

    /** Creates the converter; picocli instantiates it. */
    public SecondsConverter() {}

    @Override
    public Duration convert(String value) {
        String text = value.strip();
        BigDecimal seconds;
        try {
            seconds = text.length() > MAX_LENGTH ? null : new BigDecimal(text);
        } catch (NumberFormatException e) {
            seconds = null;
        }
        if (seconds == null || Math.abs(seconds.scale()) > MAX_LENGTH) {
            throw new TypeConversionException("'" + value + "' is not a number of seconds");
        }
        try {
            return Duration.ofNanos(seconds.multiply(NANOS_PER_SECOND)
                    .setScale(0, RoundingMode.HALF_UP)
                    .longValueExact());
        } catch (ArithmeticException e) {
            throw new TypeConversionException("'" + value + "' seconds is out of range");
        }
    }
}
