package dev.icmpj.socket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.icmpj.testing.NetworkNamespace;
import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Per-request TTL / hop limit and traffic class reach the wire, and the socket's own come back after them:
 * nftables in a namespace rejects exactly the probes that carry the marked value.
 */
class PerRequestFieldsTest {
    /** A loopback reply takes microseconds: this only bounds a failure, with room for a busy machine. */
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static boolean answeredByEcho(IcmpSocket socket, IcmpRequest request) throws Exception {
        return socket.receive(socket.send(request), TIMEOUT).isEchoReply();
    }

    @Test
    void send_perRequestTtl_isUsedForThatRequestOnly() throws Exception {
        try (NetworkNamespace ns = NetworkNamespace.withOutputRule(
                "ip ttl 9 icmp type echo-request reject with icmp type host-unreachable")) {
            SocketOptions options = SocketOptions.builder(Family.IPV4)
                    .privilege(Privilege.UNPRIVILEGED)
                    .build();
            try (IcmpSocket socket = ns.call(() -> IcmpSocket.open(options))) {
                IcmpRequest base = IcmpRequest.of(InetAddress.getByName("127.0.0.1"), 0, 1, new byte[8]);
                IcmpRequest ttl9 = new IcmpRequest(base.destination(), 0, 2, new byte[8], 9, -1);

                assertThat(answeredByEcho(socket, base)).isTrue();
                assertThat(answeredByEcho(socket, ttl9)).isFalse();
                assertThat(answeredByEcho(socket, base.withSequence(3))).isTrue();
            }
        }
    }

    @Test
    void send_perRequestTrafficClass_isUsedForThatRequestOnly() throws Exception {
        try (NetworkNamespace ns = NetworkNamespace.withOutputRule(
                "ip dscp 8 icmp type echo-request reject with icmp type host-unreachable")) {
            SocketOptions options = SocketOptions.builder(Family.IPV4)
                    .privilege(Privilege.PRIVILEGED)
                    .build();
            try (IcmpSocket socket = ns.call(() -> IcmpSocket.open(options))) {
                InetAddress loopback = InetAddress.getByName("127.0.0.1");
                int id = socket.identifier();

                assertThat(answeredByEcho(socket, IcmpRequest.of(loopback, id, 1, new byte[8])))
                        .isTrue();
                assertThat(answeredByEcho(socket, new IcmpRequest(loopback, id, 2, new byte[8], 0, 0x20)))
                        .isFalse();
                assertThat(answeredByEcho(socket, IcmpRequest.of(loopback, id, 3, new byte[8])))
                        .isTrue();
            }
        }
    }

    @Test
    void send_perRequestHopLimitOnIpv6PingSocket_yieldsIcmpv6ErrorWithTheProbe() throws Exception {
        try (NetworkNamespace ns = NetworkNamespace.withOutputRule(
                "ip6 hoplimit 9 icmpv6 type echo-request reject with icmpv6 type admin-prohibited")) {
            SocketOptions options = SocketOptions.builder(Family.IPV6)
                    .privilege(Privilege.UNPRIVILEGED)
                    .build();
            try (IcmpSocket socket = ns.call(() -> IcmpSocket.open(options))) {
                InetAddress loopback = InetAddress.getByName("::1");
                assertThat(answeredByEcho(socket, IcmpRequest.of(loopback, 0, 1, new byte[8])))
                        .isTrue();

                SentRequest sent = socket.send(new IcmpRequest(loopback, 0, 2, new byte[] {9, 9}, 9, -1));
                IcmpReply error = socket.receive(sent, TIMEOUT);

                assertThat(error.type()).isEqualTo(1);
                assertThat(error.code()).isEqualTo(1);
                assertThat(error.sequence()).isEqualTo(2);
                assertThat(error.source()).isEqualTo(loopback);
                assertThat(error.probeDestination()).isEqualTo(loopback);
                assertThat(error.payload()).containsExactly(9, 9);
            }
        }
    }

    @Test
    void receive_rawIpv6ProbeRejected_yieldsIcmpv6ErrorQuotingTheProbe() throws Exception {
        try (NetworkNamespace ns = NetworkNamespace.withOutputRule(
                "ip6 hoplimit 9 icmpv6 type echo-request reject with icmpv6 type admin-prohibited")) {
            SocketOptions options = SocketOptions.builder(Family.IPV6)
                    .privilege(Privilege.PRIVILEGED)
                    .ttl(9)
                    .build();
            try (IcmpSocket socket = ns.call(() -> IcmpSocket.open(options))) {
                InetAddress loopback = InetAddress.getByName("::1");
                SentRequest sent = socket.send(IcmpRequest.of(loopback, socket.identifier(), 5, new byte[4]));
                IcmpReply error = socket.receive(sent, TIMEOUT);

                assertThat(error.type()).isEqualTo(1);
                assertThat(error.code()).isEqualTo(1);
                assertThat(error.sequence()).isEqualTo(5);
                assertThat(error.identifier()).isEqualTo(socket.identifier());
                assertThat(error.ttl()).isBetween(1, 255);
            }
        }
    }
}
