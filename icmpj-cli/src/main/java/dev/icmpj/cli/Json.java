package dev.icmpj.cli;

import java.math.BigDecimal;
import java.util.Map;

/**
 * A minimal JSON (RFC 8259) writer for the values {@code Host.toMap()} holds: maps with string keys,
 * lists and other iterables, strings, numbers, booleans and {@code null}.
 *
 * <p>Output is compact and pure ASCII: every character outside printable ASCII is written as a
 * {@code \}{@code uXXXX} escape, so the text survives any terminal encoding. Non-finite doubles (NaN,
 * infinities), which JSON cannot express, are written as {@code null}, like an absent value. Doubles are
 * written without an exponent between 1e-12 and 1e21 (an RTT of {@code 0.000319}, not {@code 3.19E-4}).
 *
 * <p>Stateless and thread-safe. Written here rather than pulled in from a JSON library to keep the CLI's
 * start-up time low.
 */
public final class Json {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Json() {}

    /**
     * Returns the JSON text of a value.
     *
     * @param value a {@link Map} with {@link String} keys, an {@link Iterable}, a {@link CharSequence}, a
     *     {@link Number}, a {@link Boolean}, an {@link Enum} (written as its name) or {@code null}, nested
     *     to any depth
     * @return the JSON text
     * @throws IllegalArgumentException if the value or a nested one has another type, or a map key is not
     *     a string
     */
    public static String write(Object value) {
        StringBuilder out = new StringBuilder(256);
        append(out, value);
        return out.toString();
    }

    private static void append(StringBuilder out, Object value) {
        switch (value) {
            case null -> out.append("null");
            case CharSequence s -> appendString(out, s);
            case Boolean b -> out.append(b.booleanValue());
            case Double d -> appendDouble(out, d);
            case Float f -> appendDouble(out, f.doubleValue());
            case Number n -> out.append(n);
            case Enum<?> e -> appendString(out, e.name());
            case Map<?, ?> map -> appendMap(out, map);
            case Iterable<?> items -> appendArray(out, items);
            default ->
                throw new IllegalArgumentException(
                        "cannot write a " + value.getClass().getName() + " as JSON");
        }
    }

    private static void appendDouble(StringBuilder out, double d) {
        if (Double.isFinite(d)) {
            // Double.toString is the shortest text that reads back as the same double, but it writes small
            // round trips as "3.18E-4": valid JSON, yet not what a person or a shell script expects of a time
            // in ms. The same digits without the exponent read back as the same double too.
            String shortest = Double.toString(d);
            double magnitude = Math.abs(d);
            if (shortest.indexOf('E') >= 0 && magnitude >= 1e-12 && magnitude < 1e21) {
                out.append(new BigDecimal(shortest).toPlainString());
            } else {
                out.append(shortest);
            }
        } else {
            out.append("null");
        }
    }

    private static void appendMap(StringBuilder out, Map<?, ?> map) {
        out.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!(entry.getKey() instanceof String key)) {
                throw new IllegalArgumentException("JSON object keys must be strings, not " + entry.getKey());
            }
            if (!first) {
                out.append(',');
            }
            first = false;
            appendString(out, key);
            out.append(':');
            append(out, entry.getValue());
        }
        out.append('}');
    }

    private static void appendArray(StringBuilder out, Iterable<?> items) {
        out.append('[');
        boolean first = true;
        for (Object item : items) {
            if (!first) {
                out.append(',');
            }
            first = false;
            append(out, item);
        }
        out.append(']');
    }

    private static void appendString(StringBuilder out, CharSequence s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        appendUnicodeEscape(out, c);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static void appendUnicodeEscape(StringBuilder out, char c) {
        out.append("\\u")
                .append(HEX[(c >> 12) & 0xf])
                .append(HEX[(c >> 8) & 0xf])
                .append(HEX[(c >> 4) & 0xf])
                .append(HEX[c & 0xf]);
    }
}
