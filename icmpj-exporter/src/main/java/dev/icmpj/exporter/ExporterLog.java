package dev.icmpj.exporter;

import java.io.PrintStream;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Log lines in logfmt, as Prometheus and its exporters write them:
 * {@code ts=2026-12-07T10:00:00.000Z level=warn msg="name lookup failed" probe=default target=db1 err="..."}.
 *
 * <p>Thread-safe: each line goes to the sink in one call.
 */
public final class ExporterLog {
    private final Consumer<String> sink;
    private final boolean debug;

    /**
     * Creates a log.
     *
     * @param sink where each line goes
     * @param debug whether debug lines are written
     */
    public ExporterLog(Consumer<String> sink, boolean debug) {
        this.sink = sink;
        this.debug = debug;
    }

    /** A log to a stream, one line per entry. */
    static ExporterLog to(PrintStream out, boolean debug) {
        return new ExporterLog(out::println, debug);
    }

    void info(String msg, Object... keyValues) {
        write("info", msg, keyValues);
    }

    void warn(String msg, Object... keyValues) {
        write("warn", msg, keyValues);
    }

    void error(String msg, Object... keyValues) {
        write("error", msg, keyValues);
    }

    void debug(String msg, Object... keyValues) {
        if (debug) {
            write("debug", msg, keyValues);
        }
    }

    private void write(String level, String msg, Object... keyValues) {
        StringBuilder b = new StringBuilder(96)
                .append("ts=")
                .append(Instant.now())
                .append(" level=")
                .append(level)
                .append(" msg=");
        quote(b, msg);
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            b.append(' ').append(keyValues[i]).append('=');
            quote(b, String.valueOf(keyValues[i + 1]));
        }
        sink.accept(b.toString());
    }

    private static void quote(StringBuilder b, String value) {
        boolean plain = !value.isEmpty() && value.chars().allMatch(c -> c > ' ' && c != '"' && c != '=' && c < 127);
        if (plain) {
            b.append(value);
            return;
        }
        b.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                default -> b.append(c);
            }
        }
        b.append('"');
    }
}
