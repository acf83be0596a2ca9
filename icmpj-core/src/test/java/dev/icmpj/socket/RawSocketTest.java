package dev.icmpj.socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.icmpj.testing.NetworkTests;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RawSocketTest {
    /** A loopback reply takes microseconds: this only bounds a failure, with room for a busy machine. */
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static IcmpSocket openRaw(Family family) throws Exception {
        return IcmpSocket.open(
                SocketOptions.builder(family).privilege(Privilege.PRIVILEGED).build());
    }

    private static void assertEchoRoundTrip(Family family, String destination, int expectedTtl) throws Exception {
        try (IcmpSocket socket = openRaw(family)) {
            assertThat(socket.privilege()).isEqualTo(Privilege.PRIVILEGED);
            byte[] payload = "icmpj raw round trip".getBytes(StandardCharsets.US_ASCII);
            IcmpRequest request = IcmpRequest.of(InetAddress.getByName(destination), socket.identifier(), 7, payload);

            long before = System.nanoTime();
            SentRequest sent = socket.send(request);
            IcmpReply reply = socket.receive(sent, TIMEOUT);
            long roundTrip = System.nanoTime() - before;

            assertThat(reply.isEchoReply()).isTrue();
            assertThat(reply.source()).isEqualTo(InetAddress.getByName(destination));
            assertThat(reply.identifier()).isEqualTo(socket.identifier());
            assertThat(reply.sequence()).isEqualTo(7);
            assertThat(reply.payload()).isEqualTo(payload);
            assertThat(reply.bytesReceived()).isEqualTo(8 + payload.length);
            assertThat(reply.ttl()).isEqualTo(expectedTtl);
            assertThat(reply.rttClock(sent)).isEqualTo(RttClock.KERNEL_TX_RX);
            // kernel to kernel: inside what this thread saw from before the send to after the receive
            assertThat(reply.rttNanos(sent)).isPositive().isLessThanOrEqualTo(roundTrip);
        }
    }

    @Test
    void receive_rawIpv4Loopback_returnsMatchingEchoReply() throws Exception {
        NetworkTests.requireRoot("a raw ICMP socket");
        assertEchoRoundTrip(Family.IPV4, "127.0.0.1", 64);
    }

    @Test
    void receive_rawIpv6Loopback_returnsMatchingEchoReply() throws Exception {
        NetworkTests.requireRoot("a raw ICMPv6 socket");
        assertEchoRoundTrip(Family.IPV6, "::1", 64);
    }

    @Test
    void open_autoInDefaultNamespaceAsRoot_fallsBackToRaw() throws Exception {
        NetworkTests.requireRoot("a raw ICMP socket");
        try (IcmpSocket socket = IcmpSocket.open(SocketOptions.defaults(Family.IPV4))) {
            assertThat(socket.privilege()).isEqualTo(Privilege.PRIVILEGED);
        }
    }

    @Test
    void receive_twoRawSocketsWithDifferentIdentifiers_eachSeesOnlyItsOwnReplies() throws Exception {
        NetworkTests.requireRoot("raw ICMP sockets");
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        SocketOptions.Builder base = SocketOptions.builder(Family.IPV4).privilege(Privilege.PRIVILEGED);
        try (IcmpSocket a = IcmpSocket.open(base.identifier(0x1111).build());
                IcmpSocket b = IcmpSocket.open(base.identifier(0x2222).build())) {
            for (int seq = 0; seq < 5; seq++) {
                a.send(IcmpRequest.of(loopback, 0x1111, seq, new byte[8]));
                b.send(IcmpRequest.of(loopback, 0x2222, seq, new byte[8]));
            }
            for (IcmpSocket socket : new IcmpSocket[] {a, b}) {
                java.util.List<IcmpReply> got = new java.util.ArrayList<>();
                long deadline = System.nanoTime() + TIMEOUT.toNanos();
                while (got.size() < 5 && System.nanoTime() < deadline) {
                    Drain.drain(socket, Duration.ofMillis(100), got::add);
                }
                Drain.drain(socket, Duration.ofMillis(50), got::add);
                assertThat(got).hasSize(5).allSatisfy(r -> {
                    assertThat(r.identifier()).isEqualTo(socket.identifier());
                    assertThat(r.isEchoReply()).isTrue();
                });
                assertThat(got).extracting(IcmpReply::sequence).containsExactly(0, 1, 2, 3, 4);
            }
        }
    }

    @Test
    void send_loopbackBroadcastWithoutBroadcast_throwsSocketBroadcastException() throws Exception {
        NetworkTests.requireRoot("a raw ICMP socket");
        InetAddress broadcast = InetAddress.getByName("127.255.255.255");
        try (IcmpSocket socket = openRaw(Family.IPV4)) {
            assertThatThrownBy(() -> socket.send(IcmpRequest.of(broadcast, socket.identifier(), 1, new byte[4])))
                    .isInstanceOf(SocketBroadcastException.class)
                    .hasMessageContaining("127.255.255.255")
                    .hasMessageContaining("enable broadcast");
        }
        SocketOptions withBroadcast = SocketOptions.builder(Family.IPV4)
                .privilege(Privilege.PRIVILEGED)
                .broadcast(true)
                .build();
        try (IcmpSocket socket = IcmpSocket.open(withBroadcast)) {
            SentRequest sent = socket.send(IcmpRequest.of(broadcast, socket.identifier(), 1, new byte[4]));
            assertThat(sent.identifier()).isEqualTo(socket.identifier());
        }
    }

    @Test
    void send_fromManyThreadsAtOnce_everyRequestIsAnswered() throws Exception {
        NetworkTests.requireRoot("a raw ICMP socket");
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        try (IcmpSocket socket = openRaw(Family.IPV4)) {
            Thread[] senders = new Thread[4];
            java.util.Queue<Throwable> failures = new java.util.concurrent.ConcurrentLinkedQueue<>();
            for (int t = 0; t < senders.length; t++) {
                int first = t * 25;
                senders[t] = Thread.ofPlatform().start(() -> {
                    for (int seq = first; seq < first + 25; seq++) {
                        try {
                            socket.send(new IcmpRequest(
                                    loopback, socket.identifier(), seq, new byte[8], 1 + seq % 3, seq % 2 * 0x20));
                        } catch (Exception e) {
                            failures.add(e);
                        }
                    }
                });
            }
            for (Thread sender : senders) {
                sender.join();
            }
            java.util.Set<Integer> sequences = new java.util.TreeSet<>();
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (sequences.size() < 100 && System.nanoTime() < deadline) {
                Drain.drain(socket, Duration.ofMillis(100), r -> sequences.add(r.sequence()));
            }
            assertThat(failures).isEmpty();
            assertThat(sequences).hasSize(100).first().isEqualTo(0);
        }
    }
}
