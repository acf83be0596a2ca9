package dev.icmpj.exporter;

import java.time.Duration;
import java.util.List;

/**
 * Targets read from files in Prometheus' file service discovery format (a YAML or JSON list of
 * {@code {targets: [...], labels: {...}}}), re-read when they change.
 *
 * <p>Immutable and thread-safe.
 *
 * @param files paths, whose last element may hold a glob ({@code targets/*.yml}); relative to the config file
 * @param refreshInterval how often the files are read again even when they look unchanged
 */
public record FileSdConfig(List<String> files, Duration refreshInterval) {
    /** Copies the list. */
    public FileSdConfig {
        files = List.copyOf(files);
    }
}
