package dev.icmpj.socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.icmpj.testing.NetworkNamespace;
import dev.icmpj.testing.NetworkTests;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Software transmit timestamps ({@code SO_TIMESTAMPING}) on loopback: every reply gets the kernel's
 * transmit time of its own request, also after sends that failed or that a firewall dropped.
 */
class TransmitTimestampTest {
    /** A loopback reply takes microseconds: this only bounds a failure, with room for a busy machine. */
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static final int BURST = 10;

    private static SocketOptions options(Family family, Privilege privilege) {
        return SocketOptions.builder(family).privilege(privilege).build();
    }

    /**
     * Sends one request at a time and checks each reply: timed kernel to kernel, the transmit timestamp
     * after the send clock and before the receive timestamp, the RTT shorter than the send-clock one.
     */
    private static void assertOneAtATime(IcmpSocket socket, InetAddress target, int firstSequence) throws Exception {
        for (int seq = firstSequence; seq < firstSequence + 5; seq++) {
            SentRequest sent = socket.send(IcmpRequest.of(target, socket.identifier(), seq, new byte[16]));
            IcmpReply reply = socket.receive(sent, TIMEOUT);

            assertThat(reply.isEchoReply()).isTrue();
            assertThat(reply.rttClock(sent)).as("seq %d", seq).isEqualTo(RttClock.KERNEL_TX_RX);
            long tx = reply.sentAtKernelEpochNanos();
            long rx = reply.receivedAtEpochNanos();
            assertThat(tx).isGreaterThanOrEqualTo(sent.sentAtEpochNanos()).isLessThanOrEqualTo(rx);
            assertThat(reply.rttNanos(sent)).isEqualTo(rx - tx).isPositive().isLessThan(rx - sent.sentAtEpochNanos());
        }
    }

    /**
     * Sends a burst before reading anything, then checks that each reply carries the transmit timestamp
     * of its own request: after that request's send clock and before the next request's.
     */
    private static void assertBurst(IcmpSocket socket, InetAddress target, int firstSequence) throws Exception {
        List<SentRequest> sent = new ArrayList<>();
        for (int i = 0; i < BURST; i++) {
            sent.add(socket.send(IcmpRequest.of(target, socket.identifier(), firstSequence + i, new byte[16])));
        }
        Map<Integer, IcmpReply> replies = collect(socket, BURST);
        assertThat(replies).hasSize(BURST);
        for (int i = 0; i < BURST; i++) {
            SentRequest request = sent.get(i);
            IcmpReply reply = replies.get(request.sequence());
            assertThat(reply.rttClock(request)).as("seq %d", request.sequence()).isEqualTo(RttClock.KERNEL_TX_RX);
            assertThat(reply.sentAtKernelEpochNanos()).isGreaterThanOrEqualTo(request.sentAtEpochNanos());
            if (i + 1 < BURST) {
                assertThat(reply.sentAtKernelEpochNanos())
                        .isLessThan(sent.get(i + 1).sentAtEpochNanos());
            }
        }
    }

    /** Drains until {@code count} messages came (or the timeout), then 100 ms more to catch extras. */
    private static Map<Integer, IcmpReply> collect(IcmpSocket socket, int count) throws Exception {
        List<IcmpReply> got = new ArrayList<>();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (got.size() < count && System.nanoTime() < deadline) {
            Drain.drain(socket, Duration.ofMillis(100), got::add);
        }
        Drain.drain(socket, Duration.ofMillis(100), got::add);
        assertThat(got).hasSize(count);
        Map<Integer, IcmpReply> bySequence = new HashMap<>();
        got.forEach(r -> bySequence.put(r.sequence(), r));
        return bySequence;
    }

    private static void assertTimestamps(IcmpSocket socket, String destination) throws Exception {
        InetAddress target = InetAddress.getByName(destination);
        assertOneAtATime(socket, target, 1);
        assertBurst(socket, target, 100);
    }

