package dev.icmpj.socket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.icmpj.testing.NetworkNamespace;
import dev.icmpj.testing.NetworkTests;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Batches sent with sendmmsg and echo replies read in place, on both socket kinds and both families. */
class EchoBatchTest {

    private static final byte[] PAYLOAD = "icmpj batch payload".getBytes(StandardCharsets.US_ASCII);

    /** A socket of the family and privilege in the namespace, without transmit timestamps. */
    private static IcmpSocket open(NetworkNamespace ns, Family family, Privilege privilege) throws Exception {
        SocketOptions options = SocketOptions.builder(family)
                .privilege(privilege)
                .transmitTimestamps(false)
                .build();
        return ns.call(() -> IcmpSocket.open(options));
    }

    /** Adds request i of a test: to 127.0.0.(1 + i) or ::1, with sequence {@code first + i}. */
    private static void addLoopback(EchoBatch batch, Family family, int i, int first) {
        if (family == Family.IPV4) {
            batch.addIpv4(0x7F000001 + i, first + i);
        } else {
            batch.addIpv6(0, 1, first + i);
        }
    }

    /** One reply as the view showed it, copied out during the handler call. */
    private record Seen(int sequence, InetAddress source, boolean payloadEqual, int ttl, RttClock clock, long rtt) {}

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"IPV4, PRIVILEGED", "IPV6, PRIVILEGED", "IPV4, UNPRIVILEGED", "IPV6, UNPRIVILEGED"})
    void send_batchOfLoopbackRequests_everyReplyReadInPlaceWithItsSequenceSourceAndPayload(
            Family family, Privilege privilege) throws Exception {
        NetworkTests.requireRoot("a network namespace");
        try (NetworkNamespace ns = NetworkNamespace.create().allowPingSockets()) {
            try (IcmpSocket socket = open(ns, family, privilege)) {
                EchoBatch batch = new EchoBatch(family, PAYLOAD, 0, -1);
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
                ReplyHandler handler = new ReplyHandler() {
                    @Override
                    public void onEchoReply(EchoReplyView reply) {
                        seen.add(new Seen(
                                reply.sequence(),
                                reply.source(),
                                reply.payloadEquals(PAYLOAD),
                                reply.ttl(),
                                reply.rttClock(batch.sentAtEpochNanos(), batch.sentAtMonotonicNanos()),
                                reply.rttNanos(batch.sentAtEpochNanos(), batch.sentAtMonotonicNanos())));
                        assertThat(reply.identifier()).isEqualTo(socket.identifier());
                        assertThat(reply.bytesReceived()).isEqualTo(8 + PAYLOAD.length);
                    }

                    @Override
                    public void onMessage(IcmpReply message) {
                        others.add(message);
                    }
                };
                long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                while (seen.size() < n && System.nanoTime() < deadline) {
                    socket.receive(Duration.ofMillis(100), handler);
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
                    assertThat(reply.clock()).isEqualTo(RttClock.KERNEL_RECEIVE);
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
            try (IcmpSocket socket = open(ns, family, privilege)) {
                EchoBatch batch = new EchoBatch(family, PAYLOAD, 0, -1);
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
                    batch.addIpv4(0xFFFFFFFF, 600);
                    socket.send(batch);
                    assertThat(batch.failure(0)).isNotNull().hasMessageContaining("255.255.255.255");
                    batch.clear();
                }
                assertThat(sentAt).isSorted().doesNotHaveDuplicates();
                List<Seen> seen = new ArrayList<>();
                ReplyHandler handler = new ReplyHandler() {
                    @Override
                    public void onEchoReply(EchoReplyView reply) {
                        long epoch = sentAt.get(reply.sequence() - 500);
                        seen.add(new Seen(
                                reply.sequence(),
                                reply.source(),
                                reply.payloadEquals(PAYLOAD),
                                reply.ttl(),
                                reply.rttClock(epoch, 0),
                                reply.rttNanos(epoch, 0)));
                    }

                    @Override
                    public void onMessage(IcmpReply message) {}
                };
                long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                while (seen.size() < n && System.nanoTime() < deadline) {
                    socket.receive(Duration.ofMillis(100), handler);
                }

                // every reply came back (a wrong checksum would have been dropped), from where it was sent
                assertThat(seen).extracting(Seen::sequence).containsExactlyInAnyOrder(500, 501, 502, 503, 504, 505);
                for (Seen reply : seen) {
                    InetAddress expected = family == Family.IPV4
                            ? InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) (1 + reply.sequence() - 500)})
                            : InetAddress.getByName("::1");
                    assertThat(reply.source()).isEqualTo(expected);
                    assertThat(reply.payloadEqual()).isTrue();
                    assertThat(reply.clock()).isEqualTo(RttClock.KERNEL_RECEIVE);
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
            try (IcmpSocket socket = ns.call(() -> IcmpSocket.open(options))) {
                EchoBatch batch = new EchoBatch(Family.IPV4, PAYLOAD, 0, -1);
                batch.addIpv4(0x7F000001, 1);
                // the broadcast address without SO_BROADCAST: EACCES
                batch.addIpv4(0xFFFFFFFF, 2);
                batch.addIpv4(0x7F000002, 3);

                socket.send(batch);

                assertThat(batch.failure(0)).isNull();
                assertThat(batch.failure(1)).isNotNull().hasMessageContaining("255.255.255.255");
                assertThat(batch.failure(2)).isNull();
                List<Integer> sequences = new ArrayList<>();
                ReplyHandler handler = new ReplyHandler() {
                    @Override
                    public void onEchoReply(EchoReplyView reply) {
                        sequences.add(reply.sequence());
                    }

                    @Override
                    public void onMessage(IcmpReply message) {}
                };
                long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                while (sequences.size() < 2 && System.nanoTime() < deadline) {
                    socket.receive(Duration.ofMillis(100), handler);
                }
                assertThat(sequences).containsExactlyInAnyOrder(1, 3);
            }
        }
    }
}
