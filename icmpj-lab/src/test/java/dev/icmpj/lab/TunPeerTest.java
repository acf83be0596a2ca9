package dev.icmpj.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.icmpj.packet.IcmpVersion;
import dev.icmpj.testing.NetworkTests;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TunPeerTest {
    private static final Pattern TIME = Pattern.compile("icmp_seq=(\\d+) ttl=\\d+ time=([0-9.]+) ms");
    private static final Pattern RECEIVED = Pattern.compile("(\\d+) packets transmitted, (\\d+) received");

    @BeforeEach
    void gate() {
        NetworkTests.requireRoot("the TUN peer");
        NetworkTests.requireCommand("ping");
    }

    @Test
    void delay_20ms_pingMedianWithin300Microseconds() throws Exception {
        try (Topology lab = Topology.chain(0);
                TunPeer peer = TunPeer.start(lab.client(), PeerScript.always(PeerAction.delay(Duration.ofMillis(20))))) {
            String out = ping(lab, peer.ipv4(7), "-c", "20", "-i", "0.05");
            List<Double> rtts = TIME.matcher(out).results().map(m -> Double.parseDouble(m.group(2))).sorted().toList();
            assertThat(rtts).as(out).hasSize(20);
            double median = (rtts.get(9) + rtts.get(10)) / 2;
            System.out.printf("iputils ping, 20 ms delay: min %.3f median %.3f max %.3f ms%n", rtts.getFirst(), median, rtts.getLast());
            assertThat(median).isCloseTo(20.0, org.assertj.core.data.Offset.offset(0.3));
            for (SentPacket s : peer.sent()) {
                assertThat(s.writtenNanos() - s.dueNanos()).isBetween(0L, 100_000L);
                assertThat(s.dueNanos() - s.probe().receivedNanos()).isEqualTo(20_000_000L);
            }
        }
    }

    @Test
    void drop_oneSequence_pingLosesExactlyThatOne() throws Exception {
        try (Topology lab = Topology.chain(0);
                TunPeer peer = TunPeer.start(lab.client(), PeerScript.builder().forSequence(2, PeerAction.drop()).build())) {
            String out = ping(lab, peer.ipv4(9), "-c", "4", "-i", "0.02", "-W", "1");
            assertThat(out).contains("4 packets transmitted, 3 received").doesNotContain("icmp_seq=2 ");
            assertThat(peer.actions()).filteredOn(a -> a.packets() == 0).hasSize(1)
                    .allMatch(a -> a.probe().sequence() == 2);
        }
    }

    @Test
    void duplicate_two_pingPrintsTwoDups() throws Exception {
        try (Topology lab = Topology.chain(0);
                TunPeer peer = TunPeer.start(lab.client(), PeerScript.builder().forSequence(1, PeerAction.duplicate(2)).build())) {
            String out = ping(lab, peer.ipv4(3), "-c", "2", "-i", "0.1");
            assertThat(out.lines().filter(l -> l.contains("icmp_seq=1 ") && l.contains("(DUP!)"))).hasSize(2);
            assertThat(out).contains("2 received, +2 duplicates");
            assertThat(peer.sent()).hasSize(4);
        }
    }

    @Test
    void corruptChecksumAndTruncate_pingDoesNotCountThem() throws Exception {
        PeerScript script = PeerScript.builder().forSequence(1, PeerAction.corruptChecksum())
                .forSequence(2, PeerAction.truncate(6)).build();
        try (Topology lab = Topology.chain(0); TunPeer peer = TunPeer.start(lab.client(), script)) {
            String out = ping(lab, peer.ipv4(4), "-c", "3", "-i", "0.05", "-W", "1");
            System.out.println(out);
            assertThat(out).contains("3 packets transmitted, 1 received");
            assertThat(peer.sent()).hasSize(3);
        }
    }

    @Test
    void ipv6_echo_pingGetsEveryReply() throws Exception {
        try (Topology lab = Topology.chain(0); TunPeer peer = TunPeer.start(lab.client(), PeerScript.always(PeerAction.reply()))) {
            String out = ping(lab, peer.ipv6(5), "-6", "-c", "3", "-i", "0.05");
            assertThat(out).as(out).contains("3 packets transmitted, 3 received");
            assertThat(peer.received()).hasSize(3).allMatch(p -> p.destination().equals(peer.ipv6(5)));
        }
    }

    @Test
    void throughRouters_replyTtlShowsTheHops() throws Exception {
        try (Topology lab = Topology.chain(2); TunPeer peer = TunPeer.start(lab.server(), PeerScript.always(PeerAction.reply()))) {
            String out = ping(lab, peer.ipv4(1), "-c", "1");
            assertThat(out).contains("icmp_seq=1 ttl=61 ");
            assertThat(peer.received()).singleElement().satisfies(p -> {
                assertThat(p.hopLimit()).isEqualTo(61);
                assertThat(p.source()).isEqualTo(lab.client().ipv4());
            });
            String out6 = ping(lab, peer.ipv6(1), "-6", "-c", "1");
            assertThat(out6).contains("icmp_seq=1 ttl=61 ");
        }
    }

    @Test
    void corruptChecksum_v4_bytesOnTheWireHaveABadChecksum() throws Exception {
        try (Topology lab = Topology.chain(0);
                TunPeer peer = TunPeer.start(lab.client(), PeerScript.always(PeerAction.corruptChecksum()));
                IcmpCapture capture = IcmpCapture.open(lab.client(), IcmpVersion.V4)) {
            String out = ping(lab, peer.ipv4(4), "-c", "1", "-W", "1");
            System.out.println(out);
            assertThat(capture.awaitPackets(1, Duration.ofSeconds(1))).isTrue();
            byte[] reply = capture.packets().stream().filter(p -> p[20] == 0).findFirst().orElseThrow();
            System.out.println(java.util.HexFormat.of().formatHex(reply));
        }
    }

    private static String ping(Topology lab, InetAddress target, String... options) {
        List<String> command = new java.util.ArrayList<>(List.of("ping", "-n"));
        command.addAll(List.of(options));
        command.add(AddressText.of(target));
        return lab.client().run(command.toArray(String[]::new)).stdout();
    }
}
