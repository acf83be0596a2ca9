package dev.icmpj.socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.icmpj.internal.linux.Errno;
import dev.icmpj.testing.NetworkTests;
import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SocketOptionsEffectTest {
    @Test
    void open_withEveryOption_stillEchoesOnLoopback() throws Exception {
        NetworkTests.requireRoot("a raw ICMP socket");
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        SocketOptions options = SocketOptions.builder(Family.IPV4)
                .privilege(Privilege.PRIVILEGED)
                .sourceAddress(loopback)
                .interfaceName("lo")
                .identifier(777)
                .ttl(5)
                .trafficClass(0x20)
                .dontFragment(true)
                .receiveBufferSize(1 << 20)
                .build();
        try (IcmpSocket socket = IcmpSocket.open(options)) {
            assertThat(socket.identifier()).isEqualTo(777);
            IcmpRequest request = new IcmpRequest(loopback, 777, 1, new byte[32], 9, 0x10);
            SentRequest sent = socket.send(request);
            IcmpReply reply = socket.receive(sent, Duration.ofSeconds(10));
            assertThat(reply.sequence()).isEqualTo(1);
            SentRequest second = socket.send(request.withSequence(2));
            assertThat(socket.receive(second, Duration.ofSeconds(10)).sequence())
                    .isEqualTo(2);
        }
    }

    @Test
    void open_ipv6WithHopLimitAndDontFragment_stillEchoesOnLoopback() throws Exception {
        NetworkTests.requireRoot("a raw ICMPv6 socket");
        InetAddress loopback = InetAddress.getByName("::1");
        SocketOptions options = SocketOptions.builder(Family.IPV6)
                .privilege(Privilege.PRIVILEGED)
                .sourceAddress(loopback)
                .ttl(3)
                .trafficClass(0x20)
                .dontFragment(true)
                .build();
        try (IcmpSocket socket = IcmpSocket.open(options)) {
            SentRequest sent = socket.send(new IcmpRequest(loopback, socket.identifier(), 4, new byte[8], 7, -1));
            assertThat(socket.receive(sent, Duration.ofSeconds(10)).sequence()).isEqualTo(4);
        }
    }

    @Test
    void open_sourceAddressNotOnThisHost_throwsSocketAddressException() throws Exception {
        NetworkTests.requireRoot("a raw ICMP socket");
        SocketOptions options = SocketOptions.builder(Family.IPV4)
                .privilege(Privilege.PRIVILEGED)
                .sourceAddress(InetAddress.getByName("198.18.0.1"))
                .build();
        assertThatThrownBy(() -> IcmpSocket.open(options))
                .isInstanceOf(SocketAddressException.class)
                .hasMessageContaining("198.18.0.1")
                .satisfies(e -> assertThat(((SocketAddressException) e).errno()).hasValue(Errno.EADDRNOTAVAIL));
    }

    @Test
    void open_unknownInterface_throwsSocketAddressException() throws Exception {
        NetworkTests.requireRoot("a raw ICMP socket");
        SocketOptions options = SocketOptions.builder(Family.IPV4)
                .privilege(Privilege.PRIVILEGED)
                .interfaceName("icmpjnone0")
                .build();
        assertThatThrownBy(() -> IcmpSocket.open(options))
                .isInstanceOf(SocketAddressException.class)
                .hasMessageContaining("icmpjnone0")
                .satisfies(e -> assertThat(((SocketAddressException) e).errno()).hasValue(Errno.ENODEV));
    }

    @Test
    void receive_nothingSent_timesOut() throws Exception {
        NetworkTests.requireRoot("a raw ICMP socket");
        try (IcmpSocket socket = IcmpSocket.open(SocketOptions.builder(Family.IPV4)
                .privilege(Privilege.PRIVILEGED)
                .build())) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> socket.receive(Duration.ofMillis(100)))
                    .isInstanceOf(dev.icmpj.socket.TimeoutExceededException.class);
            // its own 100 ms, not a default or a unit mixed up; room for a busy machine's late wake-up
            assertThat(System.nanoTime() - start).isBetween(90_000_000L, 10_000_000_000L);
            assertThat(Drain.drain(socket, Duration.ZERO, r -> {})).isZero();
        }
    }
}
