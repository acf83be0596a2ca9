package dev.icmpj.lab.truth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.icmpj.Hop;
import dev.icmpj.PingOptions;
import dev.icmpj.Pinger;
import dev.icmpj.TracerouteOptions;
import dev.icmpj.lab.Direction;
import dev.icmpj.lab.LabNode;
import dev.icmpj.lab.PeerAction;
import dev.icmpj.lab.PeerScript;
import dev.icmpj.lab.Topology;
import dev.icmpj.lab.TunPeer;
import dev.icmpj.packet.IcmpVersion;
import dev.icmpj.packet.MplsLabel;
import dev.icmpj.socket.Family;
import dev.icmpj.socket.IcmpReply;
import dev.icmpj.socket.IcmpRequest;
import dev.icmpj.socket.IcmpSocket;
import dev.icmpj.socket.Privilege;
import dev.icmpj.socket.RttClock;
import dev.icmpj.socket.SentRequest;
import dev.icmpj.socket.SocketOptions;
import dev.icmpj.testing.NetworkTests;
import dev.icmpj.testing.Nobody;
import dev.icmpj.testing.ProcessRunner;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** traceroute through a chain of five routers: every hop, in order, on both socket kinds and families. */
class TracerouteTruthTest {

    private static final int ROUTERS = 5;
    private static Topology lab;

    @BeforeAll
    static void up() {
        TruthLab.require();
        lab = TruthLab.topology(ROUTERS);
    }

    @AfterAll
    static void down() {
        if (lab != null) {
            lab.close();
            lab = null;
        }
    }

    @BeforeEach
    void gate() {
        TruthLab.require();
    }

    /** Router k's address facing the client is hop k; the server is hop ROUTERS + 1. */
    private static InetAddress hop(int k, Family family) {
        var link = lab.link(k - 1);
        return family == Family.IPV4 ? link.rightIpv4() : link.rightIpv6();
    }

    private static InetAddress server(Family family) {
        return family == Family.IPV4 ? lab.server().ipv4() : lab.server().ipv6();
    }

    private static List<Hop> trace(Family family, Privilege privilege, int count) throws Exception {
        return trace(family, privilege, count, false);
    }

    private static List<Hop> trace(Family family, Privilege privilege, int count, boolean retrySilentHops)
            throws Exception {
        TracerouteOptions options = TracerouteOptions.builder()
                .pingOptions(PingOptions.builder()
                        .family(family)
                        .privilege(privilege)
                        .count(count)
                        .interval(Duration.ofMillis(20))
                        .timeout(Duration.ofSeconds(1))
                        .build())
                .maxHops(12)
                .retrySilentHops(retrySilentHops)
                .build();
        try (Pinger pinger = Pinger.create()) {
            String destination = server(family).getHostAddress();
            return lab.client()
                    .call(() -> pinger.tracerouteAsync(destination, options))
                    .get(60, TimeUnit.SECONDS);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"IPV4, PRIVILEGED", "IPV6, PRIVILEGED", "IPV4, UNPRIVILEGED", "IPV6, UNPRIVILEGED"})
    void fiveRouters_exactlyThoseHopsInOrderThenTheDestination(Family family, Privilege privilege) throws Exception {
        List<Hop> hops = trace(family, privilege, 3);

        assertThat(hops).extracting(Hop::distance).containsExactly(1, 2, 3, 4, 5, 6);
        for (int k = 1; k <= ROUTERS; k++) {
            assertThat(hops.get(k - 1).responders()).as("hop %d", k).containsExactly(hop(k, family));
        }
        assertThat(hops.getLast().responders()).containsExactly(server(family));
        for (Hop hop : hops) {
            assertThat(hop.packetsSent()).as("hop %d", hop.distance()).isEqualTo(3);
            assertThat(hop.packetsReceived()).as("hop %d", hop.distance()).isEqualTo(3);
            assertThat(hop.unreachable()).isNull();
            assertThat(hop.minRtt()).isPositive().isLessThan(1000.0);
        }
    }

