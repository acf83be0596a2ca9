package dev.icmpj.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.icmpj.testing.NetworkTests;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HexFormat;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class WireTapTest {
    @Test
    void parse_echoRequestAndReplyOfBothFamilies_otherPacketsNot() throws Exception {
        // IPv4 header (20 bytes, protocol 1) + echo request id 0x1234 seq 7
        byte[] v4 =
                HexFormat.of().parseHex("4500001c0000400040010000" + "c6120001" + "c612c807" + "08000000" + "12340007");
        // IPv6 header (next header 58) + echo reply id 0x0042 seq 300
        byte[] v6 = HexFormat.of()
                .parseHex("6000000000083a40" + "fd000000000000000000000000000002" + "fd000000000000000000000000000001"
                        + "81000000" + "0042012c");
        byte[] udp = v4.clone();
        udp[9] = 17;
        byte[] unreachable = v4.clone();
        unreachable[20] = 3;

        assertThat(WireTap.parse(v4, 11L))
                .isEqualTo(new WireTap.Echo(
                        true,
                        InetAddress.getByName("198.18.0.1"),
                        InetAddress.getByName("198.18.200.7"),
                        0x1234,
                        7,
                        11L));
        assertThat(WireTap.parse(v6, 22L))
                .isEqualTo(new WireTap.Echo(
                        false, InetAddress.getByName("fd00::2"), InetAddress.getByName("fd00::1"), 0x42, 300, 22L));
        assertThat(WireTap.parse(udp, 0L)).isNull();
        assertThat(WireTap.parse(unreachable, 0L)).isNull();
        assertThat(WireTap.parse(new byte[0], 0L)).isNull();
    }

    @Test
    void roundTripNanos_delayedPeer_atLeastTheDelayOnTheKernelsClock() throws Exception {
        NetworkTests.requireRoot("the TUN peer and a packet socket");
        NetworkTests.requireCommand("ping");
        try (Topology lab = Topology.chain(0);
                WireTap tap = WireTap.open(lab.client());
                TunPeer peer =
                        TunPeer.start(lab.client(), PeerScript.always(PeerAction.delay(Duration.ofMillis(20))))) {
            InetAddress target = peer.ipv4(9);
            lab.client().run("ping", "-n", "-c", "2", "-i", "0.2", target.getHostAddress());

            assertThat(tap.awaitEchoes(4, Duration.ofSeconds(10))).isTrue();
            for (int sequence = 1; sequence <= 2; sequence++) {
                OptionalLong wire = tap.awaitRoundTripNanos(target, sequence, Duration.ofSeconds(10));
                assertThat(wire)
                        .as("sequence %d among %s", sequence, tap.echoes())
                        .isPresent();
                // held 20 ms by the peer, so at least that on the wire; the peer's lateness adds, nothing subtracts
                assertThat(wire.getAsLong()).isGreaterThanOrEqualTo(20_000_000L);
            }
            assertThat(tap.echoes())
                    .filteredOn(WireTap.Echo::request)
                    .hasSize(2)
                    .allMatch(e -> e.destination().equals(target) && e.kernelEpochNanos() > 0);
        }
    }
}
