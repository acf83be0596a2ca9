package dev.icmpj.exporter;

import dev.icmpj.PingOptions;
import dev.icmpj.socket.Family;
import dev.icmpj.socket.PathMtuDiscovery;
import dev.icmpj.socket.Privilege;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One probe group of the config: how its targets are probed (the {@code probe} label is its name), its
 * labels, and its targets, listed and from files.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name the group's name, the {@code probe} label
 * @param interval time between the starts of a target's bursts
 * @param timeout how long each request waits for its reply
 * @param count requests per interval, back to back (a burst)
 * @param size echo payload bytes
 * @param ttl IPv4 TTL / IPv6 hop limit of the requests
 * @param dscp DSCP of the requests (traffic class {@code dscp << 2})
 * @param dontFragment whether requests carry the don't-fragment bit
 * @param source the address to send from, if set (the {@code source} label)
 * @param interfaceName the interface to send through, if set
 * @param privilege which kind of socket
 * @param family which addresses of a name are probed
 * @param labels labels of every target of the group
 * @param targets listed targets
 * @param fileSd target files
 */
public record ProbeConfig(
        String name,
        Duration interval,
        Duration timeout,
        int count,
        int size,
        int ttl,
        int dscp,
        boolean dontFragment,
        Optional<InetAddress> source,
        Optional<String> interfaceName,
        Privilege privilege,
        FamilyChoice family,
        Map<String, String> labels,
        List<TargetConfig> targets,
        List<FileSdConfig> fileSd) {

    /** Copies the collections. */
    public ProbeConfig {
        Objects.requireNonNull(name, "name");
        labels = Map.copyOf(labels);
        targets = List.copyOf(targets);
        fileSd = List.copyOf(fileSd);
    }

    /**
     * The engine's options for this group's targets of one family.
     *
     * @param probed IPV4 or IPV6
     * @return the options
     */
    public PingOptions pingOptions(Family probed) {
        PingOptions.Builder b = PingOptions.builder()
                .family(probed)
                .interval(interval)
                .timeout(timeout)
                .count(count)
                .payloadSize(size)
                .ttl(ttl)
                .dscp(dscp)
                .pathMtuDiscovery(dontFragment ? PathMtuDiscovery.DO : PathMtuDiscovery.DEFAULT)
                .privilege(privilege)
                .keepReplies(false);
        source.ifPresent(b::sourceAddress);
        interfaceName.ifPresent(b::interfaceName);
        return b.build();
    }

    /**
     * Tells whether another group probes exactly as this one does (its targets and labels aside): then a
     * reload keeps this group's probers running.
     *
     * @param other the other group
     * @return true when every probing setting is equal
     */
    public boolean probesLike(ProbeConfig other) {
        return interval.equals(other.interval)
                && timeout.equals(other.timeout)
                && count == other.count
                && size == other.size
                && ttl == other.ttl
                && dscp == other.dscp
                && dontFragment == other.dontFragment
                && source.equals(other.source)
                && interfaceName.equals(other.interfaceName)
                && privilege == other.privilege;
    }
}
