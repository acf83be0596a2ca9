package dev.icmpj.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.icmpj.packet.AddressText;
import dev.icmpj.packet.IcmpVersion;
import dev.icmpj.testing.NetworkTests;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
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
    void delay_20ms_exactScheduleNeverEarlyAndIputilsSeesWhatThePeerDid() throws Exception {
        // Real time is what this measures. Exact on any machine: each reply is due 20 ms after the peer read its
        // request, none is written before it is due, and iputils never measures less than the peer held it. How
        // late the peer writes, and what iputils measures beyond the hold, depend on the machine: medians of
        // 3-60 us on a quiet one, 63 us with both cores busy, 4-5.4 ms at a load average of 8-9 (the other tests
        // compare with the peer's records, so none needs it punctual). The 50 ms bounds leave room for that and
        // still catch a peer that falls behind (one that scanned its whole queue per packet wrote seconds late).
        int count = 10;
        try (Topology lab = Topology.chain(0);
                TunPeer peer =
                        TunPeer.start(lab.client(), PeerScript.always(PeerAction.delay(Duration.ofMillis(20))))) {
            String out = ping(lab, peer.ipv4(7), "-c", Integer.toString(count), "-i", "0.2");
            Map<Integer, Double> rtts = TIME.matcher(out)
                    .results()
                    .collect(Collectors.toMap(m -> Integer.parseInt(m.group(1)), m -> Double.parseDouble(m.group(2))));
            assertThat(rtts).as(out).hasSize(count);
            assertThat(peer.sent())
                    .hasSize(count)
                    .allMatch(s -> s.dueNanos() - s.probe().receivedNanos() == 20_000_000L);
            List<Long> late = peer.sent().stream()
                    .map(s -> s.writtenNanos() - s.dueNanos())
                    .sorted()
                    .toList();
            List<Double> beyondHold = peer.sent().stream()
                    .map(s -> rtts.get(s.probe().sequence())
                            - (s.writtenNanos() - s.probe().receivedNanos()) / 1e6)
                    .sorted()
                    .toList();
            System.out.printf(
                    "peer's write after due time: min %d median %d max %d ns; iputils RTT beyond the peer's hold:"
                            + " min %.3f median %.3f max %.3f ms%n",
                    late.getFirst(),
                    (late.get(count / 2 - 1) + late.get(count / 2)) / 2,
                    late.getLast(),
                    beyondHold.getFirst(),
                    (beyondHold.get(count / 2 - 1) + beyondHold.get(count / 2)) / 2,
                    beyondHold.getLast());
            assertThat(late.getFirst()).as("written before due").isNotNegative();
            // iputils prints 0.1 ms above 10 ms, rounded
            assertThat(beyondHold.getFirst())
                    .as("iputils RTT minus the peer's hold")
                    .isGreaterThan(-0.1);
            assertThat((late.get(count / 2 - 1) + late.get(count / 2)) / 2).isLessThan(50_000_000L);
            assertThat((beyondHold.get(count / 2 - 1) + beyondHold.get(count / 2)) / 2)
                    .isLessThan(50.0);
        }
    }

    @Test
    void drop_oneSequence_pingLosesExactlyThatOne() throws Exception {
        try (Topology lab = Topology.chain(0);
                TunPeer peer = TunPeer.start(
                        lab.client(),
                        PeerScript.builder().forSequence(2, PeerAction.drop()).build())) {
            String out = ping(lab, peer.ipv4(9), "-c", "4", "-i", "0.2");
            assertThat(out).contains("4 packets transmitted, 3 received").doesNotContain("icmp_seq=2 ");
            assertThat(peer.actions())
                    .filteredOn(a -> a.packets() == 0)
                    .hasSize(1)
                    .allMatch(a -> a.probe().sequence() == 2);
        }
    }

    @Test
    void duplicate_two_pingPrintsTwoDups() throws Exception {
        try (Topology lab = Topology.chain(0);
                TunPeer peer = TunPeer.start(
                        lab.client(),
                        PeerScript.builder()
                                .forSequence(1, PeerAction.duplicate(2))
                                .build())) {
            String out = ping(lab, peer.ipv4(3), "-c", "2", "-i", "0.1");
            assertThat(out.lines().filter(l -> l.contains("icmp_seq=1 ") && l.contains("(DUP!)")))
                    .hasSize(2);
            assertThat(out).contains("2 received, +2 duplicates");
            assertThat(peer.sent()).hasSize(4);
        }
    }

    @Test
    void corruptChecksum_v4_badOnTheWireYetIputilsCountsIt() throws Exception {
        try (Topology lab = Topology.chain(0);
                TunPeer peer = TunPeer.start(lab.client(), PeerScript.always(PeerAction.corruptChecksum()));
                IcmpCapture capture = IcmpCapture.open(lab.client(), IcmpVersion.V4)) {
            String out = ping(lab, peer.ipv4(4), "-c", "1");
            // iputils 20221126 passes csfailed=0 for echo replies: it never checks their checksum
            assertThat(out).contains("1 packets transmitted, 1 received");
            assertThat(capture.awaitPackets(1, Duration.ofSeconds(10))).isTrue();
            byte[] reply = capture.packets().getFirst();
            assertThat(reply[20]).isZero();
            assertThat(onesComplementSum(reply, 20)).isNotEqualTo(0xffff);
        }
    }

    @Test
    void corruptChecksum_v6_kernelDropsItSoPingLosesIt() throws Exception {
        try (Topology lab = Topology.chain(0);
                TunPeer peer = TunPeer.start(
                        lab.client(),
                        PeerScript.builder()
                                .forSequence(1, PeerAction.corruptChecksum())
                                .build())) {
            String out = ping(lab, peer.ipv6(4), "-6", "-c", "2", "-i", "0.2");
            assertThat(out).contains("2 packets transmitted, 1 received").doesNotContain("icmp_seq=1 ");
            assertThat(peer.sent()).hasSize(2);
        }
    }

    @Test
    void truncate_belowEchoHeader_pingDoesNotCountIt() throws Exception {
        PeerScript script = PeerScript.builder()
                .forSequence(1, PeerAction.truncate(6))
                .forSequence(2, PeerAction.truncate(20))
                .build();
        try (Topology lab = Topology.chain(0);
                TunPeer peer = TunPeer.start(lab.client(), script)) {
            String out = ping(lab, peer.ipv4(4), "-c", "3", "-i", "0.2");
            assertThat(out)
                    .contains("3 packets transmitted, 2 received")
                    .contains("20 bytes from 198.18.200.4: icmp_seq=2 ttl=64 (truncated)");
            assertThat(peer.sent()).extracting(SentPacket::length).containsExactly(26, 40, 84);
        }
    }

    @Test
    void ipv6_echo_pingGetsEveryReply() throws Exception {
        try (Topology lab = Topology.chain(0);
                TunPeer peer = TunPeer.start(lab.client(), PeerScript.always(PeerAction.reply()))) {
            String out = ping(lab, peer.ipv6(5), "-6", "-c", "3", "-i", "0.2");
            assertThat(out).as(out).contains("3 packets transmitted, 3 received");
            assertThat(peer.received()).hasSize(3).allMatch(p -> p.destination().equals(peer.ipv6(5)));
        }
    }

    @Test
    void throughRouters_replyTtlShowsTheHops() throws Exception {
        try (Topology lab = Topology.chain(2);
                TunPeer peer = TunPeer.start(lab.server(), PeerScript.always(PeerAction.reply()))) {
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
    void unreachable_everyIcmpv4Code_pingPrintsItsText() throws Exception {
        List<String> texts = UnreachableTexts.V4;
        PeerScript.Builder script = PeerScript.builder();
        for (int code = 0; code < texts.size(); code++) {
            script.forSequence(code + 1, PeerAction.unreachable(code));
        }
        try (Topology lab = Topology.chain(0);
                TunPeer peer = TunPeer.start(lab.client(), script.build())) {
            String out = ping(lab, peer.ipv4(1), "-c", "16", "-i", "0.01");
            for (int code = 0; code < texts.size(); code++) {
                assertThat(out).contains("From 198.18.200.1 icmp_seq=" + (code + 1) + " " + texts.get(code) + "\n");
            }
            assertThat(out).contains("16 packets transmitted, 0 received, +16 errors");
        }
    }

    @Test
    void unreachable_icmpv6Codes_pingPrintsItsText() throws Exception {
        List<String> texts = UnreachableTexts.V6.subList(0, 5);
        PeerScript.Builder script = PeerScript.builder();
        for (int code = 0; code < texts.size(); code++) {
            script.forSequence(code + 1, PeerAction.unreachable(code));
        }
        try (Topology lab = Topology.chain(0);
                TunPeer peer = TunPeer.start(lab.client(), script.build())) {
            String out = ping(lab, peer.ipv6(1), "-6", "-c", "5", "-i", "0.01");
            for (int code = 0; code < texts.size(); code++) {
                assertThat(out)
                        .contains("From fd00:200::1 icmp_seq=" + (code + 1) + " Destination unreachable: "
                                + texts.get(code));
            }
        }
    }

    @Test
    void errors_quotingTheProbeReported_quotingOthersIgnored() throws Exception {
        PeerScript script = PeerScript.builder()
                .forSequence(1, PeerAction.timeExceeded(0))
                .forSequence(2, PeerAction.packetTooBig(1400))
                .forSequence(3, PeerAction.parameterProblem(0, 5))
                .forSequence(4, PeerAction.timeExceeded(0).quotingGarbage())
                .forSequence(5, PeerAction.timeExceeded(0).quotingOtherProbe())
                .forSequence(6, PeerAction.unreachable(1).quotingOtherProbe())
                .build();
        try (Topology lab = Topology.chain(0);
                TunPeer peer = TunPeer.start(lab.client(), script)) {
            String out = ping(lab, peer.ipv4(2), "-c", "6", "-i", "0.02");
            assertThat(out)
                    .contains(
                            "From 198.18.200.2 icmp_seq=1 Time to live exceeded",
                            "From 198.18.200.2 icmp_seq=2 Frag needed and DF set (mtu = 1400)",
                            "From 198.18.200.2 icmp_seq=3 Parameter problem: pointer = 5",
                            "6 packets transmitted, 0 received, +3 errors");
            assertThat(out).doesNotContain("icmp_seq=4", "icmp_seq=5", "icmp_seq=6");
            assertThat(peer.sent()).hasSize(6);
            String out6 = ping(lab, peer.ipv6(2), "-6", "-c", "3", "-i", "0.02");
            assertThat(out6)
                    .contains(
                            "From fd00:200::2 icmp_seq=1 Time exceeded: Hop limit",
                            "From fd00:200::2 icmp_seq=2 Packet too big: mtu=1400",
                            "From fd00:200::2 icmp_seq=3 Parameter problem: Wrong header field at 5");
        }
    }

    @Test
    void timeExceededWithMpls_kernelDeliversRfc4884Extension() throws Exception {
        PeerScript script = PeerScript.always(PeerAction.timeExceeded(0).withMplsLabels(List.of(100, 200)));
        try (Topology lab = Topology.chain(0);
                TunPeer peer = TunPeer.start(lab.client(), script);
                IcmpCapture capture = IcmpCapture.open(lab.client(), IcmpVersion.V4)) {
            String out = ping(lab, peer.ipv4(3), "-c", "1");
            assertThat(out).contains("From 198.18.200.3 icmp_seq=1 Time to live exceeded");
            assertThat(capture.awaitPackets(1, Duration.ofSeconds(10))).isTrue();
            byte[] error = capture.packets().getFirst();
            assertThat(error).hasSize(20 + 8 + 128 + 4 + 4 + 8);
            assertThat(error[20]).isEqualTo((byte) 11);
            assertThat(error[25]).isEqualTo((byte) 32);
            assertThat(HexFormat.of().formatHex(error, 20 + 8 + 128, error.length))
                    .startsWith("2000")
                    .endsWith("000c0101" + "00064001" + "000c8101");
            assertThat(onesComplementSum(error, 20)).isEqualTo(0xffff);
        }
    }

    @Test
    void reorder_firstReplyComesAfterTheSecond() throws Exception {
        PeerScript script = PeerScript.builder()
                .forSequence(1, PeerAction.reorder(Duration.ofSeconds(1)))
                .build();
        try (Topology lab = Topology.chain(0);
                TunPeer peer = TunPeer.start(lab.client(), script)) {
            String out = ping(lab, peer.ipv4(5), "-c", "2", "-i", "0.1");
            assertThat(out.indexOf("icmp_seq=2 ")).isPositive().isLessThan(out.indexOf("icmp_seq=1 "));
            assertThat(peer.sent()).extracting(s -> s.probe().sequence()).containsExactly(2, 1);
        }
    }

    @Test
    void damagedReplies_pingSeesWhatTheScriptSaid() throws Exception {
        PeerScript script = PeerScript.builder()
                .forSequence(1, PeerAction.spoofSource(InetAddress.getByName("198.18.200.99")))
                .forSequence(2, PeerAction.wrongIdentifier())
                .forSequence(3, PeerAction.wrongSequence())
                .forSequence(4, PeerAction.changePayload())
                .forSequence(5, PeerAction.flood(50))
                .build();
        try (Topology lab = Topology.chain(0);
                TunPeer peer = TunPeer.start(lab.client(), script);
                IcmpCapture capture = IcmpCapture.open(lab.client(), IcmpVersion.V4)) {
            String out = ping(lab, peer.ipv4(6), "-c", "5", "-i", "0.2");
            assertThat(out)
                    .contains(
                            "64 bytes from 198.18.200.99: icmp_seq=1 ttl=64",
                            "(DIFFERENT ADDRESS!)",
                            "icmp_seq=32771 ",
                            "wrong data byte #55 should be 0x37 but was 0xc8",
                            "icmp_seq=5 ");
            assertThat(out).doesNotContain("icmp_seq=2 ", "icmp_seq=3 ");
            assertThat(capture.awaitPackets(55, Duration.ofSeconds(10))).isTrue();
            assertThat(peer.sent()).hasSize(55);
        }
    }

    private static int onesComplementSum(byte[] b, int offset) {
        int sum = 0;
        for (int i = offset; i < b.length; i += 2) {
            sum += (b[i] & 0xff) << 8 | (i + 1 < b.length ? b[i + 1] & 0xff : 0);
        }
        while (sum >>> 16 != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return sum;
    }

    /**
     * Runs iputils ping in the client namespace. After its last request iputils waits for the missing answers
     * only {@code max(2 x the largest RTT, the interval)} once any reply came ({@code -W 1} applies when none
     * did), so a test that needs its last reply counted gives its requests an interval of 0.1-0.2 s: room for a
     * peer that a busy machine holds up.
     */
    private static String ping(Topology lab, InetAddress target, String... options) {
        List<String> command = new java.util.ArrayList<>(List.of("ping", "-n", "-W", "1"));
        command.addAll(List.of(options));
        command.add(AddressText.of(target));
        return lab.client().run(command.toArray(String[]::new)).stdout();
    }
}
