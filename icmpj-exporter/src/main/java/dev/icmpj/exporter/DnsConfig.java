package dev.icmpj.exporter;

import java.time.Duration;

/**
 * How host names are looked up again: a name whose addresses stay the same is looked up at a doubling
 * interval from {@code minRefresh} up to {@code maxRefresh}; one that changed or failed goes back to
 * {@code minRefresh}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param minRefresh the shortest time between two lookups of a name
 * @param maxRefresh the longest
 */
public record DnsConfig(Duration minRefresh, Duration maxRefresh) {
    /** The defaults: 30s to 5m. */
    public static final DnsConfig DEFAULTS = new DnsConfig(Duration.ofSeconds(30), Duration.ofMinutes(5));
}
