package dev.icmpj.socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.icmpj.packet.DestinationUnreachable;
import dev.icmpj.testing.NetworkNamespace;
import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** ICMP errors for our probes, provoked by an nftables reject inside a namespace of our own. */
class IcmpErrorTest {
    private static final String REJECTED = "127.0.0.2";

    private static void assertHostUnreachable(Privilege privilege) throws Exception {
        try (NetworkNamespace ns = NetworkNamespace.withOutputRule(
                "ip daddr " + REJECTED + " icmp type echo-request reject with icmp type host-unreachable")) {
            SocketOptions options =
                    SocketOptions.builder(Family.IPV4).privilege(privilege).build();
            try (IcmpSocket socket = ns.call(() -> IcmpSocket.open(options))) {
                assertThat(socket.privilege()).isEqualTo(privilege);
                InetAddress target = InetAddress.getByName(REJECTED);
                byte[] payload = {1, 2, 3, 4, 5, 6, 7, 8};

                SentRequest sent = socket.send(IcmpRequest.of(target, socket.identifier(), 21, payload));
                IcmpReply reply = socket.receive(sent, Duration.ofSeconds(10));

                assertThat(reply.isEchoReply()).isFalse();
                assertThat(reply.type()).isEqualTo(3);
                assertThat(reply.code()).isEqualTo(1);
                assertThat(reply.message()).isInstanceOf(DestinationUnreachable.class);
                // nftables' reject answers in the name of the rejected destination
                assertThat(reply.source()).isEqualTo(target);
                assertThat(reply.probeDestination()).isEqualTo(target);
                assertThat(reply.sequence()).isEqualTo(21);
                assertThat(reply.identifier()).isEqualTo(socket.identifier());
                assertThat(reply.payload()).isEqualTo(payload);
                assertThat(reply.ttl()).isBetween(1, 255);
                assertThatThrownBy(reply::raiseForStatus).isInstanceOf(Icmpv4DestinationUnreachableException.class);
            }
        }
    }

    @Test
    void receive_pingSocketProbeRejectedHostUnreachable_reportsErrorFromErrorQueue() throws Exception {
        assertHostUnreachable(Privilege.UNPRIVILEGED);
    }

    @Test
    void receive_rawSocketProbeRejectedHostUnreachable_reportsErrorQuotingTheProbe() throws Exception {
        assertHostUnreachable(Privilege.PRIVILEGED);
    }
}
