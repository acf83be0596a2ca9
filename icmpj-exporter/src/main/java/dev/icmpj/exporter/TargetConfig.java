package dev.icmpj.exporter;

import java.util.Map;
import java.util.Objects;

/**
 * One target of a probe group as configured: a host name or IP literal, with labels of its own.
 *
 * <p>Immutable and thread-safe.
 *
 * @param host a host name or an IPv4 or IPv6 literal, as written (the {@code target} label)
 * @param labels labels for this target's series, beside the group's (the target's win)
 * @param origin where it was written, {@code FILE:LINE}, for messages
 */
public record TargetConfig(String host, Map<String, String> labels, String origin) {
    /** Copies the labels. */
    public TargetConfig {
        Objects.requireNonNull(host, "host");
        labels = Map.copyOf(labels);
        Objects.requireNonNull(origin, "origin");
    }
}
