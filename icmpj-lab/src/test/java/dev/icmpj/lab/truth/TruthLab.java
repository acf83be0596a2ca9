package dev.icmpj.lab.truth;

import dev.icmpj.Host;
import dev.icmpj.PingListener;
import dev.icmpj.PingOptions;
import dev.icmpj.Pinger;
import dev.icmpj.lab.Topology;
import dev.icmpj.packet.AddressText;
import dev.icmpj.testing.NetworkTests;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * The ground-truth lab: one client namespace (a chain without routers) whose {@code ping_group_range} is
 * open, so that raw sockets and ping sockets both work; a test puts a {@code TunPeer} on the client and pings
 * it with a {@link Pinger} whose sockets are opened inside the namespace.
 */
final class TruthLab {
    private TruthLab() {}

    /** Skips (or fails, when required) without root, nft or TUN. */
    static void require() {
        NetworkTests.requireRoot("the ground-truth lab");
        NetworkTests.requireCommand("nft");
    }

    /** A topology with a client whose ping sockets are open to every group. */
    static Topology topology(int routers) {
        Topology lab = Topology.chain(routers);
        try {
            lab.client().exec("sysctl", "-qw", "net.ipv4.ping_group_range=0 2147483647");
        } catch (RuntimeException e) {
            lab.close();
            throw e;
        }
        return lab;
    }

    /** Pings from the client namespace (the pinger's socket opens there, on the first ping). */
    static Host ping(Topology lab, Pinger pinger, InetAddress target, PingOptions options, PingListener listener)
            throws Exception {
        return lab.client().call(() -> pinger.ping(AddressText.of(target), options, listener));
    }

    /** Starts a ping from the client namespace and returns at once. */
    static CompletableFuture<Host> pingAsync(
            Topology lab, Pinger pinger, InetAddress target, PingOptions options, PingListener listener)
            throws Exception {
        return lab.client().call(() -> pinger.pingAsync(AddressText.of(target), options, listener));
    }

    /** The number of this process's open file descriptors. */
    static long openDescriptors() throws Exception {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }
}
