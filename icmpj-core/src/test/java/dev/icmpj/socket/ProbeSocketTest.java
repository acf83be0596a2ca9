package dev.icmpj.socket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.icmpj.internal.transport.EchoBatch;
import dev.icmpj.internal.transport.ReplyHandler;
import dev.icmpj.internal.transport.RoundTrip;
import dev.icmpj.testing.NetworkNamespace;
import dev.icmpj.testing.NetworkTests;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The kernel socket as the engine's {@code ProbeSocket}: batches sent with sendmmsg (a batch of one with
 * sendto), echo replies read in place, on both socket kinds and both families.
 */
class ProbeSocketTest {

    private static final byte[] PAYLOAD = "icmpj batch payload".getBytes(StandardCharsets.US_ASCII);

    /** A socket of the family and privilege in the namespace, without transmit timestamps. */
    private static KernelIcmpSocket open(NetworkNamespace ns, Family family, Privilege privilege) throws Exception {
        SocketOptions options = SocketOptions.builder(family)
                .privilege(privilege)
                .transmitTimestamps(false)
                .build();
        return ns.call(() -> IcmpSockets.open(options));
    }

    /** Adds request i of a test: to 127.0.0.(1 + i) or ::1, with sequence {@code first + i}. */
    private static void addLoopback(EchoBatch batch, Family family, int i, int first) {
        if (family == Family.IPV4) {
            batch.add(0, 0x7F000001L + i, first + i);
        } else {
            batch.add(0, 1, first + i);
        }
    }

