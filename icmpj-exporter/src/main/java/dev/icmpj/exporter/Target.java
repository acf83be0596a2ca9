package dev.icmpj.exporter;

import dev.icmpj.socket.Family;
import io.prometheus.metrics.model.snapshots.Labels;
import java.net.InetAddress;

/**
 * One probed address of a probe group: a name (or literal) and the family it is probed in, its series'
 * labels, its slot in the group's {@link TargetTable}, which is also its number in the group's prober.
 *
 * <p>Mutable by the control thread only; other threads read the volatile fields.
 */
final class Target {
    final String host;
    final Family family;
    final int slot;
    volatile Labels labels;
    volatile InetAddress address;
    /** Its number in the prober (its slot) while probed, or -1 while not (e.g. the prober refused the address). */
    volatile int id = -1;
    /** Why the prober refused the address, or null. */
    volatile String addError;

    Target(String host, Family family, int slot, Labels labels) {
        this.host = host;
        this.family = family;
        this.slot = slot;
        this.labels = labels;
    }

    /** The family as the {@code family} label writes it. */
    static String familyLabel(Family family) {
        return family == Family.IPV4 ? "ipv4" : "ipv6";
    }
}