    /**
     * A ping socket reports a Time Exceeded that reached it on its next send (the pending socket error, which
     * the send retries); the kernel kept no transmit timestamp key for the refused call, so the keys go on in
     * order and every Time Exceeded finds its own request's transmit timestamp. Restarting the keys there gave
     * the second and third probes the first one's key, and round trips from the user-space clock.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"IPV4", "IPV6"})
    void pingSocket_timeExceededReportedOnTheNextSend_everyRoundTripFromTheKernelsTimestamps(Family family)
            throws Exception {
        SocketOptions options = SocketOptions.builder(family)
                .privilege(Privilege.UNPRIVILEGED)
                .ttl(1)
                .build();
        InetAddress server = server(family);
        List<SentRequest> sent = new ArrayList<>();
        List<IcmpReply> answers = new ArrayList<>();
        lab.client().call(() -> {
            try (IcmpSocket socket = IcmpSocket.open(options)) {
                for (int sequence = 1; sequence <= 3; sequence++) {
                    sent.add(socket.send(IcmpRequest.of(server, 0, sequence, new byte[32])));
                    // router 1's Time Exceeded arrives meanwhile and waits as the socket's error
                    TimeUnit.MILLISECONDS.sleep(50);
                }
                for (SentRequest request : sent) {
                    answers.add(socket.receive(request, Duration.ofSeconds(5)));
                }
            }
            return null;
        });

        for (int i = 0; i < 3; i++) {
            IcmpReply answer = answers.get(i);
            assertThat(answer.source()).isEqualTo(hop(1, family));
            assertThat(answer.sentAtKernelEpochNanos())
                    .as("probe %d's transmit timestamp", i + 1)
                    .isPositive();
            assertThat(answer.rttClock(sent.get(i))).as("probe %d", i + 1).isEqualTo(RttClock.KERNEL_TX_RX);
        }
    }

    @Test
    void asNobody_pingSocketsFindEveryHop() {
        NetworkTests.requireCommand("setpriv");
        try (Nobody nobody = Nobody.withClassPath()) {
            List<String> command = new ArrayList<>(
                    List.of("ip", "netns", "exec", lab.client().namespace().name()));
            command.addAll(nobody.command(
                    Nobody.currentJava(),
                    List.of("--enable-native-access=ALL-UNNAMED"),
                    UnprivilegedTraceMain.class,
                    server(Family.IPV4).getHostAddress()));
            ProcessRunner.Result run = ProcessRunner.run(command);

            assertThat(run.exitCode()).as(run.stderr()).isZero();
            List<String> lines = run.stdout().lines().toList();
            assertThat(lines.getFirst()).as("the uid line").matches("Uid:\\s+65534\\s+65534\\s+65534\\s+65534");
            List<String> expected = new ArrayList<>();
            for (int k = 1; k <= ROUTERS; k++) {
                expected.add(k + " " + hop(k, Family.IPV4).getHostAddress());
            }
            expected.add((ROUTERS + 1) + " " + server(Family.IPV4).getHostAddress());
            assertThat(lines.subList(1, lines.size())).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void sameHopsAsTracerouteDashI() throws Exception {
        NetworkTests.requireCommand("traceroute");
        String server = server(Family.IPV4).getHostAddress();
        ProcessRunner.Result peer = ProcessRunner.run(List.of(
                "ip",
                "netns",
                "exec",
                lab.client().namespace().name(),
                "traceroute",
                "-I",
                "-n",
                "-q",
                "2",
                "-w",
                "1",
                "-m",
                "12",
                server));
        assertThat(peer.exitCode()).as(peer.stderr()).isZero();
        // " 3  198.18.2.2  0.061 ms  0.041 ms": the hop's number and its first responder
        List<String> peerHops = peer.stdout()
                .lines()
                .skip(1)
                .map(line -> line.trim().split("\\s+"))
                .map(fields -> fields[0] + " " + fields[1])
                .toList();

        List<Hop> hops = trace(Family.IPV4, Privilege.PRIVILEGED, 2);

        assertThat(hops.stream()
                        .map(h -> h.distance() + " " + h.address().getHostAddress())
                        .toList())
                .containsExactlyElementsOf(peerHops);
    }

    /** Router addresses the TUN peer answers from: 198.18.201.k or fd00:201::k. */
    private static InetAddress peerRouter(Family family, int k) {
        return InetAddress.ofLiteral(family == Family.IPV4 ? "198.18.201." + k : "fd00:201::" + k);
    }

