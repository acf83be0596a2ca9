package dev.icmpj.exporter;

import dev.icmpj.socket.Family;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Future;

/**
 * One host of a probe group, as configured (listed or from a file), with its name lookups and the
 * {@link Target}s it is probed as (one per family probed).
 *
 * <p>Mutable by the control thread only; scrapes and the page read the volatile fields.
 */
final class NameEntry {
    final String host;
    /** Whether the host is an IP literal: never looked up. */
    final boolean literal;

    volatile TargetConfig config;
    final Map<Family, Target> targets = new EnumMap<>(Family.class);
    /** The targets, published for readers after each change. */
    volatile Target[] publishedTargets = new Target[0];

    volatile long lookupsOk;
    volatile long lookupsFailed;
    volatile String lookupError;
    /** Whether the first lookup (or, for a literal, the first attempt to probe it) is done. */
    volatile boolean settled;

    Duration nextDelay;
    Future<?> nextLookup;
    boolean removed;

    NameEntry(String host, boolean literal, TargetConfig config) {
        this.host = host;
        this.literal = literal;
        this.config = config;
    }

    void publish() {
        publishedTargets = targets.values().toArray(new Target[0]);
    }
}
