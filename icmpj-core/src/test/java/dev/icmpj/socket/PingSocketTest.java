package dev.icmpj.socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.icmpj.testing.NetworkNamespace;
import dev.icmpj.testing.NetworkTests;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PingSocketTest {
    /** A loopback reply takes microseconds: this only bounds a failure, with room for a busy machine. */
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static void assertPingSocketRoundTrip(Family family, String destination) throws Exception {
        NetworkTests.requireRoot("a network namespace");
        try (NetworkNamespace ns = NetworkNamespace.create().allowPingSockets()) {
            SocketOptions options = SocketOptions.builder(family)
                    .privilege(Privilege.UNPRIVILEGED)
                    .build();
            try (IcmpSocket socket = ns.call(() -> IcmpSocket.open(options))) {
                assertThat(socket.privilege()).isEqualTo(Privilege.UNPRIVILEGED);
                assertThat(socket.identifier()).isBetween(1, 0xFFFF);
                byte[] payload = "icmpj ping socket".getBytes(StandardCharsets.US_ASCII);
                InetAddress target = InetAddress.getByName(destination);

                long before = System.nanoTime();
                SentRequest sent = socket.send(IcmpRequest.of(target, 0, 3, payload));
                IcmpReply reply = socket.receive(sent, TIMEOUT);
                long roundTrip = System.nanoTime() - before;

                assertThat(sent.identifier()).isEqualTo(socket.identifier());
                assertThat(reply.isEchoReply()).isTrue();
                assertThat(reply.identifier()).isEqualTo(socket.identifier());
                assertThat(reply.sequence()).isEqualTo(3);
                assertThat(reply.payload()).isEqualTo(payload);
                assertThat(reply.ttl()).isEqualTo(64);
                assertThat(reply.rttClock(sent)).isEqualTo(RttClock.KERNEL_TX_RX);
                // kernel to kernel: inside what this thread saw from before the send to after the receive
                assertThat(reply.rttNanos(sent)).isPositive().isLessThanOrEqualTo(roundTrip);
            }
        }
    }

    @Test
    void receive_pingSocketIpv4InNamespace_usesKernelIdentifier() throws Exception {
        assertPingSocketRoundTrip(Family.IPV4, "127.0.0.1");
    }

    @Test
    void receive_pingSocketIpv6InNamespace_usesKernelIdentifier() throws Exception {
        assertPingSocketRoundTrip(Family.IPV6, "::1");
    }

    @Test
    void open_pingSocketWithRequestedIdentifier_bindsIt() throws Exception {
        NetworkTests.requireRoot("a network namespace");
        try (NetworkNamespace ns = NetworkNamespace.create().allowPingSockets()) {
            SocketOptions options = SocketOptions.builder(Family.IPV4)
                    .privilege(Privilege.UNPRIVILEGED)
                    .identifier(4242)
                    .build();
            try (IcmpSocket socket = ns.call(() -> IcmpSocket.open(options))) {
                assertThat(socket.identifier()).isEqualTo(4242);
            }
        }
    }

    @Test
    void open_autoWherePingSocketsAreAllowed_picksPingSocket() throws Exception {
        NetworkTests.requireRoot("a network namespace");
        try (NetworkNamespace ns = NetworkNamespace.create().allowPingSockets()) {
            try (IcmpSocket socket = ns.call(() -> IcmpSocket.open(SocketOptions.defaults(Family.IPV4)))) {
                assertThat(socket.privilege()).isEqualTo(Privilege.UNPRIVILEGED);
            }
        }
    }

    @Test
    void open_unprivilegedOutsidePingGroupRange_explainsTheSysctl() throws Exception {
        NetworkTests.requireRoot("a network namespace");
        try (NetworkNamespace ns = NetworkNamespace.create()) {
            ns.exec("sysctl", "-qw", "net.ipv4.ping_group_range=1 0");
            SocketOptions options = SocketOptions.builder(Family.IPV4)
                    .privilege(Privilege.UNPRIVILEGED)
                    .build();
            assertThatThrownBy(() -> ns.call(() -> IcmpSocket.open(options)))
                    .isInstanceOf(SocketPermissionException.class)
                    .hasMessageContaining("net.ipv4.ping_group_range (currently \"1 0\")")
                    .hasMessageContaining("sysctl -w net.ipv4.ping_group_range=\"0 2147483647\"")
                    .hasMessageContaining("gid 0")
                    .hasMessageNotContaining("CAP_NET_RAW");
        }
    }
}