    @Test
    void receive_rawIpv4Loopback_timesKernelToKernel() throws Exception {
        NetworkTests.requireRoot("a raw ICMP socket");
        try (IcmpSocket socket = IcmpSocket.open(options(Family.IPV4, Privilege.PRIVILEGED))) {
            assertTimestamps(socket, "127.0.0.1");
        }
    }

    @Test
    void receive_rawIpv6Loopback_timesKernelToKernel() throws Exception {
        NetworkTests.requireRoot("a raw ICMPv6 socket");
        try (IcmpSocket socket = IcmpSocket.open(options(Family.IPV6, Privilege.PRIVILEGED))) {
            assertTimestamps(socket, "::1");
        }
    }

    @Test
    void receive_pingSocketsInNamespace_timeKernelToKernel() throws Exception {
        NetworkTests.requireRoot("a network namespace");
        try (NetworkNamespace ns = NetworkNamespace.create().allowPingSockets();
                IcmpSocket v4 = ns.call(() -> IcmpSocket.open(options(Family.IPV4, Privilege.UNPRIVILEGED)));
                IcmpSocket v6 = ns.call(() -> IcmpSocket.open(options(Family.IPV6, Privilege.UNPRIVILEGED)))) {
            assertTimestamps(v4, "127.0.0.1");
            assertTimestamps(v6, "::1");
        }
    }

    @Test
    void send_afterRefusedBroadcast_keepsTimestampsWithTheirRequests() throws Exception {
        NetworkTests.requireRoot("a raw ICMP socket");
        InetAddress broadcast = InetAddress.getByName("127.255.255.255");
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        try (IcmpSocket socket = IcmpSocket.open(options(Family.IPV4, Privilege.PRIVILEGED))) {
            assertOneAtATime(socket, loopback, 1);
            for (int i = 0; i < 3; i++) {
                int seq = 10 + i;
                assertThatThrownBy(() -> socket.send(IcmpRequest.of(broadcast, socket.identifier(), seq, new byte[16])))
                        .isInstanceOf(SocketBroadcastException.class);
            }
            assertOneAtATime(socket, loopback, 20);
            assertBurst(socket, loopback, 30);
        }
    }

    /**
     * A firewall-dropped send (EPERM, after the kernel may have counted it) between good ones: the ICMP
     * error still arrives exactly once, and the echo replies after it are still timed kernel to kernel.
     */
    private static void assertAfterFirewallReject(Privilege privilege) throws Exception {
        try (NetworkNamespace ns = NetworkNamespace.withOutputRule(
                "ip daddr 127.0.0.2 icmp type echo-request reject with icmp type host-unreachable")) {
            InetAddress rejected = InetAddress.getByName("127.0.0.2");
            InetAddress loopback = InetAddress.getByName("127.0.0.1");
            try (IcmpSocket socket = ns.call(() -> IcmpSocket.open(options(Family.IPV4, privilege)))) {
                assertOneAtATime(socket, loopback, 1);

                socket.send(IcmpRequest.of(rejected, socket.identifier(), 50, new byte[16]));
                Map<Integer, IcmpReply> errors = collect(socket, 1);
                assertThat(errors).containsOnlyKeys(50);
                assertThat(errors.get(50).type()).isEqualTo(3);
                assertThat(errors.get(50).code()).isEqualTo(1);
                assertThat(errors.get(50).sentAtKernelEpochNanos()).isZero();

                assertOneAtATime(socket, loopback, 60);
                assertBurst(socket, loopback, 70);
            }
        }
    }

    @Test
    void send_pingSocketAfterFirewallReject_errorOnceAndTimestampsStayRight() throws Exception {
        assertAfterFirewallReject(Privilege.UNPRIVILEGED);
    }

    @Test
    void send_rawSocketAfterFirewallReject_errorOnceAndTimestampsStayRight() throws Exception {
        assertAfterFirewallReject(Privilege.PRIVILEGED);
    }
}