    /** One reply as the view showed it, copied out during the handler call. */
    private record Seen(int sequence, InetAddress source, boolean payloadEqual, int ttl, int clock, long rtt) {}

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"IPV4, PRIVILEGED", "IPV6, PRIVILEGED", "IPV4, UNPRIVILEGED", "IPV6, UNPRIVILEGED"})
    void send_batchOfLoopbackRequests_everyReplyReadInPlaceWithItsSequenceSourceAndPayload(
            Family family, Privilege privilege) throws Exception {
        NetworkTests.requireRoot("a network namespace");
        try (NetworkNamespace ns = NetworkNamespace.create().allowPingSockets()) {
            try (KernelIcmpSocket socket = open(ns, family, privilege)) {
                EchoBatch batch = new EchoBatch(family == Family.IPV6).carrying(PAYLOAD, 0, -1, -1);
                int n = EchoBatch.CAPACITY;
                for (int i = 0; i < n; i++) {
                    addLoopback(batch, family, i, 1000);
                }
                assertThat(batch.isFull()).isTrue();

                socket.send(batch);

                for (int i = 0; i < n; i++) {
                    assertThat(batch.failure(i)).as("request %d", i).isNull();
                }
                assertThat(batch.sentAtEpochNanos()).isPositive();
                List<Seen> seen = new ArrayList<>();
                List<IcmpReply> others = new ArrayList<>();
                ReplyHandler handler = reply -> {
                    if (!reply.isEcho()) {
                        others.add(KernelIcmpSocket.replyOf(reply));
                        return;
                    }
                    seen.add(new Seen(
                            reply.sequence(),
                            reply.source(),
                            reply.carries(PAYLOAD),
                            reply.ttl(),
                            reply.rttClock(batch.sentAtEpochNanos(), batch.sentAtMonotonicNanos()),
                            reply.rttNanos(batch.sentAtEpochNanos(), batch.sentAtMonotonicNanos())));
                    assertThat(reply.identifier()).isEqualTo(socket.identifier());
                    assertThat(reply.bytes()).isEqualTo(8 + PAYLOAD.length);
                    assertThat(reply.checksumValid()).isTrue();
                };
                long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                while (seen.size() < n && System.nanoTime() < deadline) {
                    socket.receive(Duration.ofMillis(100).toNanos(), handler);
                }

                assertThat(others).isEmpty();
                assertThat(seen)
                        .extracting(Seen::sequence)
                        .containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.range(1000, 1000 + n)
                                .boxed()
                                .toList());
                for (Seen reply : seen) {
                    InetAddress expected = family == Family.IPV4
                            ? InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) (1 + reply.sequence() - 1000)})
                            : InetAddress.getByName("::1");
                    assertThat(reply.source()).isEqualTo(expected);
                    assertThat(reply.payloadEqual()).isTrue();
                    assertThat(reply.ttl()).isEqualTo(64);
                    assertThat(reply.clock()).isEqualTo(RoundTrip.KERNEL_RECEIVE);
                    assertThat(reply.rtt()).isPositive().isLessThan(1_000_000_000L);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"IPV4, PRIVILEGED", "IPV6, PRIVILEGED", "IPV4, UNPRIVILEGED", "IPV6, UNPRIVILEGED"})
    void send_batchesOfOne_eachGoesAloneToItsOwnDestinationAndAFailureStaysWithItsRequest(
            Family family, Privilege privilege) throws Exception {
        NetworkTests.requireRoot("a network namespace");
        try (NetworkNamespace ns = NetworkNamespace.create().allowPingSockets()) {
            try (KernelIcmpSocket socket = open(ns, family, privilege)) {
                EchoBatch batch = new EchoBatch(family == Family.IPV6).carrying(PAYLOAD, 0, -1, -1);
                int n = 6;
                List<Long> sentAt = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    // a batch of one is a sendto of its own: each with another destination and sequence
                    addLoopback(batch, family, i, 500);
                    socket.send(batch);
                    assertThat(batch.failure(0)).as("request %d", i).isNull();
                    sentAt.add(batch.sentAtEpochNanos());
                    batch.clear();
                }
                if (family == Family.IPV4) {
                    // the broadcast address without SO_BROADCAST: EACCES, for that request alone
                    batch.add(0, 0xFFFFFFFFL, 600);
                    socket.send(batch);
                    assertThat(batch.failure(0)).isNotNull().hasMessageContaining("255.255.255.255");
                    batch.clear();
                }
                assertThat(sentAt).isSorted().doesNotHaveDuplicates();
                List<Seen> seen = new ArrayList<>();
                ReplyHandler handler = reply -> {
                    if (!reply.isEcho()) {
                        return;
                    }
                    long epoch = sentAt.get(reply.sequence() - 500);
                    seen.add(new Seen(
                            reply.sequence(),
                            reply.source(),
                            reply.carries(PAYLOAD),
                            reply.ttl(),
                            reply.rttClock(epoch, 0),
                            reply.rttNanos(epoch, 0)));
                };
                long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                while (seen.size() < n && System.nanoTime() < deadline) {
                    socket.receive(Duration.ofMillis(100).toNanos(), handler);
                }

                // every reply came back (a wrong checksum would have been dropped), from where it was sent
                assertThat(seen).extracting(Seen::sequence).containsExactlyInAnyOrder(500, 501, 502, 503, 504, 505);
                for (Seen reply : seen) {
                    InetAddress expected = family == Family.IPV4
                            ? InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) (1 + reply.sequence() - 500)})
                            : InetAddress.getByName("::1");
                    assertThat(reply.source()).isEqualTo(expected);
                    assertThat(reply.payloadEqual()).isTrue();
                    assertThat(reply.clock()).isEqualTo(RoundTrip.KERNEL_RECEIVE);
                    assertThat(reply.rtt()).isPositive().isLessThan(1_000_000_000L);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"PRIVILEGED", "UNPRIVILEGED"})
    void send_requestThatCannotLeave_failsAloneAndTheOthersGo(Privilege privilege) throws Exception {
        NetworkTests.requireRoot("a network namespace");
        try (NetworkNamespace ns = NetworkNamespace.create().allowPingSockets()) {
            SocketOptions options = SocketOptions.builder(Family.IPV4)
                    .privilege(privilege)
                    .transmitTimestamps(false)
                    .build();
            try (KernelIcmpSocket socket = ns.call(() -> IcmpSockets.open(options))) {
                EchoBatch batch = new EchoBatch(false).carrying(PAYLOAD, 0, -1, -1);
                batch.add(0, 0x7F000001L, 1);
                // the broadcast address without SO_BROADCAST: EACCES
                batch.add(0, 0xFFFFFFFFL, 2);
                batch.add(0, 0x7F000002L, 3);

                socket.send(batch);

                assertThat(batch.failure(0)).isNull();
                assertThat(batch.failure(1)).isNotNull().hasMessageContaining("255.255.255.255");
                assertThat(batch.failure(2)).isNull();
                List<Integer> sequences = new ArrayList<>();
                ReplyHandler handler = reply -> {
                    if (reply.isEcho()) {
                        sequences.add(reply.sequence());
                    }
                };
                long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                while (sequences.size() < 2 && System.nanoTime() < deadline) {
                    socket.receive(Duration.ofMillis(100).toNanos(), handler);
                }
                assertThat(sequences).containsExactlyInAnyOrder(1, 3);
            }
        }
    }

    /**
     * A ping socket keeps the errno of the last ICMP error that reached it ({@code sk_err}, with
     * {@code IP_RECVERR}) and fails its next send with it, without sending. Here the local reject of request 0
     * queues such an error before request 1 is sent, and that of request 2 another before request 1's first
     * retry: request 1 must still leave, and its reply come back. Loopback delivers each reject's ICMP error
     * inside the send call, so the order is fixed.
     * Each kind of unreachable leaves its own errno (a protocol unreachable ENOPROTOOPT).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"host-unreachable", "prot-unreachable", "port-unreachable", "admin-prohibited"})
    void send_icmpErrorsPendingBeforeAndAfterARequest_theRequestStillLeaves(String rejectType) throws Exception {
        try (NetworkNamespace ns = NetworkNamespace.withOutputRule(
                "ip daddr 127.0.0.2 icmp type echo-request reject with icmp type " + rejectType)) {
            try (KernelIcmpSocket socket = open(ns, Family.IPV4, Privilege.UNPRIVILEGED)) {
                EchoBatch batch = new EchoBatch(false).carrying(PAYLOAD, 0, -1, -1);
                batch.add(0, 0x7F000002L, 1);
                batch.add(0, 0x7F000001L, 2);
                batch.add(0, 0x7F000002L, 3);

                socket.send(batch);

                assertThat(batch.failure(1))
                        .as("the request between two rejected ones")
                        .isNull();
                assertThat(batch.refusal(1)).isNull();
                for (int i : new int[] {0, 2}) {
                    assertThat(batch.failure(i)).isNull();
                    assertThat(batch.refusal(i)).as("request %d", i).isNotNull();
                }
                List<Integer> echoes = new ArrayList<>();
                List<Integer> unreachable = new ArrayList<>();
                ReplyHandler handler = reply -> (reply.isEcho() ? echoes : unreachable).add(reply.sequence());
                long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                while (echoes.size() + unreachable.size() < 3 && System.nanoTime() < deadline) {
                    socket.receive(Duration.ofMillis(100).toNanos(), handler);
                }
                assertThat(echoes).containsExactly(2);
                assertThat(unreachable).containsExactlyInAnyOrder(1, 3);
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"IPV4, PRIVILEGED", "IPV6, PRIVILEGED", "IPV4, UNPRIVILEGED", "IPV6, UNPRIVILEGED"})
    void receive_repliesQueuedAlready_readWithoutWaitingAndEmptyOnlyWhereNoErrorQueueIsUsed(
            Family family, Privilege privilege) throws Exception {
        NetworkTests.requireRoot("a network namespace");
        try (NetworkNamespace ns = NetworkNamespace.create().allowPingSockets()) {
            try (KernelIcmpSocket socket = open(ns, family, privilege)) {
                EchoBatch batch = new EchoBatch(family == Family.IPV6).carrying(PAYLOAD, 0, -1, -1);
                for (int i = 0; i < 3; i++) {
                    addLoopback(batch, family, i, 1);
                }
                socket.send(batch);
                // loopback answers within the send call; a moment more for a loaded machine's softirq
                Thread.sleep(50);
                List<Integer> sequences = new ArrayList<>();
                ReplyHandler handler = reply -> sequences.add(reply.sequence());

                long start = System.nanoTime();
                boolean empty = socket.receive(Duration.ofSeconds(30).toNanos(), handler);
                long took = System.nanoTime() - start;

                assertThat(sequences).containsExactlyInAnyOrder(1, 2, 3);
                // far less than the 30 s it may wait: it did not wait at all (room for a loaded machine)
                assertThat(took).isLessThan(Duration.ofSeconds(5).toNanos());
                // a raw socket queues no errors, so its data queue read short is the whole socket read;
                // a ping socket's error queue (IP_RECVERR) is read by the next call, which waits
                assertThat(empty).isEqualTo(privilege == Privilege.PRIVILEGED);
                assertThat(socket.receive(Duration.ofMillis(1).toNanos(), handler))
                        .isTrue();
                assertThat(sequences).hasSize(3);
            }
        }
    }
}
