package dev.icmpj.internal.engine;

import dev.icmpj.socket.Family;
import dev.icmpj.socket.PathMtuDiscovery;
import dev.icmpj.socket.Privilege;
import dev.icmpj.socket.SocketOptions;
import java.net.InetAddress;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What pings must agree on to share a socket: everything that is set per socket rather than per request
 * (TTL and traffic class travel with each request).
 *
 * <p>Immutable and thread-safe.
 *
 * @param family IPV4 or IPV6
 * @param privilege the kind of socket asked for
 * @param sourceAddress the address bound, if any
 * @param interfaceName the interface bound, if any
 * @param identifier the echo identifier asked for, if any
 * @param pathMtuDiscovery whether requests carry the don't-fragment bit and may be fragmented
 * @param broadcast whether broadcast addresses may be pinged (IPv4)
 * @param transmitTimestamps whether the kernel timestamps each send
 */
public record SocketKey(
        Family family,
        Privilege privilege,
        Optional<InetAddress> sourceAddress,
        Optional<String> interfaceName,
        OptionalInt identifier,
        PathMtuDiscovery pathMtuDiscovery,
        boolean broadcast,
        boolean transmitTimestamps) {

    /**
     * The receive buffer to ask for: the default 208 KiB overflowed in large sweeps, 4 MiB did not; doubled
     * since each send also queues a transmit timestamp in it, so as many requests fit in flight as before.
     */
    public static final int RECEIVE_BUFFER_BYTES = 8 << 20;

    SocketOptions toSocketOptions() {
        return toSocketOptions(RECEIVE_BUFFER_BYTES);
    }

    SocketOptions toSocketOptions(int receiveBufferBytes) {
        SocketOptions.Builder b = SocketOptions.builder(family)
                .privilege(privilege)
                .pathMtuDiscovery(pathMtuDiscovery)
                .transmitTimestamps(transmitTimestamps)
                .receiveBufferSize(receiveBufferBytes);
        sourceAddress.ifPresent(b::sourceAddress);
        interfaceName.ifPresent(b::interfaceName);
        identifier.ifPresent(b::identifier);
        if (broadcast && family == Family.IPV4) {
            b.broadcast(true);
        }
        return b.build();
    }
}