    /**
     * The TUN peer plays three routers, by the probe's TTL: two behind a per-flow load balancer at hop 1, one
     * with an MPLS label stack at hop 2, and one at hop 3 whose Time Exceeded comes 1.5 s late, after the
     * probes' 1 s timeout; the destination answers from hop 4 on.
     */
    private static List<Hop> traceThroughPeer(Family family, Privilege privilege, boolean constantFlow)
            throws Exception {
        PeerScript script = PeerScript.builder()
                .forHopLimit(
                        1, PeerAction.timeExceeded(0).fromByFlow(List.of(peerRouter(family, 1), peerRouter(family, 2))))
                .forHopLimit(
                        2,
                        PeerAction.timeExceeded(0).from(peerRouter(family, 3)).withMplsLabels(List.of(16, 17)))
                .forHopLimit(
                        3,
                        PeerAction.timeExceeded(0).from(peerRouter(family, 4)).after(Duration.ofMillis(1500)))
                .build();
        try (TunPeer peer = TunPeer.start(lab.client(), script);
                Pinger pinger = Pinger.create()) {
            InetAddress destination = family == Family.IPV4 ? peer.ipv4(5) : peer.ipv6(5);
            TracerouteOptions options = TracerouteOptions.builder()
                    .pingOptions(PingOptions.builder()
                            .family(family)
                            .privilege(privilege)
                            .count(8)
                            .interval(Duration.ZERO)
                            .timeout(Duration.ofSeconds(1))
                            .build())
                    .maxHops(6)
                    .constantFlow(constantFlow)
                    .build();
            List<Hop> hops = lab.client()
                    .call(() -> pinger.tracerouteAsync(destination.getHostAddress(), options))
                    .get(60, TimeUnit.SECONDS);
            assertThat(hops).extracting(Hop::distance).containsExactly(1, 2, 3, 4);
            assertThat(hops.getLast().responders())
                    .as("the late Time Exceeded of hop 3 is never an answer for hop 4")
                    .containsExactly(destination);
            return hops;
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"IPV4, PRIVILEGED", "IPV6, PRIVILEGED", "IPV4, UNPRIVILEGED", "IPV6, UNPRIVILEGED"})
    void peerRouters_everyEcmpResponderMplsLabelsAndALateTimeExceededKeptToItsHop(Family family, Privilege privilege)
            throws Exception {
        List<Hop> hops = traceThroughPeer(family, privilege, false);

        assertThat(hops.get(0).responders())
                .as("each probe a flow of its own: both paths")
                .containsExactlyInAnyOrder(peerRouter(family, 1), peerRouter(family, 2));
        assertThat(hops.get(1).responders()).containsExactly(peerRouter(family, 3));
        assertThat(hops.get(1).mplsLabels())
                .containsExactly(new MplsLabel(16, 0, false, 1), new MplsLabel(17, 0, true, 1));
        assertThat(hops.get(0).mplsLabels()).isEmpty();
        Hop late = hops.get(2);
        assertThat(late.responders()).isEmpty();
        assertThat(late.packetLoss()).isEqualTo(1.0);
        assertThat(hops.get(3).packetsReceived()).isEqualTo(8);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"IPV4, PRIVILEGED", "IPV6, UNPRIVILEGED"})
    void constantFlow_everyProbeOnePath(Family family, Privilege privilege) throws Exception {
        List<Hop> hops = traceThroughPeer(family, privilege, true);

        assertThat(hops.get(0).responders()).hasSize(1);
        assertThat(hops.get(0).responders().getFirst()).isIn(peerRouter(family, 1), peerRouter(family, 2));
        assertThat(hops.get(0).packetsReceived()).isEqualTo(8);
        assertThat(hops.get(1).mplsLabels()).extracting(MplsLabel::label).containsExactly(16, 17);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"IPV4, PRIVILEGED", "IPV6, UNPRIVILEGED"})
    void routerSendsNoTimeExceeded_aGapAndTheTraceGoesOn(Family family, Privilege privilege) throws Exception {
        LabNode silent = lab.router(3);
        silent.exec(
                "nft",
                "add chain inet icmpj_lab out { type filter hook output priority 0 ; }; "
                        + "add rule inet icmpj_lab out icmp type time-exceeded drop; "
                        + "add rule inet icmpj_lab out icmpv6 type time-exceeded drop");
        try {
            List<Hop> hops = trace(family, privilege, 2);
            List<Hop> retried = trace(family, privilege, 2, true);

            assertThat(hops).extracting(Hop::distance).containsExactly(1, 2, 3, 4, 5, 6);
            Hop gap = hops.get(2);
            assertThat(gap.responders()).isEmpty();
            assertThat(gap.packetLoss()).isEqualTo(1.0);
            // as many probes as asked for, as traceroute's -q: both unanswered
            assertThat(gap.packetsSent()).isEqualTo(2);
            // two probes and one retry after the rate-limit pause, all unanswered
            assertThat(retried.get(2).packetsSent()).isEqualTo(3);
            assertThat(retried.get(2).responders()).isEmpty();
            assertThat(hops.get(3).responders()).containsExactly(hop(4, family));
            // each answer names the probe it answers, in send order: both probes of hop 4
            assertThat(hops.get(3).answeredProbes()).containsExactly(0, 1);
            assertThat(hops.getLast().responders()).containsExactly(server(family));
        } finally {
            silent.exec("nft", "delete chain inet icmpj_lab out");
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "IPV4, PRIVILEGED, 1, !H",
        "IPV4, UNPRIVILEGED, 0, !N",
        "IPV6, PRIVILEGED, 1, !X",
        "IPV6, UNPRIVILEGED, 3, !H"
    })
    void rejectingRouter_endsTheTraceWithItsReason(Family family, Privilege privilege, int code, String marker)
            throws Exception {
        var rule = lab.link(2)
                .reject(Direction.TOWARD_SERVER, family == Family.IPV4 ? IcmpVersion.V4 : IcmpVersion.V6, code);
        try {
            List<Hop> hops = trace(family, privilege, 2);

            assertThat(hops).extracting(Hop::distance).containsExactly(1, 2, 3);
            assertThat(hops.get(1).responders()).containsExactly(hop(2, family));
            assertThat(hops.getLast().responders()).containsExactly(hop(3, family));
            assertThat(hops.getLast().unreachable()).isEqualTo(marker);
        } finally {
            rule.remove();
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"IPV4, PRIVILEGED", "IPV6, UNPRIVILEGED"})
    void routersWithTheKernelsDefaultRateLimits_threeTracesBackToBack_noHopLost(Family family, Privilege privilege)
            throws Exception {
        List<LabNode> routers = new ArrayList<>();
        for (int k = 1; k <= ROUTERS; k++) {
            routers.add(lab.router(k));
        }
        for (LabNode router : routers) {
            router.exec(
                    "sysctl",
                    "-qw",
                    "net.ipv4.icmp_ratelimit=1000",
                    "net.ipv4.icmp_ratemask=6168",
                    "net.ipv6.icmp.ratelimit=100");
        }
        try {
            for (int run = 1; run <= 3; run++) {
                List<Hop> hops = trace(family, privilege, 3, true);
                assertThat(hops).as("run %d", run).extracting(Hop::distance).containsExactly(1, 2, 3, 4, 5, 6);
                for (int k = 1; k <= ROUTERS; k++) {
                    assertThat(hops.get(k - 1).responders())
                            .as("run %d hop %d", run, k)
                            .containsExactly(hop(k, family));
                }
            }
        } finally {
            for (LabNode router : routers) {
                router.exec(
                        "sysctl",
                        "-qw",
                        "net.ipv4.icmp_ratelimit=0",
                        "net.ipv4.icmp_ratemask=0",
                        "net.ipv6.icmp.ratelimit=0");
            }
        }
    }
}
