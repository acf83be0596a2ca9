package dev.icmpj.lab.truth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.icmpj.Host;
import dev.icmpj.PingListener;
import dev.icmpj.PingOptions;
import dev.icmpj.Pinger;
import dev.icmpj.lab.SentPacket;
import dev.icmpj.lab.Topology;
import dev.icmpj.lab.TunPeer;
import dev.icmpj.packet.AddressText;
import dev.icmpj.testing.NetworkTests;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The ground-truth lab: one client namespace (a chain without routers) whose {@code ping_group_range} is
 * open, so that raw sockets and ping sockets both work; a test puts a {@code TunPeer} on the client and pings
 * it with a {@link Pinger} whose sockets are opened inside the namespace.
 */
final class TruthLab {
    /**
     * Room between the peer reading its clock before it writes a reply ({@link SentPacket#writtenNanos()}) and
     * the kernel's receive timestamp of that reply: microseconds on a quiet machine, but a busy one may preempt
     * the peer's thread in between.
     */
    static final Duration WRITE_MARGIN = Duration.ofMillis(100);

    private TruthLab() {}

    /**
     * Whether icmpj may rightly have called a request lost although the peer answered it: the peer began to
     * write the reply after the request's deadline less {@link #WRITE_MARGIN}. On a busy machine the peer can
     * fall that far behind; a reply it wrote earlier reached the client's socket in time, and icmpj must count
     * it.
     *
     * @param reply the peer's record of the reply
     * @param sentAtNanos when the request left ({@link dev.icmpj.PingListener#onSent})
     * @param timeout the ping's timeout
     */
    static boolean answeredLate(SentPacket reply, long sentAtNanos, Duration timeout) {
        return reply.writtenNanos() - sentAtNanos > timeout.toNanos() - WRITE_MARGIN.toNanos();
    }

    /**
     * Waits, at most 30 s, until the peer has read {@code requests} requests and written {@code packets} packets:
     * on a busy machine it may still be at work when a ping has ended.
     */
    static void awaitPeer(TunPeer peer, int requests, int packets) throws InterruptedException {
        assertThat(peer.awaitReceived(requests, Duration.ofSeconds(30)))
                .as("the peer read %d requests", requests)
                .isTrue();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (peer.sentCount() < packets && System.nanoTime() - deadline < 0) {
            TimeUnit.MILLISECONDS.sleep(1);
        }
        assertThat(peer.sentCount()).as("packets the peer wrote").isGreaterThanOrEqualTo(packets);
    }

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
