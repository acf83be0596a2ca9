package dev.icmpj.exporter;

import java.nio.file.Path;

/**
 * A configuration or target file that cannot be used, with where the fault is: {@code FILE:LINE:COLUMN: FIELD:
 * what is wrong}. Lines and columns count from 1, as editors do.
 *
 * <p>Immutable and thread-safe.
 */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    /** The file, as given. */
    private final String file;

    private final int line;
    private final int column;
    private final String field;

    /**
     * Creates one.
     *
     * @param file the file, or a description such as {@code "command line"}
     * @param line 1-based, or 0 when unknown
     * @param column 1-based, or 0 when unknown
     * @param field the field's path in the file, e.g. {@code probes[0].interval}, or "" for the file as a whole
     * @param problem what is wrong
     */
    public ConfigException(String file, int line, int column, String field, String problem) {
        super(describe(file, line, column, field, problem));
        this.file = file;
        this.line = line;
        this.column = column;
        this.field = field;
    }

    static ConfigException of(Path file, String problem) {
        return new ConfigException(file.toString(), 0, 0, "", problem);
    }

    private static String describe(String file, int line, int column, String field, String problem) {
        StringBuilder b = new StringBuilder(file);
        if (line > 0) {
            b.append(':').append(line);
            if (column > 0) {
                b.append(':').append(column);
            }
        }
        b.append(": ");
        if (!field.isEmpty()) {
            b.append(field).append(": ");
        }
        return b.append(problem).toString();
    }

    /** The file at fault. */
    public String file() {
        return file;
    }

    /** The line, 1-based; 0 when unknown. */
    public int line() {
        return line;
    }

    /** The column, 1-based; 0 when unknown. */
    public int column() {
        return column;
    }

    /** The field's path, e.g. {@code probes[0].interval}; "" for the file as a whole. */
    public String field() {
        return field;
    }
}
