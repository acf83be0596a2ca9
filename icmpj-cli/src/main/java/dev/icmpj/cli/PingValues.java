package dev.icmpj.cli;

import dev.icmpj.socket.PathMtuDiscovery;
import java.util.HexFormat;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The converters of iputils ping's option values that picocli has no converter for: a byte in decimal or hex
 * ({@code -Q}), a fill pattern ({@code -p}) and a path MTU discovery mode ({@code -M}).
 *
 * <p>Stateless and thread-safe.
 */
final class PingValues {
    private PingValues() {}

    /** A byte given in decimal or in hex with {@code 0x}, as iputils' {@code -Q} takes it. */
    static final class ByteConverter implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            String text = value.strip();
            try {
                return text.startsWith("0x") || text.startsWith("0X")
                        ? Integer.parseInt(text.substring(2), 16)
                        : Integer.parseInt(text);
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is not a number (decimal, or hex as 0x10)");
            }
        }
    }

    /** The bytes of {@code -p}, repeated over the echo data. */
    record EchoPattern(byte[] bytes) {}

    /** iputils' {@code -p}: 1 to 32 hex digits, read two at a time. */
    static final class PatternConverter implements ITypeConverter<EchoPattern> {
        @Override
        public EchoPattern convert(String value) {
            if (value.isEmpty() || value.length() > 32 || !value.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                throw new TypeConversionException(
                        "'" + value + "' is not a pattern: 1 to 32 hex digits (up to 16 bytes)");
            }
            String even = value.length() % 2 == 0
                    ? value
                    : value.substring(0, value.length() - 1) + "0" + value.charAt(value.length() - 1);
            return new EchoPattern(HexFormat.of().parseHex(even));
        }
    }

    /** iputils' {@code -M do|dont|want}. */
    static final class MtuDiscoveryConverter implements ITypeConverter<PathMtuDiscovery> {
        @Override
        public PathMtuDiscovery convert(String value) {
            return switch (value) {
                case "do" -> PathMtuDiscovery.DO;
                case "dont" -> PathMtuDiscovery.DONT;
                case "want" -> PathMtuDiscovery.WANT;
                default -> throw new TypeConversionException("'" + value + "' is not one of do, dont, want");
            };
        }
    }
}
